"""Saving from the screen: run a session change and keep track of whether it reached the disk."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from reviewer.errors import StoreError
from reviewer.review.session import ReviewSession
from reviewer.review.watching import DatabaseWatcher
from reviewer.tui.widgets.status import SaveState

T = TypeVar("T")
Notify = Callable[..., Any]


class Saver:
    """Runs a change and says whether it was saved.

    When the store refuses, the session keeps the change in memory, marked unsaved: the
    screen shows it, says NOT SAVED, and tries again at the next change and every few
    seconds; the change can still be exported. A change another window made meanwhile
    (ChangedElsewhere) is the caller's to handle: it is never overwritten.
    """

    def __init__(self, session: ReviewSession, watcher: DatabaseWatcher, notify: Notify) -> None:
        self._session = session
        self._watcher = watcher
        self._notify = notify
        self.state = SaveState.LOADED

    def run(self, change: Callable[[], T]) -> T | None:
        """Run ``change``; None when the store refused it (the status line then says so)."""
        try:
            with self._watcher.writing():  # our own write is not news (another process's still is)
                with contextlib.suppress(StoreError):
                    self.retry(quiet=True)  # earlier refusals first, in order
                result = change()
        except StoreError as exc:
            self.state = SaveState.FAILED
            self._notify(str(exc), title="Not saved", severity="error", timeout=12, markup=False)
            return None
        if result is not None and not self._session.unsaved:
            self.state = SaveState.SAVED
        return result

    def retry(self, *, quiet: bool = False) -> None:
        """Try to save what the store refused earlier; raises StoreError if it still refuses."""
        if not self._session.unsaved:
            return
        count = len(self._session.unsaved)
        self._session.flush()
        self.saved_after_all(count, quiet=quiet)

    def saved_after_all(self, count: int, *, quiet: bool = False) -> None:
        """``count`` changes the store had refused are saved now."""
        if count:
            self.state = SaveState.SAVED
            if not quiet:
                self._notify(f"{count} change(s) saved after all.", title="Saved")
