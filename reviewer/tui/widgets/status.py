"""The status line: document title, reviewer, progress by label, and whether the last change was saved."""

from __future__ import annotations

from enum import Enum

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from reviewer.model import Label
from reviewer.review import Counts
from reviewer.tui.labels import SYMBOL_STYLES


class SaveState(Enum):
    """What the saved indicator says."""

    SAVED = "saved"
    FAILED = "failed"
    LOADED = "loaded"


def progress_content(counts: Counts) -> Content:
    """``reviewed 12/140 · ✔ 7 · ✘ 3 · ◆ 2``."""
    parts: list[Content | str | tuple[str, str]] = [f"reviewed {counts.reviewed}/{counts.total}"]
    for label, count in (
        (Label.VERIFIED, counts.verified),
        (Label.DISPUTED, counts.disputed),
        (Label.OPINION, counts.opinion),
    ):
        parts.extend([" · ", (f"{label.symbol} {count}", SYMBOL_STYLES[label])])
    return Content.assemble(*parts)


def save_content(state: SaveState, unsaved: int = 0) -> Content:
    """The saved indicator: words as well as colour."""
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
        self._title = Static(Content(title), id="status-title", markup=False)
        self._reviewer = Static(Content(reviewer), id="status-reviewer", markup=False)
        self._progress = Static(id="status-progress", markup=False)
        self._saved = Static(id="status-saved", markup=False)

    def compose(self) -> ComposeResult:
        yield self._title
        yield self._reviewer
        yield self._progress
        yield self._saved

    def show(self, counts: Counts, state: SaveState, unsaved: int = 0) -> None:
        """Update progress and the saved indicator (``unsaved``: changes only in memory)."""
        self._progress.update(progress_content(counts))
        self._saved.update(save_content(state, unsaved))
