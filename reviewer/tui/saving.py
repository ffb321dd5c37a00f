"""Saving from the screen: run a session change and keep track of whether it reached the disk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from reviewer.errors import DatabaseLockedError, StoreError
from reviewer.review.session import ReviewSession
from reviewer.tui.widgets.status import SaveState

T = TypeVar("T")
Notify = Callable[..., Any]

# Seconds a key waits for another process's lock. Writers hold it for a millisecond or two;
# one that holds it longer (a fold of a large database, or a process stopped with Ctrl-Z)
# must not freeze the screen: the change waits in memory and is retried (WATCH_SECONDS).
SCREEN_LOCK_WAIT = 0.05


class Saver:
    """Runs a change and says whether it was saved.

    When the store refuses, the session keeps the change in memory, marked unsaved: the
    screen shows it, says NOT SAVED (or that it waits for another process's lock), and tries
    again at the next change and every few seconds; the change can still be exported. In a
    read-only database a change is refused with the reason and nothing changes. A change
    another window made meanwhile (ChangedElsewhere) is the caller's to handle: it is never
    overwritten.
    """

    def __init__(self, session: ReviewSession, notify: Notify) -> None:
        self._session = session
        self._notify = notify
        session.store.lock_timeout = SCREEN_LOCK_WAIT  # every write from the screen's thread
        self.state = SaveState.READ_ONLY if session.read_only is not None else SaveState.LOADED
        self._fold_warning: str | None = None

    @property
    def read_only(self) -> bool:
        """True when the database cannot be written: every change is refused."""
        return self.state is SaveState.READ_ONLY

    def refuse_read_only(self) -> bool:
        """In a read-only database, say why a change cannot be made and return True."""
        if not self.read_only:
            return False
        self._notify(
            f"Nothing can be changed: the database cannot be written ({self._session.read_only}).",
            title="Read-only",
            severity="warning",
            markup=False,
        )
        return True

    def run(self, change: Callable[[], T]) -> T | None:
        """Run ``change``; None when the store refused it (the status line then says so)."""
        if self.refuse_read_only():
            return None
        busy = False
        try:
            self.retry(quiet=True)  # earlier refusals first, in order
        except DatabaseLockedError:
            busy = True  # still busy: this change need not wait for the lock again
        except StoreError:
            pass
        try:
            with self._session.store.waiting(0 if busy else SCREEN_LOCK_WAIT):
                result = change()
        except DatabaseLockedError:
            self._waiting()
            return None
        except StoreError as exc:
            self.state = SaveState.FAILED
            self._notify(str(exc), title="Not saved", severity="error", timeout=12, markup=False)
            return None
        if result is not None and not self._session.unsaved:
            self.state = SaveState.SAVED
        self.check_fold()
        return result

    def _waiting(self) -> None:
        if self.state is not SaveState.WAITING:
            self._notify(
                "Another process holds the database's lock (busy, or stopped with Ctrl-Z). Your"
                " change is kept here and saved as soon as it lets go.",
                title="Waiting for another process",
                severity="warning",
                timeout=10,
            )
        self.state = SaveState.WAITING

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

    def refused_again(self, error: StoreError) -> None:
        """A retry of unsaved changes was refused again, by ``error``."""
        if isinstance(error, DatabaseLockedError):
            self._waiting()
        else:
            self.state = SaveState.FAILED

    def check_fold(self) -> None:
        """Say once that changes are saved but the database could not be compacted."""
        warning = self._session.store.fold_warning
        if warning is not None and warning != self._fold_warning:
            self._notify(warning, title="Saved, not compacted", severity="warning", timeout=12, markup=False)
        self._fold_warning = warning
