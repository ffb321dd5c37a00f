"""Claim spans a reviewer drew over the segmenter's: how they combine, and how claim indexes move."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]  # start, end: offsets into the document text


def overlay(segmented: Sequence[Span], drawn: Sequence[Span]) -> tuple[Span, ...]:
    """A paragraph's claims: the drawn spans, and every segmented span that overlaps none of them.

    Drawn spans are kept in order of their start; one that overlaps an earlier drawn span is
    left out (the operations never draw such spans, but a hand-edited or merged record might).
    """
    kept: list[Span] = []
    for span in sorted(drawn):
        if span[0] < span[1] and (not kept or kept[-1][1] <= span[0]):
            kept.append(span)
    if not kept:
        return tuple(segmented)
    starts = [start for start, _ in kept]
    result = list(kept)
    for start, end in segmented:
        # The drawn span that starts last before this one ends is the only one that can overlap it
        # from the left; one starting inside it overlaps it too.
        at = bisect.bisect_left(starts, end) - 1
        if at >= 0 and kept[at][1] > start:
            continue
        result.append((start, end))
    return tuple(sorted(result))


@dataclass(frozen=True, slots=True)
class IndexShift:
    """How claim indexes moved when one paragraph's claims were redrawn.

    ``first`` is the paragraph's first claim index; ``old`` and ``new`` its spans before and
    after. Indexes before the paragraph stay, those after move by the change in its claim count,
    and one inside goes to the claim with the same span, else to the one holding its start.
    """

    first: int
    old: tuple[Span, ...]
    new: tuple[Span, ...]

    @property
    def delta(self) -> int:
        """How many claims the paragraph gained (negative: lost)."""
        return len(self.new) - len(self.old)

    def __call__(self, index: int) -> int:
        if index < self.first:
            return index
        if index >= self.first + len(self.old):
            return index + self.delta
        if not self.new:
            return self.first
        start, end = self.old[index - self.first]
        if (start, end) in self.new:
            return self.first + self.new.index((start, end))
        for at, (new_start, new_end) in enumerate(self.new):
            if new_start <= start < new_end or start < new_start:
                return self.first + at
        return self.first + len(self.new) - 1
