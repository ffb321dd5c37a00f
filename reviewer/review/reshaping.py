"""Reshapes of a claim (split, join, narrow or widen) as undoable steps on a paragraph's drawn spans.

What a reshape does to reviews, the reviewer's own (other reviewers' reviews are never moved:
they stay stored on the old span, and their reviewer finds them among the orphans):

- narrowing or widening keeps the claim's review; an edge moved into a neighbour trims the
  neighbour, which keeps its own review;
- a split keeps the review on the part holding the old claim's start, the part a reader meets
  first; the other part starts unreviewed (undo puts the claim back whole, review and all);
- a join of two claims of which one is reviewed keeps that review; of two reviewed claims it
  needs to be told which to keep, and sets the other aside as a dismissed orphan, still stored
  and listed, which undo puts back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from reviewer.documents.drawn import Span, overlay
from reviewer.errors import UsageError
from reviewer.model import Claim, Paragraph, Review

Kind = Literal["split", "join", "narrow"]
Keep = Literal["first", "second"]


class SpanError(UsageError):
    """A reshape that cannot be made (an offset outside the claim, a join across paragraphs…)."""


class JoinNeedsChoice(UsageError):
    """Both claims of a join are reviewed: the caller must say which review to keep."""

    def __init__(self, number: int, first: Review, second: Review) -> None:
        self.first = first
        self.second = second
        super().__init__(
            f"claims {number} and {number + 1} are both reviewed ({_said(first)}; {_said(second)}):"
            " say which review to keep (the other is kept aside as a dismissed orphan)"
        )


def _said(review: Review) -> str:
    label = review.label.value if review.label else "no label"
    return f"{label}, with a note" if review.note else label


@dataclass(frozen=True, slots=True)
class Reshape:
    """One undoable reshape of paragraph ``paragraph``: its drawn spans before and after.

    ``moves`` take this reviewer's reviews from span to span; ``set_aside`` spans lose their
    review to the orphans (``aside`` holds what was set aside, for undo to put back). ``focus``
    is the claim the cursor goes to after the step, ``focus_before`` after its undo.
    """

    kind: Kind
    paragraph: int
    before: tuple[Span, ...]
    after: tuple[Span, ...]
    moves: tuple[tuple[Span, Span], ...]
    focus: Span
    focus_before: Span
    set_aside: tuple[Span, ...] = ()
    aside: tuple[Review, ...] = ()

    def describe(self) -> str:
        """What the step did, in a few words (for undo and the status line)."""
        return {"split": "split the claim", "join": "joined two claims", "narrow": "reshaped the claim"}[
            self.kind
        ]


def trimmed(text: str, start: int, end: int) -> Span:
    """``start``…``end`` without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def drawn_after(
    segmenter: Sequence[Span], drawn: Sequence[Span], remove: Iterable[Span], add: Iterable[Span]
) -> tuple[Span, ...]:
    """The paragraph's drawn spans once ``remove`` are taken out and ``add`` put in.

    Spans the segmenter's own claims already give are dropped, so that taking a split back by a
    join leaves no drawn span behind.
    """
    gone = set(remove)
    spans = sorted({span for span in drawn if span not in gone} | set(add))
    wanted = overlay(segmenter, spans)
    for span in list(spans):
        rest = [other for other in spans if other != span]
        if overlay(segmenter, rest) == wanted:
            spans = rest
    return tuple(spans)


def split_step(text: str, claim: Claim, at: int, segmenter: Sequence[Span], drawn: Sequence[Span]) -> Reshape:
    """Split ``claim`` at offset ``at``: two claims, white space between them left out."""
    if not claim.start < at < claim.end:
        raise SpanError(
            f"claim {claim.number} runs from offset {claim.start} to {claim.end}: a split needs an"
            f" offset inside it, not {at}"
        )
    left = trimmed(text, claim.start, at)
    right = trimmed(text, at, claim.end)
    if left[0] == left[1] or right[0] == right[1]:
        raise SpanError(f"splitting claim {claim.number} at offset {at} would leave a part with no text")
    span = (claim.start, claim.end)
    after = drawn_after(segmenter, drawn, [span], [left, right])
    return Reshape("split", claim.paragraph, tuple(drawn), after, ((span, left),), left, span)


def join_step(
    first: Claim,
    second: Claim,
    reviews: tuple[Review | None, Review | None],
    keep: Keep | None,
    segmenter: Sequence[Span],
    drawn: Sequence[Span],
) -> Reshape:
    """Join ``first`` with the claim after it, ``second``, keeping one review (see the module)."""
    if first.paragraph != second.paragraph:
        # Refused, not built: a paragraph is the unit a shape, a re-anchoring and every export's
        # claim position are built on (README, "Why a claim stays within its paragraph").
        raise SpanError(
            f"claims {first.number} and {second.number} are in different paragraphs"
            f" ({first.paragraph + 1} and {second.paragraph + 1}): a claim never runs across a"
            " paragraph break; label each one (a note can say they belong together)"
        )
    spans = ((first.start, first.end), (second.start, second.end))
    joined = (first.start, second.end)
    reviewed = [at for at, review in enumerate(reviews) if review is not None]
    if len(reviewed) == 2:
        if keep is None:
            assert reviews[0] is not None and reviews[1] is not None
            raise JoinNeedsChoice(first.number, reviews[0], reviews[1])
        kept = 0 if keep == "first" else 1
        moves: tuple[tuple[Span, Span], ...] = ((spans[kept], joined),)
        aside: tuple[Span, ...] = (spans[1 - kept],)
    else:
        moves = tuple((spans[at], joined) for at in reviewed)
        aside = ()
    after = drawn_after(segmenter, drawn, spans, [joined])
    return Reshape("join", first.paragraph, tuple(drawn), after, moves, joined, spans[0], aside)


def narrow_step(
    text: str,
    paragraph: Paragraph,
    claim: Claim,
    neighbours: Sequence[Claim],
    start: int,
    end: int,
    segmenter: Sequence[Span],
    drawn: Sequence[Span],
) -> Reshape | None:
    """Give ``claim`` the span ``start``…``end`` (trimmed); None when that is its span already.

    The span stays within the paragraph. An edge moved into a neighbour (one of ``neighbours``,
    the paragraph's other claims) trims it; one that would take a neighbour whole is refused
    (that is a join).
    """
    start, end = trimmed(text, start, end) if start < end else (start, end)
    if not paragraph.start <= start < end <= paragraph.end:
        raise SpanError(
            f"claim {claim.number} must keep some text within its paragraph (offsets {paragraph.start}"
            f" to {paragraph.end}), not {start} to {end}"
        )
    span = (claim.start, claim.end)
    new = (start, end)
    if new == span:
        return None
    remove, add, moves = [span], [new], [(span, new)]
    for other in neighbours:
        if other.end <= start or end <= other.start or other.number == claim.number:
            continue
        rest = (
            trimmed(text, end, other.end) if other.start >= claim.start else trimmed(text, other.start, start)
        )
        if rest[0] >= rest[1] or (start <= other.start and other.end <= end):
            raise SpanError(f"that span would take in all of claim {other.number}: join the claims instead")
        remove.append((other.start, other.end))
        add.append(rest)
        moves.append(((other.start, other.end), rest))
    after = drawn_after(segmenter, drawn, remove, add)
    return Reshape("narrow", claim.paragraph, tuple(drawn), after, tuple(moves), new, span)
