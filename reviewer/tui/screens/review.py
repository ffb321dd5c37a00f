"""The review screen: paragraph list, reading pane, claim panel, status line and every review key.

The screen composes the widgets and maps keys to core calls (the session, its navigator,
the database watcher); the dialogs' flows live beside the dialogs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from reviewer.errors import StoreError
from reviewer.model import Label
from reviewer.review.filters import ClaimFilter
from reviewer.review.navigation import Navigator
from reviewer.review.opening import OpenedDocument
from reviewer.review.session import ChangedElsewhere, Counts
from reviewer.review.team import OtherReviews
from reviewer.review.watching import DatabaseWatcher
from reviewer.tui.background import segment_behind
from reviewer.tui.saving import Saver
from reviewer.tui.widgets.claim_panel import ClaimPanel
from reviewer.tui.widgets.footer import Footer
from reviewer.tui.widgets.paragraph_list import ParagraphList
from reviewer.tui.widgets.paragraph_view import ParagraphView, ViewState
from reviewer.tui.widgets.search_bar import SearchBar
from reviewer.tui.widgets.status import SaveState, StatusBar

if TYPE_CHECKING:  # the dialogs are imported when first used: a launch does not pay for them
    from reviewer.tui.screens.goto import GotoTarget

T = TypeVar("T")

WATCH_SECONDS = 2.0  # how often to retry unsaved changes and look for other processes' changes

# Actions that need at least one claim; everything else is always possible.
_NEEDS_CLAIMS = frozenset(
    {"next_claim", "previous_claim", "next_paragraph", "previous_paragraph", "label", "skip",
     "clear_label", "note", "next_unreviewed", "search", "search_next", "filter", "goto", "export"}
)  # fmt: skip


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
        Binding("b", "toggle_blind", "Blind", show=False, id="team.blind",
                tooltip="Blind review on/off: hide the other reviewers' labels and notes until you label"),
        Binding("a", "agreement", "Agreement", show=False, id="team.agreement",
                tooltip="Agreement between the reviewers: Krippendorff's α, Cohen's κ per pair, labels"),
        Binding("A", "adjudicate", "Adjudicate", show=False, id="team.adjudicate",
                tooltip="Adjudication mode: the claims the reviewers disagree on, to write final verdicts"),
        Binding("question_mark,f1", "help", "Help", id="help.show",
                tooltip="Every key, generated from the live bindings"),
        Binding("q", "app.quit", "Quit", id="app.quit-q",
                tooltip="Quit; everything is saved and the position remembered"),
    ]  # fmt: skip

    AUTO_FOCUS = ""  # keys go to the screen; only the search bar takes focus, when opened

    def __init__(self, opened: OpenedDocument, *, blind: bool = False) -> None:
        super().__init__()
        opened.session.claims.settle()  # a short document shows complete from the first frame
        self.opened = opened
        self.session = opened.session
        self.navigator = Navigator(self.session)
        self.watcher = DatabaseWatcher(self.session)
        self.saver = Saver(self.session, self.watcher, self.notify)
        self.others = OtherReviews(self.session, blind=blind)  # the other reviewers' reviews (team.py)
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
                yield ClaimPanel(session, others=self.others, id="claim")
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
        folded = self.navigator.search.folded_query
        self.query_one(ParagraphView).show(ViewState(self.cursor, self.navigator.keeps, folded))
        self.query_one(ClaimPanel).show(self.cursor, self._mode_text())
        # The footer rebuilds itself on every refresh_bindings (a dozen widgets): only ask when
        # a key it shows changes; keys it hides are checked by check_action when pressed.
        enabled = tuple(self._possible(action) for action in _FOOTER_ACTIONS)
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
        self.query_one(ClaimPanel).show(self.cursor, self._mode_text())

    def segmented(self) -> None:
        """Every claim is known: record the document as opened and keep a snapshot of this version."""
        gc.freeze()  # the new claims need no garbage collection passes either (see ReviewApp)
        if self.opened.register_when_segmented and not self.session.registered:
            try:
                self.session.register(snapshot=False)
            except StoreError as exc:
                self.notify(str(exc), title="Cannot record the document", severity="error", markup=False)
                return
            self._save_snapshot()

    @work(thread=True, exclusive=True, group="snapshot", exit_on_error=False)
    def _save_snapshot(self) -> None:
        """Compress and write the snapshot (a few hundred ms at 10 MB) off the UI thread."""
        from reviewer.storage.snapshots import save_snapshot

        save_snapshot(self.session.store, self.session.document)  # failures only cost re-anchoring hints

    def _watch_database(self) -> None:
        """Retry unsaved changes; show what another process saved (a cheap stat when nothing did)."""
        try:
            poll = self.watcher.poll()
        except StoreError as exc:
            self.notify(str(exc), title="Cannot read the database", severity="error", markup=False)
            return
        self.saver.saved_after_all(poll.saved_after_all)
        if poll.reloaded:
            self.others.reload()
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
        return True if self._possible(action) else None

    def _possible(self, action: str) -> bool:
        session, navigator = self.session, self.navigator
        if action in _NEEDS_CLAIMS and not session.has_claims:
            return False
        possible: dict[str, Callable[[], bool]] = {
            "next_claim": lambda: navigator.step_target(1) is not None,
            "previous_claim": lambda: navigator.step_target(-1) is not None,
            "next_paragraph": lambda: navigator.paragraph_target(1) is not None,
            "previous_paragraph": lambda: navigator.paragraph_target(-1) is not None,
            "clear_label": lambda: session.label(self.cursor) is not None,
            "undo": lambda: session.can_undo,
            "redo": lambda: session.can_redo,
            "next_unreviewed": lambda: self._counts.unreviewed > 0 or not self._counts.complete,
            "search_next": lambda: bool(self.search_text),
        }
        check = possible.get(action)
        return check() if check is not None else True

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
        from reviewer.tui.screens.filter import FilterScreen

        self.session.claims.finish()  # a filter counts and lists every claim
        self.refresh_view()
        counts = self.navigator.filter_counts(self._counts)
        self.app.push_screen(FilterScreen(self.claim_filter, counts), self._set_filter)

    def _set_filter(self, chosen: ClaimFilter | None) -> None:
        if chosen is None:
            return
        if self.navigator.set_filter(chosen).empty:
            self.notify(f"No claim is {chosen.value}.", severity="warning")
        self.relist()

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

    # -- team review: the others' reviews, blind review, agreement, adjudication --------

    def action_toggle_blind(self) -> None:
        """Hide (or show) the other reviewers' labels and notes on claims you have not labelled."""
        on = self.others.toggle_blind()
        self.notify(
            "Blind review: the others' reviews show once you label a claim." if on else "Blind review off."
        )
        self.refresh_view()

    def action_agreement(self) -> None:
        """Show the agreement between the reviewers of this document."""
        from reviewer.tui.screens.agreement import show_agreement

        show_agreement(self)

    def action_adjudicate(self) -> None:
        """Step through the claims to adjudicate, writing final verdicts."""
        from reviewer.tui.screens.adjudication import start_adjudication

        start_adjudication(self)


# The actions whose keys the footer shows: only a change in what they allow needs a rebuild.
_FOOTER_ACTIONS = tuple(
    dict.fromkeys(
        binding.action.split("(")[0]
        for binding in ReviewScreen.BINDINGS
        if isinstance(binding, Binding) and binding.show
    )
)
