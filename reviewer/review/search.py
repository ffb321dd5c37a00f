"""Case-, accent- and quote-insensitive text search, with offsets back into the original."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

# Every apostrophe a keyboard or a typesetter produces matches every other, and so do double
# quotes and guillemets: ``l'university`` finds ``l’University``, ``"mot"`` finds ``« mot »``.
_APOSTROPHES = "'’‘`´ʼ‛′‚"
_QUOTES = '"“”«»„‟″‹›'
_FOLDED_CHAR = {char: "'" for char in _APOSTROPHES} | {char: '"' for char in _QUOTES}
# Spaces typeset as no-break spaces (French « », 99 %) match a plain space.
_FOLDED_CHAR |= {char: " " for char in "\u00a0\u202f\u2007\u2009"}
_OPENING_GUILLEMETS = frozenset("«‹")
_CLOSING_GUILLEMETS = frozenset("»›")


def fold(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching (casefold, accents stripped, quotes alike); map each char back.

    ``index[i]`` is the offset in ``text`` of the character that produced folded char ``i``,
    so a match in the folded text can be highlighted in the original. The space inside
    guillemets is dropped (``« mot »`` folds like ``"mot"``).
    """
    if text.isascii():  # the common case, and length-preserving: no per-character work
        return text.lower().replace("`", "'"), list(range(len(text)))
    folded: list[str] = []
    index: list[int] = []
    after_opening = False
    for offset, char in enumerate(text):
        if after_opening and char.isspace():
            continue
        after_opening = char in _OPENING_GUILLEMETS
        if char in _CLOSING_GUILLEMETS:
            while folded and folded[-1] == " ":
                folded.pop()
                index.pop()
        mapped = _FOLDED_CHAR.get(char)
        if mapped is not None:
            folded.append(mapped)
            index.append(offset)
            continue
        for part in unicodedata.normalize("NFD", char.casefold()):
            if unicodedata.combining(part):
                continue
            folded.append(part)
            index.append(offset)
    return "".join(folded), index


def fold_query(query: str) -> str:
    """The folded form of a search query, with surrounding spaces removed."""
    return fold(query.strip())[0].strip()


def contains(text: str, folded_query: str) -> bool:
    """True when ``text`` contains the (already folded) query."""
    return bool(folded_query) and folded_query in fold(text)[0]


def spans(text: str, folded_query: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets in ``text`` of every match of the folded query."""
    if not folded_query:
        return
    folded, index = fold(text)
    start = folded.find(folded_query)
    while start != -1:
        end = start + len(folded_query)
        yield index[start], index[end - 1] + 1
        start = folded.find(folded_query, end)
