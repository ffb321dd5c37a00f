"""The review screen: paragraph list, reading pane, claim panel, status line and every review key.

It composes the widgets and maps keys to core calls (session, navigator, watcher, autosave);
the dialog keys are in review_dialogs.py, each dialog's flow beside it, search in searching.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from reviewer.model import Label
from reviewer.review.autosave import DraftKeeper, PositionKeeper
from reviewer.review.filters import ClaimFilter
from reviewer.review.navigation import Navigator
from reviewer.review.opening import OpenedDocument
from reviewer.review.session import ChangedElsewhere, Counts
from reviewer.review.team import OtherReviews
from reviewer.review.watching import DatabaseWatcher
from reviewer.tui.background import segment_rest, segmented
from reviewer.tui.hinting import LOAD_AFTER_SECONDS, ScreenHints, load_hints
from reviewer.tui.keeping import POSITION_SECONDS, WATCH_SECONDS, keep_position, watch_database
from reviewer.tui.keys import FOOTER_ACTIONS, REVIEW_BINDINGS, relabelled
from reviewer.tui.labels import use_labels
from reviewer.tui.saving import Saver
from reviewer.tui.screens.review_dialogs import ReviewDialogs
from reviewer.tui.screens.searching import SearchFlow
from reviewer.tui.syncing import team_link
from reviewer.tui.widgets.claim_panel import ClaimPanel, PanelState
from reviewer.tui.widgets.footer import Footer
from reviewer.tui.widgets.paragraph_list import ParagraphList
from reviewer.tui.widgets.paragraph_view import ParagraphView, ViewState
from reviewer.tui.widgets.search_bar import SearchBar
from reviewer.tui.widgets.status import SaveState, StatusBar

T = TypeVar("T")


class ReviewScreen(ReviewDialogs, Screen[None]):
    """Step through claims, label them, take notes; every change is saved before it is shown."""

    BINDINGS = REVIEW_BINDINGS

    AUTO_FOCUS = ""  # keys go to the screen; only the search bar takes focus, when opened

    def __init__(self, opened: OpenedDocument, *, blind: bool = False) -> None:
        super().__init__()
        opened.session.claims.settle()  # a short document shows complete from the first frame
        self.opened = opened
        self.session = opened.session
        use_labels(self.session.labels)  # every widget draws this session's labels
        self._bindings = relabelled(self._bindings, self.session.labels)  # one key per label
        self.navigator = Navigator(self.session)
        self.saver = Saver(self.session, self.notify)  # before anything writes: it sets the lock wait
        self.watcher = DatabaseWatcher(self.session)
        self.drafts = DraftKeeper(self.session)
        self.positions = PositionKeeper(self.session)
        self.searching = SearchFlow(self)
        self.hints = ScreenHints()
        self.navigator.hinted = self.hints.flagged
        self.others = OtherReviews(self.session, blind=blind)  # the other reviewers' reviews (team.py)
        self._counts: Counts = self.session.counts(so_far=True)
        self._enabled: tuple[bool, ...] = ()
        self._paragraph_list: ParagraphList | None = None

    @property
    def claim_filter(self) -> ClaimFilter:
        """The filter in force."""
        return self.navigator.claim_filter

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
                yield ClaimPanel(session, others=self.others, id="claim")
        yield SearchBar(id="search")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        from reviewer.tui.screens.info import announce_carry_over
        from reviewer.tui.screens.note import offer_draft

        self.relist()
        announce_carry_over(self)
        self.set_interval(WATCH_SECONDS, lambda: watch_database(self))
        self.position_timer = self.set_interval(POSITION_SECONDS, lambda: keep_position(self))
        self.set_timer(LOAD_AFTER_SECONDS, lambda: load_hints(self))  # after the first paint
        if self.session.claims_known:
            segmented(self)
        else:
            self.run_worker(segment_rest(self), group="segment", exclusive=True)
        offer_draft(self)  # a note the terminal lost mid-sentence comes back in its editor
        if (team := team_link(self)) is not None:
            team.attach(self)  # syncs with the team server in the background, if there is one

    @property
    def paragraph_list(self) -> ParagraphList:
        """The paragraph list (looked up once: it is asked on every key)."""
        if self._paragraph_list is None:
            self._paragraph_list = self.query_one(ParagraphList)
        return self._paragraph_list

    def refresh_view(self) -> None:
        """Bring every part of the screen in line with the session."""
        session = self.session
        if session.has_claims:  # segments a large document as far as the cursor before counting
            self.paragraph_list.select_paragraph(session.current.paragraph)
        self.show_status()
        self.hints.around(self.cursor, session.claims.known)
        search = self.navigator.search
        folded = search.folded_query
        view = ViewState(self.cursor, self.navigator.keeps, folded, hinted=self.hints.flagged)
        self.query_one(ParagraphView).show(view)
        notes_query = folded if search.in_notes else ""
        self.show_panel(PanelState(notes_query))
        # The footer rebuilds itself on every refresh_bindings (a dozen widgets): only ask when
        # a key it shows changes; keys it hides are checked by check_action when pressed.
        enabled = tuple(self.possible(action) for action in FOOTER_ACTIONS)
        if enabled != self._enabled:
            self._enabled = enabled
            self.refresh_bindings()

    def relist(self) -> None:
        """The paragraphs the filter lists may have changed: list them again, then refresh."""
        self.paragraph_list.show_paragraphs(self.navigator.listed_paragraphs())
        self.refresh_view()

    def changed(self, claim_index: int) -> None:
        """Redraw after the review of ``claim_index`` changed; say so when that was the last label."""
        before = self._counts
        if (team := team_link(self)) is not None:
            team.changed()
        self.paragraph_list.refresh_paragraph(self.session.claims[claim_index].paragraph)
        self.refresh_view()
        if self._counts.all_labelled and not before.all_labelled:
            self.notify(f"Every claim has a label: {self._counts.total} reviewed.", title="All reviewed")

    def show_panel(self, state: PanelState | None = None) -> None:
        """Describe the claim under the cursor in the claim panel."""
        panel = self.query_one(ClaimPanel)
        hint = self.hints.panel_line(self.cursor)
        panel.show(self.cursor, self.navigator.mode_text(), state or PanelState(), hint)

    def show_status(self) -> None:
        """Count again and show progress and the saved indicator in the status line."""
        self._counts = self.session.counts(so_far=True)
        self.query_one(StatusBar).show(
            self._counts, self.saver.state, len(self.session.unsaved), self.session.claims.progress
        )

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
        return True if self.possible(action) else None

    def possible(self, action: str) -> bool:
        """True when ``action`` can do something now (a mode's screen narrows it)."""
        return self.navigator.possible(action)

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

    def action_next_unreviewed(self, direction: int = 1) -> None:
        """Next (or previous) claim with no label, wrapping around."""
        if self.navigator.hides_unreviewed():
            self.notify(
                f"The filter shows {self.claim_filter.display_name(self.session.labels)}:"
                " press f and choose all or unreviewed.",
                title="Filtered",
            )
            return
        if self.session.next_unreviewed(direction) is None:
            self.notify("Every claim has a label.", title="All reviewed")
        self.refresh_view()

    def action_next_recheck(self, direction: int = 1) -> None:
        """Next (or previous) claim whose wording changed since it was labelled, wrapping around."""
        if self.navigator.next_recheck(direction) is None:
            self.notify("No claim needs a recheck: none changed under its label.", title="Recheck")
        self.refresh_view()

    def action_next_hinted(self, direction: int = 1) -> None:
        """Next (or previous) claim a check-worthiness hint flags."""
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
        if not self.hints.enabled and self.claim_filter == ClaimFilter.HINTED:
            self.navigator.set_filter(ClaimFilter.ALL)  # it would hide every claim
        self.relist()

    # -- team review: the others' reviews, blind review, agreement, adjudication --------

    def action_toggle_blind(self) -> None:
        """Hide (or show) the other reviewers' labels and notes on claims you have not labelled."""
        on = self.others.toggle_blind()
        self.notify(
            "Blind review: the others' reviews show once you label a claim." if on else "Blind review off."
        )
        self.refresh_view()

    def action_sync_team(self) -> None:
        """Sync with the team server now."""
        if (team := team_link(self)) is not None:
            team.sync_now()

    def action_agreement(self) -> None:
        """Show the agreement between the reviewers of this document."""
        from reviewer.tui.screens.agreement import show_agreement

        show_agreement(self)

    def action_adjudicate(self) -> None:
        """Step through the claims to adjudicate, writing final verdicts."""
        from reviewer.tui.screens.adjudication import start_adjudication

        start_adjudication(self)

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
        if self.saver.refuse_read_only():
            return
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

    # -- search (the flow is in searching.py) -------------------------------------------

    def action_search(self) -> None:
        """Open the search bar."""
        self.searching.open()

    @on(SearchBar.QueryChanged)
    def _query_changed(self, event: SearchBar.QueryChanged) -> None:
        self.searching.typed(event.query)

    @on(SearchBar.NotesToggled)
    def _notes_toggled(self, event: SearchBar.NotesToggled) -> None:
        self.searching.toggle_notes()

    @on(SearchBar.StepRequested)
    def _search_step(self, event: SearchBar.StepRequested) -> None:
        self.searching.step(event.direction)

    @on(SearchBar.Closed)
    def _search_closed(self, event: SearchBar.Closed) -> None:
        self.searching.closed(accepted=event.accepted)

    def action_search_next(self, direction: int = 1) -> None:
        """Next (or previous) claim matching the search."""
        self.searching.step(direction)
