"""Import a JSON export into a ReviewStore: lossless, the newer change wins, every conflict reported.

A review is identified as in the store: document, claim span and reviewer (``Review.key``).
For each review in the export:

- not in the store: added;
- the same in both: nothing to do;
- different, and the export's ``updated_at`` is newer: the export's version replaces the stored one;
- different, and the stored one is newer: the stored one stays;
- different with the same ``updated_at``: nobody can tell which is right, so the stored one stays.

The last three are listed in the report with both versions, so nothing is dropped unseen.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reviewer.errors import ReviewerError
from reviewer.model import Review
from reviewer.schemas import READABLE_EXPORT_VERSIONS, TEAM_EXPORT_SCHEMA_VERSION
from reviewer.storage.store import ReviewStore

if TYPE_CHECKING:
    from reviewer.review.importing_team import FinalMerge

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
Resolution = Literal["incoming", "stored"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """One review changed on both sides: both versions, and which one the store now holds."""

    stored: Review
    incoming: Review
    kept: Resolution
    reason: str

    @property
    def text(self) -> str:
        """The claim's text."""
        return self.incoming.anchor.exact


@dataclass(slots=True)
class MergeReport:
    """What an import did, for the CLI to print."""

    source: str
    doc_id: str
    title: str
    dry_run: bool = False
    added: list[Review] = field(default_factory=list)
    unchanged: list[Review] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    finals: FinalMerge | None = None  # a team export's final verdicts (schema version 2)

    @property
    def replaced(self) -> list[Conflict]:
        """Conflicts where the export's newer version went into the store."""
        return [c for c in self.conflicts if c.kept == "incoming"]

    @property
    def kept(self) -> list[Conflict]:
        """Conflicts where the stored version stayed."""
        return [c for c in self.conflicts if c.kept == "stored"]

    def summary(self) -> str:
        """One line: how many reviews were added, updated, unchanged and kept."""
        verb = "would import" if self.dry_run else "imported"
        return (
            f"{verb} {self.source} ({self.title}): {len(self.added)} added, {len(self.replaced)} updated"
            f" (newer in the export), {len(self.unchanged)} unchanged, {len(self.kept)} kept"
            f" (newer or tied in the database)"
        )

    def lines(self) -> list[str]:
        """The summary, then one line per conflict with both versions."""
        out = [self.summary()]
        for conflict in self.conflicts:
            winner = "export" if conflict.kept == "incoming" else "database"
            out.append(
                f"  conflict on {conflict.incoming.reviewer}'s review of “{_short(conflict.text)}”:"
                f" kept the {winner}'s ({conflict.reason});"
                f" database {_describe(conflict.stored)} / export {_describe(conflict.incoming)}"
            )
        if self.finals is not None:
            out += self.finals.lines()
        return out


def read_export(path: str | Path) -> dict[str, Any]:
    """Parse a JSON export file, with one clear line for each way it can be wrong."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReviewerError(f"{path}: no such file") from None
    except OSError as exc:
        raise ReviewerError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReviewerError(
            f"{path} is not JSON ({str(exc)[:80]}): give a file made by 'reviewer export'"
        ) from None
    if not isinstance(data, dict):
        raise ReviewerError(
            f"{path} is JSON but not a reviewer export: give a file made by 'reviewer export'"
        )
    return data


def reviews_from_export(data: dict[str, Any], source: str = "the export") -> tuple[str, str, list[Review]]:
    """The document's sha256, its title and every review the export carries (claims, then orphans)."""
    version = data.get("schema_version")
    generator = data.get("generator")
    if not isinstance(generator, dict) or generator.get("name") != "reviewer" or not isinstance(version, int):
        raise ReviewerError(f"{source} is not a reviewer JSON export (no schema_version/generator)")
    if version > max(READABLE_EXPORT_VERSIONS):
        raise ReviewerError(
            f"{source} was written by a newer reviewer (export schema {version}, this one reads"
            f" up to {max(READABLE_EXPORT_VERSIONS)}): upgrade reviewer"
        )
    document = data.get("document")
    doc_id = document.get("sha256") if isinstance(document, dict) else None
    if not isinstance(doc_id, str) or not _SHA256.match(doc_id):
        raise ReviewerError(f"{source}: document.sha256 is missing or not a SHA-256")
    title = str(document.get("title") or "") if isinstance(document, dict) else ""
    if version >= TEAM_EXPORT_SCHEMA_VERSION:  # every reviewer's reviews, claim by claim
        from reviewer.review.importing_team import team_reviews

        return doc_id, title, team_reviews(data, doc_id, source)
    reviews = []
    for where, entries in (("claims", data.get("claims")), ("orphans", data.get("orphans"))):
        if not isinstance(entries, list):
            raise ReviewerError(f"{source}: '{where}' is missing or not a list")
        for number, entry in enumerate(entries, start=1):
            review = _review(entry, doc_id, f"{source}: {where}[{number}]")
            if review is not None:
                reviews.append(review)
    return doc_id, str(document.get("title") or "") if isinstance(document, dict) else "", reviews


def _review(entry: Any, doc_id: str, where: str) -> Review | None:
    if not isinstance(entry, dict):
        raise ReviewerError(f"{where} is not an object")
    if entry.get("reviewer") is None:
        return None  # an unreviewed claim: nothing to import
    try:
        # An export's review fields are the store's record fields, less the doc_id.
        review = Review.from_record(entry | {"doc_id": doc_id})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReviewerError(f"{where} is not a valid review ({type(exc).__name__}: {exc})") from None
    if not review.reviewer.strip():
        raise ReviewerError(f"{where} has an empty reviewer name")
    return None if review.is_empty else review


def merge_reviews(store: ReviewStore, reviews: list[Review], report: MergeReport) -> MergeReport:
    """Merge ``reviews`` into ``store`` by the rules in this module's docstring; fill ``report``.

    Each decision is taken under the store's lock on the review as stored at that moment,
    so a change another process makes meanwhile is compared, never overwritten blindly.
    """
    for incoming in reviews:

        def decide(stored: Review | None, incoming: Review = incoming) -> Review | None:
            if stored is None:
                report.added.append(incoming)
                return stored if report.dry_run else incoming
            if stored == incoming:
                report.unchanged.append(incoming)
            elif incoming.updated_at > stored.updated_at:  # ISO 8601 UTC stamps sort as text
                reason = "the export's change is newer"
                report.conflicts.append(Conflict(stored, incoming, "incoming", reason))
                return stored if report.dry_run else incoming
            elif incoming.updated_at < stored.updated_at:
                reason = "the database's change is newer"
                report.conflicts.append(Conflict(stored, incoming, "stored", reason))
            else:
                reason = "both changed at the same time; re-mark the claim to settle it"
                report.conflicts.append(Conflict(stored, incoming, "stored", reason))
            return stored

        if report.dry_run:
            decide(store.get_review(incoming.key))
        else:
            store.update_review(incoming.key, decide)
    return report


def import_export(store: ReviewStore, path: str | Path, *, now: str, dry_run: bool = False) -> MergeReport:
    """``reviewer import EXPORT.json``: merge a JSON export into ``store`` and report what happened."""
    data = read_export(path)
    doc_id, title, reviews = reviews_from_export(data, str(path))
    report = MergeReport(source=str(path), doc_id=doc_id, title=title, dry_run=dry_run)
    merge_reviews(store, reviews, report)
    if data["schema_version"] >= TEAM_EXPORT_SCHEMA_VERSION:
        from reviewer.review.importing_team import merge_final_verdicts, team_final_verdicts

        finals = team_final_verdicts(data, doc_id, str(path))
        report.finals = merge_final_verdicts(store, finals, dry_run=dry_run)
    if not dry_run and all(info.doc_id != doc_id for info in store.documents()):
        # So `reviewer docs` lists a document known only from an import.
        fields = data["document"]
        store.register(
            str(fields["sha256"]),
            path=str(fields.get("path", "")),
            title=str(fields.get("title", "")),
            language=str(fields.get("language", "")),
            claim_count=len(data["claims"]),
            now=now,
        )
    return report


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(review: Review) -> str:
    label = review.label.value if review.label else "unlabelled"
    extras = []
    if review.note:
        extras.append(f"note “{_short(review.note, 40)}”")
    if review.sources:
        extras.append(f"{len(review.sources)} source(s)")
    detail = f" with {' and '.join(extras)}" if extras else ""
    return f"{label}{detail} at {review.updated_at or 'an unknown time'}"
