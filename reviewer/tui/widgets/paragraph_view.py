"""The reading pane: the current paragraph in full with its claims marked, neighbours dimmed."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.cache import LRUCache
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.style import Style

from reviewer.display import screen_text
from reviewer.model import RECHECK_SYMBOL, BlockKind
from reviewer.review import search
from reviewer.review.session import ReviewSession
from reviewer.tui.hinting import HINT_SYMBOL
from reviewer.tui.labels import LABEL_STYLES, NOTE_SYMBOL, SYMBOL_STYLES, Marks, symbol
from reviewer.tui.widgets.quiet_static import QuietStatic

CURRENT_MARK = "▶"
MAX_TEXT_WIDTH = 100  # as in app.tcss: long lines are hard to read on a wide terminal
MIN_CONTEXT_LINES = 2
MEASURED_CHARS = 2000  # paragraphs up to this long are wrapped to count their rows (0.1 ms at 300)
# A current paragraph longer than this many screens is shown as a window of its claims around
# the cursor, with an ellipsis where it is cut: building and wrapping a 2 MB paragraph on every
# key cost seconds (a transcript or a one-stream PDF is one paragraph).
WINDOW_SCREENS = 3
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
        self._current_content = Content("")
        self._cursor_offset = 0  # where the current claim starts in the rendered paragraph
        self._line_counts: LRUCache[tuple[int, int], int] = LRUCache(4096)
        self._before = QuietStatic(id="before")
        self._current = QuietStatic(id="current")
        self._after = QuietStatic(id="after")
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
            self._before.show_content("")
            self._current.show_content(Content("This document has no claims to review."))
            self._after.show_content("")
            return
        paragraph = session.claims[state.cursor].paragraph
        # Measured a column narrower than the pane: should a scrollbar show, the text still fits.
        width = max(20, min(self.size.width - 1, MAX_TEXT_WIDTH))
        window = self._window(paragraph, state.cursor, width)
        # The current paragraph first; the rows it leaves go to the paragraphs around it, half
        # above and the rest below (all above at the end of the document).
        rows = self._lines(paragraph, width) if window is None else self.size.height
        spare = self.size.height - rows - 2  # the two margins
        last = paragraph + 1 >= len(session.document.paragraphs)
        before, used = self._around(paragraph, -1, spare if last else spare // 2, width, state)
        after, _ = self._around(paragraph, +1, spare - used, width, state)
        self._before.show_content(before or "")
        self._before.display = before is not None
        self._current_content = self._paragraph_content(paragraph, state, window=window)
        self._current.show_content(self._current_content)
        self._after.show_content(after or "")
        self._after.display = after is not None
        self.call_after_refresh(self._scroll_to_cursor)

    def on_resize(self, event: events.Resize) -> None:
        if self._state is not None:
            self.show(self._state)

    def _around(
        self, paragraph: int, step: int, rows: int, width: int, state: ViewState
    ) -> tuple[Content | None, int]:
        """The paragraphs before (``step`` -1) or after (+1) ``paragraph`` that fit in ``rows``.

        Whole paragraphs while they fit, then the nearest part of the next one (of the first,
        at least two lines, however little room there is). Returns them and the rows they take.
        """
        parts: list[Content] = []
        used = 0
        target = paragraph + step
        rows = max(rows, MIN_CONTEXT_LINES)
        while 0 <= target < len(self._session.document.paragraphs):
            gap = 1 if parts else 0  # a blank line between two paragraphs
            room = rows - used - gap
            if room < 1:
                break
            need = self._lines(target, width)
            if need <= room:
                parts.append(self._paragraph_content(target, state))
            else:
                parts.append(self._cut(target, state, step, room, width))
            used += gap + min(need, room)
            target += step
        if not parts:
            return None, 0
        if step < 0:
            parts.reverse()
        return Content("\n\n").join(parts), used

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

        About a screen of text on each side of the current claim, in whole claims.
        """
        para = self._session.document.paragraphs[paragraph]
        screen = width * max(self.size.height, 10)
        if para.end - para.start <= WINDOW_SCREENS * screen:
            return None
        claims = self._session.claims
        group = claims.in_paragraph(paragraph)
        current = claims[cursor]
        first = bisect.bisect_left(group, current.start - screen, key=lambda index: claims[index].end)
        last = bisect.bisect_right(group, current.end + screen, key=lambda index: claims[index].start)
        # The current claim's end is past the first bound and its start before the last: both hold it.
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

    def _paragraph_content(
        self,
        paragraph: int,
        state: ViewState,
        *,
        head: int = 0,
        tail: int = 0,
        window: tuple[int, int] | None = None,
    ) -> Content:
        """One paragraph as Content: claims styled by label, clickable, cut for context if asked.

        ``window`` (first and last claim index) shows only those claims of a long paragraph,
        with an ellipsis where the paragraph goes on. The text is shown through ``screen_text``,
        which keeps its length: the claims' offsets (and the search matches found in the raw
        text) index the shown text exactly.
        """
        session = self._session
        document = session.document
        para = document.paragraphs[paragraph]
        claims = document.claims
        group = claims.in_paragraph(paragraph)
        begin, finish = para.start, para.end
        if window is not None:
            group = tuple(range(window[0], window[1] + 1))
            begin, finish = claims[window[0]].start, claims[window[1]].end
        raw = document.text[begin:finish]
        text = screen_text(raw)
        parts: list[Content] = []
        if begin > para.start:
            parts.append(Content.styled("… ", "$text-muted"))
        position = 0
        for index in group:
            claim = claims[index]
            start, end = claim.start - begin, claim.end - begin
            if start > position:
                parts.append(Content(text[position:start]))
            if index == state.cursor:
                self._cursor_offset = sum(len(part) for part in parts)
            parts.append(self._claim_content(index, text[start:end], raw[start:end], state))
            position = end
        if position < len(text):
            parts.append(Content(text[position:]))
        if finish < para.end:
            parts.append(Content.styled(" …", "$text-muted"))
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

    def _scroll_to_cursor(self) -> None:
        """Scroll so the line holding the current claim's start is visible."""
        state = self._state
        session = self._session
        if state is None or not session.has_claims:
            return
        claim = session.claims[state.cursor]
        width = self._current.content_region.width
        if width <= 0:
            return
        before_text = self._current_content[: self._cursor_offset] if self._cursor_offset else None
        line = len(before_text.wrap(width)) - 1 if before_text else 0
        top = self._current.virtual_region.y
        height = max(1, len(Content(screen_text(claim.text)).wrap(width)))
        self.scroll_to_region(Region(0, top + line, width, height + 1), animate=False, immediate=True)
        if line == 0 and top <= self.size.height // 2:
            self.scroll_home(animate=False, immediate=True)  # keep the context above in view

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta if event.style else {}
        if "claim" in meta:
            event.stop()
            self.post_message(self.ClaimClicked(int(meta["claim"])))
