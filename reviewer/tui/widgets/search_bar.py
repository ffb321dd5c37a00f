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
        Binding("ctrl+t", "toggle_notes", "Notes too", id="search.bar.notes",
                tooltip="Search the notes and sources as well as the claims (or claims only again)"),
        Binding("enter", "accept", "Stay here", id="search.bar.accept",
                tooltip="Close the search bar and stay on this claim"),
        Binding("escape", "cancel", "Cancel", id="search.bar.cancel",
                tooltip="Close and go back to where the search started"),
    ]  # fmt: skip

    def action_step(self, direction: int) -> None:
        """Ask for the next or previous match."""
        self.post_message(SearchBar.StepRequested(direction))

    def action_toggle_notes(self) -> None:
        """Ask to search notes and sources too, or to stop."""
        self.post_message(SearchBar.NotesToggled())

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

    class NotesToggled(Message):
        """Search notes and sources too, or claims only again."""

    class Closed(Message):
        """The bar closed; ``accepted`` is False when the user cancelled."""

        def __init__(self, *, accepted: bool) -> None:
            super().__init__()
            self.accepted = accepted

    def compose(self) -> ComposeResult:
        yield Label("Search /", id="search-label")
        yield SearchInput(placeholder="case, accents and quotes ignored", id="search-input")
        yield Label("", id="search-count")
        yield Label("claims · ctrl+t notes too", id="search-scope")

    def open(self, query: str, *, in_notes: bool = False) -> None:
        """Show the bar with ``query`` selected, ready to be typed over."""
        self.display = True
        field = self.query_one(SearchInput)
        with field.prevent(Input.Changed):
            field.value = query
        field.select_all()
        field.focus()
        self.show_result(True)
        self.show_scope(in_notes)
        self.show_tally("")

    def show_result(self, found: bool) -> None:
        """Mark the field when nothing matches."""
        self.set_class(not found, "-no-match")
        self.query_one("#search-label", Label).update("No match /" if not found else "Search /")

    def show_scope(self, in_notes: bool) -> None:
        """Say what is searched: the claims, or notes and sources too."""
        text = "claims, notes, sources · ctrl+t claims only" if in_notes else "claims · ctrl+t notes too"
        self.query_one("#search-scope", Label).update(text)

    def show_tally(self, text: str) -> None:
        """How many claims match (``3/12``), once counted."""
        self.query_one("#search-count", Label).update(text)

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
