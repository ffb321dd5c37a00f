"""The reading pane: the current paragraph in full with its claims marked, neighbours dimmed."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from textual import events
from textual.cache import LRUCache
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style

from reviewer.display import screen_text
from reviewer.model import RECHECK_SYMBOL, BlockKind
from reviewer.review import search
from reviewer.review.session import ReviewSession
from reviewer.tui.hinting import HINT_SYMBOL
from reviewer.tui.labels import LABEL_STYLES, NOTE_SYMBOL, SYMBOL_STYLES, Marks, symbol
from reviewer.tui.widgets.wrapped_text import Piece, WrappedText

CURRENT_MARK = "▶"
MAX_TEXT_WIDTH = 100  # as in app.tcss: long lines are hard to read on a wide terminal
MIN_CONTEXT_LINES = 2
MEASURED_CHARS = 2000  # paragraphs up to this long are wrapped to count their rows (0.1 ms at 300)
# A current paragraph longer than this many screens is shown as a window of its claims around
# the cursor, with an ellipsis where it is cut: building and wrapping a 2 MB paragraph on every
# key cost seconds (a transcript or a one-stream PDF is one paragraph). The window is three
# pages of about a screen each, the cursor's in the middle; it moves a page at a time, so
# between two moves a key redraws only the claims it changes, and the text stays put.
WINDOW_SCREENS = 3
SCROLL_ROW_SHARE = 3  # a claim out of view is brought to a third of the way down, not to the edge
CUT_START = Content.styled("… ", "$text-muted")
PARAGRAPH_GAP = Content("\n\n")  # the blank line between two context paragraphs
CONTEXT_KEPT = 64  # context paragraphs whose Content is kept: a screen or two of them
CUT_END = Content.styled(" …", "$text-muted")
CURRENT_STYLE = "bold reverse"
FILTERED_OUT_STYLE = "$text-disabled"
MATCH_STYLE = "bold underline $text-warning"


@dataclass(frozen=True, slots=True)
class ViewState:
    """What the screen asks the pane to show."""

    cursor: int
    keep: Callable[[int], bool]  # claims the filter keeps; others are dimmed
    folded_query: str = ""
    hinted: Callable[[int], bool] = lambda _index: False  # claims a check-worthiness hint flags


class ParagraphView(VerticalScroll, can_focus=False):
    """Previous paragraph (dimmed), current paragraph (claims highlighted), next (dimmed)."""

    class ClaimClicked(Message):
        """The user clicked a claim."""

        def __init__(self, claim_index: int) -> None:
            super().__init__()
            self.claim_index = claim_index

    def __init__(self, session: ReviewSession, *, marks: Marks | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self._marks: Marks = marks or session.review  # adjudication mode shows final verdicts
        self._state: ViewState | None = None
        self._line_counts: LRUCache[tuple[int, int], int] = LRUCache(4096)
        # Claim index → what its piece of the current paragraph shows, and the piece: a key
        # builds again only the claims whose label, highlight or match changed.
        self._pieces: dict[Hashable, tuple[tuple[object, ...], Content]] = {}
        self._window_shown: tuple[int, int] | None = None
        self._cursor_row: int | None = None  # where the current claim was on the screen
        # Paragraph → what it shows as context, and its Content: moving to the next paragraph
        # builds the one that comes into view, not all of them.
        self._contexts: dict[int, tuple[tuple[object, ...], Content]] = {}
        self._before = WrappedText(id="before")
        self._current = WrappedText(id="current")
        self._after = WrappedText(id="after")
        self._before.add_class("context")
        self._after.add_class("context")

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._before
        yield self._current
        yield self._after

    def show(self, state: ViewState) -> None:
        """Render around claim ``state.cursor`` and bring it into view."""
        self._state = state
        session = self._session
        if not session.has_claims:
            self._before.show_pieces(())
            self._current.show_pieces([("none", Content("This document has no claims to review."))])
            self._after.show_pieces(())
            return
        paragraph = session.claims[state.cursor].paragraph
        # Measured a column narrower than the pane: should a scrollbar show, the text still fits.
        width = max(20, min(self.size.width - 1, MAX_TEXT_WIDTH))
        window = self._window(paragraph, state.cursor, width)
        moved = window != self._window_shown
        self._window_shown = window
        self._current.show_pieces(self._current_pieces(paragraph, state, window))
        # The current paragraph first; the rows it leaves go to the paragraphs around it, half
        # above and the rest below (all above at the end of the document).
        if window is not None:
            rows = self.size.height
        else:
            rows = len(self._current.lines_at(self._current.size.width or width))
        spare = self.size.height - rows - 2  # the two margins
        last = paragraph + 1 >= len(session.document.paragraphs)
        before, used = self._around(paragraph, -1, spare if last else spare // 2, width, state)
        after, _ = self._around(paragraph, +1, spare - used, width, state)
        self._before.show_pieces(before or ())
        self._before.display = before is not None
        self._after.show_pieces(after or ())
        self._after.display = after is not None
        keep_row = self._cursor_row if moved and window is not None else None
        self.call_after_refresh(self._scroll_to_cursor, keep_row)

    @property
    def _current_content(self) -> Content:
        """The current paragraph (or its window) as shown, unwrapped."""
        return self._current.shown

    def on_resize(self, event: events.Resize) -> None:
        if self._state is not None:
            self.show(self._state)

    def _around(
        self, paragraph: int, step: int, rows: int, width: int, state: ViewState
    ) -> tuple[list[Piece] | None, int]:
        """The paragraphs before (``step`` -1) or after (+1) ``paragraph`` that fit in ``rows``.

        Whole paragraphs while they fit, then the nearest part of the next one (of the first,
        at least two lines, however little room there is). Returns them as pieces, a blank line
        between two, and the rows they take.
        """
        found: list[Piece] = []
        used = 0
        target = paragraph + step
        rows = max(rows, MIN_CONTEXT_LINES)
        while 0 <= target < len(self._session.document.paragraphs):
            gap = 1 if found else 0  # a blank line between two paragraphs
            room = rows - used - gap
            if room < 1:
                break
            need = self._lines(target, width)
            if need <= room:
                found.append((target, self._context_content(target, state)))
            else:
                found.append((("cut", target), self._cut(target, state, step, room, width)))
            used += gap + min(need, room)
            target += step
        if not found:
            return None, 0
        if step < 0:
            found.reverse()
        pieces = found[:1]
        for key, content in found[1:]:
            pieces += [(("gap", key), PARAGRAPH_GAP), (key, content)]
        return pieces, used

    def _context_content(self, paragraph: int, state: ViewState) -> Content:
        """Paragraph ``paragraph`` whole, as context: built again only when what it shows changed."""
        shows = tuple(self._shows(index, state) for index in self._session.claims.in_paragraph(paragraph))
        known = self._contexts.get(paragraph)
        if known is not None and known[0] == shows:
            return known[1]
        if len(self._contexts) > CONTEXT_KEPT:
            self._contexts.clear()
        content = self._paragraph_content(paragraph, state)
        self._contexts[paragraph] = (shows, content)
        return content

    def _cut(self, paragraph: int, state: ViewState, step: int, rows: int, width: int) -> Content:
        """The end (``step`` -1) or start (+1) of ``paragraph`` that fits in ``rows``, with an ellipsis."""
        # By characters first (a row holds about half a word less than the width), so a huge
        # paragraph is not wrapped whole; then by rows, for short lines (a table, a list).
        chars = (width - 6) * rows
        content = self._paragraph_content(
            paragraph, state, head=0 if step < 0 else chars, tail=chars if step < 0 else 0
        )
        lines = content.wrap(width)
        if len(lines) <= rows:
            return content
        if step < 0:
            return Content("…") + Content("\n").join(lines[-rows:])
        return Content("\n").join(lines[:rows]).rstrip() + Content(" …")

    def _window(self, paragraph: int, cursor: int, width: int) -> tuple[int, int] | None:
        """The claims (first, last index) of a long paragraph to show around ``cursor``; None: all.

        The paragraph is cut into pages of about a screen of text, counted from its start; the
        window is the cursor's page and the one on each side, in whole claims.
        """
        para = self._session.document.paragraphs[paragraph]
        page = width * max(self.size.height, 10)
        if para.end - para.start <= WINDOW_SCREENS * page:
            return None
        claims = self._session.claims
        group = claims.in_paragraph(paragraph)
        at = (claims[cursor].start - para.start) // page
        low, high = para.start + (at - 1) * page, para.start + (at + 2) * page
        first = bisect.bisect_left(group, low, key=lambda index: claims[index].start)
        last = bisect.bisect_left(group, high, key=lambda index: claims[index].start)
        # The cursor's claim starts in page ``at``, between the two bounds: both hold it.
        return group[first], group[last - 1]

    def _lines(self, paragraph: int, width: int) -> int:
        """How many rows paragraph ``paragraph`` takes at ``width`` (cached: the text never changes).

        Wrapped to count, unless it is long: then estimated from its length, as wrapping a long
        paragraph to measure it would cost more than the key.
        """
        key = (paragraph, width)
        lines = self._line_counts.get(key)
        if lines is None:
            text = self._session.document.paragraph_text(paragraph)
            if len(text) <= MEASURED_CHARS:
                lines = len(Content(text).wrap(width))
            else:
                lines = sum(max(1, -(-len(line) // (width - 6))) for line in text.split("\n"))
            self._line_counts[key] = lines
        return lines

    def _current_pieces(
        self, paragraph: int, state: ViewState, window: tuple[int, int] | None
    ) -> list[Piece]:
        """The current paragraph (or its ``window`` of claims) as pieces, one per claim.

        A claim's piece carries the text between it and the claim before; it is built again
        only when what it shows changes (see ``_claim_piece``).
        """
        document = self._session.document
        para = document.paragraphs[paragraph]
        claims = document.claims
        group: Sequence[int] = claims.in_paragraph(paragraph)
        begin, finish = para.start, para.end
        if window is not None:
            group = range(window[0], window[1] + 1)
            begin, finish = claims[window[0]].start, claims[window[1]].end
        code = para.kind == BlockKind.CODE
        pieces: list[Piece] = [("cut", CUT_START)] if begin > para.start else []
        position = begin
        for index in group:
            pieces.append((index, self._claim_piece(index, position, state, code)))
            position = claims[index].end
        if position < finish:  # text after the last claim (the paragraph's own end)
            pieces.append(("rest", self._text_piece(position, finish, code)))
        if finish < para.end:
            pieces.append(("more", CUT_END))
        if len(self._pieces) > 2 * len(pieces) + 64:  # the cursor moved on: forget pieces far behind
            keys = {key for key, _ in pieces}
            self._pieces = {key: piece for key, piece in self._pieces.items() if key in keys}
        return pieces

    def _claim_piece(self, index: int, position: int, state: ViewState, code: bool) -> Content:
        """Claim ``index`` with the text before it from ``position``, built again only if it changed."""
        claim = self._session.claims[index]
        shows = (position, code, *self._shows(index, state))
        known = self._pieces.get(index)
        if known is not None and known[0] == shows:
            return known[1]
        raw = self._session.document.text[position : claim.end]
        text = screen_text(raw)
        start = claim.start - position
        content = self._claim_content(index, text[start:], raw[start:], state)
        if start:
            content = Content(text[:start]) + content
        if code:
            content = content.stylize("$text-muted")
        self._pieces[index] = (shows, content)
        return content

    def _shows(self, index: int, state: ViewState) -> tuple[object, ...]:
        """Everything claim ``index`` is drawn from: what it says, its marks and its highlights."""
        claim = self._session.claims[index]
        review = self._marks(index)
        return (
            claim.start,
            claim.end,
            review.label if review else None,
            bool(review and review.recheck),
            bool(review and (review.note or review.sources)),
            state.keep(index),
            state.hinted(index),
            index == state.cursor,
            state.folded_query,
        )

    def _text_piece(self, start: int, end: int, code: bool) -> Content:
        """The paragraph's text after its last claim, ``start`` to ``end``, kept while it is the same."""
        shows = (start, end, code)
        known = self._pieces.get("rest")
        if known is not None and known[0] == shows:
            return known[1]
        content = Content(screen_text(self._session.document.text[start:end]))
        if code:
            content = content.stylize("$text-muted")
        self._pieces["rest"] = (shows, content)
        return content

    def _paragraph_content(
        self, paragraph: int, state: ViewState, *, head: int = 0, tail: int = 0
    ) -> Content:
        """One paragraph as Content: claims styled by label, clickable, cut for context if asked.

        With ``head`` (or ``tail``) only about that many characters of its start (or end) are
        built, whatever its length, and cut at a space with an ellipsis. The text is shown
        through ``screen_text``, which keeps its length: the claims' offsets (and the search
        matches found in the raw text) index the shown text exactly.
        """
        document = self._session.document
        para = document.paragraphs[paragraph]
        claims = document.claims
        group: Sequence[int] = claims.in_paragraph(paragraph)
        begin, finish = para.start, para.end
        if head:
            finish = min(finish, begin + head + 1)
        if tail:
            begin = max(begin, finish - tail - 1)
        if (begin, finish) != (para.start, para.end):  # only the claims of the part shown
            first = bisect.bisect_right(group, begin, key=lambda index: claims[index].end)
            group = group[first : bisect.bisect_left(group, finish, key=lambda index: claims[index].start)]
        raw = document.text[begin:finish]
        text = screen_text(raw)
        parts: list[Content] = []
        position = 0
        for index in group:
            claim = claims[index]
            start, end = max(claim.start, begin) - begin, min(claim.end, finish) - begin
            if start > position:
                parts.append(Content(text[position:start]))
            parts.append(self._claim_content(index, text[start:end], raw[start:end], state))
            position = end
        if position < len(text):
            parts.append(Content(text[position:]))
        content = Content("").join(parts) if parts else Content(text)
        if para.kind == BlockKind.CODE:
            content = content.stylize("$text-muted")
        if head and len(content) > head:
            cut = content.plain.rfind(" ", 0, head)
            content = content[: cut if cut > head // 2 else head].rstrip() + Content(" …")
        if tail and len(content) > tail:
            cut = content.plain.find(" ", len(content) - tail)
            content = (
                Content("…") + content[cut if 0 <= cut < len(content) - tail // 2 else len(content) - tail :]
            )
        return content

    def _claim_content(self, index: int, text: str, raw: str, state: ViewState) -> Content:
        """Claim ``index`` shown as ``text``; search matches are found in ``raw``, its stored text."""
        review = self._marks(index)
        label = review.label if review else None
        content = Content(text)
        if label is not None:
            content = content.stylize(LABEL_STYLES[label])
        if not state.keep(index):
            content = content.stylize(FILTERED_OUT_STYLE)
        for start, end in search.spans(raw, state.folded_query):
            content = content.stylize(MATCH_STYLE, start, end)
        if index == state.cursor:
            content = content.stylize(CURRENT_STYLE)
        prefix: list[Content] = []
        if index == state.cursor:
            prefix.append(Content.styled(CURRENT_MARK + " ", "bold $accent"))
        if label is not None:
            prefix.append(Content.styled(symbol(label) + " ", SYMBOL_STYLES[label]))
        if review and review.recheck:
            prefix.append(Content.styled(RECHECK_SYMBOL + " ", "bold $text-warning"))
        if review and (review.note or review.sources):
            prefix.append(Content.styled(NOTE_SYMBOL + " ", "$text-warning"))
        if state.hinted(index):
            prefix.append(Content.styled(HINT_SYMBOL + " ", "bold $text-primary"))
        whole = Content("").join([*prefix, content])
        return whole.stylize(Style.from_meta({"claim": index}))

    def _scroll_to_cursor(self, keep_row: int | None = None) -> None:
        """Bring the current claim into view if it is not: to a third of the way down.

        Scrolling by as little as needed would scroll (a whole repaint) on every key once the
        cursor reaches the bottom; this scrolls once every few lines. With ``keep_row`` (the
        window of a long paragraph moved a page), the claim stays on the row it was on.
        """
        state = self._state
        if state is None or not self._session.has_claims:
            return
        current = self._current
        rows = current.rows_of(state.cursor)
        if rows is None or current.size.width <= 0:
            return
        top = current.virtual_region.y
        first, last = top + rows[0], top + rows[1]
        height = self.size.height
        scroll = round(self.scroll_offset.y)
        if keep_row is not None and 0 <= keep_row < height:
            target = first - keep_row
        elif scroll <= first and last < scroll + height:
            target = scroll  # in view: leave it
        elif rows[0] == 0 and first <= height // 2:
            target = 0  # keep the context above in view
        else:
            target = first - min(height // SCROLL_ROW_SHARE, max(0, height - 1 - (last - first)))
        target = max(0, min(target, round(self.max_scroll_y)))
        if target != scroll:
            self.scroll_to(y=target, animate=False, immediate=True, force=True)
        self._cursor_row = first - target

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta if event.style else {}
        if "claim" in meta:
            event.stop()
            self.post_message(self.ClaimClicked(int(meta["claim"])))
