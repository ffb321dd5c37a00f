"""Shown while a document loads in a worker (large files, language detection)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, LoadingIndicator

from reviewer.display import screen_text


class LoadingScreen(Screen[None]):
    """A spinner and what is being opened."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self._what = screen_text(what)  # a file name

    def compose(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield Label(f"Opening {self._what}…", id="loading-label", markup=False)
            yield LoadingIndicator()
