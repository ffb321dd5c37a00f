"""The database lock: on a file nothing replaces, checked after taking it, and quiet without flock."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reviewer.storage.locking import DatabaseLock, LockBusy
from reviewer.storage.store import ReviewStore


def lock_of(db_path: Path) -> DatabaseLock:
    return DatabaseLock(
        db_path.with_name(db_path.name + ".journal"), db_path.with_name(db_path.name + ".lock")
    )


def test_the_lock_is_exclusive_and_waits_only_as_long_as_asked(db_path: Path) -> None:
    first, second = lock_of(db_path), lock_of(db_path)
    first.acquire(0)
    with pytest.raises(LockBusy):
        second.acquire(0.05)
    first.release()
    second.acquire(0)
    assert second.held and not first.held
    second.release()


def test_a_journal_replaced_between_open_and_lock_is_locked_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone else's file at the path now: locking the old one would exclude nobody."""
    journal = db_path.with_name(db_path.name + ".journal")
    journal.write_bytes(b"")
    real_flock = fcntl.flock
    replaced: list[int] = []

    def replace_then_lock(fd: int, operation: int) -> None:
        if not replaced:
            fresh = journal.with_name("fresh")
            fresh.write_bytes(b"")
            os.replace(fresh, journal)  # a restore from a backup, say, just before our flock
            replaced.append(fd)
        real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", replace_then_lock)  # the module locking.py calls
    ours = lock_of(db_path)
    ours.acquire(0)
    monkeypatch.setattr(fcntl, "flock", real_flock)
    with pytest.raises(LockBusy):  # the file the path names now is the one locked
        lock_of(db_path).acquire(0)
    ours.release()


_NO_FLOCK = textwrap.dedent(
    """
    import errno, fcntl, sys

    def no_flock(fd, operation):
        raise OSError(errno.ENOSYS, "Function not implemented")

    fcntl.flock = no_flock  # what some network and FUSE file systems answer
    from reviewer.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def test_without_flock_the_soft_lock_works_and_says_nothing(tmp_path: Path, sample_en: Path) -> None:
    db = tmp_path / "reviews.json"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-W",
                "default",
                "-c",
                _NO_FLOCK,
                "mark",
                str(sample_en),
                str(claim),
                "v",
                "--db",
                str(db),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        for claim in range(1, 5)
    ]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0 and err == "", err  # no two-line UserWarning from filelock
        assert "(saved)" in out
    from reviewer.documents.loader import load_document
    from reviewer.model import Label
    from reviewer.review.session import ReviewSession

    session = ReviewSession(load_document(sample_en), ReviewStore(db), os.environ["REVIEWER_NAME"])
    assert [session.label(i) for i in range(4)] == [Label.VERIFIED] * 4
    assert not db.with_name("reviews.json.lock").exists()  # the soft lock let go
