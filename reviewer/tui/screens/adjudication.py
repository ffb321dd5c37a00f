"""Adjudication mode: the review screen narrowed to the claims to decide, every reviewer side by side.

A filter over the ordinary review loop (as SLATE and INCEpTION's curation do it): the same
moves, search and help, but only the claims whose reviewers disagree or are incomplete are
kept, the list and the reading pane show final verdicts, and the label, note, undo and
next-left keys act on final verdicts through the core's ``Adjudication``. Keys 1…9 adopt a
reviewer's verdict; ``=`` accepts the unanimous claims after saying how many.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical

from reviewer.errors import UsageError
from reviewer.model import Label
from reviewer.review.adjudication import Adjudication, Step, VerdictChangedElsewhere
from reviewer.review.verdicts import ClaimStatus
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.screens.help import LEGEND
from reviewer.tui.screens.review import ReviewScreen
from reviewer.tui.widgets.footer import Footer
from reviewer.tui.widgets.paragraph_list import ParagraphList
from reviewer.tui.widgets.paragraph_view import ParagraphView
from reviewer.tui.widgets.search_bar import SearchBar
from reviewer.tui.widgets.verdicts import AdjudicationStatus, VerdictColumns, VerdictHeader

T = TypeVar("T")
MAX_KEYED_REVIEWERS = 9


def _adopt_bindings() -> list[Binding]:
    return [
        Binding(str(n), f"adopt({n})", "Adopt 1…9" if n == 1 else f"Adopt {n}", show=n == 1,
                id=f"adjudicate.adopt-{n}",
                tooltip=f"Make reviewer {n}'s label, note and sources the final verdict, and go on")
        for n in range(1, MAX_KEYED_REVIEWERS + 1)
    ]  # fmt: skip


def _review_bindings_but(own: list[BindingType]) -> list[BindingType]:
    """Every binding of the review screen on a key the mode does not take (Textual's own, unnamed, aside)."""
    taken = {key for binding in own if isinstance(binding, Binding) for key in binding.key.split(",")}
    merged = ReviewScreen._merged_bindings
    assert merged is not None  # Textual merges every DOM class's bindings when it is defined
    return [
        binding
        for key, bindings in merged.key_to_bindings.items()
        if key not in taken
        for binding in bindings
        if binding.id  # a keymap names a binding by its id: one without (tab focus) is Textual's
    ]


# The mode's own keys first, so the footer shows them first; then the review screen's others.
class AdjudicationScreen(ReviewScreen, inherit_bindings=False):
    """Step through the claims to adjudicate; adopt a reviewer's verdict or write your own."""

    BINDINGS = [
        *_adopt_bindings(),
        Binding("v", "label('verified')", "Final ✔", id="adjudicate.verified",
                tooltip="Your own final verdict: verified, and go to the next claim to adjudicate"),
        Binding("d", "label('disputed')", "Final ✘", id="adjudicate.disputed",
                tooltip="Your own final verdict: disputed, and go to the next claim to adjudicate"),
        Binding("o", "label('opinion')", "Final ◆", id="adjudicate.opinion",
                tooltip="Your own final verdict: opinion, and go to the next claim to adjudicate"),
        Binding("backspace", "clear_label", "Clear", show=False, id="adjudicate.clear",
                tooltip="Remove the final verdict's label (its note and sources stay)"),
        Binding("n", "note", "Note", id="adjudicate.note",
                tooltip="Write the final verdict's note and sources"),
        Binding("u", "undo", "Undo", id="adjudicate.undo",
                tooltip="Undo the last final verdict (a bulk accept too), saved at once"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="adjudicate.redo",
                tooltip="Redo the last undone final verdict"),
        Binding("right_square_bracket", "next_unreviewed(1)", "Next left", show=False,
                id="adjudicate.next-left", tooltip="Next claim still without a final verdict (wraps around)"),
        Binding("left_square_bracket", "next_unreviewed(-1)", "Previous left", show=False,
                id="adjudicate.previous-left", tooltip="Previous claim still without a final verdict"),
        Binding("equals_sign", "accept_unanimous", "Accept =", id="adjudicate.accept-unanimous",
                tooltip="Accept each unanimous claim's shared label as final (asks first, with the count)"),
        Binding("A,escape", "leave", "Leave", id="adjudicate.leave",
                tooltip="Leave adjudication mode, back to your own review"),
        Binding("f", "filter", "Filter", show=False, id="adjudicate.filter",
                tooltip="(Not in adjudication mode: the mode is the filter; A leaves it)"),
    ]  # fmt: skip
    BINDINGS += _review_bindings_but(BINDINGS)
    LEGEND = f"{LEGEND}\n" + "  ".join(
        f"{status.symbol} {word}"
        for status, word in (
            (ClaimStatus.AGREE, "unanimous"),
            (ClaimStatus.DISAGREE, "reviewers disagree"),
            (ClaimStatus.INCOMPLETE, "incomplete"),
        )
    )

    def __init__(self, below: ReviewScreen, adjudication: Adjudication) -> None:
        # The review screen below already said what a carry-over did.
        super().__init__(dataclasses.replace(below.opened, carried_over=None), blind=below.others.blind)
        self.below = below
        self.adjudication = adjudication
        self._team_enabled: tuple[bool | None, ...] = ()
        session = self.session
        if session.has_claims and not adjudication.left(session.cursor):
            first_left = adjudication.next_left(session.cursor - 1)
            if first_left is not None:
                session.move_to(first_left)
        self.navigator.set_scope(adjudication.needs)

    def compose(self) -> ComposeResult:
        session, adjudication = self.session, self.adjudication
        yield AdjudicationStatus(session.document.title, adjudication, id="status")
        with Horizontal(id="body"):
            yield ParagraphList(session, marks=adjudication.final, id="paragraphs")
            with Vertical(id="reader"):
                yield ParagraphView(session, marks=adjudication.final, id="view")
                yield VerdictHeader(session, adjudication, id="claim")
                yield VerdictColumns(id="verdicts")
        yield SearchBar(id="search")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        super().on_mount()
        if not self.adjudication.pending():
            unanimous = self.adjudication.progress().unanimous_open
            hint = (
                f" {unanimous} unanimous claim(s) have no final verdict: = accepts them." if unanimous else ""
            )
            self.notify(
                f"No claim needs adjudication: the reviewers agree on every claim they labelled.{hint}"
            )

    # -- showing --------------------------------------------------------------------------

    @property
    def hidden(self) -> bool:
        """True when blind review hides the reviewers' verdicts on the current claim (no final one yet)."""
        return self.others.blind and self.session.has_claims and self.adjudication.final(self.cursor) is None

    def refresh_view(self) -> None:
        """Everything the review screen shows, plus each reviewer's verdict and the adjudication keys."""
        header = self.query_one(VerdictHeader)
        header.hidden = self.hidden
        super().refresh_view()
        if self.session.has_claims:
            self.query_one(VerdictColumns).show(self.adjudication.verdicts(self.cursor), hidden=self.hidden)
        enabled = (self.check_action("adopt", (1,)), self.check_action("accept_unanimous", ()))
        if enabled != self._team_enabled:
            self._team_enabled = enabled
            self.refresh_bindings()

    def relist(self) -> None:
        """Re-read the reviews and verdicts (another process may have changed them), then list again."""
        self.adjudication.reload()
        super().relist()

    # -- enabling -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Adopting needs that reviewer's label on this claim (and not hidden by blind review)."""
        if action == "adopt":
            position = parameters[0] if parameters else 0
            return True if isinstance(position, int) and self._can_adopt(position) else None
        return super().check_action(action, parameters)

    def _can_adopt(self, position: int) -> bool:
        adjudication = self.adjudication
        if not self.session.has_claims or self.hidden or not 1 <= position <= len(adjudication.reviewers):
            return False
        review = dict(adjudication.verdicts(self.cursor).reviews)[adjudication.reviewers[position - 1]]
        return review is not None and review.label is not None

    def possible(self, action: str) -> bool:
        adjudication = self.adjudication
        checks: dict[str, Callable[[], bool]] = {
            "undo": lambda: adjudication.can_undo,
            "redo": lambda: adjudication.can_redo,
            "clear_label": lambda: (
                (final := adjudication.final(self.cursor)) is not None and final.label is not None
            ),
            "next_unreviewed": lambda: adjudication.progress().left > 0,
            "accept_unanimous": lambda: adjudication.progress().unanimous_open > 0,
            "filter": lambda: False,  # the mode is the filter; leave it (A) to filter by your own labels
            "adjudicate": lambda: False,
        }
        check = checks.get(action)
        return check() if check is not None else super().possible(action)

    # -- deciding -------------------------------------------------------------------------

    def _run(self, change: Callable[[], T]) -> tuple[T] | None:
        """Run an adjudication change through the saver: None when it was refused or conflicted."""
        try:
            return self.saver.run(lambda: (change(),))
        except VerdictChangedElsewhere as exc:
            self.notify(str(exc), title="Changed elsewhere", severity="warning", timeout=10, markup=False)
            self.relist()
        except UsageError as exc:
            self.notify(str(exc), severity="warning", markup=False)
        return None

    def _decided(self, index: int, target: int | None) -> None:
        """After a verdict on claim ``index``: go on to ``target``, redraw; say when none is left."""
        if target is not None:
            self.session.move_to(target)
        self.changed(index)
        progress = self.adjudication.progress()
        if progress.left == 0 and self.adjudication.needs(index):
            more = (
                f" {progress.unanimous_open} unanimous claim(s) wait: = accepts them."
                if progress.unanimous_open
                else ""
            )
            self.notify(f"Every claim to adjudicate has a final verdict.{more}", title="All adjudicated")

    def action_adopt(self, position: int) -> None:
        """Make reviewer ``position``'s verdict final and go to the next claim to adjudicate."""
        if not self._can_adopt(position):
            return
        index, target = self.cursor, self.navigator.step_target(1)
        reviewer = self.adjudication.reviewer_at(position)
        self._run(lambda: self.adjudication.adopt(index, reviewer))
        self._decided(index, target)

    def action_label(self, value: str) -> None:
        """Write your own final verdict with this label and go to the next claim to adjudicate."""
        index, target = self.cursor, self.navigator.step_target(1)
        self._run(lambda: self.adjudication.decide(index, label=Label(value)))
        self._decided(index, target)

    def action_clear_label(self) -> None:
        """Remove the final verdict's label."""
        index = self.cursor
        self._run(lambda: self.adjudication.decide(index, label=None))
        self._decided(index, None)

    def action_undo(self) -> None:
        """Undo the last adjudication step; the cursor goes to its claim."""
        self._replay(self.adjudication.undo)

    def action_redo(self) -> None:
        """Redo the last undone adjudication step."""
        self._replay(self.adjudication.redo)

    def _replay(self, replay: Callable[[], Step | None]) -> None:
        result = self._run(replay)
        step = result[0] if result else None
        if step is not None:
            self.session.move_to(step.claim_index)
        self.paragraph_list.refresh_rows()  # a bulk step changes many paragraphs' badges
        self.refresh_view()

    def action_next_unreviewed(self, direction: int = 1) -> None:
        """Next (or previous) claim still without a final verdict, wrapping around."""
        found = self.adjudication.next_left(self.cursor, direction)
        if found is None:
            self.notify("Every claim to adjudicate has a final verdict.", title="All adjudicated")
        else:
            self.session.move_to(found)
        self.refresh_view()

    def action_note(self) -> None:
        """Edit the final verdict's note and sources."""
        from reviewer.tui.screens.note import NoteScreen

        index = self.cursor
        final = self.adjudication.final(index)

        def save(note: str, sources: list[str]) -> bool:
            saved = self._run(lambda: self.adjudication.decide(index, note=note, sources=sources))
            self.changed(index)
            return saved is not None

        self.app.push_screen(
            NoteScreen(
                self.session.claims[index],
                note=final.note if final else "",
                sources=list(final.sources) if final else [],
                save=save,
                heading=f"Final verdict's note ({self.adjudication.adjudicator})",
            )
        )

    def action_accept_unanimous(self) -> None:
        """Say how many unanimous claims have no final verdict, and accept them once confirmed."""
        indexes = self.adjudication.unanimous_open()
        if not indexes:
            self.notify("No unanimous claim is waiting for a final verdict.")
            return
        question = (
            f"Accept the shared label of {len(indexes)} unanimous claim(s) as their final verdict?\n\n"
            "Each takes the reviewers' label, the first note one of them wrote and all their sources."
            " One step: u undoes it."
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            result = self._run(lambda: self.adjudication.accept_unanimous(indexes))
            step = result[0] if result else None
            accepted = len(step.changes) if step else 0
            self.notify(f"{accepted} unanimous claim(s) accepted as final.", title="Accepted")
            self.paragraph_list.refresh_rows()
            self.refresh_view()

        self.app.push_screen(ConfirmScreen(question, yes=f"Accept {len(indexes)}", no="Cancel"), answered)

    def action_leave(self) -> None:
        """Back to the review screen, at the same claim, with the same blind setting."""
        self.below.others.blind = self.others.blind
        self.app.pop_screen()
        self.below.others.reload()
        self.below.relist()


def start_adjudication(screen: ReviewScreen) -> None:
    """Open adjudication mode over ``screen`` for its reviewer, as the adjudicator."""
    session = screen.session
    session.claims.finish()  # adjudication looks at every claim
    adjudication = Adjudication(session.document, session.store, session.reviewer, labels=session.labels)
    if not adjudication.reviewers:
        screen.notify("No reviewer has labelled this document yet: there is nothing to adjudicate.")
        return
    if len(adjudication.reviewers) > MAX_KEYED_REVIEWERS:
        screen.notify(
            f"{len(adjudication.reviewers)} reviewers: keys 1…9 adopt the first nine; write your own verdict"
            " (v d o) for the others, or use reviewer adjudicate --adopt NAME.",
            severity="warning",
        )
    screen.app.push_screen(AdjudicationScreen(screen, adjudication))
