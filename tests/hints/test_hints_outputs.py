"""Hints in the headless outputs: ``claims --json --hints`` and ``export --hints`` (schema-valid)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from reviewer.cli import main
from reviewer.schemas import export_schema


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_claims_json_carries_hints_only_when_asked(
    sample_en: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = run_json(capsys, "claims", str(sample_en), "--json")
    assert "hints" not in plain
    hinted = run_json(capsys, "claims", str(sample_en), "--json", "--hints")
    assert hinted["hints"]["active"] and hinted["hints"]["model"] == "en-linear"  # type: ignore[index]
    claims = [c for p in hinted["paragraphs"] for c in p["claims"]]  # type: ignore[attr-defined]
    flagged = [c for c in claims if c["hint"]["flagged"]]
    assert 0 < len(flagged) < len(claims)
    assert all(c["hint"]["reasons"] for c in flagged)


def test_export_with_hints_is_schema_valid_and_french_says_why_none(
    sample_en: Path, sample_fr: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    validator = Draft202012Validator(export_schema())
    english = run_json(capsys, "export", str(sample_en), "--hints")
    validator.validate(english)
    assert all(claim["hint"] is not None for claim in english["claims"])  # type: ignore[attr-defined]
    french = run_json(capsys, "export", str(sample_fr), "--hints")
    validator.validate(french)
    assert not french["hints"]["active"] and "French" in french["hints"]["message"]  # type: ignore[index]
    assert all(claim["hint"] is None for claim in french["claims"])  # type: ignore[attr-defined]
    plain = run_json(capsys, "export", str(sample_en))
    assert "hints" not in plain and all("hint" not in claim for claim in plain["claims"])  # type: ignore[attr-defined]
