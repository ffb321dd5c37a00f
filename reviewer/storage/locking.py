"""The database's cross-process lock: ``flock`` on the journal, a file that is never replaced.

A lock on a file of its own (``reviews.json.lock``) can be deleted while a writer holds it:
the next writer then creates a new file, locks that new inode and writes at the same time
(measured: 49 of 1,200 acknowledged writes lost). The journal is part of the data: nothing
of ours ever deletes or replaces it (a fold rewrites it in place), so every writer locks the
same inode. After locking, the path is checked to still name the locked file, in case it was
replaced between the open and the lock; if not, the lock is taken again.

On a file system without ``flock`` (some network and FUSE file systems), the lock falls back
to filelock's soft lock (an exclusive ``reviews.json.lock`` file whose holder's PID is
checked), without the warning filelock would print.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # filelock is imported only on a file system without flock (~20 ms at launch)
    from filelock import SoftFileLock

# flock said "someone else holds it" (EACCES on some file systems) ...
_BUSY = frozenset({errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES})
# ... or "this file system cannot do it".
_NO_FLOCK = frozenset({errno.ENOSYS, errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL})
_FIRST_PAUSE, _LONGEST_PAUSE = 0.001, 0.02  # seconds between tries: short waits stay short


class LockBusy(Exception):
    """Another process held the lock for the whole wait."""


class DatabaseLock:
    """An exclusive lock on ``journal`` (created if missing), or on ``fallback`` without flock.

    Not re-entrant: the storage counts its own nesting. Raises OSError when the journal
    cannot be opened (a read-only place, a missing folder).
    """

    def __init__(self, journal: Path, fallback: Path) -> None:
        self.journal = journal
        self.fallback = fallback
        self._fd: int | None = None
        self._soft: SoftFileLock | None = None
        self._flockless = False

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None or (self._soft is not None and self._soft.is_locked)

    def acquire(self, timeout: float) -> None:
        """Take the lock, waiting up to ``timeout`` seconds (0: one try); LockBusy if it stays taken."""
        deadline = time.monotonic() + max(0.0, timeout)
        pause = _FIRST_PAUSE
        while not self._flockless:
            fd = os.open(self.journal, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in _NO_FLOCK:
                    self._flockless = True
                    break
                if exc.errno not in _BUSY:
                    raise
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LockBusy from None
                time.sleep(min(pause, remaining))
                pause = min(pause * 2, _LONGEST_PAUSE)
                continue
            if _names(self.journal, fd):
                self._fd = fd
                return
            # Replaced or deleted between our open and our lock: lock what the path names now.
            os.close(fd)
        self._acquire_soft(max(0.0, deadline - time.monotonic()))

    def _acquire_soft(self, timeout: float) -> None:
        from filelock import SoftFileLock, Timeout

        if self._soft is None:
            self._soft = SoftFileLock(str(self.fallback))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # filelock warns about its own fallbacks on stderr
                self._soft.acquire(timeout=timeout)
        except Timeout:
            raise LockBusy from None

    def release(self) -> None:
        """Let go of the lock (closing the descriptor releases the flock)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
        elif self._soft is not None and self._soft.is_locked:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._soft.release()


def _names(path: Path, fd: int) -> bool:
    """True when ``path`` still names the file open as ``fd``."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False
