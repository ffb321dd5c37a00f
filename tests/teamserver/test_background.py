"""The background sync a review screen runs, against a real server: push, pull, offline, refusals."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from reviewer.model import Label
from reviewer.review.opening import open_for_review
from reviewer.storage.store import ReviewStore
from reviewer.teamserver import sync
from reviewer.teamserver.background import BackgroundSync, TeamPhase, TeamStatus
from tests.conftest import SAMPLES
from tests.teamserver.conftest import TeamServer, setup_team

SAMPLE = SAMPLES / "harbour-bridge-levy.md"
CLOSED_PORT = "postgresql://alice:alice@127.0.0.1:1/team"  # nothing listens on port 1


def _mark(path: Path, reviewer: str, number: int, label: Label) -> None:
    store = ReviewStore(path)
    session = open_for_review(SAMPLE, store, reviewer, register=True).session
    session.goto_claim(number)
    session.set_label(label)
    session.flush()
    session.close()
    store.close()


def _until(found: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not found():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.05)


def _labels(path: Path, reviewer: str) -> dict[int, str]:
    return {
        r.anchor.start: r.label.value
        for r in ReviewStore(path).all_reviews()
        if r.reviewer == reviewer and r.label
    }


def test_it_pushes_on_open_pulls_a_teammate_and_pushes_after_a_change(
    team_server: TeamServer, tmp_path: Path
) -> None:
    setup_team(team_server)
    alice, bob = tmp_path / "alice.json", tmp_path / "bob.json"
    _mark(alice, "alice", 1, Label.VERIFIED)
    seen: list[TeamStatus] = []
    background = BackgroundSync(alice, team_server.url("alice"), "alice", seen.append, pull_seconds=0.2)
    background.start()
    try:
        _until(lambda: background.status.phase is TeamPhase.SYNCED)
        assert seen[0].phase is TeamPhase.SYNCING  # on open: said while it runs
        assert sync(ReviewStore(bob), team_server.url("bob"), now="t").pulled == 1
        # A teammate's mark comes in by itself, and the listener hears how many reviews came.
        _mark(bob, "bob", 2, Label.DISPUTED)
        sync(ReviewStore(bob), team_server.url("bob"), now="t")
        _until(lambda: _labels(alice, "bob") != {})
        _until(lambda: any(s.pulled == 1 for s in seen))
        # A change made here goes up after a short pause, with no sync asked for.
        _mark(alice, "alice", 3, Label.OPINION)
        background.changed()
        _until(lambda: sync(ReviewStore(bob), team_server.url("bob"), now="t").pulled > 0)
        assert len(_labels(bob, "alice")) == 2
    finally:
        background.stop()
    assert background.status.phase is TeamPhase.SYNCED and background.status.synced_at is not None


def test_quiet_pulls_write_nothing_locally(team_server: TeamServer, tmp_path: Path) -> None:
    setup_team(team_server)
    alice = tmp_path / "alice.json"
    _mark(alice, "alice", 1, Label.VERIFIED)
    background = BackgroundSync(alice, team_server.url("alice"), "alice", lambda s: None, pull_seconds=0.05)
    background.start()
    try:
        _until(lambda: background.status.phase is TeamPhase.SYNCED)
        # The index's journal (the watermark) and the document files' (reviews, sync state).
        journals = [alice.with_name("alice.json.journal"), *alice.with_name("alice.json.d").glob("*.journal")]
        assert len(journals) == 2

        def settled() -> (
            bool
        ):  # the push's own transaction moves the watermark once (later on a busy machine)
            before = [journal.stat().st_size for journal in journals]
            time.sleep(0.3)
            return [journal.stat().st_size for journal in journals] == before

        _until(settled)
        sizes = [journal.stat().st_size for journal in journals]
        time.sleep(0.5)  # some ten pulls
        assert [journal.stat().st_size for journal in journals] == sizes
    finally:
        background.stop()


def test_offline_is_a_state_that_counts_the_changes_waiting(tmp_path: Path) -> None:
    alice = tmp_path / "alice.json"
    for number in (1, 2):
        _mark(alice, "alice", number, Label.VERIFIED)
    background = BackgroundSync(alice, CLOSED_PORT, "alice", lambda s: None)
    background.start()
    try:
        _until(lambda: background.status.phase is TeamPhase.OFFLINE)
        status = background.status
        assert status.waiting == 2
        assert "unreachable" in status.message and "\n" not in status.message
        assert "alice:alice" not in status.message  # never the password
    finally:
        background.stop()


def test_a_refusal_is_an_error_in_one_line(team_server: TeamServer, tmp_path: Path) -> None:
    setup_team(team_server)
    alice = tmp_path / "alice.json"
    _mark(alice, "alice", 1, Label.VERIFIED)
    background = BackgroundSync(alice, team_server.url("alice", "wrong"), "alice", lambda s: None)
    background.start()
    try:
        _until(lambda: background.status.phase is TeamPhase.ERROR)
        assert "wrong or missing password for role alice" in background.status.message
        assert "wrong@" not in background.status.message
        assert background.status.waiting == 1
    finally:
        background.stop()


def test_stopping_pushes_a_change_still_due(team_server: TeamServer, tmp_path: Path) -> None:
    setup_team(team_server)
    alice, bob = tmp_path / "alice.json", tmp_path / "bob.json"
    background = BackgroundSync(alice, team_server.url("alice"), "alice", lambda s: None, push_after=60)
    background.start()
    _until(lambda: background.status.phase is TeamPhase.SYNCED)
    _mark(alice, "alice", 4, Label.DISPUTED)
    background.changed()  # due in a minute, but the screen closes now
    background.stop()
    assert sync(ReviewStore(bob), team_server.url("bob"), now="t").pulled == 1


def test_a_change_made_by_another_process_goes_up_with_the_periodic_sync(
    team_server: TeamServer, tmp_path: Path
) -> None:
    setup_team(team_server)
    alice, bob = tmp_path / "alice.json", tmp_path / "bob.json"
    background = BackgroundSync(alice, team_server.url("alice"), "alice", lambda s: None, full_seconds=0.3)
    background.start()
    try:
        _until(lambda: background.status.phase is TeamPhase.SYNCED)
        _mark(alice, "alice", 5, Label.OPINION)  # a CLI mark on the same database: nobody says changed()
        _until(lambda: sync(ReviewStore(bob), team_server.url("bob"), now="t").pulled == 1)
    finally:
        background.stop()


def test_a_teammates_push_is_pulled_at_once_not_at_the_next_poll(
    team_server: TeamServer, tmp_path: Path
) -> None:
    setup_team(team_server)
    alice, bob = tmp_path / "alice.json", tmp_path / "bob.json"
    seen: list[TeamStatus] = []
    background = BackgroundSync(alice, team_server.url("alice"), "alice", seen.append, pull_seconds=60)
    background.start()
    try:
        _until(lambda: background.status.phase is TeamPhase.SYNCED)
        _mark(bob, "bob", 1, Label.VERIFIED)
        sync(ReviewStore(bob), team_server.url("bob"), now="t")
        _until(lambda: any(s.pulled == 1 for s in seen), seconds=5)  # the poll would wait a minute
    finally:
        background.stop()
