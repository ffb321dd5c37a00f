"""Snapshots of the adjudication mode and the agreement screen at 80×24 and 120×35."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from tests.tui.tui_helpers import FR, hints_ready, make_session_on

pytest.importorskip("pytest_textual_snapshot")

SnapCompare = Callable[..., bool]
V, D, OP = Label.VERIFIED, Label.DISPUTED, Label.OPINION


def team(db_path: Path) -> ReviewSession:
    """alice and bob on the French sample (bob with notes and sources); carol's session to adjudicate."""
    labels = {
        "alice": {1: V, 2: V, 3: D, 4: OP, 5: V, 6: V, 7: V, 8: D},
        "bob": {1: V, 2: D, 3: D, 4: OP, 6: V, 7: OP, 8: D},
    }
    for name, chosen in labels.items():
        session = make_session_on(FR, db_path, reviewer=name)
        for number, label in chosen.items():
            note = "Météo-France : 312 mm, pas 580." if name == "bob" and number == 2 else ""
            sources = ["https://example.org/meteo", "Relevés de Carsac, 2022"] if note else []
            session.edit(number - 1, label=label, note=note, sources=sources)
    carol = make_session_on(FR, db_path, reviewer="carol")
    return carol


@pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])
def test_adjudication_screen(snap_compare: SnapCompare, db_path: Path, size: tuple[int, int]) -> None:
    # Claim 2 (disagree) adopted from bob, the cursor on claim 5 (incomplete).
    assert snap_compare(
        ReviewApp(team(db_path)), run_before=hints_ready, press=["A", "2"], terminal_size=size
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])
def test_agreement_screen(snap_compare: SnapCompare, db_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(ReviewApp(team(db_path)), run_before=hints_ready, press=["a"], terminal_size=size)
