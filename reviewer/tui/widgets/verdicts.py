"""Adjudication widgets: the claim's status and final verdict, every reviewer's verdict side by side."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content

from reviewer.model import FinalVerdict, Review
from reviewer.review.adjudication import Adjudication, Progress
from reviewer.review.session import Counts, ReviewSession
from reviewer.review.verdicts import ClaimStatus, ClaimVerdicts
from reviewer.tui.labels import NOTE_SYMBOL, STATUS_STYLES, SYMBOL_STYLES, describe
from reviewer.tui.widgets.claim_panel import ClaimPanel, PanelState
from reviewer.tui.widgets.quiet_static import QuietStatic
from reviewer.tui.widgets.status import SaveState, StatusBar, save_content

MAX_NOTE_CHARS = 400  # a column shows the start of a long note; the note editor shows it whole
COMPACT_BELOW = 110  # columns under which the status line counts with symbols (≠ 7) so the title fits


def progress_content(progress: Progress, *, compact: bool = False) -> Content:
    """``disagreements 7 · adjudicated 4 · left 3``, each figure in its status colour.

    ``compact`` (a narrow terminal): ``≠ 7 · ◐ 2 · adjudicated 4 · left 5``.
    """
    disagree, incomplete = ClaimStatus.DISAGREE, ClaimStatus.INCOMPLETE
    words = {disagree: "disagreements", incomplete: "incomplete"}
    parts: list[Content | str | tuple[str, str]] = []
    for status, count in ((disagree, progress.disagreements), (incomplete, progress.incomplete)):
        if count or status is disagree:
            name = status.symbol if compact else words[status]
            parts.extend([(f"{name} {count}", STATUS_STYLES[status]), " · "])
    parts.extend([(f"adjudicated {progress.adjudicated}", "$text-success"), " · "])
    parts.append((f"left {progress.left}", "bold" if progress.left else "$text-muted"))
    return Content.assemble(*parts)


def status_content(status: ClaimStatus) -> Content:
    """``≠ disagree`` in the status colour: a symbol and a word, never colour alone."""
    return Content.styled(f"{status.symbol} {status.value}", STATUS_STYLES[status])


def final_content(final: FinalVerdict | None) -> Content:
    """``final ✘ disputed ✎ (adopted from bob)``, or ``no final verdict yet``."""
    if final is None or final.label is None:
        return Content.styled("no final verdict yet", "$text-muted")
    whose = ""
    if len(final.adopted_from) == 1:
        whose = f" (adopted from {final.adopted_from[0]})"
    elif final.adopted_from:
        whose = " (unanimous)"
    note = f" {NOTE_SYMBOL}" if final.note or final.sources else ""
    return Content.assemble(
        "final ",
        (describe(final.label), SYMBOL_STYLES[final.label]),
        (note, "$text-warning"),
        (whose, "$text-muted"),
    )


class AdjudicationStatus(StatusBar):
    """The status line in adjudication mode: whose verdicts, and how far adjudication has got."""

    def __init__(self, title: str, adjudication: Adjudication, *, id: str | None = None) -> None:
        super().__init__(title, f"⚖ {adjudication.adjudicator}", id=id)
        self._adjudication = adjudication
        self._state = (SaveState.LOADED, 0)

    def show(self, counts: Counts, state: SaveState, unsaved: int = 0, segmented: float = 1.0) -> None:
        """Adjudication progress instead of the reviewer's own counts, and the saved indicator."""
        self._state = (state, unsaved)
        compact = 0 < self.size.width < COMPACT_BELOW
        self._progress.show_content(progress_content(self._adjudication.progress(), compact=compact))
        self._saved.show_content(save_content(state, unsaved))

    def on_resize(self, event: events.Resize) -> None:
        self.show(Counts(0), *self._state)


class VerdictHeader(ClaimPanel):
    """Where the cursor is, how the reviewers stand on the claim, and its final verdict with its note."""

    def __init__(self, session: ReviewSession, adjudication: Adjudication, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._adjudication = adjudication
        self.hidden = False  # blind: the reviewers' verdicts are hidden until a final one is given

    def show(self, cursor: int, mode: str = "", state: PanelState | None = None, hint: str = "") -> None:
        """Describe claim ``cursor`` for the adjudicator; ``mode`` names an active search.

        The reviewer's own panel state and hint do not apply to a final verdict.
        """
        session = self._session
        if not session.has_claims:
            self.show_content(Content(f"{session.document.path}: no claims"))
            return
        verdicts = self._adjudication.verdicts(cursor)
        claim = verdicts.claim
        status = (
            Content.styled("status hidden (blind)", "$text-muted")
            if self.hidden
            else status_content(verdicts.status)
        )
        head: list[Content | str | tuple[str, str]] = [
            (f"claim {claim.number}/{session.claims.known}", "bold"),
            " · ",
            status,
            " · ",
            final_content(verdicts.final),
        ]
        if mode:
            head.extend(["  ", (mode, "$text-warning")])
        lines = [Content.assemble(*head)]
        final = verdicts.final
        if final is not None and final.recheck:
            was = " ".join(final.recheck.split())
            lines.append(Content.assemble(("text changed — recheck; it was: ", "bold $text-warning"), was))
        if final is not None and final.note:
            lines.append(Content.assemble((f"{NOTE_SYMBOL} ", "$text-warning"), " ".join(final.note.split())))
        if not verdicts.status.needs_adjudication:
            lines.append(
                Content.styled(
                    "this claim needs no adjudication (dimmed); ] goes to the next one left", "$text-muted"
                )
            )
        self.show_content(Content("\n").join(lines))


class VerdictColumns(Horizontal):
    """One column per reviewer: the key that adopts it, their label, note and sources."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._columns: list[QuietStatic] = []

    def compose(self) -> ComposeResult:
        yield from self._columns

    def show(self, verdicts: ClaimVerdicts, *, hidden: bool) -> None:
        """Show each reviewer's verdict on the claim (``hidden``: blind, not yet)."""
        if len(self._columns) != len(verdicts.reviews):
            self.remove_children()
            self._columns = [QuietStatic() for _ in verdicts.reviews]
            for column in self._columns:
                column.add_class("verdict")
            self.mount_all(self._columns)
        final = verdicts.final
        for number, (column, (name, review)) in enumerate(
            zip(self._columns, verdicts.reviews, strict=True), start=1
        ):
            adopted = final is not None and final.adopted_from == (name,)
            column.set_class(adopted, "-adopted")
            column.show_content(_column(number, name, review, hidden=hidden, adopted=adopted))


def _column(number: int, name: str, review: Review | None, *, hidden: bool, adopted: bool) -> Content:
    head = Content.assemble(
        (f"{number} ", "bold $accent"), (name, "bold"), (" ← final" if adopted else "", "$text-success")
    )
    if hidden:
        return Content("\n").join(
            [head, Content.styled("hidden (blind): give your verdict, or b", "$text-muted")]
        )
    if review is None or (review.label is None and not review.note and not review.sources):
        return Content("\n").join([head, Content.styled("· not labelled", "$text-muted")])
    label = review.label
    lines = [
        head,
        Content.styled(describe(label), SYMBOL_STYLES[label])
        if label
        else Content.styled("· no label", "$text-muted"),
    ]
    if review.note:
        note = " ".join(review.note.split())
        lines.append(Content.assemble((f"{NOTE_SYMBOL} ", "$text-warning"), note[:MAX_NOTE_CHARS]))
    for source in review.sources[:2]:
        # Without its scheme and joined to its mark, a URL folds at the column's edge, not after ⚲.
        shown = source.removeprefix("https://").removeprefix("http://")
        lines.append(Content.assemble(("⚲\u2060", "$text-muted"), shown))
    if len(review.sources) > 2:
        lines.append(Content.styled(f"⚲ +{len(review.sources) - 2} more", "$text-muted"))
    return Content("\n").join(lines)
