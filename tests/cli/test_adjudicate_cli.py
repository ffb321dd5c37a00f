"""``reviewer adjudicate`` through the real command line: list, adopt, own verdict, bulk accept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.storage.store import ReviewStore
from tests.cli.test_agreement_cli import mark
from tests.helpers import run_cli as run


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_fr: Path) -> str:
    path = str(tmp_path / "team.json")
    mark(capsys, path, sample_fr, "alice", "vvdovv")
    mark(capsys, path, sample_fr, "bob", "vddo.v")
    return path


def test_list_adopt_decide_and_accept(capsys: pytest.CaptureFixture[str], db: str, sample_fr: Path) -> None:
    doc = str(sample_fr)
    code, out, _ = run(capsys, "adjudicate", doc, "--db", db, "--reviewer", "carol")
    assert code == 0
    assert "adjudication by carol · reviewers: 1 alice, 2 bob" in out
    assert "disagreements 1 · incomplete 1 · adjudicated 0 · left 2" in out
    assert "≠ claim 2 · disagree · final none" in out and "◐ claim 5 · incomplete" in out
    assert "    2 bob    · not labelled" in out

    code, out, _ = run(capsys, "adjudicate", doc, "2", "--adopt", "2", "--db", db, "--reviewer", "carol")
    assert code == 0 and out.startswith("claim 2: final ✘ disputed (carol, adopted from bob) (saved)")
    code, out, _ = run(
        capsys, "adjudicate", doc, "5", "d", "--note", "312 mm", "--source", "Météo-France", "--db", db,
        "--reviewer", "carol",
    )  # fmt: skip
    assert code == 0 and out.startswith("claim 5: final ✘ disputed ✎ (carol) (saved)")
    assert out.splitlines()[1] == "disagreements 1 · incomplete 1 · adjudicated 2 · left 0"

    code, out, _ = run(capsys, "adjudicate", doc, "--accept-unanimous", "--db", db, "--reviewer", "carol")
    assert code == 0 and out.startswith(
        "4 unanimous claim(s) have no final verdict yet; run again with --yes"
    )
    document = load_document(sample_fr)
    assert len(ReviewStore(db).final_verdicts(document.doc_id)) == 2  # counted, not done
    code, out, _ = run(
        capsys, "adjudicate", doc, "--accept-unanimous", "--yes", "--db", db, "--reviewer", "carol"
    )
    assert out.startswith("accepted 4 unanimous claim(s) as final")
    assert len(ReviewStore(db).final_verdicts(document.doc_id)) == 6

    data = json.loads(run(capsys, "adjudicate", doc, "--json", "--db", db, "--reviewer", "carol")[1])
    assert data["progress"] == {
        "disagreements": 1, "incomplete": 1, "adjudicated": 2, "left": 0, "unanimous": 4, "unanimous_open": 0,
    }  # fmt: skip
    first = data["claims"][0]
    assert first["number"] == 2 and first["reviews"]["bob"]["label"] == "disputed"
    assert first["final"]["adopted_from"] == ["bob"] and first["final"]["adjudicated_by"] == "carol"
    assert data["claims"][1]["reviews"]["bob"] is None
    # The reviewers' own labels are what they were.
    alice = {r.anchor.start: r.label for r in ReviewStore(db).reviews(document.doc_id, "alice")}
    assert alice[document.claims[1].start] == "verified"


def test_mistakes_are_one_line(capsys: pytest.CaptureFixture[str], db: str, sample_fr: Path) -> None:
    doc = str(sample_fr)
    cases = [
        (("5", "--adopt", "bob"), "bob has not labelled claim 5: nothing to adopt"),
        (("2", "--adopt", "zoe"), "zoe is not a reviewer of this document: reviewers are alice, bob"),
        (("2", "--adopt", "3"), "there is no reviewer 3: reviewers are 1 alice, 2 bob"),
        (("2", "maybe"), "unknown label 'maybe'"),
        (("99", "v"), "there is no claim 99"),
        (("2",), "give a LABEL (or --note/--source), or --adopt REVIEWER"),
        (("--adopt", "bob"), "give the CLAIM number to decide"),
        (("2", "--accept-unanimous"), "--accept-unanimous takes no CLAIM"),
        (("2", "v", "--adopt", "bob"), "--adopt takes the reviewer's label"),
    ]
    for extra, message in cases:
        code, _, err = run(capsys, "adjudicate", doc, *extra, "--db", db, "--reviewer", "carol")
        assert code == 2 and message in err and err.count("\n") == 1, (extra, err)
