"""Progress through a document: claims per label, notes, rechecks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Counts:
    """Progress through a document."""

    total: int
    verified: int
    disputed: int
    opinion: int
    with_notes: int
    recheck: int = 0  # reviews whose claim's wording changed in a new version
    orphans: int = 0  # reviews no claim of this version holds (not in ``to_dict``: stats lists them)
    # False while the document is still being segmented: ``total`` counts the claims so far.
    complete: bool = True

    @property
    def reviewed(self) -> int:
        """Claims that carry a label."""
        return self.verified + self.disputed + self.opinion

    @property
    def unreviewed(self) -> int:
        """Claims with no label yet (so far, while segmenting)."""
        return max(0, self.total - self.reviewed)

    @property
    def all_labelled(self) -> bool:
        """True when the whole document is segmented and every one of its claims has a label."""
        return self.complete and self.total > 0 and self.reviewed >= self.total

    @property
    def percent(self) -> float:
        """Share of claims reviewed, 0–100."""
        return 100.0 * self.reviewed / self.total if self.total else 100.0

    def to_dict(self) -> dict[str, int]:
        """JSON-ready counts."""
        return {
            "claims": self.total,
            "reviewed": self.reviewed,
            "unreviewed": self.unreviewed,
            "verified": self.verified,
            "disputed": self.disputed,
            "opinion": self.opinion,
            "with_notes": self.with_notes,
            "recheck": self.recheck,
        }
