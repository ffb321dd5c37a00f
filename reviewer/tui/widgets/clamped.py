"""Text cut to its widget's ``max-height`` with an ellipsis, so a cut never passes for the whole.

Textual's ``text-overflow: ellipsis`` marks a line cut at the right edge only: text wrapped
past ``max-height`` simply stops, and a claim shown in two of its three lines read as complete.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

ELLIPSIS = "…"


class ClampedText(Widget):
    """Wrapped text; past the ``max-height`` (in rows) of its styles, the last row kept ends in "…"."""

    DEFAULT_CSS = """
    ClampedText {
        height: auto;
    }
    """

    def __init__(self, content: Content, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = content

    @property
    def max_lines(self) -> int | None:
        """The rows ``max-height`` allows, or None when it sets no number of rows."""
        limit = self.styles.max_height
        return None if limit is None or not limit.is_cells else int(limit.value)

    def lines(self, width: int) -> list[Content]:
        """The rows shown at ``width``: the text wrapped, then cut with an ellipsis if it is too long."""
        rows = self._content.wrap(max(1, width))
        most = self.max_lines
        if most is None or len(rows) <= most:
            return rows
        kept = rows[: max(1, most)]
        last = kept[-1].rstrip()
        if last.cell_length >= width:
            last = last.truncate(max(0, width - 1))
        kept[-1] = Content.assemble(last, ELLIPSIS)
        return kept

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many rows as :meth:`lines` gives at ``width``."""
        return len(self.lines(width))

    def render(self) -> Content:
        """The kept rows, one per line."""
        return Content("\n").join(self.lines(self.content_region.width))
