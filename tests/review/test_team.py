"""Every reviewer's reviews of a document, and their agreement, read from a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents.base import Document
from reviewer.documents.loader import load_document
from reviewer.errors import UsageError
from reviewer.model import Label
from reviewer.review.agreement import NO_PAIRABLE_CLAIM, NO_SHARED_CLAIM, NO_VARIATION
from reviewer.review.agreement_tables import explanations, kappa_table, label_table, report_lines
from reviewer.review.session import ReviewSession
from reviewer.review.team import TeamReviews, document_agreement, parse_reviewers, visible_others
from reviewer.storage.store import ReviewStore

V, D, OP = Label.VERIFIED, Label.DISPUTED, Label.OPINION


@pytest.fixture
def document(sample_fr: Path) -> Document:
    return load_document(sample_fr)


def label(store: ReviewStore, document: Document, reviewer: str, labels: dict[int, Label]) -> None:
    """``reviewer`` labels claims (numbered from 1) as a session would."""
    session = ReviewSession(document, store, reviewer)
    for number, value in labels.items():
        session.goto_claim(number)
        session.set_label(value)


def test_agreement_of_two_reviewers_on_a_reopened_store(document: Document, db_path: Path) -> None:
    store = ReviewStore(db_path)
    label(store, document, "alice", {1: V, 2: V, 3: D, 4: OP, 5: V})
    label(store, document, "bob", {1: V, 2: D, 3: D, 4: OP, 6: V})
    store.close()
    team, report = document_agreement(ReviewStore(db_path), document)
    assert team.reviewers == ("alice", "bob")
    assert (report.claims, report.pairable, report.unanimous, report.disagreements) == (6, 4, 3, 1)
    assert report.percent_agreement.value == pytest.approx(0.75)
    kappa = report.kappa("alice", "bob")
    assert kappa.n == 4 and kappa.kappa.value is not None
    # alice V V D OP, bob V D D OP: p_o = 3/4, p_e = (2·1 + 1·2 + 1·1)/16 = 5/16.
    assert kappa.kappa.value == pytest.approx((0.75 - 5 / 16) / (1 - 5 / 16))
    assert report.labels == ("verified", "disputed", "opinion")
    verified = report.label_counts[0]
    assert (verified.values, verified.agreements, verified.disagreements) == (3, 1, 1)
    assert dict(verified.confused_with) == {"disputed": 1, "opinion": 0}


def test_notes_without_labels_and_orphan_spans_count_for_nothing(
    document: Document, store: ReviewStore
) -> None:
    label(store, document, "alice", {1: V})
    session = ReviewSession(document, store, "bob")
    session.goto_claim(1)
    session.set_note("not sure yet", [])
    team, report = document_agreement(store, document)
    assert team.reviewers == ("alice",)
    assert report.pairable == 0 and report.alpha.reason == NO_PAIRABLE_CLAIM
    assert [r.reviewer for r in team.others(document.claims[0], "alice")] == ["bob"]


def test_reviewers_option_is_checked(document: Document, store: ReviewStore) -> None:
    label(store, document, "alice", {1: V, 2: D})
    label(store, document, "bob", {1: V, 2: V})
    label(store, document, "carol", {1: D})
    _, report = document_agreement(store, document, ["alice", "bob"])
    assert report.reviewers == ("alice", "bob") and report.pairable == 2
    with pytest.raises(
        UsageError, match="dave: no label on this document; reviewers with labels: alice, bob"
    ):
        document_agreement(store, document, ["alice", "dave"])
    with pytest.raises(UsageError, match="two names or more"):
        document_agreement(store, document, ["alice"])
    assert parse_reviewers(" alice, bob ,") == ["alice", "bob"] and parse_reviewers(None) is None
    lenient = TeamReviews.load(store, document.doc_id).agreement(None, ["alice", "dave"], strict=False)
    assert lenient.reviewers == ("alice",)


def test_undefined_figures_are_explained(document: Document, store: ReviewStore) -> None:
    label(store, document, "alice", {1: V, 2: V})
    label(store, document, "bob", {1: V, 2: V})
    label(store, document, "carol", {3: OP})
    _, report = document_agreement(store, document)
    assert report.alpha.reason == NO_VARIATION and report.percent_agreement.value == 1.0
    notes = explanations(report)
    assert notes[0].startswith("α is undefined (no variation)") and "100.0 %" in notes[0]
    assert f"κ alice–carol is undefined: {NO_SHARED_CLAIM}." in notes
    assert any(line.startswith("κ alice–bob is undefined (no variation)") for line in notes)
    matrix = kappa_table(report)
    assert matrix.header == ("κ", "alice", "bob", "carol")
    assert matrix.rows[0] == ("alice", "—", "undefined · n 2", "undefined · n 0")
    lines = report_lines(report)
    assert lines[0].startswith("Krippendorff's α undefined (no variation) · 2 of 3 claims")


def test_one_reviewer_is_explained(document: Document, store: ReviewStore) -> None:
    label(store, document, "alice", {1: V})
    _, report = document_agreement(store, document)
    assert explanations(report)[0].startswith("Only 1 reviewer (alice) has labelled this document")
    assert "Cohen's κ" not in "\n".join(report_lines(report))


def test_label_table_names_the_confusions(document: Document, store: ReviewStore) -> None:
    label(store, document, "alice", {1: V, 2: OP})
    label(store, document, "bob", {1: D, 2: OP})
    _, report = document_agreement(store, document)
    rows = {row[0]: row for row in label_table(report).rows}
    assert rows["✔ verified"] == ("✔ verified", "1", "0", "1", "✘ disputed 1")
    assert rows["◆ opinion"] == ("◆ opinion", "2", "1", "0", "—")


def test_blind_review_hides_the_others_until_labelled(document: Document, store: ReviewStore) -> None:
    label(store, document, "alice", {1: D})
    team = TeamReviews.load(store, document.doc_id)
    claim = document.claims[0]
    assert visible_others(team, claim, "bob", None, blind=True) == []
    assert [r.label for r in visible_others(team, claim, "bob", V, blind=True)] == [D]
    assert [r.label for r in visible_others(team, claim, "bob", None, blind=False)] == [D]


def test_other_reviews_follow_the_store_and_the_blind_switch(document: Document, db_path: Path) -> None:
    from reviewer.review.team import OtherReviews

    store = ReviewStore(db_path)
    bob = ReviewSession(document, store, "bob")
    others = OtherReviews(bob, blind=True)
    label(ReviewStore(db_path), document, "alice", {1: D, 2: V})
    assert others.visible(0) == [] and others.hidden(0) == 0  # not read yet
    others.reload()
    assert others.visible(0) == [] and others.hidden(0) == 1
    bob.edit(0, label=V)
    assert [r.reviewer for r in others.visible(0)] == ["alice"] and others.hidden(0) == 0
    assert others.toggle_blind() is False
    assert [r.label for r in others.visible(1)] == [V]
