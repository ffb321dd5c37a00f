"""Hints on the review screen: marker, next hinted claim, the hinted filter, the why, on and off."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reviewer.documents.loader import load_document
from reviewer.hints import loading
from reviewer.model import Label
from reviewer.paths import samples_dir
from reviewer.review.filters import ClaimFilter
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.hinting import LOAD_AFTER_SECONDS, WINDOW
from reviewer.tui.screens.review import ReviewScreen
from tests.tui.tui_helpers import EN, FIXED_TIME, FR, REVIEWER, drive, hints_ready, make_session_on, reopen


async def ready(app: ReviewApp, pilot: Pilot[int]) -> ReviewScreen:
    await hints_ready(pilot)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def test_next_hinted_goes_to_a_flagged_claim_and_the_panel_says_why(db_path: Path) -> None:
    session = make_session_on(EN, db_path)
    seen: dict[str, object] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        screen = await ready(app, pilot)
        assert screen.hints.active
        await pilot.press("h")
        seen["cursor"] = session.cursor
        seen["flagged"] = screen.hints.flagged(session.cursor)
        seen["panel"] = str(screen.query_one("#claim").render())
        seen["view"] = str(screen.query_one("#current").render())

    drive(session, scenario)
    assert seen["flagged"] is True and seen["cursor"] != 0
    assert "worth checking" in str(seen["panel"]) and ":" in str(seen["panel"])
    assert "▲" in str(seen["view"])


def test_the_hinted_filter_keeps_only_flagged_claims_and_h_switches_hints_off(db_path: Path) -> None:
    session = make_session_on(EN, db_path)
    kept: list[bool] = []

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        screen = await ready(app, pilot)
        await pilot.press("f", "h")
        assert screen.claim_filter == ClaimFilter.HINTED
        for _ in range(5):
            kept.append(screen.hints.flagged(session.cursor))
            await pilot.press("j")
        await pilot.press("H")  # hints off: the filter would hide everything, so it goes back to all
        assert not screen.hints.active and screen.claim_filter == ClaimFilter.ALL
        assert "hints off" in str(screen.query_one("#claim").render())
        await pilot.press("H")
        assert screen.hints.active

    drive(session, scenario)
    assert kept and all(kept)


def test_a_french_document_says_it_gets_no_hints(db_path: Path) -> None:
    session = make_session_on(FR, db_path)
    seen: dict[str, str] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        screen = await ready(app, pilot)
        assert not screen.hints.active
        seen["panel"] = str(screen.query_one("#claim").render())
        await pilot.press("h")  # nothing to go to: it says why, and stays
        seen["notice"] = list(app._notifications)[-1].message

    drive(session, scenario)
    assert session.cursor == 0
    assert "no hints for French" in seen["panel"] and "no hints for French" in seen["notice"]


def test_after_a_reshape_every_claim_is_scored_again_in_the_background(tmp_path: Path, db_path: Path) -> None:
    article = (samples_dir() / EN).read_text(encoding="utf-8")
    path = tmp_path / "long.md"
    path.write_text("\n\n".join(f"## Part {n}\n\n{article}" for n in range(8)), encoding="utf-8")
    session = ReviewSession(load_document(path), ReviewStore(db_path), REVIEWER, clock=lambda: FIXED_TIME)
    total = session.claims.count()
    assert total > 4 * WINDOW  # far more than the window scored at once around the cursor
    seen: dict[str, int] = {}

    async def all_scored(screen: ReviewScreen, pilot: Pilot[int], count: int) -> bool:
        for _ in range(400):
            if screen.hints._hints is not None and screen.hints._hints.scored() == count:
                return True
            await pilot.pause(0.05)
        return False

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        screen = await ready(app, pilot)
        assert await all_scored(screen, pilot, total)
        claim = session.claims[1]
        words = len(claim.text.split()) // 2
        await pilot.press("j", "s", *["right"] * words, "s")  # split claim 2 in the middle
        assert session.claims.count() == total + 1
        hints = screen.hints._hints
        assert hints is not None
        seen["right_after"] = hints.scored()
        assert hints.get(2) is not None  # the new part, next to the cursor, at once
        assert await all_scored(screen, pilot, total + 1)  # and the rest, behind it

    drive(session, scenario)
    assert seen["right_after"] < total


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_without_a_readable_model_the_screen_says_why_and_works_without_hints(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    broken = tmp_path / "en-linear.json"
    if damage == "corrupt":
        broken.write_bytes(b'{"format": "reviewer-hints-linear", "thresh')
    # The real loader on a real file that is gone or damaged, in place of the shipped one.
    monkeypatch.setattr(loading, "default_model_path", lambda: broken)
    session = make_session_on(EN, db_path)
    seen: dict[str, str] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        screen = await ready(app, pilot)
        assert screen.hints.coverage is not None and not screen.hints.active
        seen["panel"] = str(screen.query_one("#claim").render())
        await pilot.press("h")  # nothing to go to: it says why
        seen["notice"] = list(app._notifications)[-1].message
        await pilot.press("v", "d")  # the review goes on

    drive(session, scenario)
    reason = "no such file" if damage == "missing" else "damaged"
    assert reason in seen["panel"] and reason in seen["notice"]
    again = reopen(session, db_path)
    assert [again.label(0), again.label(1)] == [Label.VERIFIED, Label.DISPUTED]


def test_hints_switched_off_score_nothing_until_switched_on(tmp_path: Path, db_path: Path) -> None:
    # Off, the background scoring went on (and the claims around the cursor at every key):
    # the cost of something the reviewer had turned off, on every key of a long document.
    article = (samples_dir() / EN).read_text(encoding="utf-8")
    path = tmp_path / "long.md"
    path.write_text("\n\n".join(f"## Part {n}\n\n{article}" for n in range(8)), encoding="utf-8")
    session = ReviewSession(load_document(path), ReviewStore(db_path), REVIEWER, clock=lambda: FIXED_TIME)
    total = session.claims.count()
    seen: dict[str, int] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.pause(LOAD_AFTER_SECONDS + 0.1)
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        hints = screen.hints._hints
        assert hints is not None
        await pilot.press("H")
        seen["off"] = hints.scored()
        await pilot.press(*["J"] * 10)  # keys far from where it stopped, and time passing
        await pilot.pause(1.0)
        seen["still_off"] = hints.scored()
        await pilot.press("H")
        for _ in range(400):
            if hints.scored() == total:
                break
            await pilot.pause(0.05)
        seen["on_again"] = hints.scored()

    drive(session, scenario)
    assert seen["off"] < total
    assert seen["still_off"] == seen["off"]
    assert seen["on_again"] == total
