"""Case- and accent-insensitive text search over claims, with offsets back into the original."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator


def fold(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching (casefold, accents stripped); also map each folded char back.

    ``index[i]`` is the offset in ``text`` of the character that produced folded char ``i``,
    so a match in the folded text can be highlighted in the original.
    """
    if text.isascii():  # the common case, and length-preserving: no per-character work
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    index: list[int] = []
    for offset, char in enumerate(text):
        for part in unicodedata.normalize("NFD", char.casefold()):
            if unicodedata.combining(part):
                continue
            folded.append(part)
            index.append(offset)
    return "".join(folded), index


def fold_query(query: str) -> str:
    """The folded form of a search query, with surrounding spaces removed."""
    return fold(query.strip())[0]


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
