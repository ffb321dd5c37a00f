"""The review screen: paragraph list, reading pane, claim panel, status line and every review key.

The screen composes the widgets and maps keys to core calls (the session, its navigator,
the database watcher); the dialogs' flows live beside the dialogs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from reviewer.errors import StoreError
from reviewer.hints import HintModel
from reviewer.model import Label
from reviewer.review.filters import ClaimFilter
from reviewer.review.navigation import Navigator
from reviewer.review.opening import OpenedDocument
from reviewer.review.session import ChangedElsewhere, Counts
from reviewer.review.watching import DatabaseWatcher
from reviewer.storage.snapshots import save_snapshot
from reviewer.tui.background import segment_behind
from reviewer.tui.hinting import ScreenHints, load_hint_model
from reviewer.tui.keys import FOOTER_ACTIONS, REVIEW_BINDINGS
from reviewer.tui.saving import Saver
from reviewer.tui.widgets.claim_panel import ClaimPanel
from reviewer.tui.widgets.footer import Footer
from reviewer.tui.widgets.paragraph_list import ParagraphList
from reviewer.tui.widgets.paragraph_view import ParagraphView, ViewState
from reviewer.tui.widgets.search_bar import SearchBar
from reviewer.tui.widgets.status import SaveState, StatusBar

T = TypeVar("T")

WATCH_SECONDS = 2.0  # how often to retry unsaved changes and look for other processes' changes


class ReviewScreen(Screen[None]):
    """Step through claims, label them, take notes; every change is saved before it is shown."""

    BINDINGS = REVIEW_BINDINGS

    AUTO_FOCUS = ""  # keys go to the screen; only the search bar takes focus, when opened

    def __init__(self, opened: OpenedDocument) -> None:
        super().__init__()
        opened.session.claims.settle()  # a short document shows complete from the first frame
        self.opened = opened
        self.session = opened.session
        self.navigator = Navigator(self.session)
        self.hints = ScreenHints()
        self.navigator.hinted = self.hints.flagged
        self.watcher = DatabaseWatcher(self.session)
        self.saver = Saver(self.session, self.watcher, self.notify)
        self._counts: Counts = self.session.counts(so_far=True)
        self._enabled: tuple[bool, ...] = ()
        self._paragraph_list: ParagraphList | None = None

    @property
    def claim_filter(self) -> ClaimFilter:
        """The filter in force."""
        return self.navigator.claim_filter

    @property
    def search_text(self) -> str:
        """The last search, as typed."""
        return self.navigator.search.text

    @property
    def save_state(self) -> SaveState:
        """Whether the last change reached the disk."""
        return self.saver.state

    @property
    def cursor(self) -> int:
        """The claim under the cursor (0-based)."""
        return self.session.cursor

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
        self._list.show_paragraphs(self.navigator.listed_paragraphs())
        self.refresh_view()
        if self.opened.carried_over is not None:
            hint = " Press O to see the orphans." if self.session.orphans else ""
            self.notify(
                f"The document changed since it was reviewed. {self.opened.carried_over.summary()}.{hint}",
                title="Reviews carried over",
                timeout=15,
                markup=False,
            )
        self.set_interval(WATCH_SECONDS, self._watch_database)
        self._load_hints()
        if self.session.claims_known:
            self.segmented()
        else:
            self.run_worker(self._segment_rest(), group="segment", exclusive=True)

    @property
    def _list(self) -> ParagraphList:
        if self._paragraph_list is None:
            self._paragraph_list = self.query_one(ParagraphList)
        return self._paragraph_list

    def refresh_view(self) -> None:
        """Bring every part of the screen in line with the session."""
        session = self.session
        if session.has_claims:  # segments a large document as far as the cursor before counting
            self._list.select_paragraph(session.current.paragraph)
        self._counts = session.counts(so_far=True)
        self._show_status()
        self.hints.around(self.cursor, session.claims.known)
        folded = self.navigator.search.folded_query
        view = ViewState(self.cursor, self.navigator.keeps, folded, hinted=self.hints.flagged)
        self.query_one(ParagraphView).show(view)
        self.query_one(ClaimPanel).show(self.cursor, self._mode_text(), self.hints.panel_line(self.cursor))
        # The footer rebuilds itself on every refresh_bindings (a dozen widgets): only ask when
        # a key it shows changes; keys it hides are checked by check_action when pressed.
        enabled = tuple(self.navigator.possible(action) for action in FOOTER_ACTIONS)
        if enabled != self._enabled:
            self._enabled = enabled
            self.refresh_bindings()

    def relist(self) -> None:
        """The paragraphs the filter lists may have changed: list them again, then refresh."""
        self._list.show_paragraphs(self.navigator.listed_paragraphs())
        self.refresh_view()

    def changed(self, claim_index: int) -> None:
        """Redraw after the review of ``claim_index`` changed."""
        self._list.refresh_paragraph(self.session.claims[claim_index].paragraph)
        self.refresh_view()

    def _show_status(self) -> None:
        self.query_one(StatusBar).show(
            self._counts, self.saver.state, len(self.session.unsaved), self.session.claims.progress
        )

    def _mode_text(self) -> str:
        parts = []
        if self.claim_filter is not ClaimFilter.ALL:
            parts.append(f"filter: {self.claim_filter.display_name}")
        if self.search_text:
            parts.append(f"search: {self.search_text!r}")
        return " · ".join(parts)

    # -- a large document: the rest is segmented while the reviewer starts ---------------

    async def _segment_rest(self) -> None:
        if await segment_behind(
            self.session.claims, alive=lambda: self._list.is_attached, progress=self._show_progress
        ):
            self._list.refresh_rows()
            self.refresh_view()
            self.segmented()

    def _show_progress(self) -> None:
        """New badges in the list, new totals in the status line and panel; the reading pane stays put."""
        self._list.refresh_rows()
        self._counts = self.session.counts(so_far=True)
        self._show_status()
        self.query_one(ClaimPanel).show(self.cursor, self._mode_text(), self.hints.panel_line(self.cursor))

    def segmented(self) -> None:
        """Every claim is known: record the document as opened and keep a snapshot of this version."""
        gc.freeze()  # the new claims need no garbage collection passes either (see ReviewApp)
        try:
            registered = self.opened.register_if_due(snapshot=False)
        except StoreError as exc:
            self.notify(str(exc), title="Cannot record the document", severity="error", markup=False)
            return
        if registered:  # the snapshot (a few hundred ms at 10 MB) is written off the UI thread
            store, document = self.session.store, self.session.document
            self.run_worker(
                partial(save_snapshot, store, document), thread=True, group="snapshot", exit_on_error=False
            )

    @work(thread=True, exclusive=True, group="hint-model", exit_on_error=False)
    def _load_hints(self) -> None:
        """Load the hint model (a fraction of a second) off the UI thread."""
        model, why = load_hint_model()
        self.app.call_from_thread(self._hints_loaded, model, why)

    def _hints_loaded(self, model: HintModel | None, why: str) -> None:
        self.hints.start(model, self.session.document.language, self, why)
        self.refresh_view()
        if self.hints.active:
            self.run_worker(self.hints.score_behind(self), group="hints", exclusive=True)

    def action_next_hinted(self, direction: int = 1) -> None:
        """Next (or previous) claim a hint flags."""
        found = self.hints.next_flagged(self.cursor, direction)
        if found is None:
            line = self.hints.panel_line(self.cursor) or "No claim is hinted yet."
            self.notify(line if not self.hints.active else "No claim is hinted.", title="Hints", markup=False)
        else:
            self.session.move_to(found)
        self.refresh_view()

    def action_toggle_hints(self) -> None:
        """Switch the hints off or on."""
        self.hints.enabled = not self.hints.enabled
        if not self.hints.enabled and self.claim_filter is ClaimFilter.HINTED:
            self.navigator.set_filter(ClaimFilter.ALL)  # it would hide every claim
        self.relist()

    def _watch_database(self) -> None:
        """Retry unsaved changes; show what another process saved (a cheap stat when nothing did)."""
        try:
            poll = self.watcher.poll()
        except StoreError as exc:
            self.notify(str(exc), title="Cannot read the database", severity="error", markup=False)
            return
        self.saver.saved_after_all(poll.saved_after_all)
        if poll.reloaded:
            self.relist()
        elif poll.saved_after_all:
            self.refresh_view()

    # -- saving -------------------------------------------------------------------------

    def save(self, change: Callable[[], T]) -> T | None:
        """Run a session change through the saver; a change made elsewhere is shown, not overwritten."""
        try:
            return self.saver.run(change)
        except ChangedElsewhere as exc:
            self.notify(str(exc), title="Changed elsewhere", severity="warning", timeout=10, markup=False)
            self.relist()
            return None

    # -- enabling -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Disable what cannot be done right now: None dims it in the footer and the key does nothing."""
        return True if self.navigator.possible(action) else None

    # -- moving -------------------------------------------------------------------------

    def action_next_claim(self) -> None:
        """Next claim, crossing paragraphs."""
        self.navigator.step(1)
        self.refresh_view()

    def action_previous_claim(self) -> None:
        """Previous claim, crossing paragraphs."""
        self.navigator.step(-1)
        self.refresh_view()

    def action_next_paragraph(self) -> None:
        """First claim of the next paragraph."""
        self.navigator.step_paragraph(1)
        self.refresh_view()

    def action_previous_paragraph(self) -> None:
        """First claim of the previous paragraph."""
        self.navigator.step_paragraph(-1)
        self.refresh_view()

    def action_skip(self) -> None:
        """Go on without labelling."""
        self.action_next_claim()

    def action_next_unreviewed(self, direction: int = 1) -> None:
        """Next (or previous) claim with no label, wrapping around."""
        if self.navigator.hides_unreviewed():
            self.notify(
                f"The filter shows {self.claim_filter.display_name}: press f and choose all or unreviewed.",
                title="Filtered",
            )
            return
        if self.session.next_unreviewed(direction) is None:
            self.notify("Every claim has a label.", title="All reviewed")
        self.refresh_view()

    @on(ParagraphList.ParagraphClicked)
    def _paragraph_clicked(self, event: ParagraphList.ParagraphClicked) -> None:
        self.navigator.go_to_paragraph(event.paragraph)
        self.refresh_view()

    @on(ParagraphView.ClaimClicked)
    def _claim_clicked(self, event: ParagraphView.ClaimClicked) -> None:
        self.session.move_to(event.claim_index)
        self.refresh_view()

    # -- labelling ----------------------------------------------------------------------

    def action_label(self, value: str) -> None:
        """Label the current claim and go to the next one the filter keeps."""
        index = self.cursor
        target = self.navigator.step_target(1)  # chosen before the label can take this claim out of a filter
        self.save(lambda: self.session.set_label(Label(value), advance=False))
        if target is not None:
            self.session.move_to(target)
        self.changed(index)

    def action_clear_label(self) -> None:
        """Remove the current claim's label."""
        index = self.cursor
        self.save(self.session.clear_label)
        self.changed(index)

    def action_undo(self) -> None:
        """Undo the last change."""
        self.save(self.session.undo)
        self.changed(self.cursor)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self.save(self.session.redo)
        self.changed(self.cursor)

    def action_note(self) -> None:
        """Open the note editor for the current claim."""
        from reviewer.tui.screens.note import edit_note

        edit_note(self, self.cursor)

    # -- search -------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search bar."""
        self.navigator.search.begin()
        self.query_one(SearchBar).open(self.search_text)

    @on(SearchBar.QueryChanged)
    def _query_changed(self, event: SearchBar.QueryChanged) -> None:
        found = self.navigator.search.type(event.query)
        self.query_one(SearchBar).show_result(found)
        self.refresh_view()

    @on(SearchBar.StepRequested)
    def _search_step(self, event: SearchBar.StepRequested) -> None:
        self.action_search_next(event.direction)

    @on(SearchBar.Closed)
    def _search_closed(self, event: SearchBar.Closed) -> None:
        self.navigator.search.end(accepted=event.accepted)
        self.refresh_view()

    def action_search_next(self, direction: int = 1) -> None:
        """Next (or previous) claim matching the search."""
        if not self.navigator.search.step(direction):
            self.notify(f"No claim contains {self.search_text!r}.", severity="warning", markup=False)
        self.refresh_view()

    # -- filter, go to, export, orphans, help -------------------------------------------

    def action_filter(self) -> None:
        """Choose which claims to show."""
        from reviewer.tui.screens.filter import choose_filter

        choose_filter(self)

    def action_goto(self) -> None:
        """Jump to a paragraph (or claim) by number."""
        from reviewer.tui.screens.goto import go_to

        go_to(self)

    def action_export(self) -> None:
        """Choose a format and a path, then export in the background."""
        from reviewer.tui.screens.export import start_export

        start_export(self)

    def action_orphans(self) -> None:
        """List the orphans, to attach one to the current claim or set it aside."""
        from reviewer.tui.screens.orphans import show_orphans

        show_orphans(self)

    def action_help(self) -> None:
        """Show every key, generated from the live bindings."""
        from reviewer.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))
