"""Autosave without a screen: the note draft apart from the saved note, and the resting cursor."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reviewer.documents.loader import load_document
from reviewer.review.autosave import DraftKeeper, PositionKeeper
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore


def open_session(path: Path, db_path: Path) -> ReviewSession:
    return ReviewSession(
        load_document(path), ReviewStore(db_path), "alice", clock=lambda: "2026-01-02T03:04:05Z"
    )


def test_a_draft_is_kept_apart_and_offered_to_the_next_run(sample_en: Path, db_path: Path) -> None:
    session = open_session(sample_en, db_path)
    session.edit(3, note="saved note")
    drafts = DraftKeeper(session)
    assert drafts.keep(3, "saved note, and more typed", ["https://example.org"])
    assert not drafts.keep(3, "saved note, and more typed", ["https://example.org"])  # unchanged: no write
    assert session.review(3).note == "saved note"  # type: ignore[union-attr]
    later = open_session(sample_en, db_path)
    pending = DraftKeeper(later).pending()
    assert pending is not None
    assert (pending.claim_index, pending.note, pending.sources) == (
        3,
        "saved note, and more typed",
        ("https://example.org",),
    )
    assert pending.saved_at == "2026-01-02T03:04:05Z"
    assert later.review(3).note == "saved note"  # type: ignore[union-attr]  # the draft is not the note


def test_a_discarded_or_already_saved_draft_is_not_offered(sample_en: Path, db_path: Path) -> None:
    session = open_session(sample_en, db_path)
    drafts = DraftKeeper(session)
    drafts.keep(0, "typed", [])
    drafts.discard()
    assert DraftKeeper(open_session(sample_en, db_path)).pending() is None
    drafts.keep(1, "  the same  ", [" src "])
    session.edit(1, note="the same", sources=["src"])  # saved as it was typed
    assert DraftKeeper(open_session(sample_en, db_path)).pending() is None


def test_a_draft_whose_claim_is_gone_is_not_offered(sample_en: Path, tmp_path: Path, db_path: Path) -> None:
    session = open_session(sample_en, db_path)
    store = session.store
    claim = session.claims[2]
    DraftKeeper(session).keep(2, "typed", [])
    draft = store.get_draft(session.document.doc_id, "alice")
    assert draft is not None
    store.set_draft(draft.doc_id, "alice", replace(draft, start=claim.start + 1))
    assert DraftKeeper(open_session(sample_en, db_path)).pending() is None


def test_the_cursor_is_saved_once_it_rests(sample_en: Path, db_path: Path) -> None:
    session = open_session(sample_en, db_path)
    keeper = PositionKeeper(session)
    doc_id = session.document.doc_id
    assert not keeper.tick()  # nothing moved
    session.move_to(5)
    assert not keeper.tick()  # still moving (moved since the last tick): nothing written
    assert session.store.get_position(doc_id, "alice") is None
    assert keeper.tick()  # rested for a tick: written
    assert ReviewStore(db_path).get_position(doc_id, "alice") == 6
    assert not keeper.tick()  # already saved
    assert open_session(sample_en, db_path).cursor == 5
