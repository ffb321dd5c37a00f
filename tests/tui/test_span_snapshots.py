"""Snapshots of span mode (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reviewer.tui.app import ReviewApp
from tests.tui.test_span_mode import fresh
from tests.tui.tui_helpers import hints_ready

pytest.importorskip("pytest_textual_snapshot")

SnapCompare = Callable[..., bool]


async def in_span_mode(pilot: Pilot[int]) -> None:
    """Span mode on the French sample's quotation: the caret twelve words in, the end two words in."""
    await hints_ready(pilot)
    await pilot.press("s", *["right"] * 12, "left_parenthesis", "left_parenthesis")


@pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])
def test_span_mode(snap_compare: SnapCompare, db_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(ReviewApp(fresh(db_path)), run_before=in_span_mode, terminal_size=size)
