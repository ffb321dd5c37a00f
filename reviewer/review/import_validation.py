"""Checking a JSON export field by field before anything of it is imported.

An export is another person's file: its timestamps decide which version of a review wins, and
its anchors say which claim a review belongs to. So every field is checked before the first
write, and the file is refused at the first bad one, named by its JSON path
(``claims[11].updated_at``, indexes from 0, with the claim's number beside it):

- the envelope: ``schema_version``, ``generator``, ``exported_at``, ``reviewer``, ``document``
  (a 64-hex ``sha256``, string ``path``/``title``/``language``/``format``);
- each entry of ``claims`` and ``orphans``: the types of every field of the schema, a
  ``label`` among the known labels, ``sources`` a list of non-blank strings, timestamps in
  ISO 8601 UTC (``2026-11-25T10:00:00Z``) that are real instants and at most
  :data:`CLOCK_SKEW` in the future, a reviewed entry's reviewer not blank;
- the anchors: ``0 <= start <= end``, ``end - start == len(exact)``, at most 32 characters of
  prefix and suffix; a claim's anchor is its own span and text, the claims are in order and do
  not overlap, and when the database keeps a snapshot of this version of the document (it does
  once the document was opened), every claim's text and anchor must be the text found there;
  a claim's ``reshaped``, when present, is ``true`` (a claim a reviewer drew).

What passes is returned as plain Reviews: nothing is written until all of it is known good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from reviewer.errors import ReviewerError
from reviewer.labelset import NAME_PATTERN, Label
from reviewer.model import ANCHOR_CONTEXT, CLAIM_DETAIL_FIELDS, Anchor, Review
from reviewer.review.claim_details import SHORT_CLAIM_LIMIT
from reviewer.schemas import EXPORT_SCHEMA_VERSION, TEAM_EXPORT_SCHEMA_VERSION, TEAM_VERSIONS

CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of our clock another machine's may run
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL = re.compile(r"^https?://\S+$")


class InvalidExport(ReviewerError):
    """An export refused because of one field: the message names it and says nothing was imported."""


@dataclass(frozen=True, slots=True)
class ImportedReview:
    """One review the export carries, and where it stands in the file."""

    review: Review
    where: str  # its JSON path, e.g. ``claims[3]``
    number: int | None  # the claim's number in the export; None for an orphan


@dataclass(frozen=True, slots=True)
class ValidExport:
    """An export that passed every check."""

    doc_id: str
    path: str
    title: str
    language: str
    claim_count: int
    reviews: list[ImportedReview]
    url: str = ""  # where the document is published, when the export says
    # The claims reviewers drew (``reshaped``), by paragraph index from 0, as the store keeps them.
    shapes: dict[int, tuple[Anchor, ...]] = field(default_factory=dict)


def parse_instant(stamp: str) -> datetime | None:
    """The instant an ISO 8601 UTC stamp (``…Z``) names; None if it is not one."""
    if not _TIMESTAMP.match(stamp):
        return None
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:  # 2026-02-30 and the like
        return None


class _Checker:
    """Field checks that name the field they refuse."""

    def __init__(self, source: str, now: datetime) -> None:
        self.source = source
        self.latest = now + CLOCK_SKEW
        self.context = ""  # " (claim 12)": said after the path of a claim's fields

    def fail(self, where: str, problem: str) -> InvalidExport:
        return InvalidExport(f"{self.source}: {where}{self.context} {problem}; nothing was imported")

    def field(self, entry: dict[str, Any], name: str, where: str) -> Any:
        if name not in entry:
            raise self.fail(_path(where, name), "is missing")
        return entry[name]

    def string(self, entry: dict[str, Any], name: str, where: str, *, nullable: bool = False) -> str | None:
        value = self.field(entry, name, where)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            kind = "a string or null" if nullable else "a string"
            raise self.fail(_path(where, name), f"must be {kind}, not {_shown(value)}")
        return value

    def integer(self, entry: dict[str, Any], name: str, where: str, *, minimum: int = 0) -> int:
        value = self.field(entry, name, where)
        if type(value) is not int:  # bool is an int to isinstance
            raise self.fail(_path(where, name), f"must be a whole number, not {_shown(value)}")
        if value < minimum:
            raise self.fail(_path(where, name), f"must be at least {minimum}, not {value}")
        return value

    def timestamp(
        self, entry: dict[str, Any], name: str, where: str, *, nullable: bool = False
    ) -> str | None:
        value = self.string(entry, name, where, nullable=nullable)
        if value is None:
            return None
        instant = parse_instant(value)
        if instant is None:
            example = "2026-11-25T10:00:00Z"
            raise self.fail(
                _path(where, name), f"is not an ISO 8601 UTC time such as {example}: {_shown(value)}"
            )
        if instant > self.latest:
            problem = f"is in the future ({value}); check the clock of the machine that exported it"
            raise self.fail(_path(where, name), problem)
        return value


def _path(where: str, name: str) -> str:
    """``claims[3].anchor`` from ``claims[3]`` and ``anchor``; a top-level field is its bare name."""
    return f"{where}.{name}" if where else name


def validate_export(
    data: dict[str, Any], source: str, *, now: datetime, text: str | None = None
) -> ValidExport:
    """Check every field of a parsed export (see the module doc); raise InvalidExport at the first bad one.

    ``text`` is this version's document text when the database knows it, to check anchors against.
    """
    check = _Checker(source, now)
    version = data.get("schema_version")
    generator = data.get("generator")
    if not isinstance(generator, dict) or generator.get("name") != "reviewer" or type(version) is not int:
        raise InvalidExport(f"{source} is not a reviewer JSON export (no schema_version/generator)")
    if version in TEAM_VERSIONS:
        raise InvalidExport(
            f"{source} is a team export (schema {version}, written with --all-reviewers): it is for"
            " datasets and archives and cannot be imported; import each reviewer's own export"
            " (reviewer export FILE --reviewer NAME) instead"
        )
    if version > EXPORT_SCHEMA_VERSION:
        raise InvalidExport(
            f"{source} was written by a newer reviewer (export schema {version}, this one reads"
            f" {EXPORT_SCHEMA_VERSION} and writes {TEAM_EXPORT_SCHEMA_VERSION}): upgrade reviewer"
        )
    document = check.field(data, "document", "")
    if not isinstance(document, dict):
        raise check.fail("document", "must be an object")
    doc_id = check.string(document, "sha256", "document")
    if not _SHA256.match(doc_id or ""):
        raise check.fail("document.sha256", "is not a SHA-256 (64 lowercase hex digits)")
    fields = {name: check.string(document, name, "document") or "" for name in ("path", "title", "language")}
    check.string(document, "format", "document")
    url = document.get("url", "")
    if not isinstance(url, str) or (url and not _URL.match(url)):
        raise check.fail("document.url", f"must be an http(s) address, not {_shown(url)}")
    check.integer(document, "paragraphs", "document")
    check.timestamp(data, "exported_at", "")
    check.string(data, "reviewer", "")
    claims = check.field(data, "claims", "")
    orphans = check.field(data, "orphans", "")
    for name, entries in (("claims", claims), ("orphans", orphans)):
        if not isinstance(entries, list):
            raise check.fail(name, "must be a list")
    reviews: list[ImportedReview] = []
    shapes: dict[int, list[Anchor]] = {}
    previous_end = 0
    for index, entry in enumerate(claims):
        where = f"claims[{index}]"
        check.context = f" (claim {index + 1})"
        if not isinstance(entry, dict):
            raise check.fail(where, "must be an object")
        number = check.integer(entry, "number", where, minimum=1)
        if number != index + 1:
            raise check.fail(f"{where}.number", f"is {number}: claims are numbered 1, 2, 3… in order")
        paragraph = check.integer(entry, "paragraph", where, minimum=1)
        start, end = check.integer(entry, "start", where), check.integer(entry, "end", where)
        claim_text = check.string(entry, "text", where) or ""
        if not claim_text or end - start != len(claim_text):
            problem = f"spans {start}–{end}, which does not hold its text of {len(claim_text)} characters"
            raise check.fail(where, problem)
        if start < previous_end:
            raise check.fail(
                f"{where}.start", f"is {start}, inside the claim before it (ending at {previous_end})"
            )
        if text is not None and text[start:end] != claim_text:
            raise check.fail(f"{where}.text", "is not the document's text at its offsets")
        previous_end = end
        review, anchor = _review(check, entry, where, doc_id or "")
        if (anchor.start, anchor.end, anchor.exact) != (start, end, claim_text):
            raise check.fail(f"{where}.anchor", "is not the claim's own span and text")
        if text is not None and Anchor.for_span(text, start, end) != anchor:
            raise check.fail(f"{where}.anchor", "does not match the document's text (prefix or suffix)")
        if review is not None:
            reviews.append(ImportedReview(review, where, number))
        reshaped = entry.get("reshaped", False)
        if type(reshaped) is not bool:
            raise check.fail(f"{where}.reshaped", f"must be true or absent, not {_shown(reshaped)}")
        if reshaped:
            shapes.setdefault(paragraph - 1, []).append(anchor)
    check.context = ""
    for index, entry in enumerate(orphans):
        where = f"orphans[{index}]"
        if not isinstance(entry, dict):
            raise check.fail(where, "must be an object")
        suggested = check.field(entry, "suggested_claim", where)
        if suggested is not None and (type(suggested) is not int or not 1 <= suggested <= len(claims)):
            problem = f"must be null or a claim number, not {_shown(suggested)}"
            raise check.fail(f"{where}.suggested_claim", problem)
        orphan, anchor = _review(check, entry, where, doc_id or "", orphan=True)
        if check.string(entry, "text", where) != anchor.exact:
            raise check.fail(f"{where}.text", "is not its anchor's exact text")
        if orphan is not None:
            reviews.append(ImportedReview(orphan, where, None))
    return ValidExport(
        doc_id or "",
        fields["path"],
        fields["title"],
        fields["language"],
        len(claims),
        reviews,
        url,
        {paragraph: tuple(anchors) for paragraph, anchors in shapes.items()},
    )


def _review(
    check: _Checker, entry: dict[str, Any], where: str, doc_id: str, *, orphan: bool = False
) -> tuple[Review | None, Anchor]:
    """The review an entry carries (None for an unreviewed claim, or one carrying nothing), and its anchor."""
    reviewer = check.string(entry, "reviewer", where, nullable=not orphan)
    label_value = check.string(entry, "label", where, nullable=True)
    # Any label name: the export may come from a desk with other labels, and nothing is lost.
    if label_value is not None and not NAME_PATTERN.match(label_value):
        raise check.fail(
            f"{where}.label", f"must be a label name (such as verified) or null, not {label_value!r}"
        )
    note = check.string(entry, "note", where) or ""
    sources = check.field(entry, "sources", where)
    if not isinstance(sources, list):
        raise check.fail(f"{where}.sources", f"must be a list of strings, not {_shown(sources)}")
    for number, source in enumerate(sources):
        if not isinstance(source, str) or not source.strip():
            problem = f"must be a URL or a citation, not {_shown(source)}"
            raise check.fail(f"{where}.sources[{number}]", problem)
    recheck = check.string(entry, "recheck", where, nullable=True) or ""
    details = _details(check, entry, where)
    created = check.timestamp(entry, "created_at", where, nullable=True)
    updated = check.timestamp(entry, "updated_at", where, nullable=True)
    anchor = _anchor(check, check.field(entry, "anchor", where), f"{where}.anchor")
    if reviewer is None:  # an unreviewed claim: it must carry nothing of a review
        if label_value is not None or note or sources or recheck or created or updated or any(details):
            raise check.fail(
                f"{where}.reviewer", "is null, yet the claim has a label, note, sources, details or times"
            )
        return None, anchor
    if not reviewer.strip():
        raise check.fail(f"{where}.reviewer", "is blank")
    if created is None or updated is None:
        missing = "created_at" if created is None else "updated_at"
        raise check.fail(
            f"{where}.{missing}", "is null on a review: a review has a creation and a change time"
        )
    review = Review(
        doc_id=doc_id,
        reviewer=reviewer,
        anchor=anchor,
        label=Label(label_value) if label_value else None,
        note=note,
        sources=tuple(sources),
        created_at=created,
        updated_at=updated,
        recheck=recheck,
        short_claim=details[0],
        claim_author=details[1],
        claim_date=details[2],
    )
    return (None if review.is_empty else review), anchor


def _details(check: _Checker, entry: dict[str, Any], where: str) -> tuple[str, str, str]:
    """The optional claim details (short claim, claim author, claim date); an export before them has none."""
    values = []
    for name in CLAIM_DETAIL_FIELDS:
        value = entry.get(name, "")
        if not isinstance(value, str):
            raise check.fail(f"{where}.{name}", f"must be a string, not {_shown(value)}")
        values.append(" ".join(value.split()))
    short, _author, when = values
    if len(short) >= SHORT_CLAIM_LIMIT:
        problem = f"has {len(short)} characters; a short claim has under {SHORT_CLAIM_LIMIT}"
        raise check.fail(f"{where}.short_claim", problem)
    if when and (not _DATE.match(when) or parse_date(when) is None):
        raise check.fail(f"{where}.claim_date", f"is not a date such as 2026-11-25: {_shown(when)}")
    return short, values[1], when


def parse_date(text: str) -> date | None:
    """The date ``YYYY-MM-DD`` names, or None (2026-02-30 and the like)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _anchor(check: _Checker, value: Any, where: str) -> Anchor:
    if not isinstance(value, dict):
        raise check.fail(where, f"must be an object, not {_shown(value)}")
    exact = check.string(value, "exact", where) or ""
    prefix = check.string(value, "prefix", where) or ""
    suffix = check.string(value, "suffix", where) or ""
    start, end = check.integer(value, "start", where), check.integer(value, "end", where)
    if end - start != len(exact):
        problem = f"spans {start}–{end}, which does not hold its exact text of {len(exact)} characters"
        raise check.fail(where, problem)
    for name, context in (("prefix", prefix), ("suffix", suffix)):
        if len(context) > ANCHOR_CONTEXT:
            problem = f"has {len(context)} characters; an anchor keeps {ANCHOR_CONTEXT}"
            raise check.fail(f"{where}.{name}", problem)
    return Anchor(exact=exact, prefix=prefix, suffix=suffix, start=start, end=end)


def _shown(value: Any) -> str:
    """A value as an error message quotes it: its JSON type, and the value itself when short."""
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list"}
    kind = "null" if value is None else kinds.get(type(value), "an object")
    if isinstance(value, (bool, int, float, str)):
        shown = repr(value)
        return f"{kind} {shown if len(shown) <= 40 else shown[:39] + '…'}"
    return kind
