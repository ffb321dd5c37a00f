"""The note editor: a multi-line note and sources (one per line) for one claim, autosaved as a draft."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from reviewer.display import screen_text
from reviewer.errors import StoreError, UsageError
from reviewer.model import Claim
from reviewer.review.autosave import PendingDraft
from reviewer.review.claim_details import ClaimDetails, check_details, shortened
from reviewer.review.session import ChangedElsewhere
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.widgets.clamped import ClampedText
from reviewer.tui.widgets.footer import Footer
from reviewer.tui.widgets.safe_fields import SafeInput, SafeTextArea

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

SaveNote = Callable[[str, list[str]], bool]
DRAFT_SECONDS = 1.0  # how often what is typed is kept as a draft (a write only when it changed)
SHORT_HEIGHT = 30  # below this many rows the editor drops its margins and shrinks the sources box


def parse_sources(text: str) -> list[str]:
    """One source per non-blank line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True, slots=True)
class DraftHooks:
    """How the editor keeps its draft: written while typing, dropped once saved or thrown away."""

    keep: Callable[[str, list[str]], None]
    drop: Callable[[], None]


class NoteArea(SafeTextArea):
    """A TextArea where ctrl+a selects everything, as in most editors (home goes to the line start)."""

    BINDINGS = [
        Binding("ctrl+a", "select_all", "Select all", show=False, id="note.select-all",
                tooltip="Select the whole field (home goes to the start of the line)"),
    ]  # fmt: skip


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

    def __init__(
        self,
        claim: Claim,
        *,
        note: str,
        sources: list[str],
        save: SaveNote,
        draft: PendingDraft | None = None,
        hooks: DraftHooks | None = None,
        heading: str = "Note",
        details: ClaimDetails | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self._heading = heading  # e.g. the final verdict's note, in adjudication mode
        self._claim = claim
        self._note = note  # what is saved: "changed" compares with it
        self._source_list = list(sources)
        self._sources = "\n".join(sources)
        self._shown_note = screen_text(note)
        self._shown_sources = screen_text(self._sources)
        self._save = save
        self._draft = draft  # an earlier run's draft: the fields open with it
        self._hooks = hooks
        self._draft_failed = False
        self._details = details  # the claim's details for ClaimReview; None: no such fields (a verdict)

    def compose(self) -> ComposeResult:
        draft = self._draft
        with Vertical(classes="dialog", id="note-dialog"):
            yield ClampedText(
                Content.assemble(
                    (f"Claim {self._claim.number}: ", "bold"), screen_text(" ".join(self._claim.text.split()))
                ),
                id="note-claim",
            )
            yield Label(self._heading, classes="field-label")
            text = screen_text(draft.note) if draft else self._shown_note
            yield NoteArea(text, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Label("Sources — one URL or citation per line", classes="field-label")
            sources = screen_text("\n".join(draft.sources)) if draft else self._shown_sources
            yield NoteArea(sources, id="note-sources", soft_wrap=True, tab_behavior="focus")
            if self._details is not None:
                kept = draft.details if draft is not None and any(draft.details) else None
                yield from self._detail_fields(ClaimDetails(*kept) if kept else self._details)
            yield Label("ctrl+s save · esc cancel · tab next field · draft autosaved", classes="hint")
        yield Footer()

    def _detail_fields(self, details: ClaimDetails) -> ComposeResult:
        """For a published fact check: the short claim, who made the claim and when, one line each."""
        with Grid(id="note-details"):
            yield Label("Short claim", classes="detail-label")
            # Shown through the printable filter, as the note is; a field left as shown keeps its bytes.
            yield SafeInput(
                screen_text(details.short_claim),
                id="note-short-claim",
                placeholder=screen_text(shortened(self._claim.text)),
                compact=True,
            )
            yield Label("Said by", classes="detail-label")
            yield SafeInput(
                screen_text(details.claim_author),
                id="note-claim-author",
                placeholder="who made the claim",
                compact=True,
            )
            yield Label("Claim date", classes="detail-label")
            yield SafeInput(
                screen_text(details.claim_date), id="note-claim-date", placeholder="YYYY-MM-DD", compact=True
            )

    @property
    def details_typed(self) -> ClaimDetails | None:
        """The claim's details as typed (unchecked), or None when the editor has no such fields."""
        if self._details is None:
            return None
        stored = self._details
        return ClaimDetails(
            _as_typed(self.query_one("#note-short-claim", SafeInput).value, stored.short_claim),
            _as_typed(self.query_one("#note-claim-author", SafeInput).value, stored.claim_author),
            _as_typed(self.query_one("#note-claim-date", SafeInput).value, stored.claim_date),
        )

    def on_mount(self) -> None:
        area = self.query_one("#note-text", SafeTextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._fit(self.app.size.height)
        if self._hooks is not None:
            self.set_interval(DRAFT_SECONDS, self.keep_draft)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """On a short terminal (80×24) the note box gets the rows the margins and sources had."""
        self.set_class(height < SHORT_HEIGHT, "-short")

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
        """True when the note, the sources or the claim's details differ from what was saved."""
        typed = self.details_typed
        details_changed = typed is not None and _folded(typed) != _folded(self._details or ClaimDetails())
        return (
            self.note_text.strip() != self._shown_note.strip()
            or parse_sources(self.sources_text) != parse_sources(self._shown_sources)
            or details_changed
        )

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

    def keep_draft(self) -> None:
        """Keep what is typed as a draft if it changed (called every second, and on a hang-up)."""
        if self._hooks is None or not self.changed:
            return
        try:
            self._hooks.keep(self.note_text, parse_sources(self.sources_text))
        except StoreError as exc:
            if not self._draft_failed:  # once: the text is still here, ctrl+s may still work
                self._draft_failed = True
                self.notify(str(exc), title="Draft not autosaved", severity="warning", markup=False)

    def close_editor(self, saved: bool) -> None:
        """Close, forgetting the draft: the note was saved, or the reviewer threw it away."""
        # Let go of the hooks first: the autosave tick can still fire before the screen is popped,
        # and it would write back the draft just dropped (seen on a loaded machine).
        hooks, self._hooks = self._hooks, None
        if hooks is not None:
            # A draft left behind is offered again (unless it says what is saved), and can be dismissed then.
            with contextlib.suppress(StoreError):
                hooks.drop()
        self.dismiss(saved)

    def action_save(self) -> None:
        """Save; stay open (nothing typed is lost) if the store could not be written."""
        if not self.changed:
            self.close_editor(False)
            return
        if self._save(self.note_to_save, self.sources_to_save):
            self.close_editor(True)

    def action_cancel(self) -> None:
        """Close; ask first when there are unsaved edits."""
        if not self.changed:
            self.close_editor(False)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.close_editor(False)

        question = "Discard the draft of this note?" if self._draft else "Discard the changes to this note?"
        self.app.push_screen(ConfirmScreen(question, yes="Discard", no="Keep editing"), answered)


def _as_typed(value: str, stored: str) -> str:
    """What a detail field holds: exactly the stored value when the field was left as shown."""
    return stored if value == screen_text(stored) else value


def _folded(details: ClaimDetails) -> tuple[str, ...]:
    return tuple(
        " ".join(value.split()) for value in (details.short_claim, details.claim_author, details.claim_date)
    )


def edit_note(screen: ReviewScreen, index: int, draft: PendingDraft | None = None) -> None:
    """Open the editor on claim ``index``'s note (or an earlier run's ``draft`` of it).

    What is typed is kept as a draft every second; saving asks first if another window
    changed the note meanwhile.
    """
    session = screen.session
    review = session.review(index)
    seen = {"note": review.note if review else "", "sources": review.sources if review else ()}

    def save(note: str, sources: list[str]) -> bool:
        # Even when the store refuses, the session keeps the note (unsaved, exportable).
        # If another window saved this claim's note meanwhile, ask before replacing it.
        typed = editor.details_typed or ClaimDetails()
        try:
            details = check_details(typed.short_claim, typed.claim_author, typed.claim_date)
        except UsageError as exc:  # the editor stays open with everything typed
            editor.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
        try:
            screen.saver.run(
                lambda: session.edit(
                    index,
                    note=note,
                    sources=sources,
                    expect=seen,
                    short_claim=details.short_claim,
                    claim_author=details.claim_author,
                    claim_date=details.claim_date,
                )
            )
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

    def keep(note: str, sources: list[str]) -> None:
        typed = editor.details_typed or ClaimDetails()
        screen.drafts.keep(index, note, sources, (typed.short_claim, typed.claim_author, typed.claim_date))

    def drop() -> None:
        screen.drafts.discard()

    editor = NoteScreen(
        session.claims[index],
        note=review.note if review else "",
        sources=list(review.sources) if review else [],
        save=save,
        draft=draft,
        hooks=DraftHooks(keep, drop),
        details=ClaimDetails.of(review),
    )
    screen.app.push_screen(editor)


def offer_draft(screen: ReviewScreen) -> None:
    """A note an earlier run was writing when it ended (a lost terminal, a kill): open it again."""
    try:
        draft = screen.drafts.pending()
    except StoreError:
        return  # the screen says what is wrong with the database at the first change
    if draft is None:
        return
    screen.session.move_to(draft.claim_index)
    screen.refresh_view()
    when = draft.saved_at.replace("T", " ").removesuffix("Z")
    screen.notify(
        f"The note you were writing on claim {draft.claim_index + 1} was not saved when reviewer"
        f" last ended; here is the draft kept at {when} UTC. ctrl+s saves it, esc discards it.",
        title="Draft restored",
        severity="warning",
        timeout=20,
        markup=False,
    )
    edit_note(screen, draft.claim_index, draft)


def _replace(screen: ReviewScreen, replace: bool | None, index: int, note: str, sources: list[str]) -> None:
    if not replace:
        return
    screen.save(lambda: screen.session.edit(index, note=note, sources=sources))
    screen.changed(index)
    if isinstance(screen.app.screen, NoteScreen):
        screen.app.screen.close_editor(True)
