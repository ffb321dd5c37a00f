"""``reviewer split``, ``join`` and ``narrow``: reshapes from a script, asserted on the reopened store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.model import Label, OrphanStatus
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from tests.helpers import db_snapshot
from tests.helpers import run_cli as run

QUOTE_START = "En mars, d’habitude"  # claim 6 of the French sample: a quotation, then who said it
SAID = "soupire le vigneron"


def reopened(sample_fr: Path, db_path: Path, reviewer: str = "tester") -> ReviewSession:
    """A new session on the store as another process would open it."""
    return ReviewSession(load_document(sample_fr), ReviewStore(db_path), reviewer)


def texts(session: ReviewSession) -> list[str]:
    return [claim.text for claim in session.claims.all()]


@pytest.fixture
def doc(sample_fr: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "vignoble.txt"
    copy.write_bytes(sample_fr.read_bytes())
    return copy


def test_split_at_a_text_keeps_the_review_on_the_first_part(
    capsys: pytest.CaptureFixture[str], doc: Path, db_path: Path
) -> None:
    db = ("--db", str(db_path))
    assert run(capsys, "mark", str(doc), "6", "opinion", "--note", "le ressenti", *db)[0] == 0
    code, out, err = run(capsys, "split", str(doc), "6", "--at", SAID, *db)
    assert (code, err) == (0, "")
    assert "claim 6 split in two" in out and "claim 7 (665–762): · unreviewed — soupire" in out
    session = reopened(doc, db_path)
    assert QUOTE_START in session.claims[5].text and session.claims[5].text.endswith("»,")
    assert session.claims[6].text.startswith(SAID)
    review = session.review(5)
    assert review is not None and review.label == Label.OPINION and review.note == "le ressenti"
    assert session.review(6) is None
    assert session.reshaped(5) and session.reshaped(6)


def test_split_at_an_offset_with_json(capsys: pytest.CaptureFixture[str], doc: Path, db_path: Path) -> None:
    code, out, _ = run(capsys, "split", str(doc), "6", "--at", "665", "--json", "--db", str(db_path))
    assert code == 0
    data = json.loads(out)
    assert data["reshape"] == "split" and data["paragraph"] == 3 and data["claim"] == 6
    changed = [c for c in data["claims"] if c["changed"]]
    assert [(c["number"], c["start"], c["end"], c["reshaped"]) for c in changed] == [
        (6, 581, 664, True),
        (7, 665, 762, True),
    ]
    assert data["set_aside"] == [] and data["others_left_behind"] == []
    assert reopened(doc, db_path).claims[6].start == 665


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("split", "6", "--at", "5"), "--at 5: claim 6 runs from offset 581 to 762"),
        (("split", "6", "--at", "zzz"), "--at 'zzz' is not in claim 6"),
        (("split", "6", "--at", "de"), "occurs 6 times in claim 6"),
        (("split", "6", "--at", "581"), "needs an offset inside it"),
        (("split", "99", "--at", "x"), "there is no claim 99"),
        (("split", "six", "--at", "x"), "CLAIM must be a claim number"),
        (("join", "6"), "claims 6 and 7 are in different paragraphs"),
        (("join", "61"), "claim 61 is the last claim"),
        (("narrow", "8", "--start", "99999"), "--start 99999: claim 8's paragraph runs from offset 764"),
        (("narrow", "8", "--start", "il est tombé", "--end", "Carsac"), "new end (855) must come after"),
        (("narrow", "8"), "give --start, --end or both"),
        (("narrow", "7", "--end", "L’hiver n’a pas"), "would take in all of claim 8"),
    ],
)
def test_a_reshape_that_cannot_be_made_is_one_line_exit_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], doc: Path, db_path: Path, argv: tuple[str, ...], says: str
) -> None:
    db = ("--db", str(db_path))
    assert run(capsys, "mark", str(doc), "1", "verified", *db)[0] == 0
    before = db_snapshot(db_path)
    command, *rest = argv
    code, out, err = run(capsys, command, str(doc), *rest, *db)
    assert code == 2, err
    assert out == "" and err.count("\n") == 1 and says in err, err
    assert db_snapshot(db_path) == before


def test_join_of_two_reviewed_claims_needs_keep_and_sets_the_other_aside(
    capsys: pytest.CaptureFixture[str], doc: Path, db_path: Path
) -> None:
    db = ("--db", str(db_path))
    run(capsys, "mark", str(doc), "7", "verified", "--note", "première", *db)
    run(capsys, "mark", str(doc), "8", "disputed", "--note", "seconde", *db)
    before = db_snapshot(db_path)
    code, _, err = run(capsys, "join", str(doc), "7", *db)
    assert code == 2 and "give --keep first (claim 7's) or --keep second" in err
    assert db_snapshot(db_path) == before
    code, out, err = run(capsys, "join", str(doc), "7", "--keep", "second", *db)
    assert (code, err) == (0, "")
    assert "claims 7 and 8 joined" in out and "set aside as a dismissed orphan" in out
    session = reopened(doc, db_path)
    joined = session.claims[6]
    assert joined.text.startswith("Les chiffres lui donnent raison. D’après")
    review = session.review(6)
    assert review is not None and review.label == Label.DISPUTED and review.note == "seconde"
    orphans = ReviewStore(db_path).orphans(session.document.doc_id, "tester")
    assert [(o.review.note, o.status) for o in orphans] == [("première", OrphanStatus.DISMISSED)]
    assert len(texts(session)) == 60


def test_narrow_by_text_keeps_the_review_and_trims_nothing_else(
    capsys: pytest.CaptureFixture[str], doc: Path, db_path: Path
) -> None:
    db = ("--db", str(db_path))
    run(capsys, "mark", str(doc), "8", "verified", *db)
    code, out, _ = run(
        capsys, "narrow", str(doc), "8", "--start", "il est tombé", "--end", "580 millimètres", "--json", *db
    )
    assert code == 0
    data = json.loads(out)
    claim = next(c for c in data["claims"] if c["number"] == 8)
    assert claim["text"].startswith("il est tombé") and claim["text"].endswith("580 millimètres")
    assert claim["label"] == "verified" and claim["reshaped"] and claim["changed"]
    session = reopened(doc, db_path)
    assert session.claims[7].text == claim["text"]
    assert session.label(7) == Label.VERIFIED
    code, out, _ = run(capsys, "narrow", str(doc), "8", "--end", str(claim["end"]), *db)
    assert code == 0 and "claim 8: unchanged" in out


def test_the_reshaping_reviewer_is_told_whose_reviews_stay_on_the_old_span(
    capsys: pytest.CaptureFixture[str], doc: Path, db_path: Path
) -> None:
    db = ("--db", str(db_path))
    run(capsys, "mark", str(doc), "6", "opinion", "--reviewer", "bob", *db)
    run(capsys, "mark", str(doc), "6", "verified", "--reviewer", "alice", *db)
    code, out, _ = run(capsys, "split", str(doc), "6", "--at", SAID, "--reviewer", "alice", *db)
    assert code == 0
    assert "bob had reviewed the old claim" in out and "among bob's orphans" in out
    bob = reopened(doc, db_path, "bob")
    assert [(o.reviewer, o.label) for o in bob.orphans] == [("bob", Label.OPINION)]  # kept, shown
    code, out, _ = run(capsys, "join", str(doc), "6", "--reviewer", "alice", "--json", *db)
    assert code == 0 and json.loads(out)["others_left_behind"] == []  # the old span is a claim again
    assert reopened(doc, db_path, "bob").label(5) == Label.OPINION


def test_help_lists_the_reshape_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("split", "join", "narrow"):
        assert command in out
    code, out, _ = run(capsys, "split", "--help")
    assert code == 0 and "TEXT-OR-OFFSET" in out and "other reviewers' reviews stay" in " ".join(out.split())
