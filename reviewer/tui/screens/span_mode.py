"""Span mode: reshape the current claim with the keyboard — move a caret, set or nudge its edges,
split it at the caret, join it with the next claim; enter keeps the edges, esc leaves them.

A screen of its own over the review screen, so that while it is open the label keys do nothing:
a nudge can never record a verdict by mistake. Every reshape is a session call, saved at once and
undone with u on the review screen.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewer.display import screen_text
from reviewer.errors import ReviewerError
from reviewer.review.reshaping import JoinNeedsChoice, Keep, Reshape
from reviewer.review.span_draft import SpanDraft
from reviewer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

CONTEXT_CHARS = 1200  # shown on each side of the claim: a paragraph of many screens is cut around it
START_MARK, END_MARK, CARET_MARK = "⟦", "⟧", "▏"

SPAN_BINDINGS: list[BindingType] = [
    Binding("right", "word(1)", "Word →", id="span.word-right",
            tooltip="Caret to the start of the next word"),
    Binding("left", "word(-1)", "← Word", id="span.word-left",
            tooltip="Caret to the start of the previous word"),
    Binding("shift+right", "char(1)", "Char →", show=False, id="span.char-right",
            tooltip="Caret one character right"),
    Binding("shift+left", "char(-1)", "← Char", show=False, id="span.char-left",
            tooltip="Caret one character left"),
    Binding("comma", "clause(1)", "Clause →", show=False, id="span.clause-next",
            tooltip="Caret to the start of the next clause (after , ; : or a sentence end)"),
    Binding("semicolon", "clause(-1)", "← Clause", show=False, id="span.clause-previous",
            tooltip="Caret to the start of the previous clause"),
    Binding("home", "home", "Start", show=False, id="span.caret-start",
            tooltip="Caret to the claim's first character"),
    Binding("end", "finish", "End", show=False, id="span.caret-end",
            tooltip="Caret just after the claim's last character"),
    Binding("left_square_bracket", "set_start", "Start here", id="span.set-start",
            tooltip="The claim starts at the caret"),
    Binding("right_square_bracket", "set_end", "End here", id="span.set-end",
            tooltip="The claim ends just before the caret"),
    Binding("left_curly_bracket", "nudge_start(-1)", "Start ←", show=False, id="span.start-earlier",
            tooltip="Move the claim's start one word earlier"),
    Binding("right_curly_bracket", "nudge_start(1)", "Start →", show=False, id="span.start-later",
            tooltip="Move the claim's start one word later"),
    Binding("left_parenthesis", "nudge_end(-1)", "End ←", show=False, id="span.end-earlier",
            tooltip="Move the claim's end one word earlier"),
    Binding("right_parenthesis", "nudge_end(1)", "End →", show=False, id="span.end-later",
            tooltip="Move the claim's end one word later"),
    Binding("s", "split", "Split", id="span.split",
            tooltip="Split the claim at the caret: the first part keeps its review"),
    Binding("j", "join", "Join next", id="span.join",
            tooltip="Join the claim with the next one in its paragraph (asks whose review to keep)"),
    Binding("enter", "commit", "Keep", id="span.commit",
            tooltip="Keep the edges as shown (saved at once; u on the review screen undoes)"),
    Binding("escape", "cancel", "Cancel", id="span.cancel",
            tooltip="Leave span mode; edges not kept with enter are dropped"),
    Binding("question_mark,f1", "help", "Help", id="span.help",
            tooltip="Every key of span mode"),
]  # fmt: skip

LEGEND = (
    f"{START_MARK} claim's start · {END_MARK} its end · {CARET_MARK} the caret (it sits before the"
    " underlined character) · reverse video: the claim's span · dim: the rest of the paragraph"
)


class SpanScreen(ModalScreen[None]):
    """The current claim's span over its paragraph, a caret, and the keys that reshape it."""

    BINDINGS = SPAN_BINDINGS
    LEGEND = LEGEND

    def __init__(self, review: ReviewScreen) -> None:
        super().__init__(classes="dialog-screen")
        self._review = review
        self._session = review.session
        self._draft = self._new_draft()
        self._message = ""
        self._left_behind: list[str] = []  # other reviewers whose reviews a reshape here left behind

    def _new_draft(self) -> SpanDraft:
        session = self._session
        claim = session.current
        self._others = self._others_nearby()
        return SpanDraft.of(session.document.text, session.document.paragraphs[claim.paragraph], claim)

    def _others_nearby(self) -> str:
        """Who else reviewed the claims a reshape here can change (this one and its neighbours), or ''."""
        session = self._session
        group = session.claims.in_paragraph(session.current.paragraph)
        at = group.index(session.cursor)
        others = session.others_on(group[max(0, at - 1) : at + 2])
        if not others:
            return ""
        claims = "; ".join(f"claim {index + 1}: {', '.join(names)}" for index, names in others.items())
        return (
            f"⚠ Others reviewed these claims ({claims}). A reshape moves only your reviews: theirs"
            " stay on the old span, among their orphans."
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="span-dialog"):
            yield Static("", id="span-title", classes="title", markup=False)
            with VerticalScroll(id="span-text-box"):
                yield Static("", id="span-text")
            yield Static("", id="span-status", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._show()

    # -- drawing --------------------------------------------------------------------------

    def _show(self) -> None:
        draft = self._draft
        claim = self._session.current
        changed = " · edges changed: enter keeps them, esc drops them" if draft.changed else ""
        self.query_one("#span-title", Static).update(
            f"Span mode · claim {claim.number}, offsets {draft.start}–{draft.end}{changed}"
        )
        self.query_one("#span-text", Static).update(self._rendered())
        caret_char = draft.text[draft.caret : draft.caret + 1]
        where = f"caret at {draft.caret}" + (f" (before {caret_char!r})" if caret_char.strip() else "")
        self.query_one("#span-status", Static).update(
            screen_text(
                (self._message + "\n" if self._message else "")
                + (self._others + "\n" if self._others else "")
                + f"{where} · ←/→ word, shift ←/→ character, , ; clause, home/end the claim's ends ·"
                " [ ] start/end here · { } ( ) nudge start/end a word · s split · j join · enter keep ·"
                " esc cancel · ? keys"
            )
        )

    def _rendered(self) -> Text:
        draft = self._draft
        text = draft.text
        low = max(draft.low, min(draft.start, draft.caret) - CONTEXT_CHARS)
        high = min(draft.high, max(draft.end, draft.caret) + CONTEXT_CHARS)
        # Marks at the same offset: the start, then the caret, then the end.
        cuts = sorted({low, high, draft.start, draft.end, draft.caret, min(high, draft.caret + 1)})
        out = Text("… " if low > draft.low else "")
        for at, until in pairwise(cuts):
            if at == draft.start:
                out.append(START_MARK, "bold")
            if at == draft.caret:
                out.append(CARET_MARK, "bold")
            if at == draft.end and draft.end != draft.start:
                out.append(END_MARK, "bold")
            inside = draft.start <= at < draft.end
            style = "reverse" if inside else "dim"
            if at == draft.caret:
                style += " underline bold"
            out.append(screen_text(text[at:until].replace("\n", " ")), style)
        if high == draft.end:
            out.append(END_MARK, "bold")
        if high == draft.caret:
            out.append(CARET_MARK, "bold")
        if high < draft.high:
            out.append(" …")
        return out

    def _say(self, message: str = "") -> None:
        self._message = message
        self._show()

    # -- the caret and the edges ---------------------------------------------------------------

    def action_word(self, direction: int) -> None:
        """Caret by a word."""
        self._draft.word(direction)
        self._say()

    def action_char(self, direction: int) -> None:
        """Caret by a character."""
        self._draft.char(direction)
        self._say()

    def action_clause(self, direction: int) -> None:
        """Caret to a clause break."""
        self._draft.clause(direction)
        self._say()

    def action_home(self) -> None:
        """Caret to the claim's start."""
        self._draft.home()
        self._say()

    def action_finish(self) -> None:
        """Caret to the claim's end."""
        self._draft.finish()
        self._say()

    def action_set_start(self) -> None:
        """The claim starts at the caret."""
        self._say(self._draft.set_start() or "")

    def action_set_end(self) -> None:
        """The claim ends before the caret."""
        self._say(self._draft.set_end() or "")

    def action_nudge_start(self, direction: int) -> None:
        """The start, a word earlier or later."""
        self._draft.nudge_start(direction)
        self._say()

    def action_nudge_end(self, direction: int) -> None:
        """The end, a word earlier or later."""
        self._draft.nudge_end(direction)
        self._say()

    # -- reshapes (saved at once) ------------------------------------------------------------

    def action_commit(self) -> None:
        """Keep the edges as shown and leave span mode."""
        draft = self._draft
        if draft.changed and not self._reshape(lambda: self._session.narrow(draft.start, draft.end)):
            return
        self.dismiss(None)
        if draft.changed:
            self._review.notify(
                f"Claim {self._session.current.number} reshaped; its review stays with it (u undoes)."
                + self._behind(),
                title="Span mode",
            )

    def action_split(self) -> None:
        """Split at the caret (after keeping changed edges), then back to the review."""
        draft = self._draft
        caret = draft.caret
        if draft.changed and not self._reshape(lambda: self._session.narrow(draft.start, draft.end)):
            return
        if not self._reshape(lambda: self._session.split(caret)):
            return
        number = self._session.current.number
        self.dismiss(None)
        self._review.notify(
            f"Claim split in two: {number} keeps its review, {number + 1} is unreviewed (u undoes)."
            + self._behind(),
            title="Span mode",
        )

    def action_join(self) -> None:
        """Join with the next claim, asking whose review to keep when both are reviewed."""
        try:
            done = self._review.save(lambda: self._session.join())
        except JoinNeedsChoice as choice:
            self.app.push_screen(JoinChoiceScreen(self._session.current.number, choice), self._join_keeping)
            return
        except ReviewerError as exc:
            self._refused(exc)
            return
        if done is not None:
            self._note_left_behind(done)
            self._joined()

    def _join_keeping(self, keep: Keep | None) -> None:
        if keep is None:
            self._say("Join cancelled: nothing changed.")
        elif self._reshape(lambda: self._session.join(keep=keep)):
            self._joined()

    def _joined(self) -> None:
        self._review.after_reshape()
        self.dismiss(None)
        self._review.notify(
            f"Claims joined into claim {self._session.current.number} (u undoes)." + self._behind(),
            title="Span mode",
        )

    def _reshape(self, change: Callable[[], Any]) -> bool:
        """Run one reshape; True if it was saved. A refusal is one line in the status, nothing changed."""
        try:
            done = self._review.save(change)
        except ReviewerError as exc:
            self._refused(exc)
            return False
        self._review.after_reshape()
        self._note_left_behind(done)
        self._draft = self._new_draft()
        if done is None:  # the store refused it (the screen said why), or nothing changed
            self._say("Nothing was changed.")
        return done is not None

    def _note_left_behind(self, step: object) -> None:
        if isinstance(step, Reshape):
            for review in self._session.others_left_behind(step):
                if review.reviewer not in self._left_behind:
                    self._left_behind.append(review.reviewer)

    def _behind(self) -> str:
        """What the reshapes did to other reviewers' reviews, for the closing notification."""
        if not self._left_behind:
            return ""
        return (
            f" {', '.join(self._left_behind)} had reviewed the old claim: their reviews stay on its"
            " span, among their orphans."
        )

    def _refused(self, error: ReviewerError) -> None:
        self._review.after_reshape()  # another window's reshape may be shown now
        self._draft = self._new_draft()
        self._say(str(error))

    def action_cancel(self) -> None:
        """Leave span mode, dropping edges not kept."""
        self.dismiss(None)

    def action_help(self) -> None:
        """Every key of span mode."""
        from reviewer.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))


class JoinChoiceScreen(ModalScreen[Keep | None]):
    """Both claims of a join are reviewed: whose review does the joined claim keep?"""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="join.cancel", tooltip="Do not join"),
    ]

    def __init__(self, number: int, choice: JoinNeedsChoice) -> None:
        super().__init__(classes="dialog-screen")
        self._number = number
        self._choice = choice

    def compose(self) -> ComposeResult:
        first, second = self._choice.first, self._choice.second
        with Vertical(classes="dialog", id="join-dialog"):
            yield Static(
                f"Claims {self._number} and {self._number + 1} are both reviewed. The joined claim keeps"
                " one review; the other is set aside as a dismissed orphan (O lists it; u undoes).",
                markup=False,
            )
            yield OptionList(
                Option(screen_text(f"Keep claim {self._number}'s: {_summary(first)}"), id="first"),
                Option(screen_text(f"Keep claim {self._number + 1}'s: {_summary(second)}"), id="second"),
                id="join-options",
            )
        yield Footer(compact=True, show_command_palette=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("first" if event.option.id == "first" else "second")

    def action_cancel(self) -> None:
        """Do not join."""
        self.dismiss(None)


def _summary(review: Any) -> str:
    label = review.label.value if review.label else "no label"
    note = " ".join(review.note.split())
    return f"{label}" + (f" — {note[:60]}{'…' if len(note) > 60 else ''}" if note else "")


def start_span_mode(screen: ReviewScreen) -> None:
    """Open span mode on the current claim."""
    if screen.saver.refuse_read_only():
        return
    screen.app.push_screen(SpanScreen(screen))
