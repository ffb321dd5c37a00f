"""Reshaping claims on the session: split, join, narrow — saved, undone, reopened, shared, concurrent."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.model import Label, OrphanStatus
from reviewer.review.reshaping import JoinNeedsChoice, SpanError
from reviewer.review.session import ReviewSession
from reviewer.storage.shapes import ReshapedElsewhere
from reviewer.storage.store import ReviewStore

QUOTE = "En mars, d’habitude"  # claim 6 of the French sample: a quotation, then who said it
SAID = "soupire le vigneron"


class Clock:
    def __init__(self) -> None:
        self.second = 0

    def __call__(self) -> str:
        self.second += 1
        return f"2026-11-25T10:{self.second // 60:02d}:{self.second % 60:02d}Z"


def open_session(path: Path, db_path: Path, reviewer: str = "alice") -> ReviewSession:
    return ReviewSession(load_document(path), ReviewStore(db_path), reviewer, clock=Clock())


@pytest.fixture
def session(sample_fr: Path, db_path: Path) -> ReviewSession:
    return open_session(sample_fr, db_path)


def texts(session: ReviewSession) -> list[str]:
    return [claim.text for claim in session.claims.all()]


def index_of(session: ReviewSession, start_of_text: str) -> int:
    return next(c.number - 1 for c in session.claims.all() if start_of_text in c.text)


def split_quote(session: ReviewSession) -> int:
    """Split claim 6 before 'soupire'; return the index of its first part."""
    index = index_of(session, QUOTE)
    claim = session.claims[index]
    session.split(claim.start + claim.text.index(SAID), index)
    return index


def test_split_makes_two_claims_keeps_the_review_on_the_first_and_is_saved(
    session: ReviewSession, sample_fr: Path, db_path: Path
) -> None:
    before = texts(session)
    index = index_of(session, QUOTE)
    session.edit(index, label=Label.OPINION, note="Le ressenti du vigneron.")
    assert split_quote(session) == index
    after = texts(session)
    assert len(after) == len(before) + 1
    assert after[index].endswith("»,") and after[index + 1].startswith(SAID)
    assert after[:index] == before[:index] and after[index + 2 :] == before[index + 1 :]
    assert [c.number for c in session.claims.all()] == list(range(1, len(after) + 1))
    review = session.review(index)
    assert review is not None and review.label is Label.OPINION and review.note == "Le ressenti du vigneron."
    assert review.anchor.exact == after[index]
    assert session.review(index + 1) is None
    assert session.cursor == index and session.reshaped(index) and session.reshaped(index + 1)
    # Reopened, and by a second reviewer: the same claims; the review where it was.
    again = open_session(sample_fr, db_path)
    assert texts(again) == after
    assert again.label(index) is Label.OPINION and again.label(index + 1) is None
    assert again.orphans == []
    assert texts(open_session(sample_fr, db_path, "bob")) == after


def test_undo_and_redo_a_split(session: ReviewSession, sample_fr: Path, db_path: Path) -> None:
    before = texts(session)
    index = index_of(session, QUOTE)
    session.edit(index, label=Label.DISPUTED)
    split_quote(session)
    session.edit(index + 1, label=Label.VERIFIED)
    session.undo()  # the label of the second part
    session.undo()  # the split
    assert texts(session) == before and session.label(index) is Label.DISPUTED
    again = open_session(sample_fr, db_path)
    assert texts(again) == before and again.label(index) is Label.DISPUTED and again.orphans == []
    assert ReviewStore(db_path).shapes(session.document.doc_id) == {}
    session.redo()
    assert len(texts(session)) == len(before) + 1 and session.label(index) is Label.DISPUTED
    assert texts(open_session(sample_fr, db_path)) == texts(session)


def test_a_label_step_recorded_before_a_split_undoes_the_right_claim(session: ReviewSession) -> None:
    later = index_of(session, "Les chiffres lui donnent raison")
    session.edit(later, label=Label.VERIFIED)
    split_quote(session)  # an earlier claim: every later claim moves by one
    assert session.label(later + 1) is Label.VERIFIED
    session.undo()  # the split
    session.undo()  # the label
    assert session.label(later) is None and session.counts().reviewed == 0


def test_join_keeps_the_one_review_and_asks_between_two(
    session: ReviewSession, sample_fr: Path, db_path: Path
) -> None:
    first = index_of(session, "Les chiffres lui donnent raison")
    joined_text = session.claims[first].text + " " + session.claims[first + 1].text
    session.edit(first + 1, label=Label.VERIFIED, note="Relevés vérifiés.")
    session.join(first)
    assert session.claims[first].text == joined_text
    assert session.label(first) is Label.VERIFIED and session.review(first).note == "Relevés vérifiés."  # type: ignore[union-attr]
    session.undo()
    assert session.label(first) is None and session.label(first + 1) is Label.VERIFIED
    # Both reviewed: the session asks; the review not kept is set aside, never dropped.
    session.edit(first, label=Label.OPINION, note="Mon avis.")
    with pytest.raises(JoinNeedsChoice, match="both reviewed"):
        session.join(first)
    assert session.claims[first].text != joined_text  # nothing changed
    session.join(first, keep="second")
    assert session.label(first) is Label.VERIFIED
    orphans = ReviewStore(db_path).orphans(session.document.doc_id, "alice")
    assert [(o.review.note, o.status) for o in orphans] == [("Mon avis.", OrphanStatus.DISMISSED)]
    session.undo()
    assert session.label(first) is Label.OPINION and session.label(first + 1) is Label.VERIFIED
    again = open_session(sample_fr, db_path)
    assert again.label(first) is Label.OPINION and again.review(first).note == "Mon avis."  # type: ignore[union-attr]
    assert again.label(first + 1) is Label.VERIFIED and again.orphans == []


def test_join_refuses_across_paragraphs_and_after_the_last_claim(session: ReviewSession) -> None:
    last_of_first_paragraph = session.claims.in_paragraph(1)[-1]
    with pytest.raises(SpanError, match="different paragraphs"):
        session.join(last_of_first_paragraph)
    with pytest.raises(SpanError, match="last claim"):
        session.join(session.claims.count() - 1)


def test_narrow_keeps_the_review_and_widening_trims_the_neighbour(
    session: ReviewSession, sample_fr: Path, db_path: Path
) -> None:
    index = index_of(session, "Il assure que 99,23")
    claim = session.claims[index]
    session.edit(index, label=Label.VERIFIED)
    comma = claim.text.index(", les seules")
    session.narrow(claim.start, claim.start + comma, index)
    narrowed = session.claims[index]
    assert narrowed.text.startswith("Il assure que 99,23") and narrowed.text.endswith("pendant l’été")
    assert session.label(index) is Label.VERIFIED
    # Widen the previous claim's end into this one: it is trimmed and keeps its review.
    previous = session.claims[index - 1]
    session.narrow(previous.start, narrowed.start + len("Il assure"), index - 1)
    assert session.claims[index - 1].text.endswith("l’essentiel. Il assure")
    assert session.claims[index].text.startswith("que 99,23") and session.label(index) is Label.VERIFIED
    again = open_session(sample_fr, db_path)
    assert texts(again) == texts(session) and again.label(index) is Label.VERIFIED and again.orphans == []
    with pytest.raises(SpanError, match="take in all of claim"):
        session.narrow(previous.start, session.claims[index].end, index - 1)
    paragraph = session.document.paragraphs[previous.paragraph]
    with pytest.raises(SpanError, match="within its paragraph"):
        session.narrow(paragraph.start - 5, previous.end, index - 1)
    with pytest.raises(SpanError, match="inside it"):
        session.split(session.claims[index - 1].end + 3, index - 1)
    assert texts(open_session(sample_fr, db_path)) == texts(session)  # the refusals wrote nothing
    session.undo()
    session.undo()
    assert session.claims[index].text == claim.text


def test_a_concurrent_reshape_of_the_same_paragraph_is_refused_and_another_is_merged(
    sample_fr: Path, db_path: Path
) -> None:
    one = open_session(sample_fr, db_path)
    two = open_session(sample_fr, db_path)
    index = split_quote(one)
    # The other window still shows the claim whole: its split there is refused, nothing written.
    stale = two.claims[index]
    with pytest.raises(ReshapedElsewhere, match="reshaped in another window"):
        two.split(stale.start + stale.text.index("Là, regardez"), index)
    assert texts(two) == texts(one)  # and it now shows the split
    # A reshape of another paragraph is merged: both stand.
    other = index_of(two, "Les chiffres lui donnent raison")
    two.join(other)
    one.reload()
    assert texts(one) == texts(two)
    assert texts(open_session(sample_fr, db_path)) == texts(two)


def test_a_label_another_window_set_moves_with_the_claim(sample_fr: Path, db_path: Path) -> None:
    one = open_session(sample_fr, db_path)
    two = open_session(sample_fr, db_path)
    index = index_of(one, QUOTE)
    two.edit(index, label=Label.DISPUTED, note="Vu ailleurs.")
    split_quote(one)  # it moves what the store holds, not what this window last read
    again = open_session(sample_fr, db_path)
    assert again.label(index) is Label.DISPUTED and again.review(index).note == "Vu ailleurs."  # type: ignore[union-attr]


def test_other_reviewers_reviews_of_the_old_claim_are_kept(sample_fr: Path, db_path: Path) -> None:
    bob = open_session(sample_fr, db_path, "bob")
    index = index_of(bob, QUOTE)
    bob.edit(index, label=Label.VERIFIED, note="Bob l’a vérifié.")
    alice = open_session(sample_fr, db_path)
    split_quote(alice)
    bob_again = open_session(sample_fr, db_path, "bob")
    assert bob_again.label(index) is None
    assert [o.note for o in bob_again.orphans] == ["Bob l’a vérifié."]  # listed, to attach where it belongs


def test_a_reshape_in_a_paragraph_not_segmented_yet_waits_for_it(
    sample_fr: Path, db_path: Path, tmp_path: Path
) -> None:
    session = open_session(sample_fr, db_path)
    index = index_of(session, QUOTE)
    session.edit(index, label=Label.OPINION)
    split_quote(session)
    lazy = ReviewSession(load_document(sample_fr), ReviewStore(db_path), "alice")
    assert lazy.claims.known == 0  # nothing segmented yet: the shape is drawn when it is
    assert lazy.label(index) is Label.OPINION
    assert [c.text for c in lazy.claims.all()] == texts(session)


def test_reshaped_claims_survive_an_edit_of_the_document(
    sample_fr: Path, db_path: Path, tmp_path: Path
) -> None:
    from reviewer.review.opening import open_for_review

    article = tmp_path / "vignoble.txt"
    article.write_text(sample_fr.read_text(encoding="utf-8"), encoding="utf-8")
    first = open_for_review(article, ReviewStore(db_path), "alice", register=True).session
    index = index_of(first, QUOTE)
    first.edit(index, label=Label.OPINION)
    split_quote(first)
    first.edit(index + 1, label=Label.VERIFIED, note="54 ans, 23 hectares : confirmé.")
    parts = texts(first)[index : index + 2]
    text = article.read_text(encoding="utf-8")
    text = text.replace("Elle s’effrite comme du sable.", "Elle s’effrite, sèche, comme du sable.")
    text = text.replace("Les chiffres lui donnent raison.", "Les chiffres, hélas, lui donnent raison.")
    article.write_text("Un chapeau ajouté en tête.\n\n" + text, encoding="utf-8")
    opened = open_for_review(article, ReviewStore(db_path), "alice", register=True)
    assert opened.carried_over is not None
    session = opened.session
    moved = index_of(session, QUOTE)
    assert texts(session)[moved : moved + 2] == parts
    assert session.label(moved) is Label.OPINION and session.label(moved + 1) is Label.VERIFIED
    assert session.review(moved + 1).note == "54 ans, 23 hectares : confirmé."  # type: ignore[union-attr]
    assert session.orphans == []
    assert texts(open_session(article, db_path)) == texts(session)


def test_an_edit_inside_a_reshaped_span_gives_the_segmenter_back_and_loses_no_review(
    sample_fr: Path, db_path: Path, tmp_path: Path
) -> None:
    from reviewer.review.opening import open_for_review

    article = tmp_path / "vignoble.txt"
    article.write_text(sample_fr.read_text(encoding="utf-8"), encoding="utf-8")
    first = open_for_review(article, ReviewStore(db_path), "alice", register=True).session
    index = index_of(first, QUOTE)
    split_quote(first)
    first.edit(index + 1, label=Label.VERIFIED, note="Âge vérifié.")
    article.write_text(
        article.read_text(encoding="utf-8").replace("de 54 ans", "de 55 ans"), encoding="utf-8"
    )
    session = open_for_review(article, ReviewStore(db_path), "alice", register=True).session
    reviews = [session.review(i) for i in range(session.claims.count())]
    kept = [r for r in reviews if r is not None] + session.orphans
    assert [r.note for r in kept] == ["Âge vérifié."]
