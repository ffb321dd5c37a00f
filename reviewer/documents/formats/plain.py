"""Plain text: paragraphs are separated by blank lines, or by single newlines in transcripts and lists."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from reviewer.documents.formats.base import ParsedText
from reviewer.documents.spans import Blocks
from reviewer.model import Block, BlockKind

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")
_TITLE_MAX = 160
# Where a transcript's turn or a list's item begins: a time code, a speaker's tag ("MARIE:",
# "Dr. Smith:", "Q:"), a bullet or an item number. Used with match(text, pos): no "^", which
# would not match at pos.
_TIME_CODE = r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?"
_SPEAKER = re.compile(
    rf"[ \t]*(?:{_TIME_CODE}[ \t]*(?:-->.*)?$|{_TIME_CODE}\s|[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?: [\w'’.\-]+){{0,2}}:\s)"
)
_BULLET = re.compile(r"[ \t]*(?:[-*•‣◦–—·+]|\d{1,3}[.)]|[a-zA-Z][.)])[ \t]+\S")
_MIN_MARKED = 3  # turns or items before a block counts as a transcript or a list
_MIN_MARKED_SHARE = 0.1  # hard-wrapped turns: a marked line, then its continuation lines
_MIN_LINES = 5  # unmarked lines (a list without bullets, a paragraph per line) split only in number
_WRAP_SHARE = 0.5  # this share of lines running on to the next one is hard-wrapped prose
_SENTENCE_END = frozenset('.!?:;»"”’)…')


class PlainTextReader:
    """Reads ``.txt`` (and unknown suffixes)."""

    name = "text"

    def parse(self, text: str, path: Path) -> ParsedText:
        """Split on blank lines, then transcripts and lists by line; a short first line is the title."""
        paragraphs = split_paragraphs(text)
        blocks = Blocks()
        starts, ends, find = blocks.starts, blocks.ends, text.find
        for start, end in paragraphs:
            if find("\n", start, end) < 0:  # one line, as most are: no object made for it
                starts.append(start)
                ends.append(end)
            else:
                for block in split_lines(text, start, end):
                    blocks.add(block.start, block.end, block.kind)
        title = ""
        if paragraphs:
            first = text[paragraphs[0][0] : paragraphs[0][1]]
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


def split_lines(text: str, start: int, end: int) -> list[Block]:
    """The paragraph ``text[start:end]`` as one block, or one per turn or item if it is a transcript or list.

    A transcript or a list separated by single newlines is one paragraph of 195 KB to the blank-
    line rule, which the screen cannot show. A block splits before each line that starts with a
    time code, a speaker's tag or a bullet, when there are enough of them; failing that, many short
    lines that do not run on into each other (hard-wrapped prose does) split one per line.
    """
    if text.find("\n", start, end) < 0:  # one line: most paragraphs, and 100,000 of them in some files
        return [Block(start, end)]
    lines = _lines(text, start, end)
    if len(lines) < 2:
        return [Block(start, end)]
    marked = [bool(_SPEAKER.match(text, a, b) or _BULLET.match(text, a, b)) for a, b in lines]
    count = sum(marked)
    if count >= _MIN_MARKED and count >= _MIN_MARKED_SHARE * len(lines):
        cuts = [0] + [index for index in range(1, len(lines)) if marked[index]]
        groups = [lines[cut:stop] for cut, stop in zip(cuts, [*cuts[1:], len(lines)], strict=True)]
        return [_block(text, group[0][0], group[-1][1]) for group in groups]
    if len(lines) >= _MIN_LINES and not _hard_wrapped(text, lines):
        return [_block(text, a, b) for a, b in lines if b > a]
    return [Block(start, end)]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line in ``text[start:end]``, trimmed."""
    spans = []
    position = start
    while position < end:
        stop = text.find("\n", position, end)
        stop = end if stop < 0 else stop
        left, right = position, stop
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if right > left:
            spans.append((left, right))
        position = stop + 1
    return spans


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when most lines are cut near one width and run on into the next: prose an editor wrapped.

    Lines that each end a sentence, or are much shorter than the rest, are a list, a transcript
    or one paragraph per line, and split.
    """
    lengths = sorted(b - a for a, b in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]  # not the longest: one long line would skew it
    runs_on = sum(
        1
        for (a, b), (c, _d) in itertools.pairwise(lines)
        if b - a >= 0.7 * width and (text[c].islower() or text[b - 1] not in _SENTENCE_END)
    )
    return runs_on >= _WRAP_SHARE * (len(lines) - 1)


def _block(text: str, start: int, end: int) -> Block:
    kind = BlockKind.LIST_ITEM if _BULLET.match(text, start, end) else BlockKind.TEXT
    return Block(start, end, kind)
