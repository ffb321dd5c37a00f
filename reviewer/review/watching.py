"""Another process on the same database: notice what it saved, and retry what we could not save."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reviewer.errors import StoreError
from reviewer.review.session import LabelOverwritten, ReviewSession


@dataclass(frozen=True, slots=True)
class Poll:
    """What one look at the database found."""

    saved_after_all: int = 0  # changes the store had refused that reached the disk this time
    still_unsaved: bool = False  # the store still refuses them (nothing else was looked at)
    reloaded: bool = False  # another process changed the database: the session re-read it
    # Labels this session had set that another process changed meanwhile (its change stands).
    overwritten: tuple[LabelOverwritten, ...] = ()


class DatabaseWatcher:
    """Polled every few seconds by a screen; a stat of the files when nothing changed."""

    def __init__(self, session: ReviewSession) -> None:
        self._session = session
        self._stamp = session.store.change_stamp()

    def own_write(self) -> None:
        """This session just wrote: what the files look like now is not news."""
        self._stamp = self._session.store.change_stamp()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around a write of this session's: the write is not news, but what came before it is.

        If another process wrote since the last poll, the stamp is left alone so the next
        poll still re-reads the database (``own_write`` would hide that change).
        """
        before = self._session.store.change_stamp()
        yield
        if before == self._stamp:
            self._stamp = self._session.store.change_stamp()

    def poll(self) -> Poll:
        """Retry unsaved changes, then re-read the session if another process wrote.

        Raises StoreError when the database cannot be read back.
        """
        session = self._session
        saved = 0
        if session.unsaved:
            count = len(session.unsaved)
            try:
                session.flush()
            except StoreError:
                return Poll(still_unsaved=True)
            saved = count
        stamp = session.store.change_stamp()
        if stamp == self._stamp:
            return Poll(saved_after_all=saved)
        self._stamp = stamp
        session.reload()
        return Poll(saved_after_all=saved, reloaded=True, overwritten=tuple(session.overwritten_labels()))
