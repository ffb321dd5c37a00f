"""The session's reshape calls: split, join and narrow a claim, saved at once, undone like any change.

A mixin of ``ReviewSession`` (session.py holds the cursor, labels and notes). A reshape redraws
one paragraph's claims (``Claims.redraw``); claims after it move by the change in count, and so
does every claim index the session keeps (its reviews, the undo history, the cursor).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reviewer.documents.drawn import IndexShift, Span, overlay
from reviewer.errors import UsageError
from reviewer.model import Anchor, Review
from reviewer.review.changes import Change, Fields
from reviewer.review.history import History
from reviewer.review.reshaping import Keep, Reshape, SpanError, join_step, narrow_step, split_step
from reviewer.storage.shapes import ReshapedElsewhere, ReshapeWrite

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from reviewer.documents.base import Document
    from reviewer.documents.segmentation import Claims
    from reviewer.model import Label
    from reviewer.review.claim_reviews import ClaimReviews
    from reviewer.storage.store import ReviewStore


class SpanEditing:
    """Reshape calls of a session (see the module); the attributes are the session's."""

    document: Document
    store: ReviewStore
    reviewer: str
    cursor: int
    _clock: Callable[[], str]
    _history: History[Change | Reshape]
    _placed: ClaimReviews
    _unsaved: dict[int, Fields]
    _labelled_here: dict[int, Label | None]

    if TYPE_CHECKING:

        @property
        def claims(self) -> Claims: ...

        def review(self, index: int) -> Review | None: ...

        def reload(self) -> None: ...

        def refuse_if_read_only(self) -> None: ...

    # -- the calls ------------------------------------------------------------------------

    def split(self, at: int, index: int | None = None) -> Reshape:
        """Split claim ``index`` (the current one by default) at document offset ``at``."""
        claim = self.claims[self.cursor if index is None else index]
        claims = self.claims
        step = split_step(
            self.document.text,
            claim,
            at,
            claims.segmenter_spans(claim.paragraph),
            claims.drawn(claim.paragraph),
        )
        return self._reshape(step)

    def join(self, index: int | None = None, *, keep: Keep | None = None) -> Reshape:
        """Join claim ``index`` (the current one) with the next; ``keep`` says whose review stays.

        Raises JoinNeedsChoice when both are reviewed and ``keep`` is None.
        """
        index = self.cursor if index is None else index
        claims = self.claims
        first = claims[index]
        if not claims.reach(index + 1):
            raise SpanError(f"claim {first.number} is the last claim: there is none after it to join")
        second = claims[index + 1]
        step = join_step(
            first,
            second,
            (self.review(index), self.review(index + 1)),
            keep,
            claims.segmenter_spans(first.paragraph),
            claims.drawn(first.paragraph),
        )
        return self._reshape(step)

    def narrow(self, start: int, end: int, index: int | None = None) -> Reshape | None:
        """Give claim ``index`` (the current one) the span ``start``…``end``; None if unchanged."""
        claims = self.claims
        claim = claims[self.cursor if index is None else index]
        paragraph = self.document.paragraphs[claim.paragraph]
        neighbours = [claims[i] for i in claims.in_paragraph(claim.paragraph)]
        step = narrow_step(
            self.document.text,
            paragraph,
            claim,
            neighbours,
            start,
            end,
            claims.segmenter_spans(claim.paragraph),
            claims.drawn(claim.paragraph),
        )
        return None if step is None else self._reshape(step)

    def reshaped(self, index: int) -> bool:
        """True when claim ``index`` is a span a reviewer drew, not the segmenter's."""
        claim = self.claims[index]
        return (claim.start, claim.end) in self.claims.drawn(claim.paragraph)

    def others_on(self, indexes: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """The other reviewers who reviewed each of claims ``indexes`` (claims no one else did left out).

        A reshape moves only this reviewer's reviews; theirs stay on the old span, among their
        orphans, so the reshaping reviewer is told before reshaping.
        """
        claims = self.claims
        by_span = {(claims[i].start, claims[i].end): i for i in indexes}
        found: dict[int, set[str]] = {}
        for review in self.store.reviews_on(self.document.doc_id, by_span):
            if review.reviewer != self.reviewer:
                index = by_span[(review.anchor.start, review.anchor.end)]
                found.setdefault(index, set()).add(review.reviewer)
        return {index: tuple(sorted(names)) for index, names in sorted(found.items())}

    def others_left_behind(self, step: Reshape) -> list[Review]:
        """Other reviewers' reviews of the claims ``step`` took away: on the old spans, their orphans now."""
        segmenter = self.claims.segmenter_spans(step.paragraph)
        gone = set(overlay(segmenter, step.before)) - set(overlay(segmenter, step.after))
        reviews = self.store.reviews_on(self.document.doc_id, gone)
        others = [review for review in reviews if review.reviewer != self.reviewer]
        return sorted(others, key=lambda r: (r.anchor.start, r.reviewer))

    # -- doing and undoing ------------------------------------------------------------------

    def _reshape(self, step: Reshape) -> Reshape:
        self.refuse_if_read_only()
        unsaved = [i for i in self.claims.in_paragraph(step.paragraph) if i in self._unsaved]
        if unsaved:
            raise UsageError(
                f"claim {unsaved[0] + 1} has a change not saved yet: reshape its paragraph once it is saved"
            )
        aside = self._write_reshape(step, undo=False)
        step = replace(step, aside=aside)
        self._history.record(step)
        return step

    def _replay_reshape(self, step: Reshape, *, undo: bool) -> None:
        self._write_reshape(step, undo=undo)

    def _write_reshape(self, step: Reshape, *, undo: bool) -> tuple[Review, ...]:
        """Save ``step`` (or its undo) and show it; returns the reviews it set aside."""
        text = self.document.text
        expect, spans = (step.after, step.before) if undo else (step.before, step.after)
        moves = tuple((new, old) for old, new in step.moves) if undo else step.moves
        write = ReshapeWrite(
            doc_id=self.document.doc_id,
            paragraph=step.paragraph,
            reviewer=self.reviewer,
            expect=expect,
            spans=tuple(Anchor.for_span(text, start, end) for start, end in spans),
            moves=tuple((old, Anchor.for_span(text, *new)) for old, new in moves),
            set_aside=() if undo else step.set_aside,
            restore=step.aside if undo else (),
            now=self._clock(),
        )
        try:
            result = self.store.reshape(write)
        except ReshapedElsewhere:
            self.reload()  # show what the other process saved
            raise
        gone = {old for old, _ in moves} | set(write.set_aside)
        self._show_drawn(step.paragraph, spans, result.moved, gone)
        focus = step.focus_before if undo else step.focus
        found = self._index_in(step.paragraph, focus)
        if found is not None:
            self.cursor = found
        return tuple(result.set_aside)

    def _index_in(self, paragraph: int, span: Span) -> int | None:
        claims = self.claims
        for index in claims.in_paragraph(paragraph):
            claim = claims[index]
            if (claim.start, claim.end) == span:
                return index
        return None

    # -- showing drawn spans ----------------------------------------------------------------

    def _show_drawn(
        self, paragraph: int, spans: tuple[Span, ...], moved: dict[Span, Review], gone: set[Span]
    ) -> None:
        """Redraw ``paragraph`` with ``spans``; put its reviews (``moved`` ones at their new span) back."""
        claims = self.claims
        group = claims.known_in(paragraph)
        if group is None:  # not segmented yet: its reviews wait until it is
            waiting = [
                r
                for r in self._placed.pending.get(paragraph, [])
                if (r.anchor.start, r.anchor.end) not in gone
            ]
            waiting = [r for r in waiting if (r.anchor.start, r.anchor.end) not in moved]
            self._placed.pending[paragraph] = waiting + list(moved.values())
            claims.redraw(paragraph, spans)
            return
        here = [review for i in group if (review := self._placed.reviews.get(i)) is not None]
        shift = claims.redraw(paragraph, spans)
        assert shift is not None
        self._shift(shift)
        by_span = {(r.anchor.start, r.anchor.end): r for r in here}
        for span in gone:
            by_span.pop(span, None)
        by_span.update(moved)
        for index in claims.in_paragraph(paragraph):
            claim = claims[index]
            review = by_span.pop((claim.start, claim.end), None)
            if review is not None:
                self._placed.reviews[index] = review
        for review in by_span.values():  # a span no claim has now: kept, among the orphans
            self._placed.add_orphan(review)

    def _sync_shapes(self) -> None:
        """Draw the shapes the store holds for this version (another process may have reshaped)."""
        claims = self.claims
        stored = self.store.shapes(self.document.doc_id)
        wanted = {paragraph: self._valid(paragraph, anchors) for paragraph, anchors in stored.items()}
        for paragraph in sorted(set(wanted) | set(claims.all_drawn())):
            spans = wanted.get(paragraph, ())
            if claims.drawn(paragraph) != spans:
                shift = claims.redraw(paragraph, spans)
                if shift is not None:
                    self._shift(shift)

    def _valid(self, paragraph: int, anchors: tuple[Anchor, ...]) -> tuple[Span, ...]:
        """The stored spans that are text of this version's paragraph ``paragraph`` (others are ignored)."""
        paragraphs = self.document.paragraphs
        if not 0 <= paragraph < len(paragraphs):
            return ()
        para = paragraphs[paragraph]
        text = self.document.text
        return tuple(
            (a.start, a.end)
            for a in anchors
            if para.start <= a.start < a.end <= para.end and text[a.start : a.end] == a.exact
        )

    def _shift(self, shift: IndexShift) -> None:
        """Move every claim index the session keeps as ``shift`` says (reviews inside are re-placed)."""
        inside = range(shift.first, shift.first + len(shift.old))
        placed = self._placed
        placed.reviews = {shift(i): r for i, r in placed.reviews.items() if i not in inside}
        self._unsaved = {shift(i): f for i, f in self._unsaved.items()}
        self._labelled_here = {shift(i): label for i, label in self._labelled_here.items() if i not in inside}
        placed.suggestions = {key: shift(i) for key, i in placed.suggestions.items()}
        self.cursor = shift(self.cursor)
        self._history.remap(lambda step: _shifted(step, shift))


def _shifted(step: Change | Reshape, shift: IndexShift) -> Change | Reshape:
    """A label step on the claim's new index (a reshape step names spans, which do not move)."""
    if isinstance(step, Change) and (moved := shift(step.claim_index)) != step.claim_index:
        return replace(step, claim_index=moved)
    return step
