"""Which claims the reviewer wants to see: all, the unreviewed ones, or one label."""

from __future__ import annotations

from enum import StrEnum

from reviewer.model import UNREVIEWED_SYMBOL, Label


class ClaimFilter(StrEnum):
    """A filter on claims by their label."""

    ALL = "all"
    UNREVIEWED = "unreviewed"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    OPINION = "opinion"
    HINTED = "hinted"  # claims a check-worthiness hint flags; decided by the navigator, not the label

    def keeps(self, label: Label | None) -> bool:
        """True when a claim with ``label`` passes the filter."""
        if self in (ClaimFilter.ALL, ClaimFilter.HINTED):
            return True
        if self is ClaimFilter.UNREVIEWED:
            return label is None
        return label is not None and label.value == self.value

    @property
    def display_name(self) -> str:
        """``✘ disputed only`` and the like, for the screen."""
        if self is ClaimFilter.ALL:
            return "all claims"
        if self is ClaimFilter.UNREVIEWED:
            return f"{UNREVIEWED_SYMBOL} unreviewed only"
        if self is ClaimFilter.HINTED:
            return "▲ hinted only"
        return f"{Label(self.value).symbol} {self.value} only"

    @property
    def key(self) -> str:
        """The one-letter key that picks this filter in the filter menu."""
        return {
            "all": "a",
            "unreviewed": "u",
            "verified": "v",
            "disputed": "d",
            "opinion": "o",
            "hinted": "h",
        }[self.value]
