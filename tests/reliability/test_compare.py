"""The comparison harness runs, and our store comes out whole where TinyDB's default does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.compare import concurrent_writers, damaged_files, full_disk


def test_full_disk_and_damaged_files_compared(tmp_path: Path) -> None:
    ours = full_disk("reviewer", tmp_path)
    assert ours == {
        "answer": "refused: DatabaseWriteError",
        "file_unchanged": True,
        "old_review_still_loads": True,
    }
    theirs = full_disk("tinydb-default", tmp_path)
    assert theirs["old_review_still_loads"] is False  # the in-place writer loses the old note
    assert all(
        v == "refused with a clear message; file untouched"
        for v in damaged_files("reviewer", tmp_path).values()
    )


@pytest.mark.slow  # probabilistic on TinyDB's side; ours is tested in test_concurrency.py
def test_concurrent_writers_compared(tmp_path: Path) -> None:
    assert concurrent_writers("reviewer", tmp_path, writers=3, count=60, runs=1)["lost_writes"] == 0
    theirs = concurrent_writers("tinydb-default", tmp_path, writers=3, count=60, runs=1)
    assert theirs["lost_writes"] > 0  # proof the harness sees lost writes when they happen


def test_the_storage_faults_harness_runs() -> None:
    """A few trials of each fault RELIABILITY.md section 7 counts, so the harness cannot rot."""
    from tests.reliability.storage_faults import damage, lock_deletion

    assert damage(6) == {
        "trials": 6,
        "refused with the right offset": 6,
        "opened silently": 0,
        "files changed": 0,
    }
    ours = lock_deletion(1, 2, 30, "journal")
    assert (ours["writes"], ours["lost"], ours["broken"]) == (60, 0, 0) and ours["deletions"] > 0
