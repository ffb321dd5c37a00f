"""The status line: document title, reviewer, progress by label, and whether the last change was saved."""

from __future__ import annotations

from enum import Enum

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from reviewer.display import screen_text
from reviewer.model import ORPHAN_SYMBOL, RECHECK_SYMBOL
from reviewer.review.session import Counts
from reviewer.teamserver.background import TeamStatus
from reviewer.tui.labels import SYMBOL_STYLES, symbol
from reviewer.tui.widgets.quiet_static import QuietStatic
from reviewer.tui.widgets.team_status import team_content

COMPACT_WIDTH = 110  # below this many columns the recheck and orphan counts drop their words


class SaveState(Enum):
    """What the saved indicator says."""

    SAVED = "saved"
    FAILED = "failed"
    LOADED = "loaded"
    WAITING = "waiting"  # another process holds the lock: changes wait in memory
    READ_ONLY = "read-only"  # the database cannot be written: changes are refused


def progress_content(counts: Counts, segmented: float = 1.0, *, compact: bool = False) -> Content:
    """``reviewed 12/140 · ✔ 7 · ✘ 3 · ◆ 2``, then ``↻ 3 to recheck · ⊘ 1 orphan`` if there are any.

    While a large document is segmented: ``140+ · reading 42 %``. ``compact`` (a narrow
    terminal) leaves the words out: ``↻ 3 · ⊘ 1`` (the help's legend names the symbols).
    """
    total = f"{counts.total}" if counts.complete else f"{counts.total}+"
    parts: list[Content | str | tuple[str, str]] = [f"reviewed {counts.reviewed}/{total}"]
    if not counts.complete:
        parts.append((f" · reading {min(99, int(segmented * 100))} %", "$text-muted"))
    for label, count in counts.labelled:
        parts.extend([" · ", (f"{symbol(label)} {count}", SYMBOL_STYLES[label])])
    # After the document changed, "reviewed 36/36" alone would say there is nothing left to do.
    if counts.recheck:
        recheck = f"{RECHECK_SYMBOL} {counts.recheck}" + ("" if compact else " to recheck")
        parts.extend([" · ", (recheck, "bold $text-warning")])
    if counts.orphans:
        orphans = f"{ORPHAN_SYMBOL} {counts.orphans}"
        if not compact:
            orphans += f" orphan{'s' if counts.orphans > 1 else ''}"
        parts.extend([" · ", (orphans, "bold $text-warning")])
    return Content.assemble(*parts)


def save_content(state: SaveState, unsaved: int = 0) -> Content:
    """The saved indicator: words as well as colour."""
    if state is SaveState.READ_ONLY:
        return Content.styled("⊘ read-only", "bold $text-warning")
    if unsaved and state is SaveState.WAITING:
        return Content.styled(f"⧗ {unsaved} waiting for another process", "bold $text-warning")
    if unsaved:
        return Content.styled(f"✘ {unsaved} NOT SAVED", "bold $text-error")
    if state is SaveState.FAILED:
        return Content.styled("✘ NOT SAVED", "bold $text-error")
    if state is SaveState.SAVED:
        return Content.styled("● saved", "$text-success")
    return Content.styled("○ up to date", "$text-muted")


class StatusBar(Horizontal):
    """One line at the top of the screen."""

    def __init__(self, title: str, reviewer: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = Static(Content(screen_text(title)), id="status-title", markup=False)
        self._reviewer = Static(Content(screen_text(reviewer)), id="status-reviewer", markup=False)
        self._progress = QuietStatic(id="status-progress")
        self._saved = QuietStatic(id="status-saved")
        self._team = QuietStatic(id="status-team")  # empty unless the database syncs with a team
        self._team_status: TeamStatus | None = None
        self._shown: tuple[Counts, SaveState, int, float] | None = None

    def compose(self) -> ComposeResult:
        yield self._title
        yield self._reviewer
        yield self._progress
        yield self._saved
        yield self._team

    def show(self, counts: Counts, state: SaveState, unsaved: int = 0, segmented: float = 1.0) -> None:
        """Update progress and the saved indicator (``unsaved``: changes only in memory).

        ``segmented``: the share of a large document segmented so far, while it is.
        """
        self._shown = (counts, state, unsaved, segmented)
        compact = 0 < self.size.width < COMPACT_WIDTH
        self._progress.show_content(progress_content(counts, segmented, compact=compact))
        self._saved.show_content(save_content(state, unsaved))

    def show_team(self, status: TeamStatus | None) -> None:
        """Show the team sync's state (None: no team, nothing shown)."""
        self._team_status = status
        self._team.display = status is not None
        compact = 0 < self.size.width < COMPACT_WIDTH
        self._team.show_content(team_content(status, compact=compact))

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None:
            self.show(*self._shown)
        if self._team_status is not None:
            self.show_team(self._team_status)
