"""The review screen syncs by itself: two reviewers' stores, one marks with the CLI, the other sees it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reviewer.storage.store import ReviewStore
from reviewer.teamserver.background import TeamPhase
from reviewer.tui.app import ReviewApp
from reviewer.tui.widgets.claim_panel import ClaimPanel
from reviewer.tui.widgets.status import StatusBar
from tests.helpers import run_cli
from tests.teamserver.conftest import TeamServer, setup_team
from tests.tui.tui_helpers import EN, make_session_on

SAMPLE = str(Path(__file__).resolve().parents[2] / "sample_docs" / EN)
CLOSED_PORT = "postgresql://bob:bob@127.0.0.1:1/team"


async def _until(pilot: Pilot[int], found: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not found():
        assert time.monotonic() < deadline, "not reached in time"
        await pilot.pause(0.05)


def _status_line(app: ReviewApp) -> str:
    return str(app.screen.query_one("#status-team").render())


def _panel(app: ReviewApp) -> str:
    return str(app.screen.query_one(ClaimPanel).render())


def test_a_teammates_cli_mark_appears_on_the_open_screen_and_ours_goes_up(
    team_server: TeamServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> None:
        setup_team(team_server)
        alice_db, bob_db = tmp_path / "alice.json", tmp_path / "bob.json"
        app = ReviewApp(make_session_on(EN, bob_db, reviewer="bob"), team_url=team_server.url("bob"))
        async with app.run_test(size=(120, 35)) as pilot:
            await _until(
                pilot, lambda: app.team.status is not None and app.team.status.phase is TeamPhase.SYNCED
            )
            assert _status_line(app).startswith("⇅ synced ")
            assert "alice" not in _panel(app)
            # Alice, on her own machine: marks claim 1 with the CLI, then syncs.
            monkeypatch.setenv("REVIEWER_TEAM", team_server.url("alice"))
            alice = ("--db", str(alice_db), "--reviewer", "alice")
            assert run_cli(capsys, "mark", SAMPLE, "1", "disputed", "--note", "It is $4.50", *alice)[0] == 0
            assert run_cli(capsys, "sync", *alice)[0] == 0
            await _until(pilot, lambda: "alice ✘ disputed" in _panel(app))
            assert "It is $4.50" in _panel(app)
            # Bob labels claim 1 on screen: it goes up by itself, and Alice's next sync brings it.
            await pilot.press("v")
            await _until(pilot, lambda: run_cli(capsys, "sync", *alice)[0] == 0 and _bob_at(alice_db))
            assert _bob_at(alice_db)
            assert not app._notifications  # nothing to say: it just worked

    asyncio.run(scenario())


def _bob_at(db: Path) -> bool:
    return any(r.reviewer == "bob" and r.label for r in ReviewStore(db).all_reviews())


def test_offline_is_said_in_the_status_line_not_in_toasts(tmp_path: Path) -> None:
    async def scenario() -> None:
        app = ReviewApp(make_session_on(EN, tmp_path / "bob.json", reviewer="bob"), team_url=CLOSED_PORT)
        async with app.run_test(size=(120, 35)) as pilot:
            await _until(pilot, lambda: _status_line(app) == "⇅ offline")
            await pilot.press("v", "d")
            await pilot.press("S")  # sync now: still offline
            await _until(pilot, lambda: _status_line(app) == "⇅ offline — 2 changes waiting")
            assert not app._notifications
            assert app.screen.query_one(StatusBar).display

    asyncio.run(scenario())


def test_a_refusal_is_told_once_and_stays_in_the_line(team_server: TeamServer, tmp_path: Path) -> None:
    async def scenario() -> None:
        setup_team(team_server)
        url = team_server.url("bob", "wrong")
        app = ReviewApp(make_session_on(EN, tmp_path / "bob.json", reviewer="bob"), team_url=url)
        async with app.run_test(size=(120, 35)) as pilot:
            await _until(pilot, lambda: _status_line(app).startswith("⇅ error: "))
            assert "wrong or missing password" in _status_line(app)
            await pilot.pause(2.5)  # it retries meanwhile: the same refusal is not said again
            assert len(app._notifications) == 1
            await pilot.press("S")  # asked for: said again
            await _until(pilot, lambda: len(app._notifications) == 2)

    asyncio.run(scenario())


def test_without_a_team_nothing_shows_and_the_sync_key_says_how(tmp_path: Path) -> None:
    async def scenario() -> None:
        app = ReviewApp(make_session_on(EN, tmp_path / "db.json"))
        async with app.run_test(size=(120, 35)) as pilot:
            assert not app.screen.query_one("#status-team").display
            await pilot.press("S")
            await pilot.pause()
            (note,) = app._notifications
            assert "reviewer team join" in note.message

    asyncio.run(scenario())


def test_opening_in_adjudication_waits_for_the_teams_reviews(
    team_server: TeamServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reviewer.tui.screens.adjudication import AdjudicationScreen

    setup_team(team_server)
    for name, label in (("alice", "verified"), ("bob", "disputed")):
        monkeypatch.setenv("REVIEWER_TEAM", team_server.url(name))
        who = ("--db", str(tmp_path / f"{name}.json"), "--reviewer", name)
        assert run_cli(capsys, "mark", SAMPLE, "1", label, *who)[0] == 0
        assert run_cli(capsys, "sync", *who)[0] == 0
    # The editor's database has none of their reviews yet: the first sync brings them.
    session = make_session_on(EN, tmp_path / "admin.json", reviewer="admin")
    app = ReviewApp(session, team_url=team_server.admin_url, adjudicate=True)

    async def scenario() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            await _until(pilot, lambda: isinstance(app.screen, AdjudicationScreen))
            assert not app._notifications  # not "nobody has labelled this document yet"

    asyncio.run(scenario())


def test_ones_own_label_changed_on_another_machine_is_said_so(
    team_server: TeamServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    setup_team(team_server)
    laptop = ReviewApp(
        make_session_on(EN, tmp_path / "laptop.json", reviewer="bob"), team_url=team_server.url("bob")
    )
    desktop_db = tmp_path / "desktop.json"
    desktop = ("--db", str(desktop_db), "--reviewer", "bob")
    monkeypatch.setenv("REVIEWER_TEAM", team_server.url("bob"))

    async def scenario() -> None:
        async with laptop.run_test(size=(120, 35)) as pilot:
            await pilot.press("v")  # claim 1, pushed by itself
            # (Textual holds standard output while the app runs: look at the desktop's database.)
            await _until(pilot, lambda: run_cli(capsys, "sync", *desktop)[0] == 0 and _bob_at(desktop_db))
            # Later, on the desktop: the same claim, another label.
            assert run_cli(capsys, "mark", SAMPLE, "1", "disputed", *desktop)[0] == 0
            assert run_cli(capsys, "sync", *desktop)[0] == 0
            await _until(pilot, lambda: bool(laptop._notifications))
            (note,) = laptop._notifications
            assert note.title == "Label changed in your other machine"
            assert "your other machine set ✘ disputed" in note.message

    asyncio.run(scenario())


def test_a_teammates_split_redraws_the_open_screens_claims(
    team_server: TeamServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> None:
        setup_team(team_server)
        alice_db, bob_db = tmp_path / "alice.json", tmp_path / "bob.json"
        session = make_session_on(EN, bob_db, reviewer="bob")
        before = session.claims.count()
        app = ReviewApp(session, team_url=team_server.url("bob"))
        async with app.run_test(size=(120, 35)) as pilot:
            await _until(
                pilot, lambda: app.team.status is not None and app.team.status.phase is TeamPhase.SYNCED
            )
            # Alice splits claim 2 where "who cross" starts and labels both parts, then syncs.
            monkeypatch.setenv("REVIEWER_TEAM", team_server.url("alice"))
            alice = ("--db", str(alice_db), "--reviewer", "alice")
            assert run_cli(capsys, "split", SAMPLE, "2", "--at", "who cross", *alice)[0] == 0
            assert run_cli(capsys, "mark", SAMPLE, "2", "verified", *alice)[0] == 0
            assert run_cli(capsys, "mark", SAMPLE, "3", "opinion", *alice)[0] == 0
            assert run_cli(capsys, "sync", *alice)[0] == 0
            await _until(pilot, lambda: session.claims.count() == before + 1)
            assert session.claims[2].text.startswith("who cross")
            await pilot.press("j", "j")  # to claim 3, the split's second part
            await _until(pilot, lambda: "alice ◆ opinion" in _panel(app))

    asyncio.run(scenario())


def test_a_reshape_made_apart_that_loses_is_said_on_screen_and_listed_by_c(
    team_server: TeamServer, tmp_path: Path
) -> None:
    from textual.widgets import OptionList

    from reviewer.review.opening import open_for_review
    from reviewer.teamserver import sync
    from reviewer.tui.screens.conflicts import ConflictsScreen

    async def scenario() -> None:
        setup_team(team_server)
        alice_db, bob_db = tmp_path / "alice.json", tmp_path / "bob.json"
        # Apart: bob splits claim 2 at 10:05 (not synced yet), alice at 10:09 elsewhere in it.
        for db, name, minute, at in ((bob_db, "bob", 5, "who cross"), (alice_db, "alice", 9, "to charge")):
            moment = f"2026-12-01T10:{minute:02d}:00Z"
            reshaping = open_for_review(
                SAMPLE, ReviewStore(db), name, register=True, clock=_at(moment)
            ).session
            claim = reshaping.claims[1]
            reshaping.split(reshaping.document.text.index(at, claim.start), 1)
            reshaping.close()
        sync(ReviewStore(alice_db), team_server.url("alice"), now="2026-12-01T10:10:00Z")
        session = make_session_on(EN, bob_db, reviewer="bob")
        app = ReviewApp(session, team_url=team_server.url("bob"))
        async with app.run_test(size=(120, 35)) as pilot:
            await _until(pilot, lambda: any("made apart" in n.message for n in app._notifications))
            told = next(n.message for n in app._notifications if "made apart" in n.message)
            assert "1 version(s) made apart on another machine" in told and "C lists them" in told
            await _until(pilot, lambda: session.claims[2].text.startswith("to charge"))  # alice's, the later
            await pilot.press("C")
            assert isinstance(app.screen, ConflictsScreen)
            listed = " ".join(str(app.screen.query_one(OptionList).get_option_at_index(0).prompt).split())
            assert "the claims of paragraph 2" in listed and "by bob" in listed

    asyncio.run(scenario())


def _at(moment: str) -> Callable[[], str]:
    return lambda: moment
