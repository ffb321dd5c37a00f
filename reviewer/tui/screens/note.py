"""The note editor: a multi-line note and sources (one per line) for one claim."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from reviewer.display import screen_text
from reviewer.model import Claim
from reviewer.review.session import ChangedElsewhere
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.widgets.footer import Footer
from reviewer.tui.widgets.safe_fields import SafeTextArea

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

SaveNote = Callable[[str, list[str]], bool]


def parse_sources(text: str) -> list[str]:
    """One source per non-blank line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class NoteScreen(ModalScreen[bool]):
    """Edit a claim's note and sources; ``save`` writes them and says whether it could.

    The fields show the note and sources through the printable filter (an escape sequence in a
    note is drawn as ``␛``, never sent to the terminal). A note left as shown, and each source
    line left as shown, save the text they stood for, byte for byte; an edited note saves what
    it shows.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save the note and sources"),
        Binding("escape", "cancel", "Cancel", id="note.cancel",
                tooltip="Close without saving (asks first if anything changed)"),
    ]  # fmt: skip

    def __init__(self, claim: Claim, *, note: str, sources: list[str], save: SaveNote) -> None:
        super().__init__(classes="dialog-screen")
        self._claim = claim
        self._note = note
        self._source_list = list(sources)
        self._sources = "\n".join(sources)
        self._shown_note = screen_text(note)
        self._shown_sources = screen_text(self._sources)
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Static(
                Content.assemble(
                    (f"Claim {self._claim.number}: ", "bold"), screen_text(" ".join(self._claim.text.split()))
                ),
                id="note-claim",
                markup=False,
            )
            yield Label("Note", classes="field-label")
            yield SafeTextArea(self._shown_note, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Label("Sources — one URL or citation per line", classes="field-label")
            yield SafeTextArea(self._shown_sources, id="note-sources", soft_wrap=True, tab_behavior="focus")
            yield Label("ctrl+s save · esc cancel · tab next field", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one("#note-text", SafeTextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def note_text(self) -> str:
        """The note as typed."""
        return self.query_one("#note-text", SafeTextArea).text

    @property
    def sources_text(self) -> str:
        """The sources as typed."""
        return self.query_one("#note-sources", SafeTextArea).text

    @property
    def changed(self) -> bool:
        """True when the note or the sources differ from what was saved."""
        return self.note_text.strip() != self._shown_note.strip() or parse_sources(
            self.sources_text
        ) != parse_sources(self._shown_sources)

    @property
    def note_to_save(self) -> str:
        """The note as typed, or exactly the stored note if its field was left as shown."""
        return self._note if self.note_text == self._shown_note else self.note_text

    @property
    def sources_to_save(self) -> list[str]:
        """The sources as typed; a line left as shown saves exactly the stored source it stood for."""
        if self.sources_text == self._shown_sources:
            return self._source_list
        stored = {screen_text(source): source for source in self._source_list}
        return [stored.get(line, line) for line in parse_sources(self.sources_text)]

    def action_save(self) -> None:
        """Save; stay open (nothing typed is lost) if the store could not be written."""
        if not self.changed:
            self.dismiss(False)
            return
        if self._save(self.note_to_save, self.sources_to_save):
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
