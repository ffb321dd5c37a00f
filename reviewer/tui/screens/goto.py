"""Jump to a paragraph by number (or to a claim with a leading c)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reviewer.documents.segmentation import Claims
from reviewer.tui.widgets.safe_fields import SafeInput

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen


@dataclass(frozen=True, slots=True)
class GotoTarget:
    """Where to go: paragraph or claim ``number`` (1-based)."""

    kind: Literal["paragraph", "claim"]
    number: int


def parse_target(text: str, paragraphs: int, claims: Claims) -> GotoTarget | str:
    """``12`` → paragraph 12, ``c12`` → claim 12; otherwise a one-line reason.

    A claim number is checked by segmenting as far as it (a large document may not be all
    segmented yet); only a number past the end segments it all, to say where the end is.
    """
    text = text.strip().lower().lstrip("¶#").strip()
    kind: Literal["paragraph", "claim"] = "paragraph"
    if text.startswith("c"):
        kind, text = "claim", text[1:].strip()
    if not text.isdigit():
        return f"type a {kind} number from 1 to {paragraphs if kind == 'paragraph' else _claim_limit(claims)}"
    number = int(text)
    exists = 1 <= number <= paragraphs if kind == "paragraph" else number >= 1 and claims.reach(number - 1)
    if not exists:
        return f"there is no {kind} {number}: 1 to {paragraphs if kind == 'paragraph' else claims.count()}"
    return GotoTarget(kind, number)


def _claim_limit(claims: Claims) -> str:
    """The last claim number, or the last one known so far with a ``+``."""
    return str(claims.known) + ("" if claims.complete else "+")


class GotoScreen(ModalScreen[GotoTarget | None]):
    """A one-line prompt."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="goto.cancel", tooltip="Close without moving")]

    def __init__(self, paragraphs: int, claims: Claims) -> None:
        super().__init__(classes="dialog-screen")
        self._paragraphs = paragraphs
        self._claims = claims

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="goto-dialog"):
            claims = _claim_limit(self._claims)
            yield Label(f"Go to paragraph (1–{self._paragraphs}), or c + claim number (c1–c{claims})")
            yield SafeInput(placeholder="e.g. 12 or c40", id="goto-input")
            yield Label("", id="goto-error", classes="error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        target = parse_target(event.value, self._paragraphs, self._claims)
        if isinstance(target, str):
            self.query_one("#goto-error", Label).update(target)
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)


def go_to(screen: ReviewScreen) -> None:
    """Ask for a paragraph (or claim) number and go there."""
    session = screen.session
    document = session.document

    def chosen(target: GotoTarget | None) -> None:
        if target is None:
            return
        if target.kind == "claim":
            session.goto_claim(target.number)
        else:
            session.goto_paragraph(target.number - 1)
        screen.refresh_view()

    screen.app.push_screen(GotoScreen(len(document.paragraphs), document.claims), chosen)
