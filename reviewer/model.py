"""Frozen domain objects: labels, blocks, paragraphs, claims, anchors and reviews."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from reviewer.labelset import Label as Label  # labels live there; the domain objects hold them by name

ANCHOR_CONTEXT = 32  # characters of prefix/suffix kept, as in the W3C TextQuoteSelector


UNREVIEWED_SYMBOL = "·"  # a claim with no label yet
RECHECK_SYMBOL = "↻"  # a labelled claim whose wording changed in a new version of the document
ORPHAN_SYMBOL = "⊘"  # a review whose claim a new version no longer has


class OrphanStatus(StrEnum):
    """Where an orphan (a review no claim holds since the document changed) stands."""

    OPEN = "open"  # listed, waiting for the reviewer
    ATTACHED = "attached"  # its label and note were put on a claim
    DISMISSED = "dismissed"  # set aside; it stays in the database


class BlockKind(StrEnum):
    """What a paragraph was in the source; code blocks hold no claims."""

    TEXT = "text"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    TABLE_ROW = "table_row"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Block:
    """A span of a reader's text that becomes one paragraph (what a format reader produces)."""

    start: int
    end: int
    kind: BlockKind = BlockKind.TEXT


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of the document: ``text[start:end]``."""

    index: int
    start: int
    end: int
    kind: BlockKind = BlockKind.TEXT


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable unit (by default a sentence); ``number`` counts from 1 in document order."""

    number: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a claim sits in its document, robust to later edits of the text."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def for_span(cls, text: str, start: int, end: int) -> Anchor:
        """Build the anchor of ``text[start:end]``."""
        return cls(
            exact=text[start:end],
            prefix=text[max(0, start - ANCHOR_CONTEXT) : start],
            suffix=text[end : end + ANCHOR_CONTEXT],
            start=start,
            end=end,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Anchor:
        """Inverse of :meth:`to_dict`."""
        return cls(
            exact=str(data["exact"]),
            prefix=str(data.get("prefix", "")),
            suffix=str(data.get("suffix", "")),
            start=int(data["start"]),
            end=int(data["end"]),
        )


@dataclass(frozen=True, slots=True)
class Review:
    """One reviewer's verdict, note and sources on one claim."""

    doc_id: str
    reviewer: str
    anchor: Anchor
    label: Label | None = None
    note: str = ""
    sources: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""
    # The claim's old wording when the document changed under this review ("text changed —
    # recheck"); cleared when the reviewer labels the claim again.
    recheck: str = ""
    # What a published fact check (ClaimReview) says of the claim: a summary under 75
    # characters, who made the claim and when (an ISO date). Optional; empty when not given.
    short_claim: str = ""
    claim_author: str = ""
    claim_date: str = ""

    @property
    def key(self) -> str:
        """The stable id of this review in the store: document, claim span and reviewer."""
        return review_key(self.doc_id, self.anchor.start, self.anchor.end, self.reviewer)

    @property
    def is_empty(self) -> bool:
        """True when the review carries nothing worth keeping."""
        return (
            self.label is None
            and not self.note
            and not self.sources
            and not (self.short_claim or self.claim_author or self.claim_date)
        )

    def evolve(self, **changes: Any) -> Review:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)

    def to_record(self) -> dict[str, Any]:
        """The dict stored in the database."""
        return {
            "doc_id": self.doc_id,
            "reviewer": self.reviewer,
            "label": self.label.value if self.label else None,
            "note": self.note,
            "sources": list(self.sources),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "anchor": self.anchor.to_dict(),
        } | {name: value for name, value in self._optional_fields() if value}

    def _optional_fields(self) -> tuple[tuple[str, str], ...]:
        """Fields a record holds only when set, so records written before them read the same."""
        return (
            ("recheck", self.recheck),
            ("short_claim", self.short_claim),
            ("claim_author", self.claim_author),
            ("claim_date", self.claim_date),
        )

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Review:
        """Inverse of :meth:`to_record`; an unknown label raises ValueError naming it.

        Opening a database builds one Review per stored note (10,000 in a newsroom's), so this
        avoids a generator per record. A label is kept by name whatever the configuration
        defines (a colleague's label set may differ); only a label that is no string is refused.
        """
        label = data.get("label")
        sources = data.get("sources")
        return cls(
            doc_id=str(data["doc_id"]),
            reviewer=str(data["reviewer"]),
            anchor=Anchor.from_dict(data["anchor"]),
            label=_label(label),
            note=str(data.get("note") or ""),
            sources=tuple(map(str, sources)) if sources else (),
            created_at=str(data.get("created_at") or ""),
            updated_at=str(data.get("updated_at") or ""),
            recheck=str(data.get("recheck") or ""),
            short_claim=str(data.get("short_claim") or ""),
            claim_author=str(data.get("claim_author") or ""),
            claim_date=str(data.get("claim_date") or ""),
        )


# The optional review fields about the claim itself, for ClaimReview (see Review).
CLAIM_DETAIL_FIELDS = ("short_claim", "claim_author", "claim_date")


def _label(value: Any) -> Label | None:
    """A stored label by name; ValueError (naming it) for a value that is no label name at all."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a label")
    return Label(value)


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """A note and sources being typed and not saved yet, kept apart from the saved review.

    One per document and reviewer (the editor edits one claim at a time); ``start``/``end``
    is the claim's span, so the draft finds its claim again on the same version.
    """

    doc_id: str
    reviewer: str
    start: int
    end: int
    note: str
    sources: tuple[str, ...]
    saved_at: str
    # The claim's details as typed (short claim, claim author, claim date), when the editor has them.
    details: tuple[str, str, str] = ("", "", "")

    def to_record(self) -> dict[str, Any]:
        """The dict stored in the database."""
        return {
            "doc_id": self.doc_id,
            "reviewer": self.reviewer,
            "start": self.start,
            "end": self.end,
            "note": self.note,
            "sources": list(self.sources),
            "saved_at": self.saved_at,
        } | ({"details": list(self.details)} if any(self.details) else {})

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> NoteDraft:
        """Inverse of :meth:`to_record`; raises KeyError, TypeError or ValueError when malformed."""
        return cls(
            doc_id=str(data["doc_id"]),
            reviewer=str(data["reviewer"]),
            start=int(data["start"]),
            end=int(data["end"]),
            note=str(data.get("note") or ""),
            sources=tuple(map(str, data.get("sources") or ())),
            saved_at=str(data.get("saved_at") or ""),
            details=_three(data.get("details")),
        )


def _three(value: Any) -> tuple[str, str, str]:
    """A draft's details as stored (three strings), or empty ones for a draft written before them."""
    if isinstance(value, list) and len(value) == 3:
        return (str(value[0]), str(value[1]), str(value[2]))
    return ("", "", "")


def review_key(doc_id: str, start: int, end: int, reviewer: str) -> str:
    """Our own review id, so two processes never collide on TinyDB's auto-increment ids."""
    return f"{doc_id}:{start}-{end}:{reviewer}"


@dataclass(frozen=True, slots=True)
class FinalVerdict:
    """An adjudicator's final verdict on one claim: a record of its own, never a reviewer's review.

    Reviewers' reviews stay as they were (agreement is computed on them); the final verdict is
    what a team publishes. ``adopted_from`` names the reviewers whose verdict was taken as it
    was (one adopted reviewer, or every reviewer of a unanimous claim); an edit by the
    adjudicator makes the verdict their own (empty ``adopted_from``).
    """

    doc_id: str
    anchor: Anchor
    adjudicated_by: str
    label: Label | None = None
    note: str = ""
    sources: tuple[str, ...] = ()
    adopted_from: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""
    recheck: str = ""  # the claim's old wording when the document changed under this verdict

    @property
    def key(self) -> str:
        """The stable id of this verdict in the store: one per claim span of a document."""
        return final_verdict_key(self.doc_id, self.anchor.start, self.anchor.end)

    @property
    def is_empty(self) -> bool:
        """True when the verdict carries nothing worth keeping."""
        return self.label is None and not self.note and not self.sources

    def evolve(self, **changes: Any) -> FinalVerdict:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)

    def same_content(self, other: FinalVerdict | None) -> bool:
        """True when ``other`` says the same (label, note, sources, whose, recheck), whatever the times."""
        return other is not None and (
            self.label,
            self.note,
            self.sources,
            self.adopted_from,
            self.adjudicated_by,
            self.recheck,
        ) == (other.label, other.note, other.sources, other.adopted_from, other.adjudicated_by, other.recheck)

    def to_record(self) -> dict[str, Any]:
        """The dict stored in the database (and, less the doc_id, in a team export)."""
        return {
            "doc_id": self.doc_id,
            "adjudicated_by": self.adjudicated_by,
            "label": self.label.value if self.label else None,
            "note": self.note,
            "sources": list(self.sources),
            "adopted_from": list(self.adopted_from),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "anchor": self.anchor.to_dict(),
        } | ({"recheck": self.recheck} if self.recheck else {})

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> FinalVerdict:
        """Inverse of :meth:`to_record`; a label that is no string raises ValueError naming it."""
        label = data.get("label")
        return cls(
            doc_id=str(data["doc_id"]),
            anchor=Anchor.from_dict(data["anchor"]),
            adjudicated_by=str(data["adjudicated_by"]),
            label=_label(label),
            note=str(data.get("note") or ""),
            sources=tuple(map(str, data.get("sources") or ())),
            adopted_from=tuple(map(str, data.get("adopted_from") or ())),
            created_at=str(data.get("created_at") or ""),
            updated_at=str(data.get("updated_at") or ""),
            recheck=str(data.get("recheck") or ""),
        )


def final_verdict_key(doc_id: str, start: int, end: int) -> str:
    """The id of the one final verdict a claim span of a document can have."""
    return f"{doc_id}:{start}-{end}:final"
