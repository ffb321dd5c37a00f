"""What adjudication is made of: a claim's status among its reviewers, progress, undo steps, carry-over."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from reviewer.documents.base import Document
from reviewer.model import Anchor, Claim, FinalVerdict, Label, Review
from reviewer.storage.store import ReviewStore


class ClaimStatus(StrEnum):
    """How the reviewers' labels on one claim stand."""

    UNREVIEWED = "unreviewed"  # nobody labelled it: nothing to adjudicate yet
    AGREE = "agree"  # every reviewer labelled it, all alike
    DISAGREE = "disagree"  # at least two different labels
    INCOMPLETE = "incomplete"  # some reviewers have not labelled it; those who did agree

    @property
    def symbol(self) -> str:
        """A glyph that carries the status without colour."""
        return {"unreviewed": "·", "agree": "=", "disagree": "≠", "incomplete": "◐"}[self.value]

    @property
    def needs_adjudication(self) -> bool:
        """True for the claims the adjudicator must decide."""
        return self in (ClaimStatus.DISAGREE, ClaimStatus.INCOMPLETE)


def claim_status(labels: Sequence[Label | None]) -> ClaimStatus:
    """The status of a claim from each reviewer's label (None: not labelled)."""
    given = {label for label in labels if label is not None}
    if not given:
        return ClaimStatus.UNREVIEWED
    if len(given) > 1:
        return ClaimStatus.DISAGREE
    return ClaimStatus.INCOMPLETE if None in labels else ClaimStatus.AGREE


@dataclass(frozen=True, slots=True)
class ClaimVerdicts:
    """One claim as the adjudicator sees it: every reviewer's review, the status, the final verdict."""

    index: int
    claim: Claim
    reviews: tuple[tuple[str, Review | None], ...]  # one per reviewer, in reviewer order
    status: ClaimStatus
    final: FinalVerdict | None

    @property
    def adjudicated(self) -> bool:
        """True when a final verdict with a label stands (and its claim's wording has not changed)."""
        return self.final is not None and self.final.label is not None and not self.final.recheck

    @property
    def consensus(self) -> Label | None:
        """The one label every reviewer who labelled the claim gave (None when they disagree)."""
        labels = {review.label for _, review in self.reviews if review is not None and review.label}
        return next(iter(labels)) if len(labels) == 1 else None


@dataclass(frozen=True, slots=True)
class Progress:
    """How far adjudication has got: ``disagreements 7 · adjudicated 4 · left 3``."""

    disagreements: int
    incomplete: int
    adjudicated: int  # of the claims needing adjudication, those with a final verdict
    unanimous: int  # claims every reviewer labelled alike
    unanimous_open: int  # ... that have no final verdict yet (what a bulk accept would take)

    @property
    def left(self) -> int:
        """Claims needing adjudication that have no final verdict yet."""
        return self.disagreements + self.incomplete - self.adjudicated

    def line(self) -> str:
        """``disagreements 7 · incomplete 2 · adjudicated 4 · left 5`` (incomplete only when some are)."""
        incomplete = f" · incomplete {self.incomplete}" if self.incomplete else ""
        return (
            f"disagreements {self.disagreements}{incomplete} · adjudicated {self.adjudicated}"
            f" · left {self.left}"
        )

    def to_dict(self) -> dict[str, int]:
        """JSON-ready counts."""
        return {
            "disagreements": self.disagreements,
            "incomplete": self.incomplete,
            "adjudicated": self.adjudicated,
            "left": self.left,
            "unanimous": self.unanimous,
            "unanimous_open": self.unanimous_open,
        }


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable adjudication step: each final verdict it changed, before and after."""

    changes: tuple[tuple[int, FinalVerdict | None, FinalVerdict | None], ...]  # claim index, before, after

    @property
    def claim_index(self) -> int:
        """The (first) claim the step changed: where undo puts the cursor."""
        return self.changes[0][0]


def carry_final_verdicts(store: ReviewStore, old_id: str, document: Document) -> int:
    """Re-anchor version ``old_id``'s final verdicts onto ``document``, as its reviews are; return how many.

    A verdict whose claim's wording changed is flagged for a recheck (its claim needs
    adjudication again); one that finds no claim stays on the old version, never lost.
    """
    old = store.final_verdicts(old_id)
    if not old:
        return 0
    from reviewer.review.reanchor import Status, reanchor  # deferred: only a changed document needs it
    from reviewer.storage.snapshots import load_snapshot

    # Re-anchoring places reviews, one per claim and reviewer: every verdict as one reviewer's.
    stand_ins = [
        Review(doc_id=old_id, reviewer="\x00final", anchor=v.anchor, label=v.label, note=v.note) for v in old
    ]
    result = reanchor(stand_ins, document, previous=load_snapshot(store, old_id))
    placed = []
    for placement, verdict in zip(result.placements, old, strict=True):
        if placement.claim_index is None:
            continue
        claim = document.claims[placement.claim_index]
        moved = verdict.evolve(
            doc_id=document.doc_id, anchor=Anchor.for_span(document.text, claim.start, claim.end)
        )
        if placement.status is Status.CHANGED:
            moved = moved.evolve(recheck=verdict.anchor.exact)
        placed.append(moved)
    return store.add_final_verdicts(placed)
