"""Import conflicts: --prefer, other reviewers' reviews, the losing version kept to adopt (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reviewer.errors import UsageError
from reviewer.exports.jsonexport import build_json_export
from reviewer.model import Label
from reviewer.review.import_conflicts import adopt_conflict, dismiss_conflict, open_conflicts
from reviewer.review.importing import import_export
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from tests.golden import DATA, EXPORTED_AT, reviewed_session

NOW = "2026-11-26T09:00:00Z"
LATER = "2026-11-26T10:00:00Z"
LONG_NOTE = (
    "Le comptage de la mairie diffère de celui de la préfecture de plus de quatre mille voitures par jour."
)


@pytest.fixture(autouse=True)
def _golden_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)


def changed_export(session: ReviewSession, path: Path, **fields: Any) -> Path:
    """An export of ``session`` whose second claim's review carries ``fields`` instead."""
    data = build_json_export(session, EXPORTED_AT)
    data["claims"][1] |= fields
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def second(session: ReviewSession) -> str:
    review = session.store.get_review(session.review(1).key)  # type: ignore[union-attr]
    assert review is not None
    return review.note


@pytest.mark.parametrize(
    ("prefer", "stamp", "kept_note"),
    [
        ("newer", "2026-11-25T11:00:00Z", LONG_NOTE),  # the export's change is newer
        ("newer", "2026-11-25T09:00:00Z", None),  # the database's is
        ("theirs", "2026-11-25T09:00:00Z", LONG_NOTE),
        ("ours", "2026-11-25T11:00:00Z", None),
    ],
)
def test_prefer_chooses_the_version_and_the_other_is_kept(
    tmp_path: Path, prefer: str, stamp: str, kept_note: str | None
) -> None:
    ours = reviewed_session(tmp_path / "ours.json")
    original = second(ours)
    theirs = changed_export(ours, tmp_path / "theirs.json", note=LONG_NOTE, updated_at=stamp)
    report = import_export(ours.store, theirs, reviewer="alice", now=NOW, prefer=prefer)  # type: ignore[arg-type]
    assert second(ours) == (kept_note or original)
    [conflict] = report.conflicts
    assert LONG_NOTE in "\n".join(report.lines())  # in full, not cut at 40 characters
    [aside] = open_conflicts(ours.store, ours.document.doc_id)
    assert aside.review.note == (original if kept_note else LONG_NOTE)  # the version not kept
    assert aside.review == conflict.lost


def test_another_reviewers_review_is_not_replaced_without_the_option(tmp_path: Path) -> None:
    bob = reviewed_session(tmp_path / "bob.json", reviewer="bob")
    original = second(bob)
    newer = changed_export(bob, tmp_path / "newer.json", note=LONG_NOTE, updated_at="2026-11-25T11:00:00Z")
    report = import_export(bob.store, newer, reviewer="alice", now=NOW)
    assert second(bob) == original
    [conflict] = report.conflicts
    assert conflict.kept == "stored" and "--allow-other-reviewers" in conflict.reason
    for prefer in ("theirs", "newer"):
        import_export(bob.store, newer, reviewer="alice", now=NOW, prefer=prefer)
        assert second(bob) == original
    [aside] = open_conflicts(bob.store, bob.document.doc_id)  # recorded once, however often imported
    assert aside.review.note == LONG_NOTE
    import_export(bob.store, newer, reviewer="alice", now=NOW, allow_other_reviewers=True)
    assert second(bob) == LONG_NOTE
    [aside] = open_conflicts(bob.store, bob.document.doc_id)  # the one now in place is settled
    assert aside.review.note == original
    # bob's own import of his newer export needs no option.
    bob_again = reviewed_session(tmp_path / "bob2.json", reviewer="bob")
    import_export(bob_again.store, newer, reviewer="bob", now=NOW)
    assert second(bob_again) == LONG_NOTE


def test_a_conflict_is_adopted_later_and_the_version_it_replaces_is_kept(tmp_path: Path) -> None:
    ours = reviewed_session(tmp_path / "ours.json")
    original = second(ours)
    older = changed_export(
        ours, tmp_path / "older.json", note=LONG_NOTE, label="opinion", updated_at="2026-11-25T09:00:00Z"
    )
    import_export(ours.store, older, reviewer="alice", now=NOW)
    assert second(ours) == original  # the database's change was newer
    doc_id = ours.document.doc_id
    chosen, replaced = adopt_conflict(ours.store, doc_id, 1, reviewer="alice", now=LATER)
    assert chosen.review.note == LONG_NOTE and replaced is not None and replaced.note == original
    reopened = ReviewStore(ours.store.path)
    adopted = reopened.get_review(ours.review(1).key)  # type: ignore[union-attr]
    assert adopted is not None and adopted.note == LONG_NOTE and adopted.label is Label.OPINION
    assert adopted.updated_at == LATER  # a choice made now: an old copy imported again does not undo it
    [aside] = open_conflicts(reopened, doc_id)
    assert aside.review.note == original
    import_export(reopened, older, reviewer="alice", now=LATER)
    assert second(ours) == LONG_NOTE
    dismissed = dismiss_conflict(reopened, doc_id, 1, now=LATER)
    assert dismissed.review.note == original and not open_conflicts(reopened, doc_id)
    assert any(r["status"] == "dismissed" for r in reopened.import_conflicts(doc_id))  # kept, set aside
    with pytest.raises(UsageError, match="no open import conflict"):
        adopt_conflict(reopened, doc_id, 1, reviewer="alice", now=LATER)


def test_adopting_another_reviewers_version_needs_the_option(tmp_path: Path) -> None:
    bob = reviewed_session(tmp_path / "bob.json", reviewer="bob")
    newer = changed_export(bob, tmp_path / "newer.json", note=LONG_NOTE, updated_at="2026-11-25T11:00:00Z")
    import_export(bob.store, newer, reviewer="alice", now=NOW)
    with pytest.raises(UsageError, match=r"bob's review.*--allow-other-reviewers"):
        adopt_conflict(bob.store, bob.document.doc_id, 1, reviewer="alice", now=LATER)
    with pytest.raises(UsageError, match="no conflict 2: 1 to 1"):
        adopt_conflict(bob.store, bob.document.doc_id, 2, reviewer="bob", now=LATER)
    adopt_conflict(bob.store, bob.document.doc_id, 1, reviewer="bob", now=LATER)
    assert second(bob) == LONG_NOTE


def test_a_dry_run_records_no_conflict(tmp_path: Path) -> None:
    ours = reviewed_session(tmp_path / "ours.json")
    theirs = changed_export(ours, tmp_path / "t.json", note=LONG_NOTE, updated_at="2026-11-25T11:00:00Z")
    report = import_export(ours.store, theirs, reviewer="alice", now=NOW, dry_run=True)
    assert len(report.conflicts) == 1 and "would be kept" in report.summary()
    assert not ours.store.import_conflicts(ours.document.doc_id)
