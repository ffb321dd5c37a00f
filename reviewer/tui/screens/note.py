"""The note editor: a multi-line note and sources (one per line) for one claim."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from reviewer.model import Claim
from reviewer.review.session import ChangedElsewhere
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

SaveNote = Callable[[str, list[str]], bool]


def parse_sources(text: str) -> list[str]:
    """One source per non-blank line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class NoteScreen(ModalScreen[bool]):
    """Edit a claim's note and sources; ``save`` writes them and says whether it could."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save the note and sources"),
        Binding("escape", "cancel", "Cancel", id="note.cancel",
                tooltip="Close without saving (asks first if anything changed)"),
    ]  # fmt: skip

    def __init__(
        self, claim: Claim, *, note: str, sources: list[str], save: SaveNote, heading: str = "Note"
    ) -> None:
        super().__init__(classes="dialog-screen")
        self._heading = heading  # e.g. the final verdict's note, in adjudication mode
        self._claim = claim
        self._note = note
        self._sources = "\n".join(sources)
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Static(
                Content.assemble(
                    (f"Claim {self._claim.number}: ", "bold"), " ".join(self._claim.text.split())
                ),
                id="note-claim",
                markup=False,
            )
            yield Label(self._heading, classes="field-label")
            yield TextArea(self._note, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Label("Sources — one URL or citation per line", classes="field-label")
            yield TextArea(self._sources, id="note-sources", soft_wrap=True, tab_behavior="focus")
            yield Label("ctrl+s save · esc cancel · tab next field", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def note_text(self) -> str:
        """The note as typed."""
        return self.query_one("#note-text", TextArea).text

    @property
    def sources_text(self) -> str:
        """The sources as typed."""
        return self.query_one("#note-sources", TextArea).text

    @property
    def changed(self) -> bool:
        """True when the note or the sources differ from what was saved."""
        return self.note_text.strip() != self._note.strip() or parse_sources(
            self.sources_text
        ) != parse_sources(self._sources)

    def action_save(self) -> None:
        """Save; stay open (nothing typed is lost) if the store could not be written."""
        if not self.changed:
            self.dismiss(False)
            return
        if self._save(self.note_text, parse_sources(self.sources_text)):
            self.dismiss(True)

    def action_cancel(self) -> None:
        """Close; ask first when there are unsaved edits."""
        if not self.changed:
            self.dismiss(False)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(
            ConfirmScreen("Discard the changes to this note?", yes="Discard", no="Keep editing"), answered
        )


def edit_note(screen: ReviewScreen, index: int) -> None:
    """Open the editor on claim ``index``'s note; saving asks first if another window changed it."""
    session = screen.session
    review = session.review(index)
    seen = {"note": review.note if review else "", "sources": review.sources if review else ()}

    def save(note: str, sources: list[str]) -> bool:
        # Even when the store refuses, the session keeps the note (unsaved, exportable).
        # If another window saved this claim's note meanwhile, ask before replacing it.
        try:
            screen.saver.run(lambda: session.edit(index, note=note, sources=sources, expect=seen))
        except ChangedElsewhere as exc:
            theirs = exc.stored.note if exc.stored else ""
            screen.changed(index)
            screen.app.push_screen(
                ConfirmScreen(
                    "While you wrote, another window saved this note:"
                    f"\n\n«{theirs}»\n\nReplace it with yours?",
                    yes="Replace",
                    no="Keep editing",
                ),
                lambda replace: _replace(screen, replace, index, note, sources),
            )
            return False
        screen.changed(index)
        return True

    screen.app.push_screen(
        NoteScreen(
            session.claims[index],
            note=review.note if review else "",
            sources=list(review.sources) if review else [],
            save=save,
        )
    )


def _replace(screen: ReviewScreen, replace: bool | None, index: int, note: str, sources: list[str]) -> None:
    if not replace:
        return
    screen.save(lambda: screen.session.edit(index, note=note, sources=sources))
    screen.changed(index)
    if isinstance(screen.app.screen, NoteScreen):
        screen.app.pop_screen()
