"""What the flat exports share: each claim with its paragraph and review, in document order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer.model import Claim, Label, Review
from reviewer.review.filters import ClaimFilter

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim as the exports see it."""

    index: int  # 0-based position in ``document.claims``
    claim: Claim
    review: Review | None

    @property
    def label(self) -> Label | None:
        """The claim's label, or None when unreviewed."""
        return self.review.label if self.review else None


def claim_rows(session: ReviewSession, only: ClaimFilter = ClaimFilter.ALL) -> Iterator[ClaimRow]:
    """Every claim in order, or only those the filter ``only`` keeps."""
    for index, claim in enumerate(session.document.claims.all()):
        row = ClaimRow(index, claim, session.review(index))
        if only.keeps(row.label):
            yield row


def orphans_in_order(session: ReviewSession) -> list[Review]:
    """Reviews whose claim is gone, in text order: the one order every export lists them in."""
    return sorted(session.orphans, key=lambda review: (review.anchor.start, review.anchor.end, review.doc_id))
