"""The reading pane: the current paragraph in full with its claims marked, neighbours dimmed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.style import Style

from reviewer.model import BlockKind
from reviewer.review import search
from reviewer.review.session import ReviewSession
from reviewer.tui.labels import LABEL_STYLES, NOTE_SYMBOL, SYMBOL_STYLES, Marks
from reviewer.tui.widgets.quiet_static import QuietStatic

CURRENT_MARK = "▶"
CURRENT_STYLE = "bold reverse"
FILTERED_OUT_STYLE = "$text-disabled"
MATCH_STYLE = "bold underline $text-warning"


@dataclass(frozen=True, slots=True)
class ViewState:
    """What the screen asks the pane to show."""

    cursor: int
    keep: Callable[[int], bool]  # claims the filter keeps; others are dimmed
    folded_query: str = ""


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
        budget = self._context_budget()
        before = self._neighbour(paragraph, -1)
        after = self._neighbour(paragraph, +1)
        self._before.show_content(
            self._paragraph_content(before, state, tail=budget) if before is not None else ""
        )
        self._before.display = before is not None
        self._current_content = self._paragraph_content(paragraph, state)
        self._current.show_content(self._current_content)
        self._after.show_content(
            self._paragraph_content(after, state, head=budget) if after is not None else ""
        )
        self._after.display = after is not None
        self.call_after_refresh(self._scroll_to_cursor)

    def on_resize(self, event: events.Resize) -> None:
        if self._state is not None:
            self.show(self._state)

    def _context_budget(self) -> int:
        """How many characters of each neighbour to show: about two lines, more on tall screens."""
        width = max(20, self.size.width - 4)
        lines = 2 if self.size.height < 30 else 4
        return width * lines

    def _neighbour(self, paragraph: int, step: int) -> int | None:
        target = paragraph + step
        if 0 <= target < len(self._session.document.paragraphs):
            return target
        return None

    def _paragraph_content(
        self, paragraph: int, state: ViewState, *, head: int = 0, tail: int = 0
    ) -> Content:
        """One paragraph as Content: claims styled by label, clickable, cut for context if asked."""
        session = self._session
        document = session.document
        para = document.paragraphs[paragraph]
        text = document.text[para.start : para.end]
        parts: list[Content] = []
        position = 0
        for index in document.claims.in_paragraph(paragraph):
            claim = document.claims[index]
            start, end = claim.start - para.start, claim.end - para.start
            if start > position:
                parts.append(Content(text[position:start]))
            if index == state.cursor:
                self._cursor_offset = sum(len(part) for part in parts)
            parts.append(self._claim_content(index, text[start:end], state))
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

    def _claim_content(self, index: int, text: str, state: ViewState) -> Content:
        review = self._marks(index)
        label = review.label if review else None
        content = Content(text)
        if label is not None:
            content = content.stylize(LABEL_STYLES[label])
        if not state.keep(index):
            content = content.stylize(FILTERED_OUT_STYLE)
        for start, end in search.spans(text, state.folded_query):
            content = content.stylize(MATCH_STYLE, start, end)
        if index == state.cursor:
            content = content.stylize(CURRENT_STYLE)
        prefix: list[Content] = []
        if index == state.cursor:
            prefix.append(Content.styled(CURRENT_MARK + " ", "bold $accent"))
        if label is not None:
            prefix.append(Content.styled(label.symbol + " ", SYMBOL_STYLES[label]))
        if review and (review.note or review.sources):
            prefix.append(Content.styled(NOTE_SYMBOL + " ", "$text-warning"))
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
        height = max(1, len(Content(claim.text).wrap(width)))
        self.scroll_to_region(Region(0, top + line, width, height + 1), animate=False, immediate=True)
        if line == 0 and top <= self.size.height // 2:
            self.scroll_home(animate=False, immediate=True)  # keep the context above in view

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta if event.style else {}
        if "claim" in meta:
            event.stop()
            self.post_message(self.ClaimClicked(int(meta["claim"])))
