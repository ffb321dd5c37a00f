"""Sync against a real PostgreSQL: teammates, one reviewer on two machines, identity, versions."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from reviewer.cli import main
from reviewer.clock import utc_now
from reviewer.model import Label
from reviewer.review.import_conflicts import open_conflicts
from reviewer.review.opening import open_for_review
from reviewer.storage.store import ReviewStore
from reviewer.teamserver import TeamServerError, connect, install_schema, sync
from reviewer.teamserver.schema import grant
from tests.conftest import SAMPLES
from tests.teamserver.conftest import TeamServer

SAMPLE = SAMPLES / "harbour-bridge-levy.md"


def _setup(server: TeamServer) -> None:
    with connect(server.admin_url) as connection:
        install_schema(connection, "test", "admin")
        grant(connection, "alice", reviewer=None, read_only=False)
        grant(connection, "bob", reviewer=None, read_only=False)
        grant(connection, "editor", reviewer=None, read_only=True)


def _mark(store: ReviewStore, reviewer: str, number: int, label: Label, clock: str | None = None) -> None:
    opened = open_for_review(
        SAMPLE, store, reviewer, register=True, clock=(lambda: clock) if clock else utc_now
    )
    session = opened.session
    session.goto_claim(number)
    session.set_label(label)
    session.flush()
    session.close()


def test_a_teammates_mark_travels_with_its_document(team_server: TeamServer, tmp_path: Path) -> None:
    _setup(team_server)
    alice = ReviewStore(tmp_path / "alice.json")
    bob = ReviewStore(tmp_path / "bob.json")
    for number in (1, 2, 3):
        _mark(alice, "alice", number, Label.VERIFIED)
    pushed = sync(alice, team_server.url("alice"), now="2026-01-01T00:00:00Z")
    assert (pushed.pushed, pushed.pulled, pushed.documents_pushed) == (3, 0, 1)
    pulled = sync(bob, team_server.url("bob"), now="2026-01-01T00:00:00Z")
    assert (pulled.pushed, pulled.pulled, len(pulled.documents)) == (0, 3, 1)
    assert pulled.summary() == "pushed 0 · pulled 3 · 1 document"
    assert sorted(r.key for r in bob.all_reviews()) == sorted(r.key for r in alice.all_reviews())
    again = sync(bob, team_server.url("bob"), now="2026-01-01T00:00:01Z")
    assert (again.pushed, again.pulled) == (0, 0)
    # Alice's sync does not pull her own changes back as news.
    assert sync(alice, team_server.url("alice"), now="2026-01-01T00:00:02Z").pulled == 0


def test_one_reviewer_on_two_machines_gets_one_winner_and_keeps_the_other(
    team_server: TeamServer, tmp_path: Path
) -> None:
    _setup(team_server)
    url = team_server.url("alice")
    laptop, server = ReviewStore(tmp_path / "laptop.json"), ReviewStore(tmp_path / "server.json")
    _mark(laptop, "alice", 4, Label.VERIFIED, "2026-01-01T10:00:00Z")
    sync(laptop, url, now="t")
    sync(server, url, now="t")
    # Apart: both change claim 4; the server's change is later.
    _mark(laptop, "alice", 4, Label.OPINION, "2026-01-01T11:00:00Z")
    _mark(server, "alice", 4, Label.DISPUTED, "2026-01-01T12:00:00Z")
    for store in (laptop, server, laptop, server):
        sync(store, url, now="2026-01-02T00:00:00Z")
    for store in (laptop, server):
        (review,) = store.all_reviews()
        assert review.label is Label.DISPUTED
        (conflict,) = open_conflicts(store, review.doc_id)
        assert conflict.review.label is Label.OPINION
        assert conflict.source == "team sync"


def test_the_server_refuses_a_forged_reviewer_and_a_read_only_push(team_server: TeamServer) -> None:
    _setup(team_server)
    row = (
        "INSERT INTO reviewer.changes (change_id, doc_id, review_key, reviewer, moment, body)"
        " VALUES (%s, 'd', 'k', %s, 'm', NULL)"
    )
    with connect(team_server.url("alice")) as alice:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            alice.execute(row, ("forged", "bob"))
        alice.rollback()
        alice.execute(row, ("own", "alice"))  # her own name is accepted
    with connect(team_server.url("editor")) as editor, pytest.raises(psycopg.errors.InsufficientPrivilege):
        editor.execute(row, ("editor", "editor"))


def test_a_read_only_role_syncs_down_but_not_up(team_server: TeamServer, tmp_path: Path) -> None:
    _setup(team_server)
    alice = ReviewStore(tmp_path / "alice.json")
    _mark(alice, "alice", 1, Label.VERIFIED)
    sync(alice, team_server.url("alice"), now="t")
    editor = ReviewStore(tmp_path / "editor.json")
    _mark(editor, "editor", 2, Label.OPINION)
    report = sync(editor, team_server.url("editor"), now="t")
    assert (report.pulled, report.pushed, report.not_pushed) == (1, 0, 1)
    assert "read-only" in report.summary()


def test_a_newer_server_schema_is_refused(team_server: TeamServer, tmp_path: Path) -> None:
    _setup(team_server)
    with connect(team_server.admin_url) as connection:
        connection.execute("UPDATE reviewer.meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(TeamServerError, match="schema version 99, newer than this reviewer's"):
        sync(ReviewStore(tmp_path / "db.json"), team_server.url("alice"), now="t")


def test_wrong_password_and_unreachable_server_are_one_line(
    team_server: TeamServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _setup(team_server)
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "db.json"))
    monkeypatch.setenv("REVIEWER_TEAM", team_server.url("alice", "not-her-password"))
    assert main(["sync"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "wrong or missing password for role alice" in err
    assert "not-her-password" not in err
    monkeypatch.setenv("REVIEWER_TEAM", "postgresql://alice@127.0.0.1:1/team")
    assert main(["sync"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unreachable" in err


def test_join_keeps_no_password(
    team_server: TeamServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "db.json"))
    monkeypatch.setenv("REVIEWER_NAME", "admin")
    assert main(["team", "join", team_server.admin_url]) == 0
    password = team_server.admin_url.split("@")[0].rsplit(":", 1)[-1].encode()
    written = b"".join(path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    assert b"postgresql://admin@" in written  # the URL is kept, without its password
    assert b":" + password + b"@" not in written  # (the password may also be a plain word elsewhere)


def test_a_refused_grant_and_a_refused_query_are_one_line_each(
    team_server: TeamServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``reviewer team grant`` and ``sync`` say the server's refusal the same way (server_errors)."""
    _setup(team_server)
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "db.json"))
    monkeypatch.setenv("REVIEWER_TEAM", team_server.url("alice"))
    assert main(["team", "grant", "bob", "--read-only"]) == 1  # only the administrator may
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "team server postgresql://alice@" in err and "permission denied" in err
    assert "nothing was lost" in err
    with connect(team_server.admin_url) as connection:
        connection.execute("REVOKE SELECT ON reviewer.changes FROM alice")
    assert main(["sync"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "permission denied for table changes" in err


def test_a_push_reads_only_the_documents_written_since_the_last_one(
    team_server: TeamServer, tmp_path: Path, sample_fr: Path
) -> None:
    """A sync of a few changes looks at their documents' files, not at every review."""
    from reviewer.teamserver.connection import redacted
    from reviewer.teamserver.scanning import changed_files

    _setup(team_server)
    alice = ReviewStore(tmp_path / "alice.json")
    url = team_server.url("alice")
    _mark(alice, "alice", 1, Label.VERIFIED)
    other = open_for_review(sample_fr, alice, "alice", register=True).session
    other.set_label(Label.DISPUTED)
    other.flush()
    assert sync(alice, url, now="2026-01-01T00:00:00Z").pushed == 2
    sync(alice, url, now="2026-01-01T00:00:01Z")  # looks again where the push itself wrote
    assert changed_files(alice, redacted(url)).within == []  # nothing written since: nothing to read
    _mark(alice, "alice", 2, Label.OPINION)
    english = open_for_review(SAMPLE, alice, "alice").session.document.doc_id
    assert changed_files(alice, redacted(url)).within == [english]  # only the document marked
    assert sync(alice, url, now="2026-01-01T00:00:02Z").pushed == 1
    bob = ReviewStore(tmp_path / "bob.json")
    sync(bob, team_server.url("bob"), now="2026-01-01T00:00:03Z")
    assert sorted(r.key for r in bob.all_reviews()) == sorted(r.key for r in alice.all_reviews())
