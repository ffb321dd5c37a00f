"""The search bar: an input docked under the reading pane that searches as you type."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from reviewer.tui.widgets.safe_fields import SafeInput


class SearchInput(SafeInput):
    """The query field; its bindings show in the footer while it has focus."""

    BINDINGS = [
        Binding("down,ctrl+n", "step(1)", "Next match", id="search.bar.next",
                tooltip="Go to the next claim that matches"),
        Binding("up,ctrl+p", "step(-1)", "Previous match", id="search.bar.previous",
                tooltip="Go to the previous claim that matches"),
        Binding("enter", "accept", "Stay here", id="search.bar.accept",
                tooltip="Close the search bar and stay on this claim"),
        Binding("escape", "cancel", "Cancel", id="search.bar.cancel",
                tooltip="Close and go back to where the search started"),
    ]  # fmt: skip

    def action_step(self, direction: int) -> None:
        """Ask for the next or previous match."""
        self.post_message(SearchBar.StepRequested(direction))

    def action_accept(self) -> None:
        """Close, keeping the match."""
        self.post_message(SearchBar.Closed(accepted=True))

    def action_cancel(self) -> None:
        """Close, going back."""
        self.post_message(SearchBar.Closed(accepted=False))


class SearchBar(Horizontal):
    """Hidden until ``/``; posts what the user typed and asked for."""

    class QueryChanged(Message):
        """The query text changed."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class StepRequested(Message):
        """Go to the next (1) or previous (-1) match."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    class Closed(Message):
        """The bar closed; ``accepted`` is False when the user cancelled."""

        def __init__(self, *, accepted: bool) -> None:
            super().__init__()
            self.accepted = accepted

    def compose(self) -> ComposeResult:
        yield Label("Search /", id="search-label")
        yield SearchInput(placeholder="words in a claim — case and accents ignored", id="search-input")

    def open(self, query: str) -> None:
        """Show the bar with ``query`` selected, ready to be typed over."""
        self.display = True
        field = self.query_one(SearchInput)
        with field.prevent(Input.Changed):
            field.value = query
        field.select_all()
        field.focus()
        self.show_result(True)

    def show_result(self, found: bool) -> None:
        """Mark the field when nothing matches."""
        self.set_class(not found, "-no-match")
        self.query_one("#search-label", Label).update("No match /" if not found else "Search /")

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Closed(accepted=True))

    @on(Closed)
    def _hide_on_close(self, event: Closed) -> None:
        self.display = False
        self.screen.set_focus(None)
