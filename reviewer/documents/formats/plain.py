"""Plain text: paragraphs are separated by blank lines; offsets index the text itself."""

from __future__ import annotations

import re
from pathlib import Path

from reviewer.documents.formats.base import ParsedText
from reviewer.model import Block

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")
_TITLE_MAX = 160


class PlainTextReader:
    """Reads ``.txt`` (and unknown suffixes)."""

    name = "text"

    def parse(self, text: str, path: Path) -> ParsedText:
        """Split on blank lines; the first paragraph is the title when it is one short line."""
        blocks = tuple(Block(start, end) for start, end in split_paragraphs(text))
        title = ""
        if blocks:
            first = text[blocks[0].start : blocks[0].end]
            if "\n" not in first and len(first) <= _TITLE_MAX:
                title = first
        return ParsedText(text=text, blocks=blocks, title=title)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each blank-line separated paragraph, trimmed of surrounding space."""
    spans = []
    position = 0
    for separator in _BLANK_LINES.finditer(text):
        spans.append((position, separator.start()))
        position = separator.end()
    spans.append((position, len(text)))
    trimmed = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            trimmed.append((start, end))
    return trimmed
