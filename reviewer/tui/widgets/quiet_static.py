"""A Static that redraws only when its content changes, and lays the screen out again only
when its size would change.

``Static.update`` asks for a layout pass every time, and a layout pass repaints the whole
screen: with a status line, a claim panel and a reading pane updated on every key, that was
most of a key's cost, and it grew with the document (the paragraph list's scrollbar is
repainted too). Most keys change text, not sizes.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class QuietStatic(Static):
    """A Static for :class:`Content` that is shown again and again, often unchanged."""

    def __init__(self, content: Content | str = "", *, id: str | None = None) -> None:
        super().__init__(content, id=id, markup=False)
        self._shown: Content | None = None

    def show_content(self, content: Content | str) -> None:
        """Show ``content``; nothing happens if it is what is shown already."""
        if isinstance(content, str):
            content = Content(content)
        shown = self._shown
        if shown is not None and shown.plain == content.plain and shown.spans == content.spans:
            return
        layout = shown is None or self._size_of(shown) != self._size_of(content)
        self._shown = content
        self.update(content, layout=layout)

    def _size_of(self, content: Content) -> tuple[int, int]:
        """The cells ``content`` needs: its width if ours follows it, and its height at our width."""
        width = self.content_region.width
        if width <= 0:
            return (-1, -1)  # not laid out yet: always lay out
        auto_width = self.styles.width is not None and self.styles.width.is_auto
        return (content.cell_length if auto_width else 0, content.get_height(self.styles, width))  # type: ignore[arg-type]  # RenderStyles is a RulesMap at run time
