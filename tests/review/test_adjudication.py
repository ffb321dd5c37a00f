"""Adjudication without a screen: final verdicts on a real store, reopened, reviewers' reviews untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reviewer.documents.base import Document
from reviewer.documents.loader import load_document
from reviewer.errors import CorruptDatabaseError, UsageError
from reviewer.model import FinalVerdict, Label, Review
from reviewer.review.adjudication import Adjudication, VerdictChangedElsewhere
from reviewer.review.carryover import carry_over
from reviewer.review.session import ReviewSession
from reviewer.review.verdicts import ClaimStatus, claim_status
from reviewer.storage.store import ReviewStore

V, D, OP = Label.VERIFIED, Label.DISPUTED, Label.OPINION
NOW = "2026-12-01T10:00:00Z"


def label(
    store: ReviewStore, document: Document, reviewer: str, labels: dict[int, Label], note: str = ""
) -> None:
    """``reviewer`` labels claims (numbered from 1) as a session would, each with ``note`` if given."""
    session = ReviewSession(document, store, reviewer)
    for number, value in labels.items():
        session.edit(number - 1, label=value, note=f"{note} {number}".strip() if note else "")


@pytest.fixture
def document(sample_fr: Path) -> Document:
    return load_document(sample_fr)


@pytest.fixture
def team(document: Document, db_path: Path) -> Path:
    """alice and bob on the French sample: claim 2 disputed between them, 5 only alice, 1 3 4 6 unanimous."""
    store = ReviewStore(db_path)
    label(store, document, "alice", {1: V, 2: V, 3: D, 4: OP, 5: V, 6: V})
    label(store, document, "bob", {1: V, 2: D, 3: D, 4: OP, 6: V}, note="bob says")
    store.close()
    return db_path


def reopen(document: Document, db_path: Path, adjudicator: str = "carol") -> Adjudication:
    return Adjudication(document, ReviewStore(db_path), adjudicator, clock=lambda: NOW)


def reviews_of(db_path: Path, document: Document) -> list[Review]:
    return sorted(ReviewStore(db_path).reviews(document.doc_id), key=lambda r: r.key)


def test_claim_status() -> None:
    assert claim_status([V, V]) is ClaimStatus.AGREE
    assert claim_status([V, D]) is ClaimStatus.DISAGREE
    assert claim_status([V, None, D]) is ClaimStatus.DISAGREE
    assert claim_status([None, D]) is ClaimStatus.INCOMPLETE
    assert claim_status([None, None]) is ClaimStatus.UNREVIEWED
    assert [s.symbol for s in ClaimStatus] == ["·", "=", "≠", "◐"]


def test_pending_claims_carry_every_reviewers_review(document: Document, team: Path) -> None:
    adjudication = reopen(document, team)
    assert adjudication.reviewers == ("alice", "bob")
    assert adjudication.pending() == [1, 4]
    claim2 = adjudication.verdicts(1)
    assert claim2.status is ClaimStatus.DISAGREE and claim2.final is None
    assert [(name, r.label if r else None, r.note if r else None) for name, r in claim2.reviews] == [
        ("alice", V, ""),
        ("bob", D, "bob says 2"),
    ]
    claim5 = adjudication.verdicts(4)
    assert claim5.status is ClaimStatus.INCOMPLETE and dict(claim5.reviews)["bob"] is None
    assert adjudication.status(0) is ClaimStatus.AGREE and adjudication.status(6) is ClaimStatus.UNREVIEWED
    progress = adjudication.progress()
    assert progress.line() == "disagreements 1 · incomplete 1 · adjudicated 0 · left 2"
    assert (progress.unanimous, progress.unanimous_open) == (4, 4)


def test_adopt_and_own_verdicts_are_separate_records(document: Document, team: Path) -> None:
    before = reviews_of(team, document)
    adjudication = reopen(document, team)
    step = adjudication.adopt(1, adjudication.reviewer_at(2))
    assert step is not None and step.claim_index == 1
    assert adjudication.adopt(1, "bob") is None  # the same verdict again changes nothing
    adjudication.decide(4, label=D, note="  312 mm, not 580  ", sources=["https://example.org/meteo", " "])

    again = reopen(document, team)
    adopted = again.final(1)
    assert adopted is not None
    assert (adopted.label, adopted.note, adopted.adopted_from, adopted.adjudicated_by) == (
        D,
        "bob says 2",
        ("bob",),
        "carol",
    )
    assert (adopted.created_at, adopted.updated_at) == (NOW, NOW)
    assert adopted.anchor.exact == document.claims[1].text
    own = again.final(4)
    assert own is not None
    assert (own.label, own.note, own.sources, own.adopted_from) == (
        D,
        "312 mm, not 580",
        ("https://example.org/meteo",),
        (),
    )
    assert again.progress().line() == "disagreements 1 · incomplete 1 · adjudicated 2 · left 0"
    assert reviews_of(team, document) == before  # the reviewers' reviews are never touched
    # Editing an adopted verdict makes it the adjudicator's own.
    again.decide(1, note="checked with the station")
    edited = reopen(document, team).final(1)
    assert edited is not None and edited.adopted_from == () and edited.label is D


def test_adopting_nothing_or_nobody_is_refused(document: Document, team: Path) -> None:
    adjudication = reopen(document, team)
    with pytest.raises(UsageError, match="bob has not labelled claim 5"):
        adjudication.adopt(4, "bob")
    with pytest.raises(UsageError, match="there is no reviewer 3: reviewers are 1 alice, 2 bob"):
        adjudication.reviewer_at(3)
    assert ReviewStore(team).final_verdicts(document.doc_id) == []


def test_accept_unanimous_counts_first_then_accepts_in_one_undoable_step(
    document: Document, team: Path
) -> None:
    adjudication = reopen(document, team)
    open_claims = adjudication.unanimous_open()
    assert open_claims == [0, 2, 3, 5]
    # Another window decides claim 4 between the count and the confirmation: it is left alone.
    other = reopen(document, team, adjudicator="dave")
    other.decide(3, label=V)
    step = adjudication.accept_unanimous(open_claims)
    assert step is not None and [index for index, _, _ in step.changes] == [0, 2, 5]
    stored = {v.anchor.start: v for v in ReviewStore(team).final_verdicts(document.doc_id)}
    claim1 = stored[document.claims[0].start]
    assert (claim1.label, claim1.adopted_from, claim1.note) == (V, ("alice", "bob"), "bob says 1")
    assert stored[document.claims[3].start].adjudicated_by == "dave"
    assert reopen(document, team).unanimous_open() == []

    adjudication.undo()
    reopened = reopen(document, team)
    assert reopened.unanimous_open() == [0, 2, 5]
    assert reopened.final(3) is not None  # dave's verdict was never part of the step
    adjudication.redo()
    assert reopen(document, team).unanimous_open() == []


def test_undo_and_redo_on_a_reopened_store(document: Document, team: Path) -> None:
    adjudication = reopen(document, team)
    adjudication.adopt(1, "alice")
    adjudication.adopt(1, "bob")
    assert adjudication.can_undo and not adjudication.can_redo
    step = adjudication.undo()
    assert step is not None and step.claim_index == 1
    verdict = reopen(document, team).final(1)
    assert verdict is not None and verdict.adopted_from == ("alice",)
    adjudication.undo()
    assert reopen(document, team).final(1) is None
    assert adjudication.undo() is None
    adjudication.redo()
    adjudication.redo()
    verdict = reopen(document, team).final(1)
    assert verdict is not None and verdict.adopted_from == ("bob",)


def test_undo_leaves_a_verdict_changed_elsewhere_alone(document: Document, team: Path) -> None:
    adjudication = reopen(document, team)
    adjudication.adopt(1, "alice")
    reopen(document, team, adjudicator="dave").decide(1, label=OP)
    with pytest.raises(VerdictChangedElsewhere, match="claim\\(s\\) 2 was changed in another window"):
        adjudication.undo()
    verdict = reopen(document, team).final(1)
    assert verdict is not None and (verdict.label, verdict.adjudicated_by) == (OP, "dave")
    assert adjudication.final(1) == verdict  # what the adjudicator sees is what is stored


def test_clearing_a_verdict_removes_the_record(document: Document, team: Path) -> None:
    adjudication = reopen(document, team)
    adjudication.decide(1, label=D)
    adjudication.decide(1, label=None)
    assert ReviewStore(team).final_verdicts(document.doc_id) == []
    assert reopen(document, team).progress().adjudicated == 0


def test_reviewers_can_be_chosen(document: Document, team: Path) -> None:
    store = ReviewStore(team)
    label(store, document, "zoe", {7: OP})
    adjudication = Adjudication(document, store, "carol", reviewers=["alice", "bob"])
    assert adjudication.reviewers == ("alice", "bob") and 6 not in adjudication.pending()
    assert 6 in Adjudication(document, store, "carol").pending()  # zoe alone on claim 7: incomplete


def test_a_malformed_verdict_stops_with_its_key(document: Document, team: Path) -> None:
    adjudication = reopen(document, team)
    adjudication.decide(1, label=D)
    storage = ReviewStore(team).document_storage(document.doc_id)  # the document's own file
    data = storage.read() or {}
    (record_id,) = data["final_verdicts"]
    storage.apply("final_verdicts", record_id, data["final_verdicts"][record_id] | {"label": 42})
    with pytest.raises(CorruptDatabaseError, match=r"final_verdicts.*is malformed"):
        ReviewStore(team).final_verdicts(document.doc_id)


def test_final_verdicts_follow_a_changed_document(tmp_path: Path, sample_fr: Path, db_path: Path) -> None:
    path = tmp_path / "article.txt"
    shutil.copy(sample_fr, path)
    document = load_document(path)
    store = ReviewStore(db_path)
    store.register_document(document, NOW)
    label(store, document, "alice", {2: V, 3: D})
    label(store, document, "bob", {2: D, 3: V})
    adjudication = Adjudication(document, store, "carol", clock=lambda: NOW)
    adjudication.adopt(1, "bob")
    adjudication.adopt(2, "bob")
    text = path.read_text(encoding="utf-8")
    second, third = document.claims[1].text, document.claims[2].text
    # A new first paragraph moves every claim; the third claim is reworded a little.
    reworded = third.replace("projets de retenues", "projets de bassins")
    text = text.replace(third, reworded, 1)
    path.write_text("Un chapeau ajouté en tête.\n\n" + text, encoding="utf-8")
    changed = load_document(path)
    assert carry_over(store, changed, NOW) is not None
    moved = Adjudication(changed, ReviewStore(db_path), "carol")
    by_text = {changed.claims[i].text: moved.final(i) for i in moved.pending()}
    kept, flagged = by_text[second], by_text[reworded]
    assert kept is not None and (kept.label, kept.recheck, kept.adopted_from) == (D, "", ("bob",))
    assert kept.anchor.start == changed.text.index(second) and kept.doc_id == changed.doc_id
    assert flagged is not None and (flagged.label, flagged.recheck) == (V, third)
    assert moved.progress().line() == "disagreements 2 · adjudicated 1 · left 1"  # to decide again
    assert len(store.final_verdicts(document.doc_id)) == 2  # the old version keeps its verdicts


def test_final_verdict_records_round_trip() -> None:
    from reviewer.model import Anchor

    verdict = FinalVerdict(
        "a" * 64, Anchor("x", "", "", 0, 1), "carol", D, "n", ("s",), ("bob",), NOW, NOW, "old"
    )
    assert FinalVerdict.from_record(verdict.to_record()) == verdict
    assert verdict.key.endswith(":0-1:final")


def test_the_mode_is_a_scope_over_the_ordinary_navigation(document: Document, team: Path) -> None:
    from reviewer.review.navigation import Navigator

    adjudication = reopen(document, team)
    session = ReviewSession(document, ReviewStore(team), "carol")
    navigator = Navigator(session)
    assert navigator.set_scope(adjudication.needs).moved  # off claim 1 (unanimous) to claim 2
    assert session.cursor == 1 and list(navigator.listed_paragraphs()) == [1, 2]
    assert navigator.step(1) and session.cursor == 4
    assert not navigator.step(1) and session.cursor == 4
    assert adjudication.next_left(4) == 1 and adjudication.next_left(1, -1) == 4
    navigator.set_scope(None)
    assert navigator.step(1) and session.cursor == 5
