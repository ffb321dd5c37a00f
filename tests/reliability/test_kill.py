"""Kill at any moment: every file loads and holds every acknowledged write (see kill_harness.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.kill_harness import measure


@pytest.mark.parametrize("store", ["reviewer", "reviewer-folding"])
def test_sigkill_never_breaks_our_file_or_loses_an_acknowledged_write(tmp_path: Path, store: str) -> None:
    outcome = measure(store, trials=200, workdir=tmp_path, seed=7)
    assert outcome.trials == 200
    assert outcome.acknowledged > 0  # the kills landed while writes were happening (how many: speed)
    assert (outcome.broken_files, outcome.lost_writes) == (0, 0)


@pytest.mark.slow  # probabilistic: a kill must land mid-write, which a busy machine may not see
def test_the_harness_catches_tinydb_default_storage_breaking_files(tmp_path: Path) -> None:
    """Proof the harness can fail: the in-place writer it is compared with does break files."""
    outcome = measure("tinydb-default", trials=200, workdir=tmp_path, seed=7)
    assert outcome.broken_files > 0
    assert outcome.lost_writes >= outcome.broken_files


@pytest.mark.slow
@pytest.mark.parametrize("store", ["reviewer", "reviewer-folding"])
def test_sigkill_full_run(tmp_path: Path, store: str) -> None:
    outcome = measure(store, trials=1000, workdir=tmp_path, seed=11, max_delay=0.15)
    assert (outcome.broken_files, outcome.lost_writes) == (0, 0)
