"""A word diff between a claim's old and new wording, for rechecking a changed document."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

# Words, runs of punctuation and runs of space are separate tokens: a changed figure or a
# dropped comma shows as itself, not as the whole word around it.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")


class Change(StrEnum):
    """What a piece of text is in the diff."""

    SAME = "same"
    REMOVED = "removed"  # only in the old wording
    ADDED = "added"  # only in the new wording


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text and whether it stayed, went or came."""

    text: str
    change: Change


@dataclass(frozen=True, slots=True)
class WordDiff:
    """The old wording and the new, each as pieces; changed pieces are what to look at."""

    old: tuple[Piece, ...]
    new: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        """True when the wordings differ in anything but spacing."""
        return any(piece.change is not Change.SAME for piece in (*self.old, *self.new))


def word_diff(old: str, new: str) -> WordDiff:
    """Compare ``old`` and ``new`` word by word; runs of space count as one space.

    Space is normalised first (a reflowed line is no change), so the pieces' text is the
    wording with single spaces.
    """
    old_tokens = _tokens(old)
    new_tokens = _tokens(new)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    old_pieces: list[Piece] = []
    new_pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add(old_pieces, old_tokens[i1:i2], Change.SAME)
            _add(new_pieces, new_tokens[j1:j2], Change.SAME)
            continue
        _add(old_pieces, old_tokens[i1:i2], Change.REMOVED)
        _add(new_pieces, new_tokens[j1:j2], Change.ADDED)
    return WordDiff(tuple(old_pieces), tuple(new_pieces))


def _tokens(text: str) -> list[str]:
    return [" " if token.isspace() else token for token in _TOKEN.findall(" ".join(text.split()))]


def _add(pieces: list[Piece], tokens: list[str], change: Change) -> None:
    """Append ``tokens`` as one piece, merged with the previous one if it is the same kind.

    A changed run neither starts nor ends with a space: the space stays unmarked around it.
    """
    if not tokens:
        return
    text = "".join(tokens)
    if change is not Change.SAME:
        stripped = text.strip()
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        if not stripped:
            _add(pieces, [text], Change.SAME)
            return
        if lead:
            _add(pieces, [lead], Change.SAME)
        _append(pieces, Piece(stripped, change))
        if trail:
            _add(pieces, [trail], Change.SAME)
        return
    _append(pieces, Piece(text, change))


def _append(pieces: list[Piece], piece: Piece) -> None:
    if pieces and pieces[-1].change is piece.change:
        pieces[-1] = Piece(pieces[-1].text + piece.text, piece.change)
    else:
        pieces.append(piece)
