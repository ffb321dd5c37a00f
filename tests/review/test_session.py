"""ReviewSession: cursor, labels, notes, undo/redo, progress, positions — against a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.errors import UsageError
from reviewer.model import Anchor, Label, Review
from reviewer.review.session import ChangedElsewhere, ReviewSession
from reviewer.storage.store import ReviewStore


class Clock:
    """A deterministic UTC clock that ticks one second per call."""

    def __init__(self) -> None:
        self.second = 0

    def __call__(self) -> str:
        self.second += 1
        return f"2026-11-25T10:00:{self.second:02d}Z"


@pytest.fixture
def session(sample_en: Path, db_path: Path) -> ReviewSession:
    return ReviewSession(load_document(sample_en), ReviewStore(db_path), "alice", clock=Clock())


def reopen(session: ReviewSession, db_path: Path, reviewer: str = "alice") -> ReviewSession:
    return ReviewSession(session.document, ReviewStore(db_path), reviewer)


def test_cursor_moves_across_paragraphs_and_clamps(session: ReviewSession) -> None:
    groups = session.document.claims.by_paragraph()
    assert session.cursor == 0
    assert session.move(-1) == 0
    second_paragraph_first = groups[1][0]
    session.move_to(second_paragraph_first - 1)
    assert session.current.paragraph == 0
    session.move(1)
    assert session.current.paragraph == 1
    assert session.move(10_000) == session.claims.count() - 1


def test_label_advances_and_is_saved_before_returning(session: ReviewSession, db_path: Path) -> None:
    session.set_label(Label.VERIFIED)
    assert session.cursor == 1
    session.set_label(Label.DISPUTED)
    session.set_label(Label.OPINION, advance=False)
    assert session.cursor == 2
    counts = session.counts()
    assert (
        counts.count(Label.VERIFIED),
        counts.count(Label.DISPUTED),
        counts.count(Label.OPINION),
        counts.reviewed,
    ) == (1, 1, 1, 3)
    again = reopen(session, db_path)
    assert [again.label(i) for i in range(4)] == [Label.VERIFIED, Label.DISPUTED, Label.OPINION, None]
    review = again.review(0)
    assert review is not None
    assert review.reviewer == "alice" and review.created_at == review.updated_at == "2026-11-25T10:00:01Z"
    claim = session.claims[0]
    assert review.anchor.exact == claim.text
    assert (review.anchor.start, review.anchor.end) == (claim.start, claim.end)
    assert review.anchor.suffix == session.document.text[claim.end : claim.end + 32]
    assert review.doc_id == session.document.doc_id


def test_relabel_keeps_created_at_and_same_label_is_no_change(session: ReviewSession) -> None:
    session.set_label(Label.VERIFIED, advance=False)
    assert session.set_label(Label.VERIFIED, advance=False) is None
    session.set_label(Label.DISPUTED, advance=False)
    review = session.review(0)
    assert review is not None
    assert (review.created_at, review.updated_at) == ("2026-11-25T10:00:01Z", "2026-11-25T10:00:02Z")


def test_notes_and_sources_then_clear_label_keeps_the_note(session: ReviewSession, db_path: Path) -> None:
    session.set_label(Label.DISPUTED, advance=False)
    session.set_note(
        "  The 2019 report says 9,800.  ",
        ["https://example.org/r", " ", "https://example.org/r", "Council minutes"],
    )
    session.clear_label()
    stored = reopen(session, db_path).review(0)
    assert stored is not None
    assert stored.label is None
    assert stored.note == "The 2019 report says 9,800."
    assert stored.sources == ("https://example.org/r", "Council minutes")
    assert session.counts().with_notes == 1 and session.counts().reviewed == 0
    session.set_note("", [])
    assert session.review(0) is None
    assert reopen(session, db_path).review(0) is None


def test_undo_and_redo_every_change_including_notes(session: ReviewSession, db_path: Path) -> None:
    session.set_label(Label.VERIFIED)  # claim 0
    session.set_note("checked against the census", ["census.gov"])  # claim 1, no label
    session.move_to(5)
    session.set_label(Label.OPINION, advance=False)

    assert session.undo() is not None
    assert session.label(5) is None and reopen(session, db_path).label(5) is None
    assert session.undo() is not None
    assert session.cursor == 1 and session.review(1) is None
    assert reopen(session, db_path).review(1) is None
    assert session.redo() is not None
    note = reopen(session, db_path).review(1)
    assert note is not None and note.note == "checked against the census"
    assert session.undo() and session.undo()
    assert session.review(0) is None and not session.can_undo
    assert session.undo() is None
    assert reopen(session, db_path).counts().reviewed == 0
    session.redo()
    session.set_label(Label.DISPUTED)  # a new change drops the redo history
    assert not session.can_redo
    assert reopen(session, db_path).label(0) is Label.DISPUTED


def test_next_unreviewed_wraps_and_reports_done(session: ReviewSession) -> None:
    session.set_label(Label.VERIFIED)
    session.set_label(Label.VERIFIED)
    session.move_to(0)
    assert session.next_unreviewed() == 2
    session.move_to(session.claims.count() - 1)
    session.set_label(Label.OPINION, advance=False)
    assert session.next_unreviewed() == 2  # wrapped past the end
    assert session.next_unreviewed(-1) == session.claims.count() - 2
    for index in range(session.claims.count()):
        session.edit(index, label=Label.VERIFIED)
    assert session.next_unreviewed() is None
    assert session.counts().percent == 100.0


def test_goto_claim_by_number(session: ReviewSession) -> None:
    assert session.goto_claim(3).number == 3
    with pytest.raises(UsageError, match="claims 1 to"):
        session.goto_claim(0)
    with pytest.raises(UsageError):
        session.goto_claim(session.claims.count() + 1)


def test_position_is_remembered_per_document_and_reviewer(session: ReviewSession, db_path: Path) -> None:
    session.move_to(7)
    session.save_position()
    assert reopen(session, db_path).cursor == 7
    assert reopen(session, db_path, reviewer="bob").cursor == 0


def test_reviewers_do_not_see_each_others_labels(session: ReviewSession, db_path: Path) -> None:
    session.set_label(Label.VERIFIED)
    bob = reopen(session, db_path, reviewer="bob")
    assert bob.label(0) is None
    bob.set_label(Label.DISPUTED)
    assert reopen(session, db_path).label(0) is Label.VERIFIED
    assert len(ReviewStore(db_path).reviews(session.document.doc_id)) == 2


def test_reviews_whose_claim_is_gone_are_kept_as_orphans(sample_fr: Path, db_path: Path) -> None:
    """A review whose span is no longer a claim (e.g. after a --lang change) is kept, not dropped."""
    document = load_document(sample_fr, language="fr")
    store = ReviewStore(db_path)
    claim = document.claims[1]
    store.put_review(
        Review(
            doc_id=document.doc_id,
            reviewer="alice",
            anchor=Anchor.for_span(document.text, claim.start, claim.end - 1),
            label=Label.DISPUTED,
            note="kept",
        )
    )
    session = ReviewSession(document, store, "alice")
    session.edit(0, label=Label.VERIFIED)
    assert [review.note for review in session.orphans] == ["kept"]
    assert session.label(1) is None and session.label(0) is Label.VERIFIED


def test_two_sessions_on_one_claim_merge_field_by_field(sample_en: Path, db_path: Path) -> None:
    """Each change rewrites only the fields it touches, on what the store holds at that moment."""
    document = load_document(sample_en)
    first = ReviewSession(document, ReviewStore(db_path), "alice")
    second = ReviewSession(document, ReviewStore(db_path), "alice")  # opened before any change
    first.edit(0, label=Label.DISPUTED)
    second.edit(0, note="the 2019 count says otherwise")
    first.edit(1, label=Label.VERIFIED, note="census table 4", sources=["https://example.org/census"])
    second.edit(1, label=Label.OPINION)
    third = ReviewSession(document, ReviewStore(db_path), "alice")
    zero, one = third.review(0), third.review(1)
    assert zero is not None and (zero.label, zero.note) == (Label.DISPUTED, "the 2019 count says otherwise")
    assert one is not None and (one.label, one.note, one.sources) == (
        Label.OPINION,
        "census table 4",
        ("https://example.org/census",),
    )
    second.undo()  # undoes only the label it set: the other session's note stays
    again = ReviewSession(document, ReviewStore(db_path), "alice").review(1)
    assert again is not None and (again.label, again.note) == (Label.VERIFIED, "census table 4")


def test_clearing_an_unreviewed_claim_is_no_change(session: ReviewSession, db_path: Path) -> None:
    assert session.clear_label() is None
    assert not session.can_undo
    assert not db_path.exists()


def test_undo_never_overwrites_a_later_change_made_elsewhere(sample_en: Path, db_path: Path) -> None:
    document = load_document(sample_en)
    first = ReviewSession(document, ReviewStore(db_path), "alice")
    second = ReviewSession(document, ReviewStore(db_path), "alice")
    first.edit(0, label=Label.VERIFIED)
    second.edit(0, label=Label.OPINION)
    with pytest.raises(ChangedElsewhere, match="claim 1 was changed"):
        first.undo()
    assert first.label(0) is Label.OPINION  # it now shows what was saved elsewhere
    assert ReviewSession(document, ReviewStore(db_path), "alice").label(0) is Label.OPINION
    assert not first.can_undo


def test_an_editor_that_saw_an_old_note_does_not_overwrite_a_newer_one(
    sample_en: Path, db_path: Path
) -> None:
    document = load_document(sample_en)
    first = ReviewSession(document, ReviewStore(db_path), "alice")
    second = ReviewSession(document, ReviewStore(db_path), "alice")
    seen = {"note": "", "sources": ()}
    first.edit(0, note="from the first window", expect=seen)
    with pytest.raises(ChangedElsewhere):
        second.edit(0, note="from the second window", expect=seen)
    assert second.review(0).note == "from the first window"  # type: ignore[union-attr]
    second.edit(0, note="from the second window")  # the reviewer chose to replace it
    assert ReviewSession(document, ReviewStore(db_path), "alice").review(0).note == "from the second window"  # type: ignore[union-attr]


def test_claim_details_are_saved_undone_and_kept_alone(session: ReviewSession, db_path: Path) -> None:
    change = session.edit(0, short_claim="  Levy   up 12% ", claim_author="Mayor Ada Quinn")
    assert change is not None
    review = ReviewSession(session.document, ReviewStore(db_path), session.reviewer).review(0)
    assert review is not None and (review.short_claim, review.claim_author) == (
        "Levy up 12%",
        "Mayor Ada Quinn",
    )
    assert review.label is None and not review.is_empty  # details alone are worth keeping
    assert Review.from_record(review.to_record()) == review
    session.undo()
    assert ReviewSession(session.document, ReviewStore(db_path), session.reviewer).review(0) is None
    # A record written before these fields reads with them empty, and is written back the same.
    old = {k: v for k, v in review.to_record().items() if k not in ("short_claim", "claim_author")}
    assert Review.from_record(old).to_record() == old
