"""``reviewer agreement`` and the α line of ``reviewer stats``, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli as run


def mark(capsys: pytest.CaptureFixture[str], db: str, doc: Path, reviewer: str, labels: str) -> None:
    """``labels``: one letter per claim from claim 1 on (``.`` leaves a claim unlabelled)."""
    for number, letter in enumerate(labels, start=1):
        if letter != ".":
            assert (
                run(capsys, "mark", str(doc), str(number), letter, "--db", db, "--reviewer", reviewer)[0] == 0
            )


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "team.json")


def test_agreement_text_json_and_all(capsys: pytest.CaptureFixture[str], db: str, sample_fr: Path) -> None:
    mark(capsys, db, sample_fr, "alice", "vvdov")
    mark(capsys, db, sample_fr, "bob", "vddo.v")
    code, out, err = run(capsys, "agreement", str(sample_fr), "--db", db)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1].endswith("· 61 claims · reviewers: alice, bob")
    assert (
        "Krippendorff's α 0.667 · 4 of 6 claims with two reviews or more · agreement 75.0 % · 2 reviewers"
        in out
    )
    assert "  alice  —            0.636 · n 4" in out
    assert "  ✔ verified  3        1      1         ✘ disputed 1" in out

    code, out, _ = run(capsys, "agreement", str(sample_fr), "--db", db, "--json")
    data = json.loads(out)
    assert data["claims"] == 61 and data["explanations"] == []
    assert data["agreement"]["pairable"] == 4 and data["agreement"]["kappas"][0]["n"] == 4
    assert data["agreement"]["alpha"]["value"] == pytest.approx(1 - 7 * 2 / 42)  # 1 − (n − 1) D / Σ n_c n_k

    code, out, _ = run(capsys, "agreement", "--all", "--db", db)
    assert code == 0 and "1 document in" in out
    assert out.splitlines()[3].startswith("0.667  75.0 %     4 of 61   2          Sécheresse")
    code, out, _ = run(capsys, "agreement", "--all", "--db", db, "--json")
    (row,) = json.loads(out)["documents"]
    assert row["reviewers"] == ["alice", "bob"] and row["pairable"] == 4


def test_undefined_and_mistakes(capsys: pytest.CaptureFixture[str], db: str, sample_fr: Path) -> None:
    mark(capsys, db, sample_fr, "alice", "v")
    code, out, _ = run(capsys, "agreement", str(sample_fr), "--db", db)
    assert code == 0
    assert "α undefined (no claim has two reviews)" in out and "Only 1 reviewer (alice)" in out
    code, _, err = run(capsys, "agreement", str(sample_fr), "--db", db, "--reviewers", "alice,zoe")
    assert code == 2 and err == ("reviewer: zoe: no label on this document; reviewers with labels: alice\n")
    assert run(capsys, "agreement", "--db", db)[0] == 2
    assert run(capsys, "agreement", str(sample_fr), "--all", "--db", db)[0] == 2
    code, out, _ = run(capsys, "agreement", "--all", "--db", str(Path(db).with_name("empty.json")))
    assert code == 0 and out.startswith("no documents yet")


def test_stats_prints_alpha_once_two_reviewers_labelled(
    capsys: pytest.CaptureFixture[str], db: str, sample_fr: Path
) -> None:
    mark(capsys, db, sample_fr, "alice", "vv")
    code, out, _ = run(capsys, "stats", str(sample_fr), "--db", db, "--reviewer", "alice")
    assert code == 0 and "agreement:" not in out
    alone = json.loads(run(capsys, "stats", str(sample_fr), "--db", db, "--json")[1])
    assert alone["agreement"] is None and alone["adjudication"] is None
    mark(capsys, db, sample_fr, "bob", "vd")
    out = run(capsys, "stats", str(sample_fr), "--db", db, "--reviewer", "alice")[1]
    assert (
        "agreement: Krippendorff's α 0.000 · 2 of 2 claims with two reviews or more · agreement 50.0 %" in out
    )
    assert "adjudication: disagreements 1 · adjudicated 0 · left 1 (reviewer adjudicate FILE" in out
    data = json.loads(run(capsys, "stats", str(sample_fr), "--db", db, "--json")[1])
    assert data["agreement"]["reviewers"] == ["alice", "bob"] and data["agreement"]["pairable"] == 2
    assert data["adjudication"]["left"] == 1 and data["adjudication"]["unanimous"] == 1
