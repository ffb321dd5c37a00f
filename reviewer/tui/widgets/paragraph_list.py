"""The paragraph list: one line per paragraph with its label badge and note marker, drawn on demand."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewer.display import screen_text
from reviewer.model import RECHECK_SYMBOL, BlockKind
from reviewer.review.session import ReviewSession
from reviewer.tui.labels import (
    BADGE_MAX_GLYPHS,
    NOTE_SYMBOL,
    SYMBOL_STYLES,
    Marked,
    Marks,
    badge_counts,
    badge_parts,
)

PREVIEW_CHARS = 120  # more than any list is wide; the line is cut with an ellipsis by CSS


def paragraph_prompt(
    session: ReviewSession,
    paragraph: int,
    number_width: int,
    badge_width: int = BADGE_MAX_GLYPHS,
    *,
    recheck_column: bool = False,
    marks: Marks | None = None,
) -> Content:
    """``  12 ✔✔·✘ ✎ Drivers who cross…``: number, badge, note marker, start of the text.

    With ``recheck_column`` (the document changed under some reviews), a ↻ after the note
    marker flags a paragraph with a claim to recheck. ``marks`` gives what each claim shows
    (default: the session's own reviews).
    """
    own = marks is None  # the session's own reviews, which it can list by range
    marks = marks or session.review
    document = session.document
    known = document.claims.known_in(paragraph)
    claims = known or ()
    kind = document.paragraphs[paragraph].kind
    if own and len(claims) > BADGE_MAX_GLYPHS:
        reviews: Sequence[Marked] = session.reviews_between(claims[0], claims[-1])
    else:
        reviews = [review for index in claims if (review := marks(index)) is not None]
    parts: list[Content | str | tuple[str, str]] = [(f"{paragraph + 1:>{number_width}} ", "$text-muted")]
    if known is None and kind != BlockKind.CODE:  # not segmented yet: its badge comes shortly
        parts.append(("…".ljust(badge_width + 1), "$text-muted"))
    elif kind == BlockKind.CODE or not claims:
        parts.append(("code" if kind == BlockKind.CODE else "—").ljust(badge_width + 1))
    else:
        if len(claims) > BADGE_MAX_GLYPHS:
            badge = badge_counts([review.label for review in reviews if review.label], len(claims))
        else:
            badge = badge_parts([mark.label if (mark := marks(index)) else None for index in claims])
        width = 0
        for text, label in badge:
            parts.append((text, SYMBOL_STYLES[label]) if label else (text, "$text-muted"))
            width += len(text)
        parts.append(" " * max(1, badge_width + 1 - width))
    noted = any(review.note or review.sources for review in reviews)
    parts.append((NOTE_SYMBOL, "$text-warning") if noted else " ")
    if recheck_column:
        recheck = any(review.recheck for review in reviews)
        parts.append((RECHECK_SYMBOL, "bold $text-warning") if recheck else " ")
    parts.append(" ")
    start = document.paragraph_text(paragraph)[: PREVIEW_CHARS * 2]
    preview = screen_text(" ".join(start.split())[:PREVIEW_CHARS])
    if kind == BlockKind.HEADING:
        parts.append((preview.lstrip("# "), "bold"))
    elif kind == BlockKind.CODE or known == ():
        parts.append((preview, "$text-muted"))
    else:
        parts.append(preview)
    return Content.assemble(*parts)


class ParagraphList(ScrollView, can_focus=False):
    """Paragraphs of the document, one line each; the screen owns which one is current.

    Lines are drawn only when they scroll into view (Textual's line API), so a book-length
    document with tens of thousands of paragraphs costs no more to show than an article.
    Not focusable: every key goes to the screen, so j/k never fight a cursor of the list's
    own. A click posts :class:`ParagraphList.ParagraphClicked`.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"paragraph-list--row", "paragraph-list--highlighted"}

    class ParagraphClicked(Message):
        """The user clicked a paragraph."""

        def __init__(self, paragraph: int) -> None:
            super().__init__()
            self.paragraph = paragraph

    def __init__(self, session: ReviewSession, *, marks: Marks | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self._marks = marks
        self._rows: Sequence[int] = ()  # the paragraph shown on each row
        self._row_of: dict[int, int] | None = None  # None: row r shows paragraph r
        self.highlighted: int | None = None  # a row
        self._number_width = len(str(len(session.document.paragraphs)))
        if session.claims_known:
            longest = max((len(claims) for claims in session.document.claims.by_paragraph()), default=0)
            self._badge_width = max(4, min(BADGE_MAX_GLYPHS, longest))
        else:  # not segmented yet: leave room for the widest badge rather than move columns later
            self._badge_width = BADGE_MAX_GLYPHS
        self._lines: LRUCache[tuple[int, bool, int], Strip] = LRUCache(1024)
        self._recheck_column = False  # shown only while some claim of the document needs a recheck

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Every layout pass of the screen hands a ScrollView the size of its arranged children
        # as its "virtual size"; ours is the row count, so they always differ and Textual would
        # rebuild the scrollbar and repaint every row after any key that moves the reading pane.
        # Only our own virtual size is news. (Textual is pinned, so this private hook holds.)
        return super()._size_updated(size, self.virtual_size, container_size, layout)

    @property
    def row_count(self) -> int:
        """How many paragraphs the list shows."""
        return len(self._rows)

    def show_paragraphs(self, paragraphs: Sequence[int]) -> None:
        """Show ``paragraphs`` (all of them as a ``range``, or those a filter keeps)."""
        self._rows = paragraphs
        self._recheck_column = self._session.counts(so_far=True).recheck > 0
        everything = isinstance(paragraphs, range) and paragraphs.start == 0 and paragraphs.step == 1
        self._row_of = None if everything else {paragraph: row for row, paragraph in enumerate(paragraphs)}
        if self.highlighted is not None and self.highlighted >= len(paragraphs):
            self.highlighted = None
        self._lines.clear()
        self.virtual_size = Size(0, len(paragraphs))  # lines are cut to the width, never scrolled sideways
        self.refresh()

    def _row(self, paragraph: int) -> int | None:
        if self._row_of is None:
            return paragraph if 0 <= paragraph < len(self._rows) else None
        return self._row_of.get(paragraph)

    def refresh_paragraph(self, paragraph: int) -> None:
        """Redraw one paragraph's line after its labels or notes changed."""
        row = self._row(paragraph)
        if row is not None:
            self._forget(row)
            self.refresh_line(row)

    def refresh_rows(self) -> None:
        """Redraw every visible line (e.g. once more paragraphs are segmented)."""
        self._lines.clear()
        self.refresh()

    def _forget(self, row: int) -> None:
        for highlighted in (False, True):
            self._lines.discard((row, highlighted, self.scrollable_content_region.width))

    def select_paragraph(self, paragraph: int) -> None:
        """Highlight ``paragraph`` (or the nearest listed one before it) and scroll to it."""
        row = self._row(paragraph)
        if row is None and self._row_of is not None:
            earlier = bisect.bisect_right(self._rows, paragraph) - 1
            row = earlier if earlier >= 0 else (0 if self._rows else None)
        if row == self.highlighted:
            return
        for old in (self.highlighted, row):
            if old is not None:
                self._forget(old)
                self.refresh_line(old)
        self.highlighted = row
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if row is not None and height > 0 and not top <= row < top + height:
            # Out of view: bring it to a third of the way down rather than to the edge, so the
            # next rows are in view too and the list scrolls (a whole repaint) once a page, not
            # on every key.
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True, force=True)

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        highlighted = row == self.highlighted
        key = (row, highlighted, width)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        if row >= len(self._rows):
            return Strip.blank(width, self.get_visual_style("paragraph-list--row").rich_style)
        if highlighted:
            style = self.get_visual_style("paragraph-list--row", "paragraph-list--highlighted")
        else:
            style = self.get_visual_style("paragraph-list--row")
        paragraph = self._rows[row]
        prompt = Content(" ") + paragraph_prompt(
            self._session,
            paragraph,
            self._number_width,
            self._badge_width,
            recheck_column=self._recheck_column,
            marks=self._marks,
        )
        # One line, cut with an ellipsis: rendered straight to segments, at half the cost of the
        # general Visual.to_strips (which wraps and aligns). Theme variables ($text-muted…) are
        # resolved by the widget's style lookup.
        line = prompt.truncate(width, ellipsis=True, pad=True)
        segments = [Segment(text, part.rich_style) for text, part in line.render(style, "", self._get_style)]
        strip = Strip(segments, width).apply_meta({"paragraph": paragraph})
        self._lines[key] = strip
        return strip

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta if event.style else {}
        if "paragraph" in meta:
            event.stop()
            self.post_message(self.ParagraphClicked(int(meta["paragraph"])))
