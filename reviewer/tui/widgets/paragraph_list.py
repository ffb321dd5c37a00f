"""The paragraph list: one virtualized line per paragraph with its label badge and note marker."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reviewer.model import BlockKind
from reviewer.review import ReviewSession
from reviewer.tui.labels import BADGE_MAX_GLYPHS, NOTE_SYMBOL, SYMBOL_STYLES, badge_parts

PREVIEW_CHARS = 120  # more than any list is wide; the line is cut with an ellipsis by CSS


class ParagraphOption(Option):
    """An option that carries the index (0-based) of the paragraph it shows."""

    def __init__(self, prompt: Content, paragraph: int) -> None:
        super().__init__(prompt, id=f"p{paragraph}")
        self.paragraph = paragraph


def paragraph_prompt(
    session: ReviewSession, paragraph: int, number_width: int, badge_width: int = BADGE_MAX_GLYPHS
) -> Content:
    """``  12 ✔✔·✘ ✎ Drivers who cross…``: number, badge, note marker, start of the text."""
    document = session.document
    claims = document.claims_by_paragraph[paragraph]
    kind = document.paragraphs[paragraph].kind
    parts: list[Content | str | tuple[str, str]] = [(f"{paragraph + 1:>{number_width}} ", "$text-muted")]
    if kind == BlockKind.CODE or not claims:
        parts.append(("code" if kind == BlockKind.CODE else "—").ljust(badge_width + 1))
    else:
        badge = badge_parts([session.label(index) for index in claims])
        width = 0
        for text, label in badge:
            parts.append((text, SYMBOL_STYLES[label]) if label else (text, "$text-muted"))
            width += len(text)
        parts.append(" " * max(1, badge_width + 1 - width))
    noted = any((review := session.review(index)) and (review.note or review.sources) for index in claims)
    parts.append((NOTE_SYMBOL, "$text-warning") if noted else " ")
    parts.append(" ")
    preview = " ".join(document.paragraph_text(paragraph)[: PREVIEW_CHARS * 2].split())[:PREVIEW_CHARS]
    if kind == BlockKind.HEADING:
        parts.append((preview.lstrip("# "), "bold"))
    elif kind == BlockKind.CODE or not claims:
        parts.append((preview, "$text-muted"))
    else:
        parts.append(preview)
    return Content.assemble(*parts)


class ParagraphList(OptionList, can_focus=False):
    """Paragraphs of the document; the screen owns which one is current.

    Not focusable: every key goes to the screen, so j/k never fight the list's own cursor.
    A click posts :class:`ParagraphList.ParagraphClicked`.
    """

    class ParagraphClicked(Message):
        """The user clicked a paragraph."""

        def __init__(self, paragraph: int) -> None:
            super().__init__()
            self.paragraph = paragraph

    def __init__(self, session: ReviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session
        self._row_of: dict[int, int] = {}
        self._number_width = len(str(len(session.document.paragraphs)))
        longest = max((len(claims) for claims in session.document.claims_by_paragraph), default=0)
        self._badge_width = max(4, min(BADGE_MAX_GLYPHS, longest))

    def show_paragraphs(self, paragraphs: Iterable[int]) -> None:
        """Replace the list with ``paragraphs`` (all of them, or those a filter keeps)."""
        options = [
            ParagraphOption(paragraph_prompt(self._session, p, self._number_width, self._badge_width), p)
            for p in paragraphs
        ]
        self._row_of = {option.paragraph: row for row, option in enumerate(options)}
        self.set_options(options)

    def refresh_paragraph(self, paragraph: int) -> None:
        """Redraw one paragraph's line after its labels or notes changed."""
        row = self._row_of.get(paragraph)
        if row is None:
            return
        prompt = paragraph_prompt(self._session, paragraph, self._number_width, self._badge_width)
        option = self.get_option_at_index(row)
        # replace_option_prompt_at_index would drop the line cache of the whole list and
        # re-measure every paragraph (O(paragraphs) per mark). A prompt is always one line,
        # so only this option's rendering is stale. (Textual is pinned, so these internals hold.)
        option._set_prompt(prompt)
        for key in [key for key in self._option_render_cache.keys() if key[0] is option]:  # noqa: SIM118 (no __iter__)
            self._option_render_cache.discard(key)
        self.refresh()

    def select_paragraph(self, paragraph: int) -> None:
        """Highlight ``paragraph`` (or the nearest listed one before it) and scroll to it."""
        row = self._row_of.get(paragraph)
        if row is None:
            earlier = [p for p in self._row_of if p <= paragraph]
            row = self._row_of[max(earlier)] if earlier else (0 if self._row_of else None)
        if row is not None and row != self.highlighted:
            self.highlighted = row

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, ParagraphOption):
            self.post_message(self.ParagraphClicked(event.option.paragraph))

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # highlighting follows the screen's cursor; only a click is news
