"""The versions an import did not keep: listed, adopted later, or dismissed (``reviewer conflicts``).

Each record holds one review as it was in the losing side of an import (see ``importing``).
Open records are numbered from 1 in claim order, as ``reviewer conflicts FILE`` lists them.
Adopting one puts that version back as the review (changed now, so a later import of an older
copy does not undo the choice) and keeps the version it replaces as a new open record, so an
adoption loses nothing either; dismissing one only marks it, the record stays in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from reviewer.errors import StoreError, UsageError
from reviewer.model import Review
from reviewer.review.importing import conflict_record
from reviewer.storage.store import MergeWrites, ReviewStore

Status = Literal["open", "adopted", "dismissed"]


@dataclass(frozen=True, slots=True)
class ImportConflict:
    """One version an import set aside, and what became of it."""

    key: str
    review: Review  # the version set aside
    kept: str  # what the store holds instead: "the export's version", "the adopted version", …
    reason: str
    source: str  # the export file it came from (or the adoption that replaced it)
    recorded_at: str
    status: Status

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ImportConflict:
        """A stored record as an ImportConflict; a malformed one is a StoreError naming its key."""
        try:
            status = str(record.get("status", "open"))
            return cls(
                key=str(record["key"]),
                review=Review.from_record(record["review"]),
                kept=str(record.get("kept", "")),
                reason=str(record.get("reason", "")),
                source=str(record.get("source", "")),
                recorded_at=str(record.get("recorded_at", "")),
                status=status if status in ("open", "adopted", "dismissed") else "open",  # type: ignore[arg-type]
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(
                f"import-conflict record {record.get('key', '?')!r} is malformed ({type(exc).__name__});"
                " it was left untouched"
            ) from None


def open_conflicts(store: ReviewStore, doc_id: str) -> list[ImportConflict]:
    """The open import conflicts of version ``doc_id``, numbered by their place in this list (from 1)."""
    found = [ImportConflict.from_record(record) for record in store.import_conflicts(doc_id)]
    found = [conflict for conflict in found if conflict.status == "open"]
    return sorted(
        found,
        key=lambda c: (c.review.anchor.start, c.review.anchor.end, c.review.reviewer, c.recorded_at, c.key),
    )


def adopt_conflict(
    store: ReviewStore,
    doc_id: str,
    number: int,
    *,
    reviewer: str,
    now: str,
    allow_other_reviewers: bool = False,
) -> tuple[ImportConflict, Review | None]:
    """Make open conflict ``number`` the review again; return it and the review it replaced (kept too)."""
    chosen = _numbered(store, doc_id, number)
    if chosen.review.reviewer != reviewer and not allow_other_reviewers:
        raise UsageError(
            f"conflict {number} is {chosen.review.reviewer}'s review, which is theirs to change:"
            " give --allow-other-reviewers to adopt it anyway"
        )
    adopted = chosen.review.evolve(updated_at=now)
    replaced: list[Review | None] = [None]

    def decide(current: dict[str, Review | None], records: dict[str, dict[str, Any]]) -> MergeWrites:
        record = records.get(chosen.key)
        if record is None or record.get("status", "open") != "open":
            raise UsageError(f"conflict {number} was settled meanwhile: list the conflicts again")
        writes = MergeWrites(reviews=[adopted])
        writes.conflicts.append(record | {"status": "adopted", "resolved_at": now})
        before = current.get(adopted.key)
        if before is not None and before != adopted:
            replaced[0] = before
            reason = f"replaced when the version from {chosen.source} was adopted"
            aside = conflict_record(before, "the adopted version", reason, "reviewer conflicts --adopt", now)
            writes.conflicts.append(records.get(aside["key"], aside) | {"status": "open"})
        return writes

    store.merge_reviews(doc_id, [adopted.key], decide)
    return chosen, replaced[0]


def dismiss_conflict(store: ReviewStore, doc_id: str, number: int, *, now: str) -> ImportConflict:
    """Set open conflict ``number`` aside for good; the record stays in the database."""
    chosen = _numbered(store, doc_id, number)

    def decide(current: dict[str, Review | None], records: dict[str, dict[str, Any]]) -> MergeWrites:
        record = records.get(chosen.key)
        if record is None or record.get("status", "open") != "open":
            raise UsageError(f"conflict {number} was settled meanwhile: list the conflicts again")
        return MergeWrites(conflicts=[record | {"status": "dismissed", "resolved_at": now}])

    store.merge_reviews(doc_id, [], decide)
    return chosen


def _numbered(store: ReviewStore, doc_id: str, number: int) -> ImportConflict:
    conflicts = open_conflicts(store, doc_id)
    if not conflicts:
        raise UsageError("there is no open import conflict for this document")
    if not 1 <= number <= len(conflicts):
        raise UsageError(f"there is no conflict {number}: 1 to {len(conflicts)}")
    return conflicts[number - 1]
