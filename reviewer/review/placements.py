"""What re-anchoring did: each review's placement on the new version, and the counts."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from reviewer.documents.base import Document
from reviewer.model import Anchor, Review


class Status(StrEnum):
    """What happened to a review when its document changed."""

    IN_PLACE = "in_place"  # same wording, in the same order among the other reviews (maybe shifted)
    MOVED = "moved"  # same wording elsewhere (whitespace and quote style may differ)
    CHANGED = "changed"  # wording changed a little: the review is kept, flagged for a recheck
    ORPHAN = "orphan"  # nothing good enough: kept aside, never placed on a guess

    @property
    def phrase(self) -> str:
        """How the summary line names this status."""
        return _PHRASES[self]


_PHRASES = {
    Status.IN_PLACE: "in place",
    Status.MOVED: "moved",
    Status.CHANGED: "changed (recheck)",
    Status.ORPHAN: "orphaned",
}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one review of the old version lands in the new document."""

    review: Review
    status: Status
    claim_index: int | None  # into ``Document.claims`` of the new document; None for an orphan
    score: float  # similarity of the old claim text to the new one (1.0: same wording)
    suggestion: int | None = None  # for an orphan: the closest claim, if any came near

    @property
    def claim_number(self) -> int | None:
        """The 1-based claim number shown to users, or None for an orphan."""
        return None if self.claim_index is None else self.claim_index + 1

    def rebased(self, document: Document) -> Review | None:
        """The review moved onto its new claim of ``document`` (new doc_id and anchor); None if orphan."""
        if self.claim_index is None:
            return None
        claim = document.claims[self.claim_index]
        return self.review.evolve(
            doc_id=document.doc_id, anchor=Anchor.for_span(document.text, claim.start, claim.end)
        )

    def to_dict(self, document: Document) -> dict[str, Any]:
        """JSON-ready form, with the old anchor and (unless orphaned) the new one."""
        new = self.rebased(document)
        return {
            "review_key": self.review.key,
            "reviewer": self.review.reviewer,
            "label": self.review.label.value if self.review.label else None,
            "status": self.status.value,
            "score": round(self.score, 4),
            "claim_number": self.claim_number,
            "suggested_claim_number": None if self.suggestion is None else self.suggestion + 1,
            "old_anchor": self.review.anchor.to_dict(),
            "new_anchor": new.anchor.to_dict() if new else None,
        }


@dataclass(frozen=True, slots=True)
class Reanchoring:
    """The placements of every review (in input order) on one new document."""

    document: Document
    placements: tuple[Placement, ...]
    counts: dict[Status, int] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document, placements: Iterable[Placement]) -> Reanchoring:
        """Build the result and count it."""
        placed = tuple(placements)
        counts = dict.fromkeys(Status, 0)
        for placement in placed:
            counts[placement.status] += 1
        return cls(document, placed, counts)

    def by_status(self, status: Status) -> list[Placement]:
        """The placements with ``status``, in input order."""
        return [p for p in self.placements if p.status is status]

    @property
    def orphans(self) -> list[Placement]:
        """Reviews that could not be placed."""
        return self.by_status(Status.ORPHAN)

    def summary(self) -> str:
        """One line: "140 notes: 131 in place, 6 moved, 2 changed (recheck), 1 orphaned"."""
        total = len(self.placements)
        parts = ", ".join(f"{self.counts[s]} {s.phrase}" for s in Status)
        return f"{total} note{'' if total == 1 else 's'}: {parts}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: counts, summary line and one entry per review."""
        return {
            "doc_id": self.document.doc_id,
            "path": self.document.path,
            "total": len(self.placements),
            "counts": {s.value: self.counts[s] for s in Status},
            "summary": self.summary(),
            "placements": [p.to_dict(self.document) for p in self.placements],
        }


def mark_moved(placements: list[Placement]) -> list[Placement]:
    """Call "moved" only what changed order: reviews outside the longest run kept in order.

    Text inserted or deleted above a claim shifts its offsets but not its order among the
    other reviews, so to a reader it is still in place; a reordered paragraph is moved.
    """
    by_version: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, placement in enumerate(placements):
        if placement.claim_index is not None:
            by_version[placement.review.doc_id, placement.review.reviewer].append(i)
    in_order: set[int] = set()
    for members in by_version.values():
        members.sort(key=lambda i: (placements[i].review.anchor.start, placements[i].review.anchor.end))
        in_order.update(_longest_increasing(members, lambda i: placements[i].claim_index or 0))
    return [
        replace(p, status=Status.MOVED) if p.status is Status.IN_PLACE and i not in in_order else p
        for i, p in enumerate(placements)
    ]


def _longest_increasing(items: list[int], key: Callable[[int], int]) -> list[int]:
    """The longest subsequence of ``items`` whose keys strictly increase (patience sorting)."""
    tails: list[int] = []  # tails[k]: index into items ending the best run of length k + 1
    parent: list[int | None] = [None] * len(items)
    tail_keys: list[int] = []
    for position, item in enumerate(items):
        value = key(item)
        k = bisect.bisect_left(tail_keys, value)
        parent[position] = tails[k - 1] if k else None
        if k == len(tails):
            tails.append(position)
            tail_keys.append(value)
        else:
            tails[k] = position
            tail_keys[k] = value
    run: list[int] = []
    position_or_none: int | None = tails[-1] if tails else None
    while position_or_none is not None:
        run.append(items[position_or_none])
        position_or_none = parent[position_or_none]
    return run[::-1]
