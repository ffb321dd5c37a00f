"""About this document: progress, rechecks, orphans and what carrying the reviews over did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from reviewer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

KEYS_HINT = "r / R next / previous claim to recheck · f then r: only those · O the orphans"


class InfoScreen(ModalScreen[None]):
    """A few lines about the document; any of the usual keys closes it."""

    BINDINGS = [
        Binding("escape,i,q,enter", "close", "Close", id="info.close", tooltip="Back to the document"),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="info-dialog"):
            yield Label("About this document", classes="title")
            with Grid(id="info-rows"):  # two columns: a long text wraps under itself, not the heading
                for heading, text in self._rows:
                    yield Static(Content.styled(heading, "bold"), classes="info-heading")
                    yield Static(Content(text), classes="info-text")
            yield Static(KEYS_HINT, classes="hint", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def action_close(self) -> None:
        """Back to the review."""
        self.dismiss(None)


def show_info(screen: ReviewScreen) -> None:
    """Show what is known of the screen's document."""
    screen.app.push_screen(InfoScreen(screen.opened.about()))
    screen.refresh_view()  # counting segmented the whole document


def announce_carry_over(screen: ReviewScreen) -> None:
    """Say what happened when an earlier version's reviews moved to this one (i shows it again)."""
    carried = screen.opened.carried_over
    if carried is None:
        return
    hint = " O lists the orphans." if screen.session.orphans else ""
    screen.notify(
        f"The document changed since it was reviewed. {carried.summary()}.{hint} Press i to see this again.",
        title="Reviews carried over",
        timeout=15,
        markup=False,
    )
