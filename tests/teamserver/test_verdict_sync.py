"""Final verdicts travel with the reviews: the adjudicator's own, checked by the server, one winner."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest

from reviewer.model import Label
from reviewer.storage.store import ReviewStore
from reviewer.teamserver import connect, install_schema, sync
from tests.helpers import run_cli
from tests.teamserver.conftest import TeamServer, setup_team

SAMPLE = str(Path(__file__).resolve().parents[2] / "sample_docs" / "harbour-bridge-levy.md")
Capsys = pytest.CaptureFixture[str]


def _cli(capsys: Capsys, db: Path, who: str, *argv: str) -> str:
    code, out, err = run_cli(capsys, *argv, "--db", str(db), "--reviewer", who)
    assert code == 0, err
    return out


def _team(
    server: TeamServer, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    """alice labels claims 1-2 verified, bob disputed; everyone synced."""
    setup_team(server)
    dbs = {name: tmp_path / f"{name}.json" for name in ("alice", "bob", "admin")}
    for name, label in (("alice", "verified"), ("bob", "disputed")):
        for claim in ("1", "2"):
            _cli(capsys, dbs[name], name, "mark", SAMPLE, claim, label)
    for name in ("alice", "bob", "admin", "alice"):
        _sync(server, dbs, name, monkeypatch, capsys)
    return dbs


def _sync(
    server: TeamServer, dbs: dict[str, Path], name: str, monkeypatch: pytest.MonkeyPatch, capsys: Capsys
) -> str:
    monkeypatch.setenv("REVIEWER_TEAM", server.admin_url if name == "admin" else server.url(name))
    return _cli(capsys, dbs[name], name, "sync")


def _verdicts(db: Path) -> dict[str, tuple[str | None, str]]:
    return {
        v.key: (v.label.value if v.label else None, v.adjudicated_by)
        for v in ReviewStore(db).all_final_verdicts()
    }


def test_an_adjudicators_verdict_reaches_the_reviewers(
    team_server: TeamServer, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    dbs = _team(team_server, tmp_path, capsys, monkeypatch)
    _cli(capsys, dbs["admin"], "admin", "adjudicate", SAMPLE, "1", "--adopt", "bob")
    assert _sync(team_server, dbs, "admin", monkeypatch, capsys).startswith("pushed 1 ·")
    assert _sync(team_server, dbs, "alice", monkeypatch, capsys).startswith("pushed 0 · pulled 1 ·")
    assert list(_verdicts(dbs["alice"]).values()) == [("disputed", "admin")]
    # An edit travels as a new version; the reviewers' own reviews are untouched.
    _cli(capsys, dbs["admin"], "admin", "adjudicate", SAMPLE, "1", "opinion", "--note", "A forecast")
    _sync(team_server, dbs, "admin", monkeypatch, capsys)
    _sync(team_server, dbs, "alice", monkeypatch, capsys)
    (verdict,) = ReviewStore(dbs["alice"]).all_final_verdicts()
    assert (verdict.label, verdict.note) == (Label.OPINION, "A forecast")
    assert {r.label for r in ReviewStore(dbs["alice"]).all_reviews() if r.reviewer == "bob"} == {
        Label.DISPUTED
    }
    # A reviewer does not push the verdict she pulled: it is the adjudicator's.
    assert _sync(team_server, dbs, "alice", monkeypatch, capsys).startswith("pushed 0 · pulled 0")


def test_the_server_refuses_a_verdict_in_someone_elses_name(team_server: TeamServer) -> None:
    setup_team(team_server)
    with connect(team_server.url("alice")) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(
            "INSERT INTO reviewer.changes (change_id, doc_id, review_key, reviewer, moment, body, kind)"
            " VALUES ('x', 'd', 'd:0-1:final', 'admin', 't', '{}', 'verdict')"
        )


def test_two_adjudicators_apart_get_one_winner_everywhere_and_the_other_kept(
    team_server: TeamServer, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    dbs = _team(team_server, tmp_path, capsys, monkeypatch)
    _cli(capsys, dbs["admin"], "admin", "adjudicate", SAMPLE, "2", "--adopt", "alice")
    _cli(capsys, dbs["bob"], "bob", "adjudicate", SAMPLE, "2", "--adopt", "bob")
    _sync(team_server, dbs, "admin", monkeypatch, capsys)
    said = _sync(team_server, dbs, "bob", monkeypatch, capsys)
    assert "1 final verdict(s) made apart on one claim: the later kept" in said
    _sync(team_server, dbs, "admin", monkeypatch, capsys)
    assert _verdicts(dbs["admin"]) == _verdicts(dbs["bob"])
    (winner,) = _verdicts(dbs["bob"]).values()  # the later, or (in the same second) the larger id
    losers = {
        (r["verdict"]["label"], r["verdict"]["adjudicated_by"])
        for db in (dbs["admin"], dbs["bob"])
        for r in ReviewStore(db).team_state().values()
        if r["key"].startswith("lost:")
    }
    assert losers == {("verified", "admin"), ("disputed", "bob")} - {winner}


def test_a_schema_1_server_takes_reviews_and_keeps_verdicts_waiting(
    team_server: TeamServer, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    dbs = _team(team_server, tmp_path, capsys, monkeypatch)
    with psycopg.connect(team_server.admin_url, autocommit=True) as connection:
        connection.execute("ALTER TABLE reviewer.changes DROP COLUMN kind")
        connection.execute("UPDATE reviewer.meta SET value = '1' WHERE key = 'schema_version'")
    _cli(capsys, dbs["admin"], "admin", "adjudicate", SAMPLE, "1", "--adopt", "bob")
    _cli(capsys, dbs["admin"], "admin", "mark", SAMPLE, "3", "opinion")
    said = _sync(team_server, dbs, "admin", monkeypatch, capsys)
    assert said.startswith("pushed 1 ·") and "1 final verdict(s) wait for the server's schema 2" in said
    with connect(team_server.admin_url) as connection:
        assert install_schema(connection, "test", "admin") == 1  # the administrator's join migrates
    assert _sync(team_server, dbs, "admin", monkeypatch, capsys).startswith("pushed 1 ·")
    report = sync(ReviewStore(dbs["alice"]), team_server.url("alice"), now="t")
    assert report.pulled == 2 and list(_verdicts(dbs["alice"]).values()) == [("disputed", "admin")]


def test_a_losing_final_verdict_is_listed_and_adopted_like_an_import_conflict(
    team_server: TeamServer, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    dbs = _team(team_server, tmp_path, capsys, monkeypatch)
    laptop = tmp_path / "admin-laptop.json"  # the same adjudicator on a second machine
    dbs["laptop"] = laptop
    monkeypatch.setenv("REVIEWER_TEAM", team_server.admin_url)
    _cli(capsys, laptop, "admin", "sync")
    _cli(capsys, dbs["admin"], "admin", "adjudicate", SAMPLE, "1", "--adopt", "alice")
    time.sleep(1.1)  # the CLI's clock counts seconds: the laptop's verdict is the later, the winner
    _cli(capsys, laptop, "admin", "adjudicate", SAMPLE, "1", "--adopt", "bob")
    _cli(capsys, dbs["admin"], "admin", "sync")
    assert "1 final verdict(s) made apart on one claim" in _cli(capsys, laptop, "admin", "sync")
    _cli(capsys, dbs["admin"], "admin", "sync")
    assert list(_verdicts(dbs["admin"]).values()) == [("disputed", "admin")]
    listed = _cli(capsys, dbs["admin"], "admin", "conflicts", SAMPLE)
    assert "1 final verdict(s) or reshape(s) a team sync set aside" in listed
    assert "1. the final verdict of claim 1" in listed
    assert "set aside: final verdict verified, by admin" in listed
    assert "in place:  final verdict disputed, by admin" in listed
    # Another reviewer may not adopt the adjudicator's verdict without saying so.
    code, _, err = run_cli(
        capsys, "conflicts", SAMPLE, "--adopt", "1", "--db", str(dbs["admin"]), "--reviewer", "bob"
    )
    assert code == 2 and "theirs to change" in err
    adopted = _cli(capsys, dbs["admin"], "admin", "conflicts", SAMPLE, "--adopt", "1")
    assert adopted.startswith(
        "adopted conflict 1: the final verdict of claim 1 is now final verdict verified"
    )
    assert "the version it replaced is kept as an open conflict" in adopted
    assert list(_verdicts(dbs["admin"]).values()) == [("verified", "admin")]
    again = _cli(capsys, dbs["admin"], "admin", "conflicts", SAMPLE)
    assert "set aside: final verdict disputed" in again and "in place:  final verdict verified" in again
    # The adoption is the newest version: it syncs to the other machine and to the reviewers.
    assert _cli(capsys, dbs["admin"], "admin", "sync").startswith("pushed 1 ·")
    assert _cli(capsys, laptop, "admin", "sync").startswith("pushed 0 · pulled 1 ·")
    _sync(team_server, dbs, "alice", monkeypatch, capsys)
    assert _verdicts(laptop) == _verdicts(dbs["alice"]) == _verdicts(dbs["admin"])
    dismissed = _cli(capsys, dbs["admin"], "admin", "conflicts", SAMPLE, "--dismiss", "1")
    assert dismissed.startswith("dismissed conflict 1 (the final verdict of claim 1)")
    assert _cli(capsys, dbs["admin"], "admin", "conflicts", SAMPLE).startswith("no conflicts")
