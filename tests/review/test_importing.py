"""Import / merge of a JSON export: lossless round trip, the newer change wins, conflicts reported."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from reviewer.documents.loader import load_document
from reviewer.errors import ReviewerError
from reviewer.exports.jsonexport import build_json_export, dumps_json
from reviewer.model import Label
from reviewer.review.importing import import_export
from reviewer.review.session import ReviewSession
from reviewer.schemas import export_schema
from reviewer.storage.store import ReviewStore
from tests.golden import EXPORTED_AT, golden_session, reviewed_session

NOW = "2026-11-26T09:00:00Z"


@pytest.fixture
def session(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewSession:
    return golden_session(db_path, monkeypatch)


def export_file(session: ReviewSession, path: Path) -> Path:
    data = build_json_export(session, EXPORTED_AT)
    assert not list(Draft202012Validator(export_schema()).iter_errors(data))
    path.write_text(dumps_json(data), encoding="utf-8")
    return path


def later(stamp: str) -> Callable[[], str]:
    """A clock that always says ``stamp``."""
    return lambda: stamp


def test_export_import_export_is_identical(session: ReviewSession, tmp_path: Path) -> None:
    first = export_file(session, tmp_path / "alice.json")
    other = ReviewStore(tmp_path / "other.json")
    report = import_export(other, first, reviewer="alice", now=NOW)
    assert len(report.added) == 6 and not report.conflicts  # 4 labelled, 1 note-only, 1 orphan
    again = ReviewSession(load_document("golden-doc.md"), other, "alice")
    assert dumps_json(build_json_export(again, EXPORTED_AT)) == first.read_text(encoding="utf-8")
    assert [info.doc_id for info in other.documents()] == [session.document.doc_id]
    assert other.documents()[0].claim_count == session.claims.count()
    # Importing the same file again changes nothing.
    repeat = import_export(other, first, reviewer="alice", now=NOW)
    assert len(repeat.unchanged) == 6 and not repeat.added and not repeat.conflicts


def test_newer_change_wins_both_ways_and_every_conflict_is_reported(
    session: ReviewSession, tmp_path: Path
) -> None:
    db = tmp_path / "laptop.json"
    reviewed_session(db)  # the same reviews on another machine, same times
    laptop = ReviewSession(session.document, ReviewStore(db), "alice", clock=later("2026-11-25T11:00:00Z"))
    laptop.edit(0, label=Label.DISPUTED, note="Finalement faux.")  # newer on the laptop
    session._clock = later("2026-11-25T11:30:00Z")
    session.edit(4, label=Label.VERIFIED)  # newer in the office
    session._clock = later("2026-11-25T11:00:00Z")
    laptop.edit(5, note="Un avis.")
    session.edit(5, note="Une opinion.")  # same time, different content: a tie
    office_export = export_file(session, tmp_path / "office.json")

    report = import_export(laptop.store, office_export, reviewer="alice", now=NOW)
    by_text = {c.text: c for c in report.conflicts}
    claims = session.claims
    assert set(by_text) == {claims[0].text, claims[4].text, claims[5].text}
    assert by_text[claims[0].text].kept == "stored"  # the laptop's newer change stays
    assert by_text[claims[4].text].kept == "incoming"  # the office's newer change comes in
    assert by_text[claims[5].text].kept == "stored" and "same time" in by_text[claims[5].text].reason
    stored = {r.anchor.start: r for r in laptop.store.reviews(session.document.doc_id)}
    assert stored[claims[0].start].label is Label.DISPUTED
    assert stored[claims[4].start].label is Label.VERIFIED
    assert stored[claims[5].start].note == "Un avis."
    lines = report.lines()
    assert "1 updated" in lines[0] and "2 kept" in lines[0]
    conflict_lines = [line for line in lines if line.startswith("  conflict on alice's review of claim ")]
    assert len(conflict_lines) == 3
    assert sum(line.startswith("    database: ") for line in lines) == 3
    assert sum(line.startswith("    export:   ") for line in lines) == 3
    assert "Finalement faux" in "\n".join(lines)  # both versions are shown, nothing unseen


def test_reviews_by_another_reviewer_are_added_beside_ours(session: ReviewSession, tmp_path: Path) -> None:
    bob = reviewed_session(tmp_path / "bob.json", reviewer="bob")
    bob_export = export_file(bob, tmp_path / "bob-export.json")
    report = import_export(session.store, bob_export, reviewer="alice", now=NOW)
    assert len(report.added) == 6 and not report.conflicts
    reviewers = {r.reviewer for r in session.store.reviews(session.document.doc_id)}
    assert reviewers == {"alice", "bob"}


def test_dry_run_writes_nothing(session: ReviewSession, tmp_path: Path) -> None:
    exported = export_file(session, tmp_path / "alice.json")
    target = tmp_path / "empty.json"
    report = import_export(ReviewStore(target), exported, reviewer="alice", now=NOW, dry_run=True)
    assert len(report.added) == 6 and report.summary().startswith("would import")
    assert not target.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "is not JSON"),
        (b"[1, 2]", "not a reviewer export"),
        (b'{"schema_version": 1, "generator": {"name": "other"}}', "not a reviewer JSON export"),
        (b'{"schema_version": 9, "generator": {"name": "reviewer"}}', "newer reviewer"),
        (b'{"schema_version": 1, "generator": {"name": "reviewer"}, "document": {"sha256": "x"}}', "SHA-256"),
    ],
)
def test_bad_exports_are_refused_with_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    store = ReviewStore(tmp_path / "db.json")
    with pytest.raises(ReviewerError, match=message) as caught:
        import_export(store, path, reviewer="alice", now=NOW)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "db.json").exists()


def test_a_damaged_review_entry_is_named(session: ReviewSession, tmp_path: Path) -> None:
    data = build_json_export(session, EXPORTED_AT)
    del data["claims"][1]["anchor"]
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        ReviewerError, match=r"claims\[1\]\.anchor \(claim 2\) is missing; nothing was imported"
    ):
        import_export(ReviewStore(tmp_path / "db.json"), path, reviewer="alice", now=NOW)
    with pytest.raises(ReviewerError, match="no such file"):
        import_export(ReviewStore(tmp_path / "db.json"), tmp_path / "missing.json", reviewer="alice", now=NOW)
