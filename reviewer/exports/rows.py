"""What the flat exports share: each claim with its paragraph and review (or final verdict), in order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer.model import Claim, FinalVerdict, Label, Review
from reviewer.review.filters import ClaimFilter

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim as the exports see it."""

    index: int  # 0-based position in ``document.claims``
    claim: Claim
    review: Review | None
    final: bool = False  # ``review`` shows the claim's final verdict, by its adjudicator

    @property
    def label(self) -> Label | None:
        """The claim's label, or None when unreviewed."""
        return self.review.label if self.review else None


def claim_rows(
    session: ReviewSession, only: ClaimFilter = ClaimFilter.ALL, *, final: bool = False
) -> Iterator[ClaimRow]:
    """Every claim in order, or only those the filter ``only`` keeps.

    With ``final``, a claim with a final verdict (with a label) shows it instead of the
    session's review: an export "with final verdicts where they exist".
    """
    finals = final_verdicts(session) if final else {}
    for index, claim in enumerate(session.document.claims.all()):
        verdict = finals.get((claim.start, claim.end))
        if verdict is not None:
            row = ClaimRow(index, claim, as_review(verdict), final=True)
        else:
            row = ClaimRow(index, claim, session.review(index))
        if only.keeps(row.label):
            yield row


def final_verdicts(session: ReviewSession) -> dict[tuple[int, int], FinalVerdict]:
    """The document's final verdicts that carry a label, by claim span."""
    return {
        (verdict.anchor.start, verdict.anchor.end): verdict
        for verdict in session.store.final_verdicts(session.document.doc_id)
        if verdict.label is not None
    }


def as_review(verdict: FinalVerdict) -> Review:
    """A final verdict as the flat exports show a review: its adjudicator as the reviewer.

    Only for rendering: the store keeps final verdicts apart from every reviewer's reviews.
    """
    return Review(
        doc_id=verdict.doc_id,
        reviewer=verdict.adjudicated_by,
        anchor=verdict.anchor,
        label=verdict.label,
        note=verdict.note,
        sources=verdict.sources,
        created_at=verdict.created_at,
        updated_at=verdict.updated_at,
        recheck=verdict.recheck,
    )


def orphans_in_order(session: ReviewSession) -> list[Review]:
    """Reviews whose claim is gone, in text order: the one order every export lists them in."""
    return sorted(session.orphans, key=lambda review: (review.anchor.start, review.anchor.end, review.doc_id))
