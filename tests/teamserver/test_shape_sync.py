"""Reshaped claims travel through the team server: the document's shapes, one winner, nothing lost."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from reviewer.model import Anchor, Label
from reviewer.review.opening import open_for_review
from reviewer.review.session import ReviewSession
from reviewer.review.team import TeamReviews
from reviewer.storage.store import ReviewStore
from reviewer.teamserver import connect, sync
from reviewer.teamserver.schema import MIGRATIONS, install_schema
from reviewer.teamserver.set_aside import adopt_set_aside, open_set_aside
from reviewer.teamserver.shapesync import pending_shapes
from tests.conftest import SAMPLES
from tests.teamserver.conftest import TeamServer, setup_team

SAMPLE = SAMPLES / "vignoble-secheresse.txt"
QUOTE = "En mars, d’habitude"  # claim 6 of the French sample: a quotation, then who said it
SAID = "soupire le vigneron"


def _clock(minute: int) -> Callable[[], str]:
    seconds = iter(range(10_000))
    return lambda: f"2026-12-01T10:{minute:02d}:{next(seconds) % 60:02d}Z"


def _open(store: ReviewStore, reviewer: str, minute: int = 0) -> ReviewSession:
    opened = open_for_review(SAMPLE, store, reviewer, register=True, clock=_clock(minute))
    return opened.session


def _quote(session: ReviewSession) -> int:
    return next(c.number - 1 for c in session.claims.all() if QUOTE in c.text)


def _split_and_label(session: ReviewSession, first: Label, second: Label) -> int:
    """Split the quotation from who said it, label both parts; the index of the first part."""
    index = _quote(session)
    session.move_to(index)
    session.split(session.document.text.index(SAID, session.claims[index].start))
    session.set_label(first)  # labels and advances to the second part
    session.set_label(second)
    session.flush()
    return index


def _texts(session: ReviewSession) -> list[str]:
    return [claim.text for claim in session.claims.all()]


def _shapes(store: ReviewStore, doc_id: str) -> dict[int, list[tuple[int, int]]]:
    return {p: [(a.start, a.end) for a in spans] for p, spans in store.shapes(doc_id).items()}


def test_a_teammates_split_and_her_reviews_on_it_reach_the_second_reviewer(
    team_server: TeamServer, tmp_path: Path
) -> None:
    setup_team(team_server)
    alice, bob = ReviewStore(tmp_path / "alice.json"), ReviewStore(tmp_path / "bob.json")
    # Bob reviewed the quotation whole before alice split it: his review is never deleted.
    early = _open(bob, "bob")
    early.move_to(_quote(early))
    early.set_label(Label.OPINION)
    early.flush()
    early.close()
    assert sync(bob, team_server.url("bob"), now="t1").pushed == 1

    session = _open(alice, "alice", minute=5)
    index = _split_and_label(session, Label.VERIFIED, Label.OPINION)
    parts = session.claims[index], session.claims[index + 1]
    alice_claims = _texts(session)
    session.close()
    report = sync(alice, team_server.url("alice"), now="t2")
    assert report.pushed == 3  # the paragraph's shape and her two reviews
    assert pending_shapes(alice, "alice", "t2") == []

    report = sync(bob, team_server.url("bob"), now="t3")
    assert (report.pulled, report.pushed, report.shape_conflicts) == (3, 0, 0)
    seen = _open(bob, "bob")
    assert _texts(seen) == alice_claims
    team = TeamReviews.load(bob, seen.document.doc_id)
    labels = [{r.reviewer: r.label for r in team.others(seen.claims[i], "bob")} for i in (index, index + 1)]
    assert labels == [{"alice": Label.VERIFIED}, {"alice": Label.OPINION}]
    assert [(c.start, c.end) for c in (seen.claims[index], seen.claims[index + 1])] == [
        (c.start, c.end) for c in parts
    ]
    # Bob's review of the whole quotation is kept, among his orphans, for him to attach.
    assert [(o.label, o.anchor.start, o.anchor.end) for o in seen.orphans] == [
        (Label.OPINION, parts[0].start, parts[1].end)
    ]
    seen.close()
    # Nothing moved comes back as news, and bob pushes no shape he only pulled.
    assert (
        sync(bob, team_server.url("bob"), now="t4").pushed,
        sync(alice, team_server.url("alice"), now="t5").pulled,
    ) == (0, 0)


def test_a_join_that_takes_a_split_back_travels_as_a_removal(team_server: TeamServer, tmp_path: Path) -> None:
    setup_team(team_server)
    alice, bob = ReviewStore(tmp_path / "alice.json"), ReviewStore(tmp_path / "bob.json")
    session = _open(alice, "alice")
    whole = _texts(session)
    index = _split_and_label(session, Label.VERIFIED, Label.OPINION)
    sync(alice, team_server.url("alice"), now="t1")
    sync(bob, team_server.url("bob"), now="t2")
    session.join(index, keep="first")
    assert _texts(session) == whole and alice.shapes(session.document.doc_id) == {}
    session.close()
    assert sync(alice, team_server.url("alice"), now="t3").pushed >= 1
    sync(bob, team_server.url("bob"), now="t4")
    assert bob.shapes(session.document.doc_id) == {}
    assert _texts(_open(bob, "bob")) == whole


def _reshaped_apart(team_server: TeamServer, tmp_path: Path) -> tuple[dict[str, ReviewStore], str, list[str]]:
    """Offline, alice splits the quotation at 10:05 and bob, later (10:09), narrows it to the quote.

    Returns both stores, the document's id and bob's claims.
    """
    setup_team(team_server)
    stores = {name: ReviewStore(tmp_path / f"{name}.json") for name in ("alice", "bob")}
    session = _open(stores["alice"], "alice", minute=5)
    _split_and_label(session, Label.VERIFIED, Label.OPINION)
    doc_id = session.document.doc_id
    session.close()
    other = _open(stores["bob"], "bob", minute=9)
    index = _quote(other)
    other.move_to(index)
    quote = other.claims[index]
    other.set_label(Label.DISPUTED)
    other.narrow(quote.start, other.document.text.index(SAID, quote.start) - 2, index)
    other.flush()
    bob_claims = _texts(other)
    other.close()
    return stores, doc_id, bob_claims


@pytest.mark.parametrize("first_to_sync", ["alice", "bob"])
def test_two_reshapes_of_one_paragraph_made_apart_give_one_winner_and_keep_the_other(
    team_server: TeamServer, tmp_path: Path, first_to_sync: str
) -> None:
    stores, doc_id, bob_claims = _reshaped_apart(team_server, tmp_path)
    bob_shape = _shapes(stores["bob"], doc_id)
    order = [first_to_sync, *(n for n in ("alice", "bob") if n != first_to_sync), first_to_sync]
    for name in order:
        sync(stores[name], team_server.url(name), now="2026-12-01T11:00:00Z")
    # The same winner on both machines: the later reshape, bob's, whoever synced first.
    for name, store in stores.items():
        assert _shapes(store, doc_id) == bob_shape, name
        assert _texts(_open(store, name)) == bob_claims
    # The losing reshape is kept and listed where it was met (on the machine that made it too).
    lost = [r for r in stores["alice"].team_state().values() if r.get("kind") == "shape"]
    assert [(r["shape"]["by"], r["status"]) for r in lost] == [("alice", "open")]
    # Alice's reviews of her own split stay stored (her orphans now), as do everyone's.
    assert {r.label for r in stores["bob"].all_reviews() if r.reviewer == "alice"} == {
        Label.VERIFIED,
        Label.OPINION,
    }
    with connect(team_server.admin_url) as connection:
        rows = connection.execute(
            "SELECT reviewer, count(*) FROM reviewer.changes WHERE kind = 'shape'"
            " GROUP BY reviewer ORDER BY 1"
        ).fetchall()
    # Alice's reached the server only if she synced before meeting bob's.
    assert rows == ([("alice", 1), ("bob", 1)] if first_to_sync == "alice" else [("bob", 1)])


_CHILD = """
import sys
from reviewer.storage.store import ReviewStore
from reviewer.teamserver import sync
store = ReviewStore(sys.argv[1])
print("syncing", flush=True)
sync(store, sys.argv[2], now="2026-01-01T00:00:00Z")
"""
DOC = "cd" * 32
N = 1500


def test_kill_9_mid_push_of_reshapes_then_the_next_sync_completes_it(
    team_server: TeamServer, tmp_path: Path
) -> None:
    setup_team(team_server)
    db = tmp_path / "alice.json"
    store = ReviewStore(db)
    spans: dict[int, tuple[Anchor, ...]] = {
        p: (Anchor(f"part {p}", "", "", p * 20, p * 20 + 6),) for p in range(N)
    }
    store.put_shapes(DOC, spans, "alice", "2026-01-01T00:00:00Z")
    store.close()
    url = team_server.url("alice")
    rng = random.Random(14)
    for _ in range(4):  # killed at a different moment each time: connecting, pushing, saving
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(db), url], stdout=subprocess.PIPE)
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.4))
        child.kill()
        child.wait()
    store = ReviewStore(db)
    sync(store, url, now="2026-01-01T00:01:00Z")
    assert pending_shapes(store, "alice", "now") == []
    with connect(team_server.admin_url) as connection:
        row = connection.execute(
            "SELECT count(*), count(DISTINCT change_id) FROM reviewer.changes"
        ).fetchone()
    assert row == (N, N)
    bob = ReviewStore(tmp_path / "bob.json")
    assert sync(bob, team_server.url("bob"), now="t").pulled == N
    assert bob.shapes(DOC) == store.shapes(DOC)


def test_a_read_only_role_cannot_push_a_shape_and_no_one_pushes_one_as_someone_else(
    team_server: TeamServer, tmp_path: Path
) -> None:
    setup_team(team_server)
    editor = ReviewStore(tmp_path / "editor.json")
    session = _open(editor, "editor")
    _split_and_label(session, Label.VERIFIED, Label.OPINION)
    session.close()
    report = sync(editor, team_server.url("editor"), now="t")
    assert report.read_only and report.pushed == 0 and report.not_pushed == 3
    assert "3 change(s) not pushed: this role is read-only" in report.summary()
    key = f"{DOC}:shape:0"
    insert = (
        "INSERT INTO reviewer.changes (change_id, doc_id, review_key, reviewer, moment, body, kind)"
        " VALUES (%s, %s, %s, %s, 't', '{}', 'shape')"
    )
    with (
        connect(team_server.url("editor")) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute(insert, ("x1", DOC, key, "editor"))
    with connect(team_server.url("alice")) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(insert, ("x2", DOC, key, "bob"))  # a shape names its author: the role
    with connect(team_server.url("alice")) as connection, pytest.raises(psycopg.errors.CheckViolation):
        connection.execute(insert, ("x3", DOC, f"{'ef' * 32}:shape:0", "alice"))  # another document's key
    with connect(team_server.url("alice")) as connection:
        connection.execute(insert, ("x4", DOC, key, "alice"))
        assert connection.execute("SELECT pushed_by FROM reviewer.changes").fetchall() == [("alice",)]


def test_a_server_on_schema_2_keeps_reshapes_waiting_until_it_is_migrated(
    team_server: TeamServer, tmp_path: Path
) -> None:
    with connect(team_server.admin_url) as connection:
        with connection.transaction():
            for step in MIGRATIONS[:2]:
                connection.execute(step)
            connection.execute("INSERT INTO reviewer.meta VALUES ('schema_version', '2')")
            connection.execute("INSERT INTO reviewer.members (role, reviewer) VALUES ('admin', 'admin')")
        from reviewer.teamserver.schema import grant

        grant(connection, "alice", reviewer=None, read_only=False)
    alice = ReviewStore(tmp_path / "alice.json")
    session = _open(alice, "alice")
    _split_and_label(session, Label.VERIFIED, Label.OPINION)
    session.close()
    report = sync(alice, team_server.url("alice"), now="t1")
    assert (report.pushed, report.shapes_waiting) == (2, 1)
    assert "1 reshape(s) wait for the server's schema 3" in report.summary()
    with connect(team_server.admin_url) as connection:
        assert install_schema(connection, "test", "admin") == 2
    report = sync(alice, team_server.url("alice"), now="t2")
    assert (report.pushed, report.shapes_waiting) == (1, 0)


def test_the_teams_documents_count_reviews_not_reshapes(
    team_server: TeamServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from tests.helpers import run_cli

    setup_team(team_server)
    alice = ReviewStore(tmp_path / "alice.json")
    session = _open(alice, "alice")
    _split_and_label(session, Label.VERIFIED, Label.OPINION)
    session.close()
    sync(alice, team_server.url("alice"), now="t1")
    monkeypatch.setenv("REVIEWER_TEAM", team_server.url("bob"))
    code, out, err = run_cli(capsys, "docs", "--team", "--json", "--db", str(tmp_path / "bob.json"))
    assert code == 0, err
    (document,) = json.loads(out)["documents"]
    assert document["reviewed"] == {"alice": 2}


def test_the_losing_reshape_is_listed_and_adopted_then_shared(
    team_server: TeamServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.helpers import run_cli

    stores, doc_id, bob_claims = _reshaped_apart(team_server, tmp_path)
    for name in ("alice", "bob", "alice"):
        sync(stores[name], team_server.url(name), now="2026-12-01T11:00:00Z")
    alice_db = ("--db", str(stores["alice"].path), "--reviewer", "alice")
    code, listed, err = run_cli(capsys, "conflicts", str(SAMPLE), *alice_db)
    assert code == 0, err
    paragraph = next(iter(_shapes(stores["bob"], doc_id))) + 1
    assert f"1. the claims of paragraph {paragraph}" in listed
    assert "set aside: 2 drawn claim(s) by alice" in listed and "in place:  1 drawn claim(s) by bob" in listed
    code, adopted, err = run_cli(capsys, "conflicts", str(SAMPLE), "--adopt", "1", *alice_db)
    assert code == 0, err
    assert adopted.startswith(
        f"adopted conflict 1: the claims of paragraph {paragraph} is now 2 drawn claim(s)"
    )
    session = _open(stores["alice"], "alice")
    index = _quote(session)
    assert session.claims[index + 1].text.startswith(SAID)
    assert (session.label(index), session.label(index + 1)) == (Label.VERIFIED, Label.OPINION)  # hers again
    assert session.orphans == []
    session.close()
    code, again, _ = run_cli(capsys, "conflicts", str(SAMPLE), *alice_db)
    assert "set aside: 1 drawn claim(s) by bob" in again  # the shape it replaced, kept in turn
    # The adoption is the newest reshape: the next syncs give it to bob.
    assert sync(stores["alice"], team_server.url("alice"), now="2026-12-01T11:01:00Z").pushed == 1
    sync(stores["bob"], team_server.url("bob"), now="2026-12-01T11:01:00Z")
    assert _shapes(stores["bob"], doc_id) == _shapes(stores["alice"], doc_id)
    assert _texts(_open(stores["bob"], "bob")) != bob_claims


@pytest.mark.parametrize("bob_syncs_at", ["2026-12-01T10:01:00Z", "2026-12-01T11:00:00Z"])
def test_a_take_back_made_apart_from_a_reshape_is_settled_and_kept_like_one(
    team_server: TeamServer, tmp_path: Path, bob_syncs_at: str
) -> None:
    """Bob joins alice's split back (the segmenter's claims) while alice splits again, apart."""
    setup_team(team_server)
    alice, bob = ReviewStore(tmp_path / "alice.json"), ReviewStore(tmp_path / "bob.json")
    session = _open(alice, "alice")
    index = _split_and_label(session, Label.VERIFIED, Label.OPINION)
    doc_id = session.document.doc_id
    sync(alice, team_server.url("alice"), now="2026-12-01T10:00:00Z")
    sync(bob, team_server.url("bob"), now="2026-12-01T10:00:00Z")
    theirs = _open(bob, "bob")
    whole = theirs.claims.count() - 1
    theirs.join(index)  # neither part is bob's: no review to choose
    theirs.close()
    assert bob.shapes(doc_id) == {}
    session = ReviewSession(session.document, alice, "alice", clock=_clock(5))  # 10:05
    session.split(session.document.text.index("comme du sable"), index - 1)
    session.close()
    sync(alice, team_server.url("alice"), now="2026-12-01T10:06:00Z")
    # Bob's take-back is pushed at his sync: its moment. Before 10:05 it loses, after it wins.
    report = sync(bob, team_server.url("bob"), now=bob_syncs_at)
    sync(alice, team_server.url("alice"), now="2026-12-01T11:30:00Z")
    assert report.shape_conflicts == 1
    assert _shapes(alice, doc_id) == _shapes(bob, doc_id)
    if bob_syncs_at > "2026-12-01T10:05":
        assert bob.shapes(doc_id) == {} and _open(alice, "alice").claims.count() == whole
        (lost,) = open_set_aside(alice, doc_id)
        assert "drawn claim(s) by alice" in lost.describe(session.document)
        return
    (lost,) = open_set_aside(bob, doc_id)
    assert lost.describe(session.document).startswith(
        "the sentence splitter's claims (drawn claims taken back by bob)"
    )
    # Adopted, the take-back is the newest version: both machines go back to the segmenter's claims.
    assert adopt_set_aside(bob, lost, reviewer="bob", now="2026-12-01T12:00:00Z")
    assert bob.shapes(doc_id) == {}
    sync(bob, team_server.url("bob"), now="2026-12-01T12:00:00Z")
    sync(alice, team_server.url("alice"), now="2026-12-01T12:01:00Z")
    assert alice.shapes(doc_id) == {}
    assert _open(alice, "alice").claims.count() == whole


def test_the_same_claims_drawn_on_two_machines_are_no_conflict(
    team_server: TeamServer, tmp_path: Path
) -> None:
    """Two machines carried the same reshape to a new version (or drew the same): one wins, none is listed."""
    setup_team(team_server)
    alice, bob = ReviewStore(tmp_path / "alice.json"), ReviewStore(tmp_path / "bob.json")
    for store, name, minute in ((alice, "alice", 5), (bob, "bob", 9)):
        session = _open(store, name, minute)
        index = _quote(session)
        session.split(session.document.text.index(SAID, session.claims[index].start), index)
        doc_id = session.document.doc_id
        session.close()
    reports = [
        sync(s, team_server.url(n), now="2026-12-01T11:00:00Z") for s, n in ((alice, "alice"), (bob, "bob"))
    ]
    sync(alice, team_server.url("alice"), now="2026-12-01T11:01:00Z")
    assert [r.shape_conflicts for r in reports] == [0, 0]
    assert alice.shape_records() == bob.shape_records()  # the later, bob's, on both
    assert open_set_aside(alice, doc_id) == open_set_aside(bob, doc_id) == []
