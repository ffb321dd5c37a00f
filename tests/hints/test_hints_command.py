"""``reviewer hints FILE``: the headless ranking, its JSON, and its one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli import main as cli_main


def main(argv: list[str]) -> int:
    return cli_main(["hints", *argv])


def test_ranking_as_json(sample_en: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(sample_en), "--top", "5", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["model"]["name"] == "en-linear" and payload["hints"]["active"]
    claims = payload["claims"]
    assert len(claims) == 5
    scores = [claim["score"] for claim in claims]
    assert scores == sorted(scores, reverse=True)
    assert all(claim["flagged"] and claim["reasons"] for claim in claims)
    assert all(1 <= claim["number"] <= payload["document"]["claims"] for claim in claims)


def test_table_lists_claim_numbers_and_why(sample_en: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(sample_en), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "claims hinted" in out and out.count("why: ") == 3 and "▲" in out


def test_french_gets_a_clear_no(sample_fr: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(sample_fr), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["hints"] == {
        "active": False,
        "experimental": False,
        "message": "no hints for French (fr): the en-linear model knows English (en) only",
    }
    assert payload["claims"] == []
    assert main([str(sample_fr)]) == 0
    assert "no hints for French" in capsys.readouterr().err


def test_errors_are_one_line(tmp_path: Path, sample_en: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing.md")]) == 1
    assert main([str(sample_en), "--model", str(tmp_path / "none.json")]) == 1
    assert main([str(sample_en), "--top", "0"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("reviewer: ") for line in lines)
