"""Another process on the same database: notice what it saved, and retry what we could not save."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.errors import StoreError
from reviewer.review.session import LabelOverwritten, ReviewSession


@dataclass(frozen=True, slots=True)
class Poll:
    """What one look at the database found."""

    saved_after_all: int = 0  # changes the store had refused that reached the disk this time
    refused: StoreError | None = None  # why the store still refuses them
    reloaded: bool = False  # another process changed the database: the session re-read it
    # Labels this session had set that another process changed meanwhile (its change stands).
    overwritten: tuple[LabelOverwritten, ...] = ()


class DatabaseWatcher:
    """Polled every few seconds by a screen; needs no lock, so a busy one never stalls it.

    What another process wrote is told apart from what this session wrote by the store's
    count of changes it read from others, not by the files' stamps: a stamp taken after our
    own write would also cover another process's change made just before it, which would
    then never be shown.
    """

    def __init__(self, session: ReviewSession) -> None:
        self._session = session
        self._seen = session.store.foreign_changes

    def poll(self) -> Poll:
        """Retry unsaved changes, then re-read the session if another process wrote.

        Raises StoreError when the database cannot be read back.
        """
        session = self._session
        saved, refused = 0, None
        if session.unsaved:
            count = len(session.unsaved)
            try:
                session.flush()
                saved = count
            except StoreError as exc:
                refused = exc  # what others saved is still worth showing
        store = session.store
        store.catch_up()
        if store.foreign_changes == self._seen:
            return Poll(saved, refused)
        self._seen = store.foreign_changes  # before reloading: anything newer is seen next time
        session.reload()
        return Poll(saved, refused, reloaded=True, overwritten=tuple(session.overwritten_labels()))
