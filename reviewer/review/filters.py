"""Which claims the reviewer wants to see: all, the unreviewed ones, one label, or those to recheck."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from reviewer.labelset import Label, LabelSet
from reviewer.model import RECHECK_SYMBOL, UNREVIEWED_SYMBOL

# The filters that are no label, with the key that picks each in the filter menu.
_FIXED_KEYS = {"all": "a", "unreviewed": "u", "hinted": "h", "recheck": "r"}


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """A filter on claims by their label (any label name), or one of all, unreviewed, hinted, recheck."""

    value: str  # "all", "unreviewed", "hinted", "recheck", or a label's name
    ALL: ClassVar[ClaimFilter]
    UNREVIEWED: ClassVar[ClaimFilter]
    HINTED: ClassVar[ClaimFilter]  # claims a check-worthiness hint flags; decided by the navigator
    RECHECK: ClassVar[ClaimFilter]  # the claim's wording changed since it was labelled

    @classmethod
    def of(cls, label: str) -> ClaimFilter:
        """The filter keeping claims with ``label``."""
        return cls(str(label))

    @classmethod
    def choices(cls, labels: LabelSet) -> tuple[ClaimFilter, ...]:
        """Every filter in menu order: all, unreviewed, each label of the set, hinted, recheck."""
        return (cls.ALL, cls.UNREVIEWED, *(cls.of(label) for label in labels.labels), cls.HINTED, cls.RECHECK)

    @property
    def label(self) -> Label | None:
        """The label this filter keeps, or None for a fixed filter."""
        return None if self.value in _FIXED_KEYS else Label(self.value)

    def keeps(self, label: Label | None, *, recheck: bool = False) -> bool:
        """True when a claim with ``label`` (flagged for a ``recheck`` or not) passes the filter."""
        if self in (ClaimFilter.ALL, ClaimFilter.HINTED):
            return True
        if self == ClaimFilter.UNREVIEWED:
            return label is None
        if self == ClaimFilter.RECHECK:
            return recheck
        return label is not None and label == self.value

    def display_name(self, labels: LabelSet) -> str:
        """``✘ disputed only`` and the like, for the screen."""
        if self == ClaimFilter.ALL:
            return "all claims"
        if self == ClaimFilter.UNREVIEWED:
            return f"{UNREVIEWED_SYMBOL} unreviewed only"
        if self == ClaimFilter.HINTED:
            return "▲ hinted only"
        if self == ClaimFilter.RECHECK:
            return f"{RECHECK_SYMBOL} to recheck only"
        return f"{labels.symbol(self.value)} {self.value} only"

    def key(self, labels: LabelSet) -> str:
        """The key that picks this filter in the filter menu ("" when a fixed filter has the label's key)."""
        if self.value in _FIXED_KEYS:
            return _FIXED_KEYS[self.value]
        key = labels.get(self.value).key
        return "" if key in _FIXED_KEYS.values() else key


ClaimFilter.ALL = ClaimFilter("all")
ClaimFilter.UNREVIEWED = ClaimFilter("unreviewed")
ClaimFilter.HINTED = ClaimFilter("hinted")
ClaimFilter.RECHECK = ClaimFilter("recheck")
