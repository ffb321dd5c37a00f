"""Importing an export of reshaped claims: the shapes are recreated and the reviews land on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from reviewer.documents.loader import load_document
from reviewer.exports.jsonexport import build_json_export, dumps_json
from reviewer.model import Label
from reviewer.review.import_validation import InvalidExport
from reviewer.review.importing import import_export
from reviewer.review.session import ReviewSession
from reviewer.schemas import export_schema
from reviewer.storage.store import ReviewStore
from tests.helpers import db_snapshot

NOW = "2099-01-01T00:00:00Z"  # after every review the sessions stamp with the real clock
SAID = "soupire le vigneron"


def open_session(path: Path, db: Path, reviewer: str) -> ReviewSession:
    return ReviewSession(load_document(path), ReviewStore(db), reviewer)


def index_of(session: ReviewSession, text: str) -> int:
    return next(c.number - 1 for c in session.claims.all() if text in c.text)


def split_and_export(sample_fr: Path, tmp_path: Path) -> Path:
    """Alice splits claim 6 before 'soupire', labels both parts, and exports."""
    session = open_session(sample_fr, tmp_path / "alice.json", "alice")
    claim = session.claims[5]
    session.split(claim.start + claim.text.index(SAID), 5)
    session.edit(5, label=Label.OPINION, note="le ressenti")
    session.edit(6, label=Label.VERIFIED)
    narrow = session.claims[index_of(session, "il est tombé")]
    session.narrow(narrow.start + narrow.text.index("il est tombé"), narrow.end, narrow.number - 1)
    session.edit(narrow.number - 1, label=Label.DISPUTED)
    session.register()
    path = tmp_path / "alice.export.json"
    path.write_text(dumps_json(build_json_export(session, NOW)), encoding="utf-8")
    session.store.close()
    return path


def test_the_export_marks_drawn_claims_and_still_validates(sample_fr: Path, tmp_path: Path) -> None:
    data = json.loads(split_and_export(sample_fr, tmp_path).read_text(encoding="utf-8"))
    drawn = [(c["number"], c["paragraph"]) for c in data["claims"] if c.get("reshaped")]
    assert drawn == [(6, 3), (7, 3), (9, 4)]
    assert all("reshaped" not in c for c in data["claims"] if c["number"] not in (6, 7, 9))
    Draft202012Validator(export_schema()).validate(data)


def test_an_import_into_another_store_recreates_the_shapes_and_puts_the_reviews_on_them(
    sample_fr: Path, tmp_path: Path
) -> None:
    export = split_and_export(sample_fr, tmp_path)
    db = tmp_path / "desk.json"
    report = import_export(ReviewStore(db), export, reviewer="alice", now=NOW)
    assert len(report.added) == 3 and report.shaped == [3, 4] and report.shaped_differently == []
    assert "reshaped claims recreated in 2 paragraph(s)" in report.summary()
    session = open_session(sample_fr, db, "alice")
    session.claims.all()  # orphans are known once their paragraph is segmented
    assert session.orphans == []
    assert session.claims[5].text.endswith("»,") and session.claims[6].text.startswith(SAID)
    assert session.reshaped(5) and session.reshaped(6)
    review = session.review(5)
    assert review is not None and (review.label, review.note) == (Label.OPINION, "le ressenti")
    assert session.label(6) == Label.VERIFIED
    assert session.claims[8].text.startswith("il est tombé") and session.label(8) == Label.DISPUTED
    # A second reviewer opening the desk's store sees the same claims.
    assert open_session(sample_fr, db, "bob").claims[6].text.startswith(SAID)
    # Importing again changes nothing.
    again = import_export(ReviewStore(db), export, reviewer="alice", now=NOW)
    assert (len(again.unchanged), again.shaped) == (3, [])


def test_a_dry_run_writes_no_shape(sample_fr: Path, tmp_path: Path) -> None:
    export = split_and_export(sample_fr, tmp_path)
    db = tmp_path / "desk.json"
    open_session(sample_fr, db, "carol").register()
    before = db_snapshot(db)
    report = import_export(ReviewStore(db), export, reviewer="alice", now=NOW, dry_run=True)
    assert report.shaped == [3, 4] and "would be recreated" in report.summary()
    assert db_snapshot(db) == before


def test_other_reviews_on_the_claims_the_export_reshaped_are_kept_and_named(
    sample_fr: Path, tmp_path: Path
) -> None:
    export = split_and_export(sample_fr, tmp_path)
    db = tmp_path / "desk.json"
    bob = open_session(sample_fr, db, "bob")
    bob.edit(5, label=Label.DISPUTED, note="à vérifier")
    bob.store.close()
    report = import_export(ReviewStore(db), export, reviewer="alice", now=NOW)
    assert [(r.reviewer, r.note) for r in report.reshaped_away] == [("bob", "à vérifier")]
    assert any("bob's review of" in line and "among their orphans" in line for line in report.lines())
    bob = open_session(sample_fr, db, "bob")
    bob.claims.all()  # orphans are known once their paragraph is segmented
    assert [(o.reviewer, o.note) for o in bob.orphans] == [("bob", "à vérifier")]  # kept, shown


def test_a_paragraph_shaped_otherwise_here_keeps_its_claims_and_the_reviews_are_kept(
    sample_fr: Path, tmp_path: Path
) -> None:
    export = split_and_export(sample_fr, tmp_path)
    db = tmp_path / "desk.json"
    here = open_session(sample_fr, db, "alice")
    claim = here.claims[5]
    here.split(claim.start + claim.text.index("Là, regardez"), 5)  # another split of the same claim
    here.store.close()
    report = import_export(ReviewStore(db), export, reviewer="alice", now=NOW)
    assert report.shaped == [4] and report.shaped_differently == [3]
    assert any("paragraph 3 is shaped differently" in line for line in report.lines())
    session = open_session(sample_fr, db, "alice")
    assert session.claims[6].text.startswith("Là, regardez")
    assert {o.note for o in session.orphans} == {"le ressenti", ""}  # the export's, not lost
    assert session.label(index_of(session, "il est tombé")) == Label.DISPUTED


def test_a_reshaped_flag_that_is_not_true_refuses_the_file(sample_fr: Path, tmp_path: Path) -> None:
    export = split_and_export(sample_fr, tmp_path)
    data = json.loads(export.read_text(encoding="utf-8"))
    data["claims"][5]["reshaped"] = "yes"
    export.write_text(json.dumps(data), encoding="utf-8")
    db = tmp_path / "desk.json"
    with pytest.raises(InvalidExport, match=r"claims\[5\]\.reshaped \(claim 6\) must be true or absent"):
        import_export(ReviewStore(db), export, reviewer="alice", now=NOW)
    assert not db.exists() or ReviewStore(db).shapes(data["document"]["sha256"]) == {}
