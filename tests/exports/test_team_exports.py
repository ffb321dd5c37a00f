"""Team exports: --final in the flat formats, the diagnosis CSV, the version 2 JSON and its import."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from reviewer.cli import main
from reviewer.errors import ReviewerError
from reviewer.exports import ExportOptions, render
from reviewer.exports.teamexport import build_team_export
from reviewer.model import Label
from reviewer.review.adjudication import Adjudication
from reviewer.review.importing import import_export
from reviewer.review.session import ReviewSession
from reviewer.schemas import TEAM_EXPORT_SCHEMA_VERSION, export_schema
from reviewer.storage.store import ReviewStore
from tests.golden import EXPORTED_AT, GOLDEN, clock, golden_session

UPDATE = bool(os.environ.get("REVIEWER_UPDATE_GOLDEN"))


@pytest.fixture
def team(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewSession:
    """The golden document: alice's reviews, bob's, and carol's final verdicts; alice's session."""
    alice = golden_session(db_path, monkeypatch)
    bob = ReviewSession(alice.document, alice.store, "bob", clock=clock)
    for index, label in ((0, Label.VERIFIED), (1, Label.VERIFIED), (2, Label.DISPUTED), (4, Label.DISPUTED)):
        bob.edit(index, label=label, note="Compté deux fois." if index == 1 else "")
    bob.edit(5, label=Label.OPINION)
    carol = Adjudication(alice.document, alice.store, "carol", clock=lambda: "2026-11-25T11:00:00Z")
    carol.adopt(1, "bob")
    carol.decide(2, label=Label.DISPUTED, note="=1+1 n'est pas une source", sources=["Registre, 2025"])
    carol.accept_unanimous(carol.unanimous_open())
    return alice


def check_golden(text: str, name: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs (REVIEWER_UPDATE_GOLDEN=1 to regenerate)"
    )


@pytest.mark.parametrize(
    ("name", "golden"),
    [("csv", "export-final.csv"), ("md", "report-final.fr.md"), ("claimreview", "claimreview-final.jsonld")],
)
def test_final_exports_use_final_verdicts_where_they_exist(
    team: ReviewSession, name: str, golden: str
) -> None:
    exported = render(team, name, EXPORTED_AT, ExportOptions(final=True))
    check_golden(exported.text, golden)


def test_final_csv_marks_which_rows_are_final(team: ReviewSession) -> None:
    rows = list(csv.DictReader(io.StringIO(render(team, "csv", EXPORTED_AT, ExportOptions(final=True)).text)))
    assert len(rows) == team.claims.count()
    assert [(r["label"], r["reviewer"], r["verdict"]) for r in rows] == [
        ("verified", "carol", "final"),  # unanimous, accepted
        ("verified", "carol", "final"),  # bob's verdict adopted over alice's disputed
        ("disputed", "carol", "final"),  # carol's own
        ("", "", ""),
        ("disputed", "carol", "final"),
        ("opinion", "carol", "final"),
    ]
    assert rows[2]["note"] == "'=1+1 n'est pas une source"  # the formula guard applies as ever
    plain = list(csv.DictReader(io.StringIO(render(team, "csv", EXPORTED_AT, ExportOptions()).text)))
    assert "verdict" not in plain[0] and plain[1]["label"] == "disputed"  # alice's own, without --final


def test_final_report_counts_what_it_shows(team: ReviewSession) -> None:
    html = render(team, "html", EXPORTED_AT, ExportOptions(final=True, language="en")).text
    assert "<dt>Final verdicts</dt><dd>5, by carol</dd>" in html
    assert "<em>(final verdict, carol)</em>" in html
    notice = render(team, "claimreview", EXPORTED_AT, ExportOptions(final=True)).notice
    assert notice.startswith("4 ClaimReview(s), 4 from final verdicts; 1 opinion(s) left out")


def test_diagnosis_csv_has_a_column_per_reviewer(team: ReviewSession) -> None:
    exported = render(team, "diagnosis", EXPORTED_AT, ExportOptions())
    check_golden(exported.text, "diagnosis.csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert list(rows[0])[4:6] == ["alice", "bob"]
    assert [(r["alice"], r["bob"], r["status"], r["final"], r["adopted_from"]) for r in rows] == [
        ("verified", "verified", "agree", "verified", "alice | bob"),
        ("disputed", "verified", "disagree", "verified", "bob"),
        ("", "disputed", "incomplete", "disputed", ""),
        ("", "", "unreviewed", "", ""),
        ("disputed", "disputed", "agree", "disputed", "alice | bob"),
        ("opinion", "opinion", "agree", "opinion", "alice | bob"),
    ]
    assert rows[2]["final_note"] == "'=1+1 n'est pas une source"
    assert exported.notice == "reviewers: alice, bob; 5 claim(s) with a final verdict"


def test_team_json_validates_and_import_says_it_is_for_archives(team: ReviewSession, tmp_path: Path) -> None:
    data = build_team_export(team, EXPORTED_AT)
    Draft202012Validator(export_schema(TEAM_EXPORT_SCHEMA_VERSION)).validate(data)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    check_golden(text.replace(json.dumps(data["generator"]["version"]), '"VERSION"'), "team-export.json")
    assert data["reviewers"] == ["alice", "bob"] and data["summary"]["adjudicated"] == 2
    assert [len(claim["reviews"]) for claim in data["claims"]] == [2, 2, 2, 0, 2, 2]  # alice: a note on 3
    assert [o["reviewer"] for o in data["orphans"]] == ["alice"]  # the re-segmented review
    path = tmp_path / "team.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ReviewerError, match=r"is a team export .* cannot be imported"):
        import_export(ReviewStore(tmp_path / "other.json"), path, reviewer="carol", now=EXPORTED_AT)


def test_a_newer_export_schema_is_refused(team: ReviewSession, tmp_path: Path) -> None:
    data = build_team_export(team, EXPORTED_AT) | {"schema_version": 5}
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReviewerError, match="export schema 5, this one reads 3 and writes 4"):
        import_export(team.store, path, reviewer="carol", now=EXPORTED_AT)


def test_cli_team_export_options(
    team: ReviewSession, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["export", "golden-doc.md", "--db", str(db_path)]
    assert main([*base, "--all-reviewers"]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out)["schema_version"] == TEAM_EXPORT_SCHEMA_VERSION
    assert main([*base, "--format", "diagnosis"]) == 0
    assert capsys.readouterr()[0].startswith("document,paragraph,claim,text,alice,bob,status")
    assert main([*base, "--all-reviewers", "--format", "csv"]) == 2
    assert "--all-reviewers is for the JSON export, not csv" in capsys.readouterr()[1]
    assert main([*base, "--final", "--format", "webannotation"]) == 2
    assert "--final applies to csv, tsv, md, html, claimreview, not webannotation" in capsys.readouterr()[1]
    assert main([*base, "--final", "--format", "csv"]) == 0
    assert capsys.readouterr()[0].splitlines()[0].endswith(",updated_at,verdict")
