"""JSON export: the shipped schema validates it, a golden file pins it, and it is written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from reviewer.documents.loader import load_document
from reviewer.errors import ReviewerError
from reviewer.exports import write_export
from reviewer.exports.jsonexport import build_json_export, dumps_json
from reviewer.model import Anchor, Label, Review
from reviewer.review.session import ReviewSession
from reviewer.schemas import export_schema
from reviewer.storage.store import ReviewStore

DATA = Path(__file__).resolve().parent.parent / "data"
EXPORTED_AT = "2026-11-25T12:00:00Z"


def validate(data: dict[str, object]) -> None:
    validator = Draft202012Validator(export_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def clock() -> str:
    return "2026-11-25T10:00:00Z"


def test_schema_is_itself_valid() -> None:
    Draft202012Validator.check_schema(export_schema())


def test_golden_export(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    session = ReviewSession(load_document("golden-doc.md"), ReviewStore(db_path), "alice", clock=clock)
    session.set_label(Label.VERIFIED)
    session.set_label(Label.DISPUTED)
    session.set_note("Le comptage de 2024 donne 12 400.", ["https://example.org/comptage"])
    session.move_to(4)
    session.set_label(Label.DISPUTED, advance=False)
    session.set_note("58 % selon le rapport.", [])
    session.move_to(5)
    session.set_label(Label.OPINION)
    data = build_json_export(session, EXPORTED_AT)
    validate(data)
    text = dumps_json(data)
    golden = (DATA / "golden-export.json").read_text(encoding="utf-8")
    assert text.replace(json.dumps(data["generator"]["version"]), '"VERSION"') == golden


def test_fresh_document_export_is_valid_and_complete(sample_en: Path, db_path: Path) -> None:
    session = ReviewSession(load_document(sample_en), ReviewStore(db_path), "alice")
    data = build_json_export(session, EXPORTED_AT)
    validate(data)
    assert data["summary"]["claims"] == len(data["claims"]) == session.claims.count()
    assert data["summary"]["unreviewed"] == session.claims.count()
    for entry, claim in zip(data["claims"], session.claims.all(), strict=True):
        assert entry["text"] == session.document.text[entry["start"] : entry["end"]] == claim.text
        assert entry["anchor"]["exact"] == claim.text


def test_french_export_has_no_unicode_escapes_and_is_deterministic(seed_fr: Path, db_path: Path) -> None:
    session = ReviewSession(load_document(seed_fr), ReviewStore(db_path), "alice", clock=clock)
    session.set_label(Label.DISPUTED)
    session.set_note("« Chiffre » non sourcé : 99,23 %", ["https://example.org/référendum"])
    first = dumps_json(build_json_export(session, EXPORTED_AT))
    second = dumps_json(build_json_export(session, EXPORTED_AT))
    assert first == second
    assert "\\u" not in first and "« Chiffre »" in first and "l’OTAN" in first
    validate(json.loads(first))


def test_orphans_are_exported(sample_fr: Path, db_path: Path) -> None:
    document = load_document(sample_fr)
    store = ReviewStore(db_path)
    claim = document.claims[2]
    anchor = Anchor.for_span(document.text, claim.start + 1, claim.end)
    store.put_review(Review(document.doc_id, "alice", anchor, Label.VERIFIED, "old", (), clock(), clock()))
    data = build_json_export(ReviewSession(document, store, "alice"), EXPORTED_AT)
    validate(data)
    assert data["summary"]["orphans"] == 1
    assert data["orphans"][0]["note"] == "old" and data["orphans"][0]["text"] == claim.text[1:]


def test_write_export_is_atomic_and_refuses_bad_destinations(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_export('{"a": 1}\n', target)
    write_export('{"a": 2}\n', target)
    assert target.read_text() == '{"a": 2}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    with pytest.raises(ReviewerError, match="is a directory"):
        write_export("{}", tmp_path)
    with pytest.raises(ReviewerError, match="does not exist"):
        write_export("{}", tmp_path / "missing" / "out.json")
