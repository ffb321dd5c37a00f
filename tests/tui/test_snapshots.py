"""Snapshots of the key screens (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from tests.tui.tui_helpers import EN, fill_the_disk, hints_ready, make_session_on

pytest.importorskip("pytest_textual_snapshot")

SnapCompare = Callable[..., bool]


def mid_review(db_path: Path) -> ReviewSession:
    """The English sample with all three labels, a note with sources, the cursor in paragraph 3."""
    session = make_session_on(EN, db_path)
    session.goto_paragraph(2)
    for label in (Label.VERIFIED, Label.DISPUTED, Label.OPINION):
        session.set_label(label)
    session.move(-2)
    session.set_note("The council agenda lists the vote for Sept. 14.", ["https://example.org/agenda"])
    session.move(2)
    return session


def test_mid_review(snap_compare: SnapCompare, db_path: Path) -> None:
    assert snap_compare(ReviewApp(mid_review(db_path)), run_before=hints_ready, terminal_size=(120, 35))


def test_mid_review_80x24(snap_compare: SnapCompare, db_path: Path) -> None:
    assert snap_compare(ReviewApp(mid_review(db_path)), run_before=hints_ready, terminal_size=(80, 24))


def test_wide_200x50(snap_compare: SnapCompare, db_path: Path) -> None:
    assert snap_compare(ReviewApp(mid_review(db_path)), run_before=hints_ready, terminal_size=(200, 50))


def test_note_editor(snap_compare: SnapCompare, db_path: Path) -> None:
    async def edit(pilot: Pilot[int]) -> None:
        await hints_ready(pilot)
        await pilot.press("k", "k", "n")
        pilot.app.screen.query_one("#note-sources", TextArea).text += "\nCity of Port Alder, council minutes"
        for area in pilot.app.screen.query(TextArea):  # a blink caught mid-way drew the note's row apart
            area.cursor_blink = False
        await pilot.pause()

    assert snap_compare(ReviewApp(mid_review(db_path)), run_before=edit, terminal_size=(100, 30))


def test_help(snap_compare: SnapCompare, db_path: Path) -> None:
    assert snap_compare(
        ReviewApp(mid_review(db_path)),
        run_before=hints_ready,
        press=["question_mark"],
        terminal_size=(100, 35),
    )


def test_search(snap_compare: SnapCompare, db_path: Path) -> None:
    press = ["slash", *"levy"]
    assert snap_compare(
        ReviewApp(mid_review(db_path)), run_before=hints_ready, press=press, terminal_size=(100, 30)
    )


def test_filter_menu(snap_compare: SnapCompare, db_path: Path) -> None:
    assert snap_compare(
        ReviewApp(mid_review(db_path)), run_before=hints_ready, press=["f"], terminal_size=(100, 30)
    )


def test_filter_disputed(snap_compare: SnapCompare, db_path: Path) -> None:
    assert snap_compare(
        ReviewApp(mid_review(db_path)), run_before=hints_ready, press=["f", "d"], terminal_size=(100, 30)
    )


def test_error_notification(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The message names the database, under the home folder as ~/…: the same screen every run.
    monkeypatch.setenv("HOME", str(tmp_path))
    session = mid_review(tmp_path / "db.json")
    fill_the_disk(monkeypatch)
    assert snap_compare(ReviewApp(session), run_before=hints_ready, press=["v"], terminal_size=(100, 30))
