"""The orphans list: reviews no claim of this version holds, to attach to a claim or set aside."""

from __future__ import annotations

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
from reviewer.model import Review
from reviewer.review.session import ReviewSession
from reviewer.tui.labels import NOTE_SYMBOL, SYMBOL_STYLES, describe
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

OrphanVerb = Literal["attach", "goto", "dismiss"]


@dataclass(frozen=True, slots=True)
class OrphanAction:
    """What the reviewer chose for one orphan."""

    verb: OrphanVerb  # attach (to the current claim), go to its suggested claim, or dismiss
    orphan: Review


class OrphanOption(Option):
    """One orphan: its old wording, label, note and the closest claim, if any."""

    def __init__(self, orphan: Review, suggestion: int | None) -> None:
        label = orphan.label
        head = Content.assemble(
            (describe(label), SYMBOL_STYLES[label]) if label else ("· unreviewed", "$text-muted"),
            "  ",
            ("«" + screen_text(" ".join(orphan.anchor.exact.split())) + "»", "italic"),
        )
        lines = [head]
        if orphan.note:
            lines.append(
                Content.assemble(
                    (f"  {NOTE_SYMBOL} ", "$text-warning"), screen_text(" ".join(orphan.note.split()))
                )
            )
        if suggestion is not None:
            lines.append(
                Content.styled(f"  closest now: claim {suggestion + 1} (g goes there)", "$text-muted")
            )
        else:
            lines.append(Content.styled("  no claim of this version came close", "$text-muted"))
        super().__init__(Content("\n").join(lines))
        self.orphan = orphan


class OrphansScreen(ModalScreen[OrphanAction | None]):
    """The orphans: attach one to the claim under the cursor, go to its closest claim, or dismiss it."""

    BINDINGS = [
        Binding("a,enter", "choose('attach')", "Attach here", id="orphans.attach",
                tooltip="Put this orphan's label, note and sources on the current claim"),
        Binding("g", "choose('goto')", "Go to closest", id="orphans.goto",
                tooltip="Close the list and go to the claim closest to the orphan's old text"),
        Binding("x", "choose('dismiss')", "Dismiss", id="orphans.dismiss",
                tooltip="Set the orphan aside (it stays in the database and in no list)"),
        Binding("escape", "close", "Close", id="orphans.close", tooltip="Back to the document"),
    ]  # fmt: skip

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(classes="dialog-screen")
        self._session = session

    def compose(self) -> ComposeResult:
        session = self._session
        current = session.claims[session.cursor] if session.has_claims else None
        with Vertical(classes="dialog", id="orphans-dialog"):
            yield Label(
                f"{len(session.orphans)} review(s) no claim of this version holds",
                classes="title",
                markup=False,
            )
            if current is not None:
                here = screen_text(" ".join(current.text.split()))
                yield Label(
                    f"current claim {current.number}: {here}",
                    classes="hint",
                    id="orphans-current",
                    markup=False,
                )
            yield OptionList(
                *(OrphanOption(o, session.orphan_suggestions.get(o.key)) for o in session.orphans),
                id="orphans-list",
            )
            yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _highlighted(self) -> Review | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return option.orphan if isinstance(option, OrphanOption) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Go to closest needs a suggestion; the others need an orphan."""
        if action != "choose":
            return True
        orphan = self._highlighted()
        if orphan is None:
            return None
        if parameters and parameters[0] == "goto" and orphan.key not in self._session.orphan_suggestions:
            return None
        return True

    def action_choose(self, verb: OrphanVerb) -> None:
        """Close with what to do with the highlighted orphan."""
        orphan = self._highlighted()
        if orphan is not None:
            self.dismiss(OrphanAction(verb, orphan))

    def action_close(self) -> None:
        """Back to the document."""
        self.dismiss(None)


def show_orphans(screen: ReviewScreen) -> None:
    """List the orphans, then do what the reviewer chose for one (asking before replacing a review)."""
    session = screen.session
    if not session.orphans:
        screen.notify("No orphans: every review of this document has its claim.", title="Orphans")
        return

    def chosen(action: OrphanAction | None) -> None:
        if action is None:
            return
        if action.verb == "goto":
            suggestion = session.orphan_suggestions.get(action.orphan.key)
            if suggestion is not None:
                session.move_to(suggestion)
            screen.refresh_view()
            return
        index = screen.cursor
        if action.verb == "dismiss":
            screen.save(lambda: session.dismiss_orphan(action.orphan))
            screen.refresh_view()
            screen.refresh_bindings()
            return
        current = session.review(index)
        if current is None or current.is_empty:
            _attach(screen, action.orphan, index)
            return
        question = (
            f"Claim {index + 1} already has a review ({describe(current.label)}"
            f"{', a note' if current.note else ''}). Replace it with the orphan's? (u undoes it)"
        )
        screen.app.push_screen(
            ConfirmScreen(question, yes="Replace", no="Cancel"),
            lambda yes: _attach(screen, action.orphan, index) if yes else None,
        )

    screen.app.push_screen(OrphansScreen(session), chosen)


def _attach(screen: ReviewScreen, orphan: Review, index: int) -> None:
    screen.save(lambda: screen.session.attach_orphan(orphan, index))
    screen.changed(index)
    screen.refresh_bindings()
