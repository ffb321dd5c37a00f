"""Carrying reviews over to a changed document: placed, flagged for a recheck, or kept as orphans."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.documents.loader import load_document
from reviewer.exports.jsonexport import build_json_export
from reviewer.model import Label
from reviewer.review.carryover import carry_over
from reviewer.review.session import ReviewSession
from reviewer.storage.snapshots import load_snapshot
from reviewer.storage.store import ReviewStore

NOW = "2026-11-25T12:00:00Z"
DELETED = "Drivers who cross the Narrows Bridge on weekday mornings could soon pay $4.20 for the privilege. "


@pytest.fixture
def article(tmp_path: Path, sample_en: Path) -> Path:
    path = tmp_path / "article.md"
    shutil.copy(sample_en, path)
    return path


def review_some(article: Path, db_path: Path) -> ReviewSession:
    session = ReviewSession(load_document(article), ReviewStore(db_path), "alice")
    session.register()
    texts = [c.text for c in session.claims.all()]
    for index, text in enumerate(texts):
        if text.startswith(("Drivers who cross", "Business groups are split", "Council votes", "It carries")):
            session.edit(index, label=Label.DISPUTED, note=f"note on {text[:15]}")
    return session


def edit(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    text = text.replace("Business groups are split.", "Business groups are divided.")  # a reworded claim
    text = text.replace(DELETED, "")  # a deleted claim
    text = text.replace(
        "## What drivers would pay", "An editor's note: corrected on Friday.\n\n## What drivers would pay"
    )
    article.write_text(text, encoding="utf-8")


def test_a_changed_file_carries_its_reviews_over_once(article: Path, db_path: Path) -> None:
    old = review_some(article, db_path)
    edit(article)
    store = ReviewStore(db_path)
    document = load_document(article)
    result = carry_over(store, document, NOW)
    assert result is not None
    assert result.summary() == "4 notes: 2 in place, 0 moved, 1 changed (recheck), 1 orphaned"
    session = ReviewSession(document, store, "alice")
    session.register()
    labelled = {
        session.claims[i].text[:20]: session.review(i)
        for i in range(session.claims.count())
        if session.label(i)
    }
    assert set(labelled) == {"Council votes next m", "It carries an averag", "Business groups are "}
    changed = labelled["Business groups are "]
    assert changed is not None and changed.recheck.startswith("Business groups are split.")
    assert [o.anchor.exact for o in session.orphans] == [DELETED.strip()]
    assert session.counts().recheck == 1
    # The old version's reviews are untouched; opening again carries nothing over twice.
    assert len(store.reviews(old.document.doc_id)) == 4
    assert carry_over(store, document, NOW) is None
    data = build_json_export(session, NOW)
    assert data["summary"]["orphans"] == 1 and data["summary"]["recheck"] == 1
    assert data["orphans"][0]["text"] == DELETED.strip() and data["orphans"][0]["note"].startswith("note on")


def test_relabelling_clears_the_recheck_and_orphans_can_be_attached_or_dismissed(
    article: Path, db_path: Path
) -> None:
    review_some(article, db_path)
    edit(article)
    store = ReviewStore(db_path)
    document = load_document(article)
    carry_over(store, document, NOW)
    session = ReviewSession(document, store, "alice")
    changed = next(
        i for i in range(session.claims.count()) if (review := session.review(i)) and review.recheck
    )
    session.edit(changed, label=Label.DISPUTED)  # the same label again: that is the recheck
    assert not session.review(changed).recheck  # type: ignore[union-attr]
    [orphan] = session.orphans
    target = next(i for i, c in enumerate(session.claims.all()) if c.text.startswith("Under a proposal"))
    session.attach_orphan(orphan, target)
    attached = ReviewSession(document, ReviewStore(db_path), "alice")
    assert attached.orphans == []
    assert attached.review(target).note == orphan.note  # type: ignore[union-attr]
    assert attached.review(target).label is Label.DISPUTED  # type: ignore[union-attr]
    assert ReviewStore(db_path).orphans(document.doc_id)[0].status == "attached"  # kept, never deleted


def test_snapshots_rebuild_the_old_version(article: Path, db_path: Path) -> None:
    session = review_some(article, db_path)
    again = load_snapshot(session.store, session.document.doc_id)
    assert again is not None
    assert again.text == session.document.text and again.claims == session.document.claims


def test_cli_reanchor_and_previous_for_a_renamed_copy(
    article: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review_some(article, db_path)
    renamed = tmp_path / "article-v2.md"
    shutil.copy(article, renamed)
    edit(renamed)
    assert main(["reanchor", str(renamed), "--db", str(db_path)]) == 0
    assert "nothing to carry over" in capsys.readouterr().out  # another path: not the same document
    assert main(["reanchor", str(renamed), "--db", str(db_path), "--previous", str(article), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["carried_over"] is True
    assert data["counts"] == {"in_place": 2, "moved": 0, "changed": 1, "orphan": 1}
    assert main(["stats", str(renamed), "--db", str(db_path), "--reviewer", "alice"]) == 0
    out = capsys.readouterr().out
    assert "alice: reviewed 3/" in out and "1 review(s) to recheck" in out and "1 orphaned review(s)" in out
    assert main(["reanchor", str(renamed), "--db", str(db_path), "--previous", "nonexistent-file.md"]) == 2
    assert "no other version" in capsys.readouterr().err


def test_opening_a_changed_file_from_the_cli_says_what_happened(
    article: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review_some(article, db_path)
    edit(article)
    assert main(["stats", str(article), "--db", str(db_path)]) == 0
    captured = capsys.readouterr()
    assert "changed since it was reviewed" in captured.err and "1 orphaned" in captured.err
    assert main(["stats", str(article), "--db", str(db_path)]) == 0
    assert capsys.readouterr().err == ""  # once only


def test_attach_and_dismiss_are_undoable_and_bring_the_recheck_back(article: Path, db_path: Path) -> None:
    review_some(article, db_path)
    edit(article)
    store = ReviewStore(db_path)
    document = load_document(article)
    carry_over(store, document, NOW)
    session = ReviewSession(document, store, "alice")
    changed = next(
        i for i in range(session.claims.count()) if (review := session.review(i)) and review.recheck
    )
    [orphan] = session.orphans
    session.attach_orphan(orphan, changed)  # onto the claim that needed a recheck
    assert session.orphans == [] and not session.review(changed).recheck  # type: ignore[union-attr]
    session.undo()
    assert session.orphans == [orphan]
    assert session.review(changed).recheck and session.review(changed).note == "note on Business groups"  # type: ignore[union-attr]
    again = ReviewSession(document, ReviewStore(db_path), "alice")
    assert [o.anchor.exact for o in again.orphans] == [orphan.anchor.exact]
    session.dismiss_orphan(orphan)
    assert session.orphans == []
    session.undo()
    assert session.orphans == [orphan]
    session.redo()
    assert ReviewSession(document, ReviewStore(db_path), "alice").orphans == []


def test_position_follows_the_sentence_to_the_new_version(article: Path, db_path: Path) -> None:
    session = review_some(article, db_path)
    where = next(
        i for i, c in enumerate(session.claims.all()) if c.text.startswith("Business groups are split")
    )
    session.move_to(where + 1)  # the sentence after it
    session.save_position()
    sentence = session.claims[where + 1].text
    edit(article)
    store = ReviewStore(db_path)
    document = load_document(article)
    carry_over(store, document, NOW)
    assert ReviewSession(document, store, "alice").current.text == sentence


def test_previous_can_be_a_file_never_opened_at_its_path(
    article: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review_some(article, db_path)
    copy = tmp_path / "copy-of-the-reviewed-version.md"
    shutil.copy(article, copy)  # the reviewed text, under a name the database never saw
    edit(article)
    other = tmp_path / "new-name.md"
    shutil.move(article, other)
    assert main(["reanchor", str(other), "--db", str(db_path), "--previous", str(copy)]) == 0
    assert "1 orphaned" in capsys.readouterr().out
