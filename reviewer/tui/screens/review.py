"""The review screen: paragraph list, reading pane, claim panel, status line and every review key."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from reviewer.claims import SEGMENT_AT_ONCE_CHARS, advance, finish, progress, reach
from reviewer.clock import utc_now
from reviewer.errors import ReviewerError, StoreError
from reviewer.model import Label, Review
from reviewer.review import ChangedElsewhere, Counts, ReviewSession
from reviewer.tui import search
from reviewer.tui.filters import ClaimFilter
from reviewer.tui.labels import describe
from reviewer.tui.widgets.claim_panel import ClaimPanel
from reviewer.tui.widgets.footer import Footer
from reviewer.tui.widgets.paragraph_list import ParagraphList
from reviewer.tui.widgets.paragraph_view import ParagraphView, ViewState
from reviewer.tui.widgets.search_bar import SearchBar
from reviewer.tui.widgets.status import SaveState, StatusBar

# The dialogs and the exporters are imported when first used: a launch does not pay for them.
if TYPE_CHECKING:
    from reviewer.exports import Exported
    from reviewer.tui.screens.export import ExportRequest
    from reviewer.tui.screens.goto import GotoTarget
    from reviewer.tui.screens.orphans import OrphanAction

T = TypeVar("T")

WATCH_SECONDS = 2.0  # how often to retry unsaved changes and look for other processes' changes
PROGRESS_SECONDS = 0.25  # how often the progress of a large document's segmentation is shown

# Actions that need at least one claim; everything else is always possible.
_NEEDS_CLAIMS = frozenset(
    {
        "next_claim",
        "previous_claim",
        "next_paragraph",
        "previous_paragraph",
        "label",
        "skip",
        "clear_label",
        "note",
        "next_unreviewed",
        "search",
        "search_next",
        "filter",
        "goto",
        "export",
    }
)


class ReviewScreen(Screen[None]):
    """Step through claims, label them, take notes; every change is saved before it is shown."""

    BINDINGS = [
        Binding("j,down", "next_claim", "Next", show=False, id="claim.next",
                tooltip="Next claim, crossing into the next paragraph"),
        Binding("k,up", "previous_claim", "Previous", show=False, id="claim.previous",
                tooltip="Previous claim, crossing into the previous paragraph"),
        Binding("J,pagedown", "next_paragraph", "Next ¶", show=False, id="paragraph.next",
                tooltip="First claim of the next paragraph"),
        Binding("K,pageup", "previous_paragraph", "Previous ¶", show=False, id="paragraph.previous",
                tooltip="First claim of the previous paragraph"),
        Binding("v", "label('verified')", "Verified", id="label.verified",
                tooltip="Label the claim verified and go to the next one"),
        Binding("d", "label('disputed')", "Disputed", id="label.disputed",
                tooltip="Label the claim disputed and go to the next one"),
        Binding("o", "label('opinion')", "Opinion", id="label.opinion",
                tooltip="Label the claim opinion and go to the next one"),
        Binding("space", "skip", "Skip", show=False, id="claim.skip",
                tooltip="Leave the claim as it is and go to the next one"),
        Binding("backspace", "clear_label", "Clear", show=False, id="label.clear",
                tooltip="Remove the claim's label (its note and sources stay)"),
        Binding("n", "note", "Note", id="note.edit",
                tooltip="Write a note and sources for the claim"),
        Binding("u", "undo", "Undo", id="history.undo",
                tooltip="Undo the last change (labels and notes), saved at once"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="history.redo",
                tooltip="Redo the last undone change"),
        Binding("right_square_bracket", "next_unreviewed(1)", "Next unreviewed", show=False,
                id="claim.next-unreviewed", tooltip="Next claim without a label (wraps around)"),
        Binding("left_square_bracket", "next_unreviewed(-1)", "Previous unreviewed", show=False,
                id="claim.previous-unreviewed", tooltip="Previous claim without a label (wraps around)"),
        Binding("slash", "search", "Search", id="search.open",
                tooltip="Search the claims as you type (case and accents ignored)"),
        Binding("greater_than_sign", "search_next(1)", "Next match", show=False, id="search.next",
                tooltip="Next claim matching the last search"),
        Binding("less_than_sign", "search_next(-1)", "Previous match", show=False, id="search.previous",
                tooltip="Previous claim matching the last search"),
        Binding("f", "filter", "Filter", id="filter.choose",
                tooltip="Show only unreviewed claims, or claims with one label"),
        Binding("g", "goto", "Go to", show=False, id="goto.paragraph",
                tooltip="Jump to paragraph N (or claim N with c, e.g. c12)"),
        Binding("e", "export", "Export", show=False, id="export.open",
                tooltip="Export the reviews of this document to a file"),
        Binding("O", "orphans", "Orphans", show=False, id="orphans.open",
                tooltip="Reviews no claim holds since the document changed: attach or dismiss them"),
        Binding("question_mark,f1", "help", "Help", id="help.show",
                tooltip="Every key, generated from the live bindings"),
        Binding("q", "app.quit", "Quit", id="app.quit-q",
                tooltip="Quit; everything is saved and the position remembered"),
    ]  # fmt: skip

    AUTO_FOCUS = ""  # keys go to the screen; only the search bar takes focus, when opened

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        if len(session.document.text) <= SEGMENT_AT_ONCE_CHARS:
            finish(session.claims)  # a short document shows complete from the first frame
        self.session = session
        self.claim_filter = ClaimFilter.ALL
        self.search_text = ""  # the last search, as typed
        self.save_state = SaveState.LOADED
        self._counts: Counts = session.counts(so_far=True)
        self._search_origin: int | None = None
        self._folded_texts: dict[int, str] = {}  # claim index → its text folded for search
        self._enabled: tuple[bool, ...] = ()
        self._db_stamp: tuple[object, ...] = ()
        self._paragraph_list: ParagraphList | None = None

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        session = self.session
        yield StatusBar(session.document.title, session.reviewer, id="status")
        with Horizontal(id="body"):
            yield ParagraphList(session, id="paragraphs")
            with Vertical(id="reader"):
                yield ParagraphView(session, id="view")
                yield ClaimPanel(session, id="claim")
        yield SearchBar(id="search")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._list.show_paragraphs(self._listed_paragraphs())
        self.refresh_view()
        carried = self.session.carried_over
        if carried is not None:
            hint = " Press O to see the orphans." if self.session.orphans else ""
            self.notify(
                f"The document changed since it was reviewed. {carried.summary()}.{hint}",
                title="Reviews carried over",
                timeout=15,
                markup=False,
            )
        self._db_stamp = self.session.store.change_stamp()
        self.set_interval(WATCH_SECONDS, self._watch_database)
        if self.session.claims_known:
            self.segmented()
        else:
            self.run_worker(self._segment_rest(), group="segment", exclusive=True)

    # -- a large document: the rest is segmented while the reviewer starts ---------------

    async def _segment_rest(self) -> None:
        """Segment the rest of the document a small step at a time between key presses."""
        claims = self.session.claims
        shown = time.monotonic()
        while not advance(claims):
            # A step's new claims would otherwise pile up until a full collection walks them all
            # (measured: one 19 ms pause among 3 ms steps at 10 MB); frozen, no step exceeds 5 ms.
            # Collect first, or garbage of the moment (a closed dialog) would be frozen for good;
            # with everything older frozen, that collection walks one step's objects (under 1 ms).
            gc.collect()
            gc.freeze()
            await asyncio.sleep(0)  # let keys and redraws through between steps
            if not self._list.is_attached:
                return  # the app is closing; quitting registers the document itself
            if time.monotonic() - shown >= PROGRESS_SECONDS:
                shown = time.monotonic()
                self._show_progress()
        self._list.refresh_rows()
        self.refresh_view()
        self.segmented()

    def _show_progress(self) -> None:
        """New badges in the list, new totals in the status line and panel; the reading pane stays put."""
        self._list.refresh_rows()
        self._counts = self.session.counts(so_far=True)
        self.query_one(StatusBar).show(
            self._counts, self.save_state, len(self.session.unsaved), progress(self.session.claims)
        )
        self.query_one(ClaimPanel).show(self.cursor, self._mode_text())

    def segmented(self) -> None:
        """Every claim is known: record the document as opened and keep a snapshot of this version."""
        gc.freeze()  # the new claims need no garbage collection passes either (see ReviewApp)
        if self.session.registration_deferred:
            try:
                self.session.register(snapshot=False)
            except StoreError as exc:
                self.notify(str(exc), title="Cannot record the document", severity="error", markup=False)
                return
            self._save_snapshot()

    @work(thread=True, exclusive=True, group="snapshot", exit_on_error=False)
    def _save_snapshot(self) -> None:
        """Compress and write the snapshot (a few hundred ms at 10 MB) off the UI thread."""
        from reviewer.versions import save_snapshot

        save_snapshot(self.session.store, self.session.document)  # failures only cost re-anchoring hints

    # -- another instance on the same database --------------------------------------------

    def _watch_database(self) -> None:
        """Retry unsaved changes; show what another process saved (a cheap stat when nothing did)."""
        if self.session.unsaved:
            try:
                self._retry_unsaved()
            except StoreError:
                return  # still refused: the status line already says NOT SAVED
            self.refresh_view()
        stamp = self.session.store.change_stamp()
        if stamp == self._db_stamp:
            return
        self._db_stamp = stamp
        try:
            self.session.reload()
        except StoreError as exc:
            self.notify(str(exc), title="Cannot read the database", severity="error", markup=False)
            return
        self._list.show_paragraphs(self._listed_paragraphs())
        self.refresh_view()

    @property
    def _list(self) -> ParagraphList:
        if self._paragraph_list is None:
            self._paragraph_list = self.query_one(ParagraphList)
        return self._paragraph_list

    @property
    def cursor(self) -> int:
        """The claim under the cursor (0-based)."""
        return self.session.cursor

    def refresh_view(self) -> None:
        """Bring every part of the screen in line with the session."""
        session = self.session
        if session.claims:  # segments a large document as far as the cursor before counting
            self._list.select_paragraph(session.current.paragraph)
        self._counts = session.counts(so_far=True)
        self.query_one(StatusBar).show(
            self._counts, self.save_state, len(session.unsaved), progress(session.claims)
        )
        folded = search.fold_query(self.search_text) if self.search_text else ""
        self.query_one(ParagraphView).show(ViewState(self.cursor, self._keeps, folded))
        self.query_one(ClaimPanel).show(self.cursor, self._mode_text())
        # The footer rebuilds itself on every refresh_bindings (a dozen widgets): only ask when
        # a key it shows changes; keys it hides are checked by check_action when pressed.
        enabled = tuple(self._possible(action) for action in _FOOTER_ACTIONS)
        if enabled != self._enabled:
            self._enabled = enabled
            self.refresh_bindings()

    def _mode_text(self) -> str:
        parts = []
        if self.claim_filter is not ClaimFilter.ALL:
            parts.append(f"filter: {self.claim_filter.title}")
        if self.search_text:
            parts.append(f"search: {self.search_text!r}")
        return " · ".join(parts)

    def _listed_paragraphs(self) -> Sequence[int]:
        document = self.session.document
        if self.claim_filter is ClaimFilter.ALL:
            return range(len(document.paragraphs))
        return [
            p for p, claims in enumerate(document.claims_by_paragraph) if any(self._keeps(i) for i in claims)
        ]

    def _keeps(self, index: int) -> bool:
        return self.claim_filter.keeps(self.session.label(index))

    # -- saving -------------------------------------------------------------------------

    def _save(self, change: Callable[[], T]) -> T | None:
        """Run a session change and say whether it reached the disk.

        When the store refuses, the session keeps the change in memory, marked unsaved: the
        screen shows it, says NOT SAVED, and tries again at the next change and every few
        seconds; the change can still be exported. A change another window made meanwhile
        is never overwritten: the screen says so and shows what was saved there.
        """
        try:
            return self._save_raising(change)
        except ChangedElsewhere as exc:
            self.notify(str(exc), title="Changed elsewhere", severity="warning", timeout=10, markup=False)
            self._list.show_paragraphs(self._listed_paragraphs())
            self.refresh_view()
            return None

    def _save_raising(self, change: Callable[[], T]) -> T | None:
        """Like ``_save``, but a change made elsewhere (ChangedElsewhere) is the caller's to handle."""
        with contextlib.suppress(StoreError):
            self._retry_unsaved(quiet=True)  # earlier refusals first, in order
        try:
            result = change()
        except StoreError as exc:
            self.save_state = SaveState.FAILED
            self.notify(str(exc), title="Not saved", severity="error", timeout=12, markup=False)
            self.refresh_view()
            return None
        if result is not None and not self.session.unsaved:
            self.save_state = SaveState.SAVED
        self._db_stamp = self.session.store.change_stamp()  # our own write is not news
        return result

    def _replace_note(self, replace: bool | None, index: int, note: str, sources: list[str]) -> None:
        if not replace:
            return
        from reviewer.tui.screens.note import NoteScreen

        self._save(lambda: self.session.edit(index, note=note, sources=sources))
        self._changed(index)
        if isinstance(self.app.screen, NoteScreen):
            self.app.pop_screen()

    def _retry_unsaved(self, *, quiet: bool = False) -> None:
        """Try to save what the store refused earlier; raises StoreError if it still refuses."""
        if not self.session.unsaved:
            return
        count = len(self.session.unsaved)
        self.session.flush()
        self.save_state = SaveState.SAVED
        if not quiet:
            self.notify(f"{count} change(s) saved after all.", title="Saved")

    def _changed(self, claim_index: int) -> None:
        """Redraw after the review of ``claim_index`` changed."""
        self._list.refresh_paragraph(self.session.claims[claim_index].paragraph)
        self.refresh_view()

    # -- enabling -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Disable what cannot be done right now: None dims it in the footer and the key does nothing."""
        possible = self._possible(action)
        return True if possible else None

    def _possible(self, action: str) -> bool:
        session = self.session
        if action in _NEEDS_CLAIMS and not session.claims:
            return False
        if action == "next_claim":
            return self._step_target(1) is not None
        if action == "previous_claim":
            return self._step_target(-1) is not None
        if action == "next_paragraph":
            return self._paragraph_target(1) is not None
        if action == "previous_paragraph":
            return self._paragraph_target(-1) is not None
        if action == "clear_label":
            return session.label(self.cursor) is not None
        if action == "undo":
            return session.can_undo
        if action == "redo":
            return session.can_redo
        if action == "next_unreviewed":
            return self._counts.unreviewed > 0 or not self._counts.complete
        if action == "search_next":
            return bool(self.search_text)
        return True

    # -- moving -------------------------------------------------------------------------

    def _step_target(self, step: int) -> int | None:
        """The next claim in direction ``step`` that the filter keeps."""
        index = self.cursor + step
        while index >= 0 and reach(self.session.claims, index):
            if self._keeps(index):
                return index
            index += step
        return None

    def _paragraph_target(self, step: int) -> int | None:
        """First kept claim of the next/previous paragraph that has one."""
        if not self.session.claims:
            return None
        groups = self.session.document.claims_by_paragraph
        paragraph = self.session.current.paragraph + step
        while 0 <= paragraph < len(groups):
            for index in groups[paragraph]:
                if self._keeps(index):
                    return index
            paragraph += step
        return None

    def _go(self, index: int | None) -> None:
        if index is not None:
            self.session.move_to(index)
        self.refresh_view()

    def action_next_claim(self) -> None:
        """Next claim, crossing paragraphs."""
        self._go(self._step_target(1))

    def action_previous_claim(self) -> None:
        """Previous claim, crossing paragraphs."""
        self._go(self._step_target(-1))

    def action_next_paragraph(self) -> None:
        """First claim of the next paragraph."""
        self._go(self._paragraph_target(1))

    def action_previous_paragraph(self) -> None:
        """First claim of the previous paragraph."""
        self._go(self._paragraph_target(-1))

    def action_skip(self) -> None:
        """Go on without labelling."""
        self._go(self._step_target(1))

    def action_next_unreviewed(self, direction: int = 1) -> None:
        """Next (or previous) claim with no label, wrapping around."""
        if not self.claim_filter.keeps(None):  # a label filter hides every unreviewed claim
            self.notify(
                f"The filter shows {self.claim_filter.title}: press f and choose all or unreviewed.",
                title="Filtered",
            )
            return
        if self.session.next_unreviewed(direction) is None:
            self.notify("Every claim has a label.", title="All reviewed")
        self.refresh_view()

    @on(ParagraphList.ParagraphClicked)
    def _paragraph_clicked(self, event: ParagraphList.ParagraphClicked) -> None:
        groups = self.session.document.claims_by_paragraph
        kept = [i for i in groups[event.paragraph] if self._keeps(i)]
        if kept:
            self._go(kept[0])
        else:
            self.session.goto_paragraph(event.paragraph)  # e.g. a code block: the next claims
            self.refresh_view()

    @on(ParagraphView.ClaimClicked)
    def _claim_clicked(self, event: ParagraphView.ClaimClicked) -> None:
        self._go(event.claim_index)

    # -- labelling ----------------------------------------------------------------------

    def action_label(self, value: str) -> None:
        """Label the current claim and go to the next one the filter keeps."""
        index = self.cursor
        target = self._step_target(1)  # chosen before the label can take this claim out of a filter
        self._save(lambda: self.session.set_label(Label(value), advance=False))
        if target is not None:
            self.session.move_to(target)
        self._changed(index)

    def action_clear_label(self) -> None:
        """Remove the current claim's label."""
        index = self.cursor
        self._save(self.session.clear_label)
        self._changed(index)

    def action_undo(self) -> None:
        """Undo the last change."""
        self._save(self.session.undo)
        self._changed(self.cursor)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self._save(self.session.redo)
        self._changed(self.cursor)

    def action_note(self) -> None:
        """Open the note editor for the current claim."""
        from reviewer.tui.screens.confirm import ConfirmScreen
        from reviewer.tui.screens.note import NoteScreen

        index = self.cursor
        review = self.session.review(index)
        claim = self.session.claims[index]

        seen = {"note": review.note if review else "", "sources": review.sources if review else ()}

        def save(note: str, sources: list[str]) -> bool:
            # Even when the store refuses, the session keeps the note (unsaved, exportable).
            # If another window saved this claim's note meanwhile, ask before replacing it.
            try:
                self._save_raising(lambda: self.session.edit(index, note=note, sources=sources, expect=seen))
            except ChangedElsewhere as exc:
                theirs = exc.stored.note if exc.stored else ""
                self._changed(index)
                self.app.push_screen(
                    ConfirmScreen(
                        "While you wrote, another window saved this note:"
                        f"\n\n«{theirs}»\n\nReplace it with yours?",
                        yes="Replace",
                        no="Keep editing",
                    ),
                    lambda replace: self._replace_note(replace, index, note, sources),
                )
                return False
            self._changed(index)
            return True

        self.app.push_screen(
            NoteScreen(
                claim,
                note=review.note if review else "",
                sources=list(review.sources) if review else [],
                save=save,
            )
        )

    # -- search -------------------------------------------------------------------------

    def _claim_matches(self, index: int, folded_query: str) -> bool:
        folded = self._folded_texts.get(index)
        if folded is None:  # folded as the search first reaches it: the first key stays quick
            folded = self._folded_texts[index] = search.fold(self.session.claims[index].text)[0]
        return folded_query in folded

    def _find(self, start: int, direction: int, folded_query: str) -> int | None:
        """First claim matching, from ``start`` (included) in ``direction``, wrapping.

        Looks at the claims on the way first: the rest of a large document is segmented only
        when the search goes that far (or wraps around, which needs the end).
        """
        claims = self.session.claims
        if not folded_query or not claims:
            return None
        index = start
        while index >= 0 and reach(claims, index):
            if self._claim_matches(index, folded_query):
                return index
            index += direction
        total = len(claims)
        wrapped = range(0, min(start, total)) if direction > 0 else range(total - 1, max(start, -1), -1)
        for index in wrapped:
            if self._claim_matches(index, folded_query):
                return index
        return None

    def action_search(self) -> None:
        """Open the search bar."""
        self._search_origin = self.cursor
        self.query_one(SearchBar).open(self.search_text)

    @on(SearchBar.QueryChanged)
    def _query_changed(self, event: SearchBar.QueryChanged) -> None:
        self.search_text = event.query
        origin = self.cursor if self._search_origin is None else self._search_origin
        found = self._find(origin, 1, search.fold_query(event.query))
        self.session.move_to(found if found is not None else origin)
        self.query_one(SearchBar).show_result(found is not None or not event.query.strip())
        self.refresh_view()

    @on(SearchBar.StepRequested)
    def _search_step(self, event: SearchBar.StepRequested) -> None:
        self.action_search_next(event.direction)

    @on(SearchBar.Closed)
    def _search_closed(self, event: SearchBar.Closed) -> None:
        if not event.accepted:
            if self._search_origin is not None:
                self.session.move_to(self._search_origin)
            self.search_text = ""
        self._search_origin = None
        self.refresh_view()

    def action_search_next(self, direction: int = 1) -> None:
        """Next (or previous) claim matching the search."""
        found = self._find(self.cursor + direction, direction, search.fold_query(self.search_text))
        if found is None:
            self.notify(f"No claim contains {self.search_text!r}.", severity="warning", markup=False)
        else:
            self.session.move_to(found)
        self.refresh_view()

    # -- filter and go to ---------------------------------------------------------------

    def action_filter(self) -> None:
        """Choose which claims to show."""
        from reviewer.tui.screens.filter import FilterScreen

        finish(self.session.claims)  # a filter counts and lists every claim
        self.refresh_view()
        self.app.push_screen(FilterScreen(self.claim_filter, self._filter_counts()), self._set_filter)

    def _filter_counts(self) -> dict[ClaimFilter, int]:
        counts = self._counts
        return {
            ClaimFilter.ALL: counts.total,
            ClaimFilter.UNREVIEWED: counts.unreviewed,
            ClaimFilter.VERIFIED: counts.verified,
            ClaimFilter.DISPUTED: counts.disputed,
            ClaimFilter.OPINION: counts.opinion,
        }

    def _set_filter(self, chosen: ClaimFilter | None) -> None:
        if chosen is None:
            return
        self.claim_filter = chosen
        self._list.show_paragraphs(self._listed_paragraphs())
        if not self._keeps(self.cursor):
            target = self._step_target(1)
            if target is None:
                target = self._step_target(-1)
            if target is None and chosen is not ClaimFilter.ALL:
                self.notify(f"No claim is {chosen.value}.", severity="warning")
            if target is not None:
                self.session.move_to(target)
        self.refresh_view()

    def action_goto(self) -> None:
        """Jump to a paragraph (or claim) by number."""
        from reviewer.tui.screens.goto import GotoScreen

        document = self.session.document
        self.app.push_screen(GotoScreen(len(document.paragraphs), document.claims), self._goto)

    def _goto(self, target: GotoTarget | None) -> None:
        if target is None:
            return
        if target.kind == "claim":
            self.session.goto_claim(target.number)
        else:
            self.session.goto_paragraph(target.number - 1)
        self.refresh_view()

    # -- export, help -------------------------------------------------------------------

    def action_export(self) -> None:
        """Choose a format and a path, then export in the background."""
        from reviewer.tui.screens.export import ExportScreen

        stem = Path(self.session.document.path).stem or "document"
        suggested = Path.cwd() / f"{stem}.reviews.json"
        self.app.push_screen(ExportScreen(suggested), self._export)

    def _export(self, request: ExportRequest | None) -> None:
        if request is None:
            return
        from reviewer.exports import ExportOptions, get_exporter

        # Rendered now, on the UI thread, so it is one consistent snapshot (unsaved changes too);
        # only the writing goes to a worker.
        try:
            exported = get_exporter(request.format).render(self.session, utc_now(), ExportOptions())
        except ReviewerError as exc:
            self.notify(str(exc), title="Export failed", severity="error", timeout=12, markup=False)
            return
        self._write_export(exported, request.path)

    @work(thread=True, exclusive=True, group="export")
    def _write_export(self, exported: Exported, path: Path) -> None:
        from reviewer.export import write_export

        try:
            write_export(exported.text, path)
        except ReviewerError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Export failed", severity="error", timeout=12, markup=False
            )
            return
        message = f"Written to {path}" + (f"\n{exported.notice}" if exported.notice else "")
        self.app.call_from_thread(self.notify, message, title="Exported", timeout=8, markup=False)

    def action_orphans(self) -> None:
        """List the orphans, to attach one to the current claim or set it aside."""
        from reviewer.tui.screens.orphans import OrphansScreen

        if not self.session.orphans:
            self.notify("No orphans: every review of this document has its claim.", title="Orphans")
            return
        self.app.push_screen(OrphansScreen(self.session), self._orphan_chosen)

    def _orphan_chosen(self, action: OrphanAction | None) -> None:
        if action is None:
            return
        session = self.session
        if action.verb == "goto":
            suggestion = session.orphan_suggestions.get(action.orphan.key)
            if suggestion is not None:
                session.move_to(suggestion)
            self.refresh_view()
            return
        index = self.cursor
        if action.verb == "attach":
            current = session.review(index)
            if current is not None and (current.label or current.note or current.sources):
                question = (
                    f"Claim {index + 1} already has a review ({describe(current.label)}"
                    f"{', a note' if current.note else ''}). Replace it with the orphan's? (u undoes it)"
                )
                from reviewer.tui.screens.confirm import ConfirmScreen

                self.app.push_screen(
                    ConfirmScreen(question, yes="Replace", no="Cancel"),
                    lambda yes: self._attach_orphan(action.orphan, index) if yes else None,
                )
                return
            self._attach_orphan(action.orphan, index)
        else:
            self._save(lambda: session.dismiss_orphan(action.orphan))
            self.refresh_view()
        self.refresh_bindings()

    def _attach_orphan(self, orphan: Review, index: int) -> None:
        self._save(lambda: self.session.attach_orphan(orphan, index))
        self._changed(index)
        self.refresh_bindings()

    def action_help(self) -> None:
        """Show every key, generated from the live bindings."""
        from reviewer.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))


# The actions whose keys the footer shows: only a change in what they allow needs a rebuild.
_FOOTER_ACTIONS = tuple(
    dict.fromkeys(binding.action.split("(")[0] for binding in ReviewScreen.BINDINGS if binding.show)
)
