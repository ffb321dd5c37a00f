"""Which claims the reviewer wants to see: all, the unreviewed ones, one label, or those to recheck."""

from __future__ import annotations

from enum import StrEnum

from reviewer.model import RECHECK_SYMBOL, UNREVIEWED_SYMBOL, Label


class ClaimFilter(StrEnum):
    """A filter on claims by their label, or on the claims whose wording changed."""

    ALL = "all"
    UNREVIEWED = "unreviewed"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    OPINION = "opinion"
    HINTED = "hinted"  # claims a check-worthiness hint flags; decided by the navigator, not the label
    RECHECK = "recheck"  # the document changed and so did the claim's wording since it was labelled

    def keeps(self, label: Label | None, *, recheck: bool = False) -> bool:
        """True when a claim with ``label`` (flagged for a ``recheck`` or not) passes the filter."""
        if self in (ClaimFilter.ALL, ClaimFilter.HINTED):
            return True
        if self is ClaimFilter.UNREVIEWED:
            return label is None
        if self is ClaimFilter.RECHECK:
            return recheck
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
        if self is ClaimFilter.RECHECK:
            return f"{RECHECK_SYMBOL} to recheck only"
        return f"{Label(self.value).symbol} {self.value} only"

    @property
    def key(self) -> str:
        """The one-letter key that picks this filter in the filter menu."""
        return _KEYS[self.value]


_KEYS = {
    "all": "a",
    "unreviewed": "u",
    "verified": "v",
    "disputed": "d",
    "opinion": "o",
    "hinted": "h",
    "recheck": "r",
}
