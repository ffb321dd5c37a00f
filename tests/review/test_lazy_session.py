"""A session on a document not segmented yet: reviews land on their claims as paragraphs are segmented."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.model import Anchor, Label, Review
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from tests.helpers import long_text


@pytest.fixture
def long_path(tmp_path: Path, seed_fr: Path, sample_en: Path) -> Path:
    path = tmp_path / "long.txt"
    path.write_text(long_text(seed_fr, sample_en), encoding="utf-8")
    return path


def fresh(path: Path, db_path: Path) -> ReviewSession:
    """What the review screen gets: a new document, nothing segmented yet."""
    return ReviewSession(load_document(path, language="fr"), ReviewStore(db_path), "alice")


def test_reviews_far_down_wait_for_their_paragraph_then_show(long_path: Path, db_path: Path) -> None:
    first = fresh(long_path, db_path)
    total = first.claims.count()
    marked = {3: Label.VERIFIED, total // 2: Label.DISPUTED, total - 1: Label.OPINION}
    for index, label in marked.items():
        first.move_to(index)
        first.set_label(label, advance=False)
    first.move_to(0)
    first.save_position()

    again = fresh(long_path, db_path)
    assert not again.claims_known
    so_far = again.counts(so_far=True)
    assert not so_far.complete and so_far.total < total
    assert so_far.reviewed < len(marked)  # the far ones are not placed yet
    while not again.claims.advance():
        pass
    assert {i: again.label(i) for i in marked} == marked
    counts = again.counts()
    assert counts.complete and counts.total == total and counts.reviewed == len(marked)


def test_asking_for_a_far_claim_places_its_review(long_path: Path, db_path: Path) -> None:
    first = fresh(long_path, db_path)
    far = first.claims.count() - 2
    first.move_to(far)
    first.set_label(Label.DISPUTED, advance=False)

    again = fresh(long_path, db_path)
    assert again.label(far) is Label.DISPUTED  # segments up to it, no further than needed


def test_a_far_review_whose_claim_is_gone_becomes_an_orphan_when_reached(
    long_path: Path, db_path: Path
) -> None:
    document = load_document(long_path, language="fr")
    last = document.paragraphs[-1]
    wrong = Anchor.for_span(document.text, last.start, last.start + 7)  # part of a sentence: no claim
    store = ReviewStore(db_path)
    store.put_review(Review(document.doc_id, "alice", wrong, Label.VERIFIED, created_at="t", updated_at="t"))

    session = ReviewSession(document, store, "alice")
    assert session.orphans == []  # not known yet
    session.claims.count()  # segment everything
    assert [orphan.anchor for orphan in session.orphans] == [wrong]


def test_resume_far_down_and_next_unreviewed_segment_only_what_they_need(
    long_path: Path, db_path: Path
) -> None:
    first = fresh(long_path, db_path)
    total = first.claims.count()
    first.move_to(total // 3)
    first.save_position()

    again = fresh(long_path, db_path)
    assert again.cursor == total // 3
    assert again.next_unreviewed() == total // 3 + 1
    assert again.claims.known < total  # the rest was left for later
    assert not again.claims_known


def test_the_end_of_a_document_is_found_whatever_was_segmented(long_path: Path, db_path: Path) -> None:
    session = fresh(long_path, db_path)
    assert session.move_to(10**9) == session.claims.count() - 1
    assert session.goto_claim(2).number == 2


def test_a_far_orphan_suggestion_neither_segments_nor_loses_reviews(long_path: Path, db_path: Path) -> None:
    first = fresh(long_path, db_path)
    total = first.claims.count()
    first.move_to(total // 2)
    first.set_label(Label.DISPUTED, advance=False)
    document = first.document
    left_over = Review(document.doc_id, "alice", Anchor.for_span(document.text, 0, 5), Label.VERIFIED)
    first.store.add_orphans(document.doc_id, [(left_over, total - 1)], "t")

    again = fresh(long_path, db_path)
    assert again.claims.known < total // 2  # opening did not segment to the suggestion
    assert again.orphan_suggestions == {left_over.key: total - 1}
    again.reload()  # as the screen does when another process writes
    assert again.label(total // 2) is Label.DISPUTED
    assert again.counts().reviewed == 1


def test_a_dismissed_far_orphan_stays_dismissed_and_an_undone_one_is_listed_once(
    long_path: Path, db_path: Path
) -> None:
    document = load_document(long_path, language="fr")
    last = document.paragraphs[-1]
    wrong = Anchor.for_span(document.text, last.start, last.start + 7)  # no claim has this span
    ReviewStore(db_path).put_review(Review(document.doc_id, "alice", wrong, Label.VERIFIED))

    first = fresh(long_path, db_path)
    first.claims.count()
    first.dismiss_orphan(first.orphans[0])
    again = fresh(long_path, db_path)
    again.claims.count()
    assert again.orphans == []
    first.undo()  # the orphan is open again: a stored review and an open orphan record
    third = fresh(long_path, db_path)
    third.claims.count()
    assert [orphan.anchor for orphan in third.orphans] == [wrong]
