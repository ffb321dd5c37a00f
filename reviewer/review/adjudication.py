"""Adjudication: the claims reviewers disagree on (or left incomplete), and the final verdict on each.

An adjudicator steps through the claims that need a decision, sees every reviewer's label,
note and sources, and adopts one reviewer's verdict or writes their own. Unanimous claims can
be accepted in bulk. Final verdicts are records of their own (``FinalVerdict``): the reviewers'
reviews are never changed, so agreement is still computed on them. Every step is saved at once
and can be undone, as in a review session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reviewer.clock import utc_now
from reviewer.documents.base import Document
from reviewer.errors import ReviewerError, UsageError
from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.model import Anchor, Claim, FinalVerdict, Label, final_verdict_key
from reviewer.review.history import History
from reviewer.review.session import KEEP, Keep
from reviewer.review.team import TeamReviews, check_reviewers
from reviewer.review.verdicts import ClaimStatus, ClaimVerdicts, Progress, Step, claim_status
from reviewer.storage.store import ReviewStore

__all__ = [
    "Adjudication",
    "ClaimStatus",
    "ClaimVerdicts",
    "Progress",
    "Step",
    "VerdictChangedElsewhere",
]


class VerdictChangedElsewhere(ReviewerError):
    """Undo or redo found final verdicts another process changed meanwhile: those were left alone."""


class Adjudication:
    """An adjudicator's pass over one document: statuses, final verdicts, undo and redo."""

    def __init__(
        self,
        document: Document,
        store: ReviewStore,
        adjudicator: str,
        *,
        reviewers: Sequence[str] | None = None,
        clock: Callable[[], str] = utc_now,
        labels: LabelSet = DEFAULT_LABELS,
    ) -> None:
        self.document = document
        self.labels = labels  # the final verdict's keys; agreement's categories
        self.store = store
        self.adjudicator = adjudicator
        self._wanted = None if reviewers is None else tuple(reviewers)
        self._clock = clock
        self._history: History[Step] = History()
        self.reviewers: tuple[str, ...] = ()
        self._team = TeamReviews(document.doc_id, (), labels)
        self._statuses: list[ClaimStatus] = []
        self._finals: dict[int, FinalVerdict] = {}
        self._progress: Progress | None = None  # computed when asked, forgotten on every change
        self.reload()

    # -- reading ------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read every reviewer's reviews and the final verdicts (another process may have written)."""
        claims = self.document.claims.all()
        self._team = TeamReviews.load(self.store, self.document.doc_id, self.labels)
        known = self._team.reviewers
        self.reviewers = known if self._wanted is None else check_reviewers(self._wanted, known)
        self._statuses = [
            claim_status(list(self._team.labels_of(claim, self.reviewers).values())) for claim in claims
        ]
        index_of = {(claim.start, claim.end): index for index, claim in enumerate(claims)}
        self._progress = None
        self._finals = {}
        for verdict in self.store.final_verdicts(self.document.doc_id):
            index = index_of.get((verdict.anchor.start, verdict.anchor.end))
            if index is not None:
                self._finals[index] = verdict

    @property
    def team(self) -> TeamReviews:
        """Every reviewer's reviews of the document, as last read."""
        return self._team

    @property
    def claims(self) -> Sequence[Claim]:
        """Every claim of the document, in order."""
        return self.document.claims.all()

    def status(self, index: int) -> ClaimStatus:
        """How the reviewers' labels on claim ``index`` stand."""
        return self._statuses[index]

    def needs(self, index: int) -> bool:
        """True when claim ``index`` needs adjudication (disagreement, or incomplete)."""
        return self._statuses[index].needs_adjudication

    def final(self, index: int) -> FinalVerdict | None:
        """The final verdict on claim ``index``, if any."""
        return self._finals.get(index)

    def verdicts(self, index: int) -> ClaimVerdicts:
        """Claim ``index`` with every reviewer's review, its status and its final verdict."""
        claim = self.claims[index]
        reviews = self._team.of_claim(claim)
        return ClaimVerdicts(
            index,
            claim,
            tuple((name, reviews.get(name)) for name in self.reviewers),
            self._statuses[index],
            self._finals.get(index),
        )

    def pending(self) -> list[int]:
        """The claims needing adjudication, in document order (adjudicated ones included)."""
        return [index for index, status in enumerate(self._statuses) if status.needs_adjudication]

    def left(self, index: int) -> bool:
        """True when claim ``index`` needs adjudication and has no final verdict yet."""
        return self.needs(index) and not self._decided(index)

    def _decided(self, index: int) -> bool:
        """``ClaimVerdicts.adjudicated`` without gathering the reviews: progress asks it of every claim."""
        final = self._finals.get(index)
        return final is not None and final.label is not None and not final.recheck

    def next_left(self, start: int, direction: int = 1) -> int | None:
        """The next claim after ``start`` (or before, ``-1``) still left to adjudicate, wrapping."""
        total = len(self._statuses)
        for step in range(1, total + 1):
            index = (start + direction * step) % total
            if self.left(index):
                return index
        return None

    def unanimous_open(self) -> list[int]:
        """Unanimous claims with no final verdict yet: what :meth:`accept_unanimous` would accept."""
        return [
            index
            for index, status in enumerate(self._statuses)
            if status is ClaimStatus.AGREE and index not in self._finals
        ]

    def progress(self) -> Progress:
        """``disagreements 7 · adjudicated 4 · left 3`` and the unanimous claims."""
        if self._progress is not None:
            return self._progress
        statuses = self._statuses
        needing = self.pending()
        self._progress = Progress(
            disagreements=statuses.count(ClaimStatus.DISAGREE),
            incomplete=statuses.count(ClaimStatus.INCOMPLETE),
            adjudicated=sum(1 for index in needing if self._decided(index)),
            unanimous=statuses.count(ClaimStatus.AGREE),
            unanimous_open=len(self.unanimous_open()),
        )
        return self._progress

    @property
    def can_undo(self) -> bool:
        """True when there is a step to undo."""
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        """True when there is an undone step to redo."""
        return self._history.can_redo

    # -- deciding -----------------------------------------------------------------------

    def reviewer_at(self, position: int) -> str:
        """The reviewer shown as number ``position`` (from 1), as keys 1…9 pick them."""
        if not 1 <= position <= len(self.reviewers):
            raise UsageError(f"there is no reviewer {position}: reviewers are {self._numbered()}")
        return self.reviewers[position - 1]

    def _numbered(self) -> str:
        return ", ".join(f"{n} {name}" for n, name in enumerate(self.reviewers, start=1)) or "none yet"

    def adopt(self, index: int, reviewer: str) -> Step | None:
        """Make ``reviewer``'s label, note and sources the final verdict on claim ``index``."""
        review = self._team.of_claim(self.claims[index]).get(reviewer)
        if review is None or review.label is None:
            raise UsageError(f"{reviewer} has not labelled claim {index + 1}: nothing to adopt")
        return self._change(
            {
                index: lambda stored: self._verdict(
                    index, stored, review.label, review.note, review.sources, (reviewer,)
                )
            }
        )

    def decide(
        self,
        index: int,
        *,
        label: Label | Keep | None = KEEP,
        note: str | Keep = KEEP,
        sources: Sequence[str] | Keep = KEEP,
    ) -> Step | None:
        """Write (or change) the adjudicator's own final verdict on claim ``index``; None if unchanged."""

        def change(stored: FinalVerdict | None) -> FinalVerdict | None:
            new_label = (stored.label if stored else None) if isinstance(label, Keep) else label
            new_note = (stored.note if stored else "") if isinstance(note, Keep) else note.strip()
            new_sources = (stored.sources if stored else ()) if isinstance(sources, Keep) else _clean(sources)
            return self._verdict(index, stored, new_label, new_note, new_sources, ())

        return self._change({index: change})

    def accept_unanimous(self, indexes: Sequence[int]) -> Step | None:
        """Accept the shared label of each unanimous claim in ``indexes`` as final, in one undoable step.

        Pass what :meth:`unanimous_open` returned when the user confirmed its count: a claim
        that meanwhile got a final verdict (or lost its unanimity) is left as it is. The verdict
        takes the first note any reviewer wrote, in reviewer order, and every reviewer's sources.
        """
        changes: dict[int, Callable[[FinalVerdict | None], FinalVerdict | None]] = {}
        for index in indexes:
            verdicts = self.verdicts(index)
            if verdicts.status is not ClaimStatus.AGREE or verdicts.consensus is None:
                continue
            reviews = [review for _, review in verdicts.reviews if review is not None]
            note = next((review.note for review in reviews if review.note), "")
            sources = _clean([source for review in reviews for source in review.sources])
            names = tuple(name for name, _ in verdicts.reviews)
            label = verdicts.consensus

            def accept(
                stored: FinalVerdict | None,
                index: int = index,
                label: Label = label,
                note: str = note,
                sources: tuple[str, ...] = sources,
                names: tuple[str, ...] = names,
            ) -> FinalVerdict | None:
                if stored is not None:
                    return stored  # decided meanwhile: a bulk step never overwrites a decision
                return self._verdict(index, None, label, note, sources, names)

            changes[index] = accept
        return self._change(changes)

    def _verdict(
        self,
        index: int,
        stored: FinalVerdict | None,
        label: Label | None,
        note: str,
        sources: Sequence[str],
        adopted_from: tuple[str, ...],
    ) -> FinalVerdict | None:
        """The verdict to store on claim ``index`` (None: nothing left to keep; ``stored``: no change)."""
        claim = self.claims[index]
        now = self._clock()
        new = FinalVerdict(
            doc_id=self.document.doc_id,
            anchor=Anchor.for_span(self.document.text, claim.start, claim.end),
            adjudicated_by=self.adjudicator,
            label=label,
            note=note,
            sources=tuple(sources),
            adopted_from=adopted_from,
            created_at=stored.created_at if stored else now,
            updated_at=now,
        )
        if new.same_content(stored):
            return stored
        return None if new.is_empty else new

    def _change(
        self, changes: Mapping[int, Callable[[FinalVerdict | None], FinalVerdict | None]]
    ) -> Step | None:
        """Apply ``changes`` (claim index → new verdict from the stored one) as one saved step."""
        if not changes:
            return None
        keys = {self._key(index): index for index in changes}

        def transaction(stored: dict[str, FinalVerdict | None]) -> dict[str, FinalVerdict | None]:
            written: dict[str, FinalVerdict | None] = {}
            for key, index in keys.items():
                new = changes[index](stored[key])
                if new is not stored[key]:
                    written[key] = new
            return written

        before, after = self.store.update_final_verdicts(list(keys), transaction)
        self._remember(before | after, keys)
        if not after:
            return None
        step = Step(tuple((keys[key], before[key], verdict) for key, verdict in after.items()))
        self._history.record(step)
        return step

    def _key(self, index: int) -> str:
        claim = self.claims[index]
        return final_verdict_key(self.document.doc_id, claim.start, claim.end)

    def _remember(self, verdicts: Mapping[str, FinalVerdict | None], keys: Mapping[str, int]) -> None:
        self._progress = None
        for key, verdict in verdicts.items():
            if verdict is None:
                self._finals.pop(keys[key], None)
            else:
                self._finals[keys[key]] = verdict

    # -- undo ---------------------------------------------------------------------------

    def undo(self) -> Step | None:
        """Revert the last step (saved at once); verdicts changed elsewhere since are left alone."""
        return self._history.undo(lambda step: self._replay(step, undo=True))

    def redo(self) -> Step | None:
        """Re-apply the last undone step (unless another process changed its verdicts since)."""
        return self._history.redo(lambda step: self._replay(step, undo=False))

    def _replay(self, step: Step, *, undo: bool) -> None:
        keys = {self._key(index): index for index, _, _ in step.changes}
        target = {
            self._key(index): (after, before) if undo else (before, after)
            for index, before, after in step.changes
        }
        conflicts: list[int] = []

        def transaction(stored: dict[str, FinalVerdict | None]) -> dict[str, FinalVerdict | None]:
            written: dict[str, FinalVerdict | None] = {}
            for key, (expected, wanted) in target.items():
                if stored[key] == expected:
                    written[key] = wanted
                else:
                    conflicts.append(keys[key] + 1)
            return written

        before, after = self.store.update_final_verdicts(list(keys), transaction)
        self._remember(before | after, keys)
        if conflicts:
            numbers = ", ".join(map(str, conflicts))
            raise VerdictChangedElsewhere(
                f"the final verdict on claim(s) {numbers} was changed in another window or process"
                " meanwhile; it was left as it is there"
            )


def _clean(sources: Sequence[str]) -> tuple[str, ...]:
    """Sources stripped, blanks and repeats dropped, in order."""
    return tuple(dict.fromkeys(source.strip() for source in sources if source.strip()))
