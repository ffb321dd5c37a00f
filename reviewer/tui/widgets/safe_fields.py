"""Text fields whose pasted text goes through the printable filter, as everything else shown does.

Keys typed into a field are printable already (Textual inserts only printable characters), but a
paste inserts whatever the clipboard holds, escape sequences included, and the field then draws
them raw. Pasted text is filtered by ``reviewer.display.screen_text`` before the field sees it,
so what the field shows is what it holds (and what a note saves).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from reviewer.display import screen_text


class SafeInput(Input):
    """An Input whose pastes are filtered."""

    def _on_paste(self, event: events.Paste) -> None:
        # Runs before Input's own paste handler (subclass first), which inserts event.text.
        event.text = screen_text(event.text)


class SafeTextArea(TextArea):
    """A TextArea whose pastes are filtered."""

    async def _on_paste(self, event: events.Paste) -> None:
        # Runs before TextArea's own paste handler (subclass first), which inserts event.text.
        event.text = screen_text(event.text)
