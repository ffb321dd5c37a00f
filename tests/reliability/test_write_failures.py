"""Write failures: a clear error, the old file byte-identical, nothing reported as saved, still usable.

Read-only databases (refused up front, opened read-only) are in test_read_only.py.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.errors import DatabaseWriteError
from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from tests.helpers import db_snapshot, hold_lock, temp_files


@pytest.fixture
def session(sample_en: Path, db_path: Path) -> ReviewSession:
    session = ReviewSession(load_document(sample_en), ReviewStore(db_path), "alice")
    session.set_label(Label.VERIFIED)  # claim 1 saved; the cursor is on claim 2
    return session


@pytest.mark.parametrize(
    ("target", "code", "advice"),
    [
        ("fsync", errno.ENOSPC, "free some disk space"),
        ("fsync", errno.EIO, "check the disk"),
        ("open", errno.EROFS, "read-only"),
        ("open", errno.EACCES, "permissions"),
    ],
)
def test_injected_failures_leave_the_files_and_the_session_unchanged(
    session: ReviewSession,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    code: int,
    advice: str,
) -> None:
    before = db_snapshot(db_path)
    cursor = session.cursor

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    real_open = Path.open

    def fail_writes(path: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "r" in mode and "+" not in mode:
            return real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]
        raise OSError(code, os.strerror(code))

    with monkeypatch.context() as patch:
        if target == "open":
            patch.setattr(Path, "open", fail_writes)  # the journal opens its files through Path
        else:
            patch.setattr(os, target, fail)
        with pytest.raises(DatabaseWriteError) as caught:
            session.set_label(Label.DISPUTED)
    message = str(caught.value)
    assert "nothing was saved" in message and advice in message and "\n" not in message
    assert db_snapshot(db_path) == before
    assert temp_files(db_path.parent) == []
    # Kept in memory, flagged as not saved, and not in the store.
    assert session.cursor == cursor and session.label(cursor) is Label.DISPUTED
    assert session.unsaved == {cursor}
    assert ReviewSession(session.document, ReviewStore(db_path), "alice").label(cursor) is None
    # The fault gone, the same session saves what it kept.
    assert session.flush() == 0 and session.unsaved == frozenset()
    assert ReviewSession(session.document, ReviewStore(db_path), "alice").label(cursor) is Label.DISPUTED


def test_a_failed_fold_on_close_keeps_everything_in_the_journal(
    session: ReviewSession, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main_before = db_snapshot(db_path)["main"]

    def fail(*_args: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", fail)
        session.store.close()  # must not raise: the journal is durable on its own
    assert db_snapshot(db_path)["main"] == main_before
    assert temp_files(db_path.parent) == []
    assert ReviewSession(session.document, ReviewStore(db_path), "alice").label(0) is Label.VERIFIED


_FULL_DISK_THEN_SPACE = textwrap.dedent(
    """
    import resource, signal, sys
    from reviewer.errors import DatabaseWriteError
    from reviewer.documents.loader import load_document
    from reviewer.model import Label
    from reviewer.review.session import ReviewSession
    from reviewer.storage.store import ReviewStore

    db, sample, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
    session = ReviewSession(load_document(sample), ReviewStore(db), "alice")
    session.move_to(1)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    try:
        session.set_note("x" * 20000, [])
        print("saved?!")
    except DatabaseWriteError as exc:
        print("refused:", exc)
    print("kept unsaved:", sorted(session.unsaved), len(session.review(1).note))
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    print("still unsaved after flush:", session.flush())
    session.set_note("short note", [])
    print("then saved")
    """
)


def test_a_full_disk_in_a_real_process_then_space_again(
    session: ReviewSession, db_path: Path, sample_en: Path
) -> None:
    session.store.close()
    result = subprocess.run(
        [sys.executable, "-c", _FULL_DISK_THEN_SPACE, str(db_path), str(sample_en), "4000"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("refused:") and "nothing was saved" in lines[0]
    assert lines[1] == "kept unsaved: [1] 20000"  # in memory, flagged, never reported as saved
    assert lines[2] == "still unsaved after flush: 0"
    assert lines[3] == "then saved"
    assert ReviewSession(session.document, ReviewStore(db_path), "alice").review(1).note == "short note"  # type: ignore[union-attr]


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_cli_on_a_full_disk_says_so_in_one_line(
    session: ReviewSession, db_path: Path, sample_en: Path
) -> None:
    session.store.close()
    before = db_snapshot(db_path)
    result = subprocess.run(
        [sys.executable, "-m", "reviewer", "mark", str(sample_en), "3", "disputed", "--note", "y" * 5000,
         "--db", str(db_path)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        preexec_fn=lambda: _limit_file_size(len(before["main"] or b"") + 500),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "nothing was saved" in result.stderr
    assert db_snapshot(db_path) == before


def test_cli_with_the_lock_held_too_long(session: ReviewSession, db_path: Path, sample_en: Path) -> None:
    before = db_snapshot(db_path)
    env = os.environ | {"REVIEWER_LOCK_TIMEOUT": "0.5"}
    with hold_lock(db_path):
        result = subprocess.run(
            [sys.executable, "-m", "reviewer", "mark", str(sample_en), "3", "v", "--db", str(db_path)],
            capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "locked" in result.stderr
    assert db_snapshot(db_path) == before
    # Once the other process lets go, the same command works.
    again = subprocess.run(
        [sys.executable, "-m", "reviewer", "mark", str(sample_en), "3", "v", "--db", str(db_path)],
        capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
