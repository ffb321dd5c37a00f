"""A Static given its text as pieces (one per claim), wrapped piece by piece and redrawn line by line.

A ``Static`` wraps and renders its whole text whenever it changes, and its height is measured
by wrapping it once more. For the reading pane's current paragraph that is every key, and a
paragraph of many screens (a transcript, a one-line file) cost a few times an article's key.
Here each piece keeps its wrapped lines until it, the width or the line it continues changes,
so a key re-wraps the two claims whose highlight moved, and only the lines that differ are drawn
again. The result is exactly the whole text's wrap: greedy wrapping depends only on where a line
starts, so a piece is wrapped together with the last line of the piece before it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static

Piece = tuple[Hashable, Content]  # a key that names the piece across updates, and its text


@dataclass(frozen=True, slots=True)
class _Wrapped:
    """One piece's lines, and what they were wrapped from."""

    piece: Content
    carry: Content | None  # the line of the previous piece it continues (None: a line of its own)
    width: int
    lines: list[Content]


def same(a: Content | None, b: Content | None) -> bool:
    """True when two lines show the same text with the same styles."""
    if a is b:
        return True
    if a is None or b is None:
        return False
    return a.plain == b.plain and a.spans == b.spans


class WrappedText(Static):
    """The text of its pieces, run together and wrapped to the widget's width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._pieces: tuple[Piece, ...] = ()
        self._joined: Content | None = None
        self._wrapped: dict[Hashable, _Wrapped] = {}
        self._lines: list[Content] = []
        self._width = 0  # the width ``_lines`` are wrapped at; 0: to wrap again
        self._rows: dict[Hashable, tuple[int, int]] = {}  # piece key → its first and last line
        # id(line) → the line and its strip: a line that only moves (the paragraphs around the
        # cursor, when it goes to the next one) is not rendered again. The line is kept beside
        # its strip so that its id cannot be reused while the entry lives.
        self._strips: dict[int, tuple[Content, Strip]] = {}
        self._strips_width = 0

    @property
    def shown(self) -> Content:
        """The whole text, as one Content (what a Static would show)."""
        if self._joined is None:
            self._joined = Content("").join(piece for _, piece in self._pieces)
        return self._joined

    def render(self) -> Content:
        return self.shown

    def show_pieces(self, pieces: Sequence[Piece]) -> None:
        """Show ``pieces``; only the lines that change are drawn again."""
        pieces = tuple(pieces)
        old = self._pieces
        if len(pieces) == len(old) and all(
            a[0] == b[0] and a[1] is b[1] for a, b in zip(pieces, old, strict=True)
        ):
            return
        self._pieces = pieces
        self._joined = None
        self._forget(pieces)
        width = self._width
        if not width or not self.is_mounted:
            self._width = 0
            self.refresh(layout=True)
            return
        before = self._lines
        after = self._wrap(width)
        if len(after) != len(before):
            self.refresh(layout=True)  # its height changes
            return
        changed = [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if not same(a, b)]
        if changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def rows_of(self, key: Hashable) -> tuple[int, int] | None:
        """The first and last line piece ``key`` takes at the width last wrapped at, if shown."""
        return self._rows.get(key)

    def lines_at(self, width: int) -> list[Content]:
        """The text's lines at ``width`` (wrapped again only for what changed)."""
        if width != self._width:
            self._wrap(width)
        return self._lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines_at(width)) if width > 0 else 0

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self.lines_at(width)
        if y >= len(lines) or width <= 0:
            return Strip.blank(width, self.visual_style.rich_style)
        line = lines[y]
        if width != self._strips_width or len(self._strips) > 2 * len(lines) + 64:
            self._strips, self._strips_width = {}, width
        known = self._strips.get(id(line))
        if known is not None and known[0] is line and self.text_selection is None:
            return known[1]
        strips = Visual.to_strips(self, line, width, 1, self.visual_style)
        strip = strips[0] if strips else Strip.blank(width, self.visual_style.rich_style)
        self._strips[id(line)] = (line, strip)
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = {}  # a new theme or style: every line is drawn again

    def _forget(self, pieces: tuple[Piece, ...]) -> None:
        """Drop the wrapped lines of pieces no longer shown, once they outnumber those shown."""
        if len(self._wrapped) > 2 * len(pieces) + 64:
            keys = {key for key, _ in pieces}
            self._wrapped = {key: wrapped for key, wrapped in self._wrapped.items() if key in keys}

    def _wrap(self, width: int) -> list[Content]:
        lines: list[Content] = []
        rows: dict[Hashable, tuple[int, int]] = {}
        carry: Content | None = None
        cache = self._wrapped
        for key, piece in self._pieces:
            known = cache.get(key)
            fresh = known is not None and known.piece is piece and known.width == width
            if known is not None and fresh and same(known.carry, carry):
                out = known.lines
            else:
                out = (piece if carry is None else carry + piece).wrap(width)
                cache[key] = _Wrapped(piece, carry, width, out)
            if not out:
                continue
            if carry is None:
                first = len(lines)
                lines.extend(out)
            else:
                # The piece's own text starts on the line it continues if any of it fits there.
                joined = len(out[0].plain.rstrip()) > len(carry.plain.rstrip())
                first = len(lines) - 1 if joined else len(lines)
                lines[-1:] = out
            rows[key] = (first, len(lines) - 1)
            carry = lines[-1]
        self._lines, self._rows, self._width = lines, rows, width
        return lines
