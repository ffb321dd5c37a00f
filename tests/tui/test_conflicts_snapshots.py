"""Snapshots of the conflicts list (C) with what a team sync set aside; update with --snapshot-update."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reviewer.model import Anchor, FinalVerdict, Label
from reviewer.review.session import ReviewSession
from reviewer.storage.shapes import shape_key
from reviewer.storage.store import TeamWrites
from reviewer.teamserver.set_aside import lost_shape, lost_verdict
from reviewer.teamserver.versions import DrawnShape
from reviewer.tui.app import ReviewApp
from tests.tui.tui_helpers import EN, hints_ready, make_session_on

pytest.importorskip("pytest_textual_snapshot")

SnapCompare = Callable[..., bool]
AT = "2026-12-01T11:00:00Z"


def with_team_conflicts(db_path: Path) -> ReviewSession:
    """Alice's split of claim 2 and editor's final verdict of claim 1, both set aside by a sync."""
    session = make_session_on(EN, db_path)
    document = session.document
    text = document.text
    first, second = session.claims[0], session.claims[1]
    cut = text.index("who cross", second.start)
    spans = [Anchor.for_span(text, second.start, cut - 1), Anchor.for_span(text, cut, second.end)]
    body = {
        "doc_id": document.doc_id,
        "paragraph": second.paragraph,
        "spans": [anchor.to_dict() for anchor in spans],
        "by": "alice",
        "updated_at": "2026-12-01T10:05:00Z",
    }
    shape = DrawnShape(shape_key(document.doc_id, second.paragraph), body)
    verdict = FinalVerdict(
        document.doc_id,
        Anchor.for_span(text, first.start, first.end),
        "editor",
        Label.DISPUTED,
        note="The levy is $4.50 at peak, not $4.20.",
        updated_at="2026-12-01T10:07:00Z",
    )
    records = [
        lost_shape(shape, "the team's version", "two reshapes of this paragraph were made apart", AT, "c1"),
        lost_verdict(verdict, "the team's version", "two final verdicts were made apart", AT, "c2"),
    ]
    session.store.team_transaction(lambda: TeamWrites(state=records))
    return session


async def listed(pilot: Pilot[int]) -> None:
    await hints_ready(pilot)
    await pilot.press("C")


@pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])
def test_team_sync_conflicts(snap_compare: SnapCompare, db_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(ReviewApp(with_team_conflicts(db_path)), run_before=listed, terminal_size=size)
