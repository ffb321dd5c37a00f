"""Import trusts nothing in the export (issue 18.4): every field checked first, then all or nothing."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewer.documents.loader import load_document
from reviewer.errors import ReviewerError
from reviewer.exports.jsonexport import build_json_export, dumps_json
from reviewer.review.importing import import_export
from reviewer.review.session import ReviewSession
from reviewer.storage.snapshots import save_snapshot
from reviewer.storage.store import ReviewStore
from tests.golden import DATA, EXPORTED_AT, golden_session, reviewed_session
from tests.helpers import db_snapshot

NOW = "2026-11-26T09:00:00Z"
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def session(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewSession:
    return golden_session(db_path, monkeypatch)


def write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def reviewed_index(data: dict[str, Any]) -> int:
    return next(i for i, claim in enumerate(data["claims"]) if claim["reviewer"] is not None)


def unreviewed_index(data: dict[str, Any]) -> int:
    return next(i for i, claim in enumerate(data["claims"]) if claim["reviewer"] is None)


def set_field(which: Callable[[dict[str, Any]], int], name: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["claims"][which(data)][name] = value

    return edit


def set_anchor(name: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["claims"][reviewed_index(data)]["anchor"][name] = value

    return edit


def drop_field(which: Callable[[dict[str, Any]], int], name: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        del data["claims"][which(data)][name]

    return edit


CASES: list[tuple[str, Edit, str]] = [
    (
        "far future",
        set_field(reviewed_index, "updated_at", "9999-12-31T23:59:59Z"),
        r"\.updated_at .*is in the future",
    ),
    (
        "not a time",
        set_field(reviewed_index, "updated_at", "~"),
        r"\.updated_at .*is not an ISO 8601 UTC time",
    ),
    (
        "no such day",
        set_field(reviewed_index, "created_at", "2026-02-30T10:00:00Z"),
        r"\.created_at .*not an ISO",
    ),
    (
        "local time",
        set_field(reviewed_index, "updated_at", "2026-11-25T10:00:00+02:00"),
        r"not an ISO 8601 UTC",
    ),
    ("null time", set_field(reviewed_index, "updated_at", None), r"\.updated_at .*is null on a review"),
    ("label", set_field(reviewed_index, "label", "may be!"), r"\.label .*must be a label name"),
    (
        "sources text",
        set_field(reviewed_index, "sources", "https://x"),
        r"\.sources .*must be a list of strings",
    ),
    (
        "source number",
        set_field(reviewed_index, "sources", [1]),
        r"\.sources\[0\] .*must be a URL or a citation",
    ),
    (
        "blank source",
        set_field(reviewed_index, "sources", [" "]),
        r"\.sources\[0\] .*must be a URL or a citation",
    ),
    ("note type", set_field(reviewed_index, "note", 3), r"\.note .*must be a string"),
    ("blank reviewer", set_field(reviewed_index, "reviewer", " "), r"\.reviewer .*is blank"),
    ("bool offset", set_field(reviewed_index, "start", True), r"\.start .*must be a whole number"),
    ("anchor span", set_anchor("end", 10**6), r"\.anchor .*does not hold its exact text"),
    ("anchor moved", set_anchor("exact", "x"), r"\.anchor .*does not hold its exact text"),
    ("long prefix", set_anchor("prefix", "p" * 40), r"\.anchor\.prefix .*an anchor keeps 32"),
    ("numbering", set_field(reviewed_index, "number", 99), r"\.number .*numbered 1, 2, 3"),
    ("unreviewed lacks a field", drop_field(unreviewed_index, "note"), r"\.note .*is missing"),
    ("unreviewed lacks its anchor", drop_field(unreviewed_index, "anchor"), r"\.anchor .*is missing"),
    (
        "unreviewed has a label",
        set_field(unreviewed_index, "label", "verified"),
        r"\.reviewer .*is null, yet",
    ),
]


@pytest.mark.parametrize(("edit", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_bad_field_refuses_the_whole_file_and_names_it(
    session: ReviewSession, tmp_path: Path, edit: Edit, message: str
) -> None:
    data = build_json_export(session, EXPORTED_AT)
    edit(data)
    path = write(data, tmp_path / "bad.json")
    target = tmp_path / "target.json"
    with pytest.raises(ReviewerError, match=message) as caught:
        import_export(ReviewStore(target), path, reviewer="alice", now=NOW)
    text = str(caught.value)
    assert "\n" not in text and text.endswith("nothing was imported")
    assert "claims[" in text and "(claim " in text  # the JSON path, and the claim's number
    assert not target.exists()  # checked before anything was written


def test_the_path_names_the_entry_from_zero_and_the_claim_by_number(
    session: ReviewSession, tmp_path: Path
) -> None:
    data = build_json_export(session, EXPORTED_AT)
    data["claims"][4]["updated_at"] = "9999-12-31T23:59:59Z"
    with pytest.raises(
        ReviewerError, match=r"bad\.json: claims\[4\]\.updated_at \(claim 5\) is in the future"
    ):
        import_export(
            ReviewStore(tmp_path / "t.json"), write(data, tmp_path / "bad.json"), reviewer="x", now=NOW
        )


def test_a_small_clock_skew_is_accepted(session: ReviewSession, tmp_path: Path) -> None:
    data = build_json_export(session, EXPORTED_AT)
    data["claims"][reviewed_index(data)]["updated_at"] = "2026-11-26T09:04:00Z"  # 4 minutes ahead of NOW
    report = import_export(
        ReviewStore(tmp_path / "t.json"), write(data, tmp_path / "ok.json"), reviewer="a", now=NOW
    )
    assert len(report.added) == 6


def test_a_bad_entry_after_good_ones_writes_nothing(session: ReviewSession, tmp_path: Path) -> None:
    """It used to import the reviews before the bad entry, then fail with 'unexpected error (KeyError)'."""
    target_db = tmp_path / "target.json"
    target = ReviewStore(target_db)
    target.register_document(session.document, NOW)
    before = db_snapshot(target_db)
    data = build_json_export(session, EXPORTED_AT)
    last = max(i for i, claim in enumerate(data["claims"]) if claim["reviewer"] is None)
    assert last > reviewed_index(data)
    del data["claims"][last]["updated_at"]
    with pytest.raises(ReviewerError, match=rf"claims\[{last}\]\.updated_at \(claim {last + 1}\) is missing"):
        import_export(target, write(data, tmp_path / "bad.json"), reviewer="alice", now=NOW)
    assert db_snapshot(target_db) == before


def test_anchors_are_checked_against_the_text_the_database_knows(
    session: ReviewSession, tmp_path: Path
) -> None:
    target = ReviewStore(tmp_path / "target.json")
    save_snapshot(target, session.document)  # kept once a document was opened
    data = build_json_export(session, EXPORTED_AT)
    index = reviewed_index(data)
    data["claims"][index]["anchor"]["suffix"] = "not what follows"
    with pytest.raises(
        ReviewerError, match=rf"claims\[{index}\]\.anchor .*does not match the document's text"
    ):
        import_export(target, write(data, tmp_path / "moved.json"), reviewer="alice", now=NOW)
    data = build_json_export(session, EXPORTED_AT)
    entry = data["claims"][index]
    entry["text"] = entry["anchor"]["exact"] = "x" * len(entry["text"])  # consistent, but not the text
    with pytest.raises(ReviewerError, match=rf"claims\[{index}\]\.text .*is not the document's text"):
        import_export(target, write(data, tmp_path / "forged.json"), reviewer="alice", now=NOW)


def test_a_forged_far_future_review_of_another_reviewer_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's attack: bob's note replaced by an export dated 9999-12-31, and later merges lost."""
    monkeypatch.chdir(DATA)
    bob = reviewed_session(tmp_path / "bob.json", reviewer="bob")
    forged = build_json_export(bob, EXPORTED_AT)
    index = reviewed_index(forged)
    forged["claims"][index] |= {"note": "forged", "updated_at": "9999-12-31T23:59:59Z"}
    before = db_snapshot(bob.store.path)
    with pytest.raises(ReviewerError, match="is in the future"):
        import_export(bob.store, write(forged, tmp_path / "forged.json"), reviewer="mallory", now=NOW)
    assert db_snapshot(bob.store.path) == before


def test_two_thousand_reviews_are_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One locked, fsync'd write per import, not per review (2,000 reviews took 9 s)."""
    doc = tmp_path / "many.txt"
    doc.write_text(
        "Many claims\n\n" + " ".join(f"Claim number {i} is here." for i in range(2000)), encoding="utf-8"
    )
    document = load_document(doc)
    empty = ReviewSession(document, ReviewStore(tmp_path / "source.json"), "alice")
    data = build_json_export(empty, EXPORTED_AT)
    for index, entry in enumerate(data["claims"]):
        entry |= {"reviewer": "alice", "label": "verified" if index % 2 else "disputed"}
        entry |= {"created_at": "2026-11-25T10:00:00Z", "updated_at": "2026-11-25T10:00:00Z"}
    assert len(data["claims"]) >= 2000
    path = tmp_path / "many.json"
    path.write_text(dumps_json(data), encoding="utf-8")
    fsyncs: list[int] = []
    real_fsync = os.fsync

    def counting(fd: int) -> None:
        fsyncs.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counting)  # the journal fsyncs through the os module
    target = ReviewStore(tmp_path / "target.json")
    report = import_export(target, path, reviewer="alice", now=NOW)
    assert len(report.added) == len(data["claims"])
    # Creating the index and the document's own file (each a main file, a journal and a folder
    # entry), the schema, one merge, the document's record (and a fold): a few, not 2,000.
    assert len(fsyncs) < 20
    assert len(ReviewStore(tmp_path / "target.json").reviews(document.doc_id)) == len(data["claims"])
    again = import_export(target, path, reviewer="alice", now=NOW)
    assert len(again.unchanged) == len(data["claims"])


def test_an_export_round_trips_through_every_check(session: ReviewSession, tmp_path: Path) -> None:
    """The checks refuse forgeries, not real exports: orphans, recheck, notes and sources pass."""
    data = build_json_export(session, EXPORTED_AT)
    assert data["orphans"]
    target = ReviewStore(tmp_path / "target.json")
    save_snapshot(target, session.document)
    report = import_export(target, write(copy.deepcopy(data), tmp_path / "a.json"), reviewer="alice", now=NOW)
    assert len(report.added) == 6 and not report.conflicts
