"""Pilot tests: the search bar folds apostrophes and quotes, searches notes on ctrl+t, counts matches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Label

from reviewer.review import search
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.searching import TALLY_DELAY
from tests.tui.tui_helpers import FR, drive, reopen


def bar_text(app: ReviewApp, part: str) -> str:
    return str(app.screen.query_one(f"#search-{part}", Label).render())


def test_a_typed_apostrophe_finds_a_typographic_one(make_session: Callable[..., ReviewSession]) -> None:
    session = make_session(FR)
    target = next(i for i, c in enumerate(session.claims.all()) if "l’arrachage" in c.text)
    drive(session, lambda app, pilot: pilot.press("slash", *"l'arrachage", "enter"))
    assert session.cursor == target


def test_notes_and_sources_are_searched_with_ctrl_t(session: ReviewSession, db_path: Path) -> None:
    session.edit(6, note="Checked against the 2025 staff report", sources=["https://example.org/agenda"])

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("slash", *"agenda")
        assert "No match" in bar_text(app, "label")  # no claim says it; claim 7's source does
        await pilot.press("ctrl+t")
        assert session.cursor == 6 and "notes" in bar_text(app, "scope")
        await pilot.press("enter")

    drive(session, scenario)
    assert reopen(session, db_path).review(6).note.startswith("Checked")  # type: ignore[union-attr]


def test_the_bar_counts_the_matches(session: ReviewSession) -> None:
    total = sum(1 for c in session.claims.all() if "levy" in search.fold(c.text)[0])

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("slash", *"levy")
        await pilot.pause(TALLY_DELAY + 0.2)
        assert bar_text(app, "count") == f"1/{total}"
        await pilot.press("down")
        await pilot.pause(TALLY_DELAY + 0.2)
        assert bar_text(app, "count") == f"2/{total}"
        await pilot.press(*["backspace"] * 4, *"zzz")
        await pilot.pause(TALLY_DELAY + 0.2)
        assert bar_text(app, "count") == "no match"

    drive(session, scenario)
