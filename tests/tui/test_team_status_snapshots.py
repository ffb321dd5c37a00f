"""Snapshots of the status line's team item: synced, offline with changes waiting, an error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reviewer.teamserver.background import TeamPhase, TeamStatus
from reviewer.tui.app import ReviewApp
from reviewer.tui.widgets.status import StatusBar
from tests.tui.tui_helpers import hints_ready, make_session_on

pytest.importorskip("pytest_textual_snapshot")

SnapCompare = Callable[..., bool]
STATES = {
    "synced": TeamStatus(TeamPhase.SYNCED, synced_at=datetime(2026, 1, 2, 9, 41)),
    "offline": TeamStatus(TeamPhase.OFFLINE, waiting=3, message="team server unreachable"),
    "error": TeamStatus(
        TeamPhase.ERROR,
        waiting=1,
        message="team server postgresql://bob@db.example.org/team: wrong or missing password for role bob"
        " (libpq reads it from the URL, PGPASSWORD or ~/.pgpass)",
    ),
}


def _showing(status: TeamStatus) -> Callable[[Pilot[int]], object]:
    async def run_before(pilot: Pilot[int]) -> None:
        await hints_ready(pilot)
        pilot.app.screen.query_one(StatusBar).show_team(status)  # what the sync's thread would post
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("state", sorted(STATES))
@pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])
def test_team_status(snap_compare: SnapCompare, db_path: Path, size: tuple[int, int], state: str) -> None:
    app = ReviewApp(make_session_on("harbour-bridge-levy.md", db_path, reviewer="bob"))
    assert snap_compare(app, run_before=_showing(STATES[state]), terminal_size=size)
