"""Span mode's draft: a claim's edges and a caret moved over its paragraph, before they are saved.

The caret sits between two characters (the screen marks the one after it). Word moves stop at
word starts, clause moves after a , ; : or a sentence end; edges set at the caret: the claim
starts at the caret, or ends just before it. Nothing here writes: ``ReviewSession.narrow``
saves the edges, ``split`` cuts at the caret.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.model import Claim, Paragraph

CLAUSE_ENDS = frozenset(",;:.!?…»")


@dataclass(slots=True)
class SpanDraft:
    """The edges and caret of one claim being reshaped, within its paragraph ``low``…``high``."""

    text: str
    low: int
    high: int
    start: int
    end: int
    caret: int
    saved: tuple[int, int]  # the claim's span as it is stored

    @classmethod
    def of(cls, text: str, paragraph: Paragraph, claim: Claim) -> SpanDraft:
        """A draft of ``claim`` with the caret on its first character."""
        return cls(
            text,
            paragraph.start,
            paragraph.end,
            claim.start,
            claim.end,
            claim.start,
            (claim.start, claim.end),
        )

    @property
    def changed(self) -> bool:
        """True when the edges differ from the stored span."""
        return (self.start, self.end) != self.saved

    # -- the caret --------------------------------------------------------------------------

    def char(self, direction: int) -> None:
        """One character left (-1) or right (1)."""
        self.caret = min(self.high, max(self.low, self.caret + direction))

    def word(self, direction: int) -> None:
        """To the start of the next (1) or previous (-1) word."""
        self.caret = self._word_start(self.caret, direction)

    def clause(self, direction: int) -> None:
        """To the start of the next (1) or previous (-1) clause."""
        text, at = self.text, self.caret
        if direction > 0:
            at += 1
            while at < self.high and not (text[at - 1] in CLAUSE_ENDS and text[at].isspace()):
                at += 1
            while at < self.high and text[at].isspace():
                at += 1
        else:
            at -= 1
            while at > self.low and text[at - 1].isspace():
                at -= 1
            while at > self.low and not (text[at - 1].isspace() and text[at - 2 : at - 1] in CLAUSE_ENDS):
                at -= 1
        self.caret = min(self.high, max(self.low, at))

    def home(self) -> None:
        """To the claim's start."""
        self.caret = self.start

    def finish(self) -> None:
        """Just after the claim's last character."""
        self.caret = self.end

    # -- the edges --------------------------------------------------------------------------

    def set_start(self) -> str | None:
        """Start the claim at the caret; a reason when it cannot (the caret is at or past its end)."""
        if self.caret >= self.end:
            return "the caret is at or after the claim's end: move it left of the end first"
        self.start = self.caret
        return None

    def set_end(self) -> str | None:
        """End the claim just before the caret; a reason when it cannot."""
        if self.caret <= self.start:
            return "the caret is at or before the claim's start: move it right of the start first"
        self.end = self.caret
        return None

    def nudge_start(self, direction: int) -> None:
        """Move the start a word earlier (-1) or later (1), never past the end."""
        moved = self._word_start(self.start, direction)
        if moved < self.end:
            self.start = moved

    def nudge_end(self, direction: int) -> None:
        """Move the end a word later (1) or earlier (-1), never before the start."""
        moved = self._word_end(self.end, direction)
        if moved > self.start:
            self.end = moved

    def _word_start(self, at: int, direction: int) -> int:
        text = self.text
        if direction > 0:
            while at < self.high and not text[at].isspace():
                at += 1
            while at < self.high and text[at].isspace():
                at += 1
        else:
            while at > self.low and text[at - 1].isspace():
                at -= 1
            while at > self.low and not text[at - 1].isspace():
                at -= 1
        return at

    def _word_end(self, at: int, direction: int) -> int:
        text = self.text
        if direction > 0:
            while at < self.high and text[at].isspace():
                at += 1
            while at < self.high and not text[at].isspace():
                at += 1
        else:
            while at > self.low and text[at - 1].isspace():
                at -= 1
            while at > self.low and not text[at - 1].isspace():
                at -= 1
            while at > self.low and text[at - 1].isspace():
                at -= 1
        return at
