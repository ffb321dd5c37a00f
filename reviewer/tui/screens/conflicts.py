"""The conflicts list: versions an import or a team sync set aside, to compare, adopt or dismiss.

The same records, numbers and rules as ``reviewer conflicts FILE``: the import's reviews first,
then the final verdicts and reshapes a team sync set aside. Adopting a version keeps the one it
replaces as a conflict in turn, dismissing one only marks it, and another reviewer's version
(another adjudicator's verdict) is adopted only when the reviewer says so (the CLI's
``--allow-other-reviewers``). A reshape is the document's: anyone adopts it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reviewer.display import screen_text
from reviewer.errors import ReviewerError
from reviewer.review.import_conflicts import ImportConflict, adopt_conflict, dismiss_conflict, open_conflicts
from reviewer.review.importing import describe_review
from reviewer.teamserver.set_aside import SetAside, adopt_set_aside, dismiss_set_aside, open_set_aside
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from reviewer.documents.base import Document
    from reviewer.model import Review
    from reviewer.tui.screens.review import ReviewScreen

ConflictVerb = Literal["adopt", "goto", "dismiss"]


@dataclass(frozen=True, slots=True)
class ConflictAction:
    """What the reviewer chose for open conflict ``number`` (numbered from 1, as the CLI lists them)."""

    verb: ConflictVerb
    number: int
    conflict: ImportConflict | SetAside


class ConflictOption(Option):
    """One conflict: whose review of which claim, the version set aside and the one in place."""

    def __init__(
        self, number: int, conflict: ImportConflict, claim: int | None, current: Review | None
    ) -> None:
        where = f"claim {claim + 1}" if claim is not None else "a claim no longer in the text"
        review = conflict.review
        lines = [
            Content.assemble((f"{number}. {screen_text(review.reviewer)}'s review of {where}", "bold")),
            Content.assemble(("  set aside: ", "$text-warning"), screen_text(describe_review(review))),
            Content.assemble(
                ("  in place:  ", "$text-muted"),
                screen_text(describe_review(current)) if current is not None else "no review",
            ),
            Content.styled(
                f"  {screen_text(conflict.reason)}; from {screen_text(conflict.source)}", "$text-muted"
            ),
        ]
        super().__init__(Content("\n").join(lines))
        self.number = number
        self.conflict: ImportConflict | SetAside = conflict
        self.claim = claim


class SetAsideOption(ConflictOption):
    """One final verdict or reshape a team sync set aside, and what is in place instead."""

    def __init__(
        self, number: int, entry: SetAside, claim: int | None, in_place: str, document: Document
    ) -> None:
        lines = [
            Content.assemble((f"{number}. {entry.where(claim)}", "bold")),
            Content.assemble(("  set aside: ", "$text-warning"), screen_text(entry.describe(document))),
            Content.assemble(("  in place:  ", "$text-muted"), screen_text(in_place)),
            Content.styled(f"  {screen_text(entry.reason)}; from team sync", "$text-muted"),
        ]
        Option.__init__(self, Content("\n").join(lines))
        self.number = number
        self.conflict = entry
        self.claim = claim


class ConflictsScreen(ModalScreen[ConflictAction | None]):
    """The open import conflicts of this document."""

    BINDINGS = [
        Binding("a,enter", "choose('adopt')", "Adopt", id="conflicts.adopt",
                tooltip="Make this version the review again (the one in place is kept as a conflict)"),
        Binding("g", "choose('goto')", "Go to claim", id="conflicts.goto",
                tooltip="Close the list and go to the claim of this version"),
        Binding("x", "choose('dismiss')", "Dismiss", id="conflicts.dismiss",
                tooltip="Set this version aside for good (it stays in the database)"),
        Binding("escape", "close", "Close", id="conflicts.close", tooltip="Back to the document"),
    ]  # fmt: skip

    def __init__(self, screen: ReviewScreen, conflicts: list[ImportConflict], others: list[SetAside]) -> None:
        super().__init__(classes="dialog-screen")
        self._review_screen = screen
        self._conflicts = conflicts
        self._others = others

    def compose(self) -> ComposeResult:
        session = self._review_screen.session
        with Vertical(classes="dialog", id="conflicts-dialog"):
            yield Label(_title(len(self._conflicts), len(self._others)), classes="title", markup=False)
            options = []
            for number, conflict in enumerate(self._conflicts, start=1):
                anchor = conflict.review.anchor
                claim = session.index_of_span(anchor.start, anchor.end)
                current = session.store.get_review(conflict.review.key)
                options.append(ConflictOption(number, conflict, claim, current))
            for number, entry in enumerate(self._others, start=len(self._conflicts) + 1):
                in_place = entry.in_place(session.store, session.document)
                claim = _claim_of(screen=self._review_screen, entry=entry)
                options.append(SetAsideOption(number, entry, claim, in_place, session.document))
            yield OptionList(*options, id="conflicts-list")
            yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _highlighted(self) -> ConflictOption | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return option if isinstance(option, ConflictOption) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Go to needs a claim that still holds the version; every choice needs a conflict."""
        if action != "choose":
            return True
        option = self._highlighted()
        if option is None:
            return None
        if parameters and parameters[0] == "goto" and option.claim is None:
            return None
        return True

    def action_choose(self, verb: ConflictVerb) -> None:
        """Close with what to do with the highlighted conflict."""
        option = self._highlighted()
        if option is not None:
            self.dismiss(ConflictAction(verb, option.number, option.conflict))

    def action_close(self) -> None:
        """Back to the document."""
        self.dismiss(None)


def _title(reviews: int, others: int) -> str:
    """The list's title, short enough for the dialog at 80 columns."""
    if reviews and others:
        return f"Set aside: {reviews} by an import, {others} by a team sync"
    if others:
        return f"{others} final verdict(s) or reshape(s) a team sync set aside"
    return f"{reviews} version(s) an import set aside for this document"


def _claim_of(screen: ReviewScreen, entry: ImportConflict | SetAside) -> int | None:
    """The claim a conflict is about: a review's or verdict's span, a reshape's first claim."""
    session = screen.session
    if isinstance(entry, ImportConflict):
        return session.index_of_span(entry.review.anchor.start, entry.review.anchor.end)
    if entry.paragraph is not None:
        claims = session.claims.in_paragraph(entry.paragraph)
        return claims[0] if claims else None
    return session.index_of_span(*entry.position)


def show_conflicts(screen: ReviewScreen) -> None:
    """List the open conflicts, then adopt, dismiss or go to the one chosen."""
    session = screen.session
    try:
        conflicts = open_conflicts(session.store, session.document.doc_id)
        others = open_set_aside(session.store, session.document.doc_id)
    except ReviewerError as exc:
        screen.notify(str(exc), title="Conflicts", severity="error", markup=False)
        return
    if not conflicts and not others:
        screen.notify("No conflicts: no import or team sync set a version aside.", title="Conflicts")
        return

    def chosen(action: ConflictAction | None) -> None:
        if action is None:
            return
        claim = _claim_of(screen, action.conflict)
        if isinstance(action.conflict, SetAside) and action.verb != "goto":
            _settle_set_aside(screen, action, action.conflict)
            return
        if action.verb == "goto":
            if claim is not None:
                session.move_to(claim)
            screen.refresh_view()
            return
        if action.verb == "dismiss":
            _settle(screen, action, lambda: dismiss_conflict(session.store, session.document.doc_id,
                                                             action.number, now=session.now()))  # fmt: skip
            return
        assert isinstance(action.conflict, ImportConflict)
        owner = action.conflict.review.reviewer
        if owner == session.reviewer:
            _adopt(screen, action, allow_other=False)
            return
        question = (
            f"Conflict {action.number} is {screen_text(owner)}'s review, which is theirs to change."
            " Adopt it anyway? (their version in place is kept as a conflict)"
        )
        screen.app.push_screen(
            ConfirmScreen(question, yes="Adopt", no="Cancel"),
            lambda yes: _adopt(screen, action, allow_other=True) if yes else None,
        )

    screen.app.push_screen(ConflictsScreen(screen, conflicts, others), chosen)


def _settle_set_aside(screen: ReviewScreen, action: ConflictAction, entry: SetAside) -> None:
    """Adopt or dismiss a verdict or reshape a team sync set aside (asking first for another's verdict)."""
    session = screen.session
    store = session.store
    if action.verb == "dismiss":
        _settle(screen, action, lambda: dismiss_set_aside(store, entry, now=session.now()))
        return

    def adopt(allow_other: bool) -> None:
        _settle(
            screen,
            action,
            lambda: adopt_set_aside(
                store, entry, reviewer=session.reviewer, now=session.now(), allow_other_reviewers=allow_other
            ),
        )

    owner = entry.owner
    if owner is None or owner == session.reviewer:
        adopt(False)
        return
    question = (
        f"Conflict {action.number} is {screen_text(owner)}'s final verdict, which is theirs to change."
        " Adopt it anyway? (the verdict in place is kept as a conflict)"
    )
    screen.app.push_screen(
        ConfirmScreen(question, yes="Adopt", no="Cancel"), lambda yes: adopt(True) if yes else None
    )


def _adopt(screen: ReviewScreen, action: ConflictAction, *, allow_other: bool) -> None:
    session = screen.session
    _settle(
        screen,
        action,
        lambda: adopt_conflict(
            session.store,
            session.document.doc_id,
            action.number,
            reviewer=session.reviewer,
            now=session.now(),
            allow_other_reviewers=allow_other,
        ),
    )


def _settle(screen: ReviewScreen, action: ConflictAction, write: Callable[[], object]) -> None:
    """Run the store ``write`` (adopt or dismiss); say what happened, or in one line why not."""
    session = screen.session
    refused = session.read_only
    if refused is not None:
        screen.notify(refused, title="Read-only", severity="error", markup=False)
        return
    try:
        write()
    except ReviewerError as exc:
        screen.notify(str(exc), title="Conflicts", severity="error", timeout=10, markup=False)
        return
    session.reload()  # the store changed under the session: show the review (or claims) now in place
    claim = _claim_of(screen, action.conflict)
    what = "the review of" if isinstance(action.conflict, ImportConflict) else "in place at"
    where = f"claim {claim + 1}" if claim is not None else "its claim"
    done = f"adopted: it is {what}" if action.verb == "adopt" else "dismissed; it stays in the database, for"
    screen.notify(f"Conflict {action.number} {done} {where}.", title="Conflicts", markup=False)
    if claim is not None:
        screen.changed(claim)
    screen.refresh_view()
    screen.refresh_bindings()
