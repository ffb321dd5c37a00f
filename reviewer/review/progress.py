"""Progress through a document: claims per label, notes, rechecks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from reviewer.labelset import Label, LabelSet


@dataclass(frozen=True, slots=True)
class Counts:
    """Progress through a document."""

    total: int
    # Claims per label: every label of the set in its order (0 included), then any stored label
    # the set lacks (a colleague's), so nothing labelled goes uncounted.
    labelled: tuple[tuple[Label, int], ...] = ()
    with_notes: int = 0
    recheck: int = 0  # reviews whose claim's wording changed in a new version
    orphans: int = 0  # reviews no claim of this version holds (not in ``to_dict``: stats lists them)
    # False while the document is still being segmented: ``total`` counts the claims so far.
    complete: bool = True
    _by_label: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_label", dict(self.labelled))

    @staticmethod
    def tally(labels: LabelSet, found: Iterable[Label | None]) -> tuple[tuple[Label, int], ...]:
        """``labelled`` for the labels ``found`` on claims (None: unreviewed, not counted)."""
        counted = Counter(label for label in found if label)
        return tuple((label, counted.get(label, 0)) for label in labels.ordered([*labels.labels, *counted]))

    def count(self, label: str) -> int:
        """Claims with ``label``."""
        return self._by_label.get(label, 0)

    @property
    def reviewed(self) -> int:
        """Claims that carry a label."""
        return sum(self._by_label.values())

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

    def to_dict(self) -> dict[str, object]:
        """JSON-ready counts (``labels``: claims per label, in the set's order)."""
        return {
            "claims": self.total,
            "reviewed": self.reviewed,
            "unreviewed": self.unreviewed,
            "labels": {label.value: count for label, count in self.labelled},
            "with_notes": self.with_notes,
            "recheck": self.recheck,
        }

    def per_label(self, labels: LabelSet, *, symbols: bool = False, separator: str = ", ") -> str:
        """``1 verified, 2 disputed, 0 opinion`` (with ``symbols``: ``✔ 1 verified``), the set's order."""
        return separator.join(
            (f"{labels.symbol(label)} " if symbols else "") + f"{count} {label}"
            for label, count in self.labelled
        )
