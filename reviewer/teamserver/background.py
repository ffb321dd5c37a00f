"""Sync in the background while a document is open: on open, every few seconds, and after marks.

The review screen starts one :class:`BackgroundSync` when its database is joined to a team. Its
thread has a store of its own on the same file (so the screen's store is never shared between
threads; what the thread writes reaches the screen as another process's change would, through
the screen's database watcher) and keeps one connection to the server between syncs, so a pull
every few seconds costs three short queries. Being offline is a state, not an error: the thread
retries with a growing pause and pushes what waited once the server answers again.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from reviewer.clock import utc_now
from reviewer.errors import ReviewerError
from reviewer.storage.store import ReviewStore
from reviewer.teamserver.connection import ServerUnreachableError, TeamServerError, connect, redacted
from reviewer.teamserver.scanning import changed_files
from reviewer.teamserver.sync import CHANNEL, pending, sync

TEAM_ENV = "REVIEWER_TEAM"
JOINED = "server"  # the team_sync state record 'team join' leaves in the database

# Teammates' pushes notify (LISTEN/NOTIFY): their marks show at once. The poll is the fallback
# for a notification lost with a connection; it keeps a mark under two seconds even then.
PULL_SECONDS = 1.5
PUSH_AFTER_SECONDS = 0.5  # marks in quick succession go up together, this long after the last
FULL_SECONDS = 30.0  # a full sync (push too) now and then: changes made by another process
OFFLINE_PAUSES = (2.0, 4.0, 8.0, 15.0, 30.0)  # between tries while the server does not answer
_TICK = 0.1  # how often the thread looks whether it should stop or a push is due


def team_url_of(store: ReviewStore, configured: str | None) -> str | None:
    """The team server: ``$REVIEWER_TEAM``, the configuration's ``[team] server``, or the joined one."""
    url = os.environ.get(TEAM_ENV, "").strip() or configured
    if not url:
        url = str((store.team_record(JOINED) or {}).get("url", "")) or None
    return url


class TeamPhase(Enum):
    """What the background sync is doing or last found."""

    STARTING = "starting"  # not tried yet
    SYNCING = "syncing"
    SYNCED = "synced"
    OFFLINE = "offline"  # the server does not answer: changes wait locally
    ERROR = "error"  # the server answered but refused (password, schema, rights)


@dataclass(frozen=True, slots=True)
class TeamStatus:
    """The team state the status line shows."""

    phase: TeamPhase = TeamPhase.STARTING
    synced_at: datetime | None = None  # local time of the last sync that reached the server
    waiting: int = 0  # local changes not on the server yet (known when offline or read-only)
    message: str = ""  # offline or error: the one line that says why
    pulled: int = 0  # reviews the last sync brought in (the screen redraws when not 0)
    read_only: bool = False  # this role may pull, not push
    set_aside: int = 0  # versions made apart the last sync set aside (the later kept): C lists them


Listener = Callable[[TeamStatus], None]


class BackgroundSync:
    """A thread that syncs the database at ``path`` with the team server at ``url``.

    ``listener`` is called from the thread with each new :class:`TeamStatus` (a screen passes it
    on to its event loop). :meth:`changed` after each local change, :meth:`sync_now` for a sync
    at once, :meth:`stop` when the screen closes (a change not pushed yet gets one last try).
    """

    def __init__(
        self,
        path: str | Path,
        url: str,
        reviewer: str,
        listener: Listener,
        *,
        pull_seconds: float = PULL_SECONDS,
        push_after: float = PUSH_AFTER_SECONDS,
        full_seconds: float = FULL_SECONDS,
    ) -> None:
        self.path = Path(path)
        self.url = url
        self.where = redacted(url)
        self._reviewer = reviewer  # the server's name for us replaces it after the first sync
        self._listener = listener
        self._pull_seconds = pull_seconds
        self._push_after = push_after
        self._full_seconds = full_seconds
        self._status = TeamStatus()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # guards the requests below, set from the screen's thread
        self._push_due: float | None = None
        self._forced = False
        self._thread: threading.Thread | None = None
        self._connection: Any = None
        self._pushed_after = -1  # the store's count of others' writes at the last push (-1: none yet)

    @property
    def status(self) -> TeamStatus:
        """The latest state."""
        return self._status

    def start(self) -> None:
        """Start the thread: it syncs at once, then keeps syncing until :meth:`stop`."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="reviewer-team-sync", daemon=True)
            self._thread.start()

    def changed(self) -> None:
        """A local change was saved: push it soon (marks in quick succession go up together)."""
        with self._lock:
            self._push_due = time.monotonic() + self._push_after

    def sync_now(self) -> None:
        """Sync at once, even while offline (the pause between tries starts again)."""
        with self._lock:
            self._forced = True
        self._wake.set()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop the thread, waiting up to ``timeout`` seconds for a last push of what is due."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    # -- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            store = ReviewStore(self.path)
        except ReviewerError as exc:
            self._tell(TeamStatus(TeamPhase.ERROR, message=_one_line(str(exc))))
            return
        try:
            self._loop(store)
        finally:
            self._disconnect()
            with contextlib.suppress(ReviewerError):
                store.close()

    def _loop(self, store: ReviewStore) -> None:
        failures = 0
        next_pull = next_full = time.monotonic()  # on open: a full sync
        while True:
            stopping = self._stopping.is_set()
            now = time.monotonic()
            with self._lock:
                forced, self._forced = self._forced, False
                push_due = self._push_due is not None and (self._push_due <= now or stopping)
                if push_due or forced:
                    self._push_due = None
            if stopping and not push_due:
                return
            full = forced or push_due or now >= next_full
            if full or now >= next_pull:
                # The periodic full sync looks for changes only when someone else wrote (another
                # process, or the screen, whose writes are foreign to this thread's store): a
                # look at every local review every 30 s would cost a large database dearly.
                push = forced or push_due or (full and store.foreign_changes != self._pushed_after)
                ok = self._once(store, push=push, shown=push and failures == 0)
                if ok and push:
                    self._pushed_after = store.foreign_changes
                if stopping:
                    return
                if ok:
                    failures = 0
                    next_pull = time.monotonic() + self._pull_seconds
                    if full:
                        next_full = time.monotonic() + self._full_seconds
                else:
                    pause = OFFLINE_PAUSES[min(failures, len(OFFLINE_PAUSES) - 1)]
                    failures += 1
                    next_pull = next_full = time.monotonic() + pause  # the next try pushes too
            if self._notified():
                next_pull = 0.0  # a teammate pushed: pull now
            self._wake.clear()

    def _notified(self) -> bool:
        """Wait a tick for a push notification (or a wake-up); True when a teammate pushed."""
        connection = self._connection
        if connection is None or connection.closed:
            self._wake.wait(_TICK)
            return False
        try:
            return any(True for _ in connection.notifies(timeout=_TICK, stop_after=1))
        except Exception:  # the connection broke while idle: the next sync reconnects and says so
            self._disconnect()
            return False

    def _once(self, store: ReviewStore, *, push: bool, shown: bool) -> bool:
        """One sync; True when the server took part. ``shown``: say "syncing…" meanwhile."""
        if shown:
            self._tell(replace(self._status, phase=TeamPhase.SYNCING, pulled=0, set_aside=0))
        try:
            if self._connection is None or self._connection.closed:
                self._connection = connect(self.url)
                try:
                    self._connection.execute(f"LISTEN {CHANNEL}")
                    self._connection.commit()
                except Exception as exc:  # psycopg's: the server went away just after answering
                    self._disconnect()
                    raise ServerUnreachableError(f"team server {self.where}: {_one_line(str(exc))}") from None
            report = sync(store, self.url, now=utc_now(), push=push, connection=self._connection)
        except ServerUnreachableError as exc:
            self._disconnect()
            self._tell(self._local_status(store, TeamPhase.OFFLINE, str(exc)))
            return False
        except TeamServerError as exc:
            self._disconnect()  # a refusal may leave its transaction open: start clean
            self._tell(self._local_status(store, TeamPhase.ERROR, str(exc)))
            return False
        except ReviewerError as exc:  # the local database (full disk, damaged): said, retried
            self._tell(
                replace(
                    self._status, phase=TeamPhase.ERROR, message=_one_line(str(exc)), pulled=0, set_aside=0
                )
            )
            return False
        self._reviewer = report.reviewer
        # A pull alone does not look at local changes: a read-only role's stay as counted.
        waiting = report.not_pushed if push else self._status.waiting if report.read_only else 0
        synced_at = datetime.now().astimezone()
        before = self._status
        status = TeamStatus(
            TeamPhase.SYNCED,
            synced_at=synced_at,
            waiting=waiting,
            pulled=report.pulled,
            read_only=report.read_only,
            set_aside=report.conflicts + report.verdict_conflicts + report.shape_conflicts,
        )
        minute = before.synced_at is None or before.synced_at.strftime("%H:%M") != synced_at.strftime("%H:%M")
        if shown or report.pulled or minute or replace(status, synced_at=before.synced_at) != before:
            self._tell(status)
        else:
            self._status = status  # a quiet pull: the line would show the same
        return True

    def _local_status(self, store: ReviewStore, phase: TeamPhase, message: str) -> TeamStatus:
        try:
            # Only the document files written since the last push can hold a change waiting.
            within = changed_files(store, self.where).within
            waiting = len(pending(store, self._reviewer, utc_now(), within=within))
        except ReviewerError:
            waiting = self._status.waiting
        return replace(
            self._status, phase=phase, message=_one_line(message), waiting=waiting, pulled=0, set_aside=0
        )

    def _disconnect(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # a connection already broken cannot close cleanly
                self._connection.close()
            self._connection = None

    def _tell(self, status: TeamStatus) -> None:
        self._status = status
        with contextlib.suppress(Exception):  # the screen may be gone; the thread must not die of it
            self._listener(status)


def _one_line(text: str) -> str:
    return " ".join(text.split())
