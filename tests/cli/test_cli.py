"""The command line: every command's output, exit codes, and one-line errors with no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from reviewer.cli import main
from reviewer.schemas import export_schema
from tests.helpers import db_snapshot
from tests.helpers import run_cli as run


def test_claims_text_and_json(capsys: pytest.CaptureFixture[str], sample_fr: Path) -> None:
    code, out, _ = run(capsys, "claims", str(sample_fr))
    assert code == 0
    assert "language fr" in out and "¶ 1" in out
    assert "  1    Sécheresse" in out
    code, out, _ = run(capsys, "claims", str(sample_fr), "--json", "--lang", "fr")
    data = json.loads(out)
    numbers = [c["number"] for p in data["paragraphs"] for c in p["claims"]]
    assert numbers == list(range(1, len(numbers) + 1))


def test_mark_then_stats_export_and_docs(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "notes.json")
    code, out, err = run(
        capsys,
        "mark",
        "--db",
        db,
        str(sample_en),
        "4",
        "disputed",
        "--note",
        "Fare is $4.50",
        "--source",
        "https://example.org/a",
        "--source",
        "Council agenda",
    )
    assert (code, err) == (0, "")
    assert out.startswith("claim 4: ✘ disputed (saved)")
    assert run(capsys, "mark", str(sample_en), "5", "v", "--db", db)[0] == 0
    assert run(capsys, "mark", str(sample_en), "6", "o", "--db", db, "--reviewer", "bob")[0] == 0

    code, out, _ = run(capsys, "stats", str(sample_en), "--db", db)
    assert code == 0
    assert "tester: reviewed 2/" in out and "✘ 1 disputed" in out and "bob: reviewed 1/" in out
    code, out, _ = run(capsys, "stats", str(sample_en), "--db", db, "--json")
    stats = json.loads(out)
    assert stats["summary"]["reviewed"] == 2 and stats["other_reviewers"] == {"bob": 1}

    code, out, _ = run(capsys, "export", str(sample_en), "--db", db)
    data = json.loads(out)
    Draft202012Validator(export_schema()).validate(data)
    fourth = data["claims"][3]
    assert fourth["label"] == "disputed" and fourth["note"] == "Fare is $4.50"
    assert fourth["sources"] == ["https://example.org/a", "Council agenda"]

    target = tmp_path / "out.json"
    code, _, err = run(capsys, "export", str(sample_en), "--db", db, "-o", str(target))
    assert code == 0 and "to " + str(target) in err
    assert json.loads(target.read_text())["summary"]["reviewed"] == 2

    code, out, _ = run(capsys, "docs", "--db", db)
    assert code == 0 and "Port Alder" in out and "reviewed 2/" in out
    code, out, _ = run(capsys, "docs", "--db", db, "--json", "--reviewer", "bob")
    assert json.loads(out)["documents"][0]["reviewed"] == 1


def test_mark_clear_and_note_only(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "notes.json")
    run(capsys, "mark", str(sample_en), "2", "verified", "--db", db, "--note", "ok")
    code, out, _ = run(capsys, "mark", str(sample_en), "2", "clear", "--db", db)
    assert code == 0 and "unreviewed (saved)" in out
    data = json.loads(run(capsys, "export", str(sample_en), "--db", db)[1])
    assert data["claims"][1]["label"] is None and data["claims"][1]["note"] == "ok"
    code, out, _ = run(capsys, "mark", str(sample_en), "2", "clear", "--db", db)
    assert "(unchanged)" in out


def test_env_database_and_reviewer(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "env.json"))
    monkeypatch.setenv("REVIEWER_NAME", "carol")
    assert run(capsys, "mark", str(sample_en), "1", "v")[0] == 0
    assert (tmp_path / "env.json").exists()
    assert "carol" in run(capsys, "stats", str(sample_en))[1]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["claims", "missing.txt"], 1, "no such file"),
        (["claims", "{tmp}"], 1, "is a directory"),
        (["claims", "{tmp}/binary.bin"], 1, "binary"),
        (["claims", "{tmp}/empty.txt"], 1, "is empty"),
        (["mark", "{sample}", "9999", "v"], 2, "there is no claim 9999"),
        (["mark", "{sample}", "0", "v"], 2, "there is no claim 0"),
        (["mark", "{sample}", "two", "v"], 2, "must be a claim number"),
        (["mark", "{sample}", "1", "true"], 2, "unknown label"),
        (["stats", "{sample}", "--db", "{tmp}/corrupt.json"], 1, "damaged"),
        (["stats", "{sample}", "--db", "{tmp}"], 1, "is a directory"),
        (["export", "{sample}", "-o", "{tmp}/no/such/dir.json"], 1, "does not exist"),
        (["claims", "{sample}", "--max-mb", "0.001"], 1, "limit"),
        (["claims", "{sample}", "--max-mb", "-1"], 2, "positive"),
        (["mark", "{sample}"], 2, "required"),
        (["claims", "{sample}", "--bogus"], 2, "unrecognized arguments"),
    ],
)
def test_errors_are_one_line_with_the_right_exit_code(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sample_en: Path,
    argv: list[str],
    code: int,
    message: str,
) -> None:
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02" * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "corrupt.json").write_bytes(b"{not json")
    args = [a.format(tmp=tmp_path, sample=sample_en) for a in argv]
    got, out, err = run(capsys, *args)
    assert got == code
    assert message in err
    assert "Traceback" not in err + out
    if code == 1 or "reviewer: " in err.splitlines()[0]:
        assert err.count("\n") == 1 and err.startswith("reviewer: ")
    assert (tmp_path / "corrupt.json").read_bytes() == b"{not json"


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("review", "claims", "mark", "stats", "docs", "export"):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and "--db" in out
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "REVIEWER_DB" in out and "mark" in out


def test_help_names_the_data_folder_the_database_lives_in(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("REVIEWER_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, out, _ = run(capsys, "--help")
    assert code == 0 and f"default database: {tmp_path / 'data' / 'reviewer' / 'reviews.json'}" in out


def test_console_script_runs_without_arguments_on_the_bundled_sample(tmp_path: Path) -> None:
    env = os.environ | {"REVIEWER_DB": str(tmp_path / "db.json"), "NO_COLOR": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reviewer",
            "claims",
            str(Path(__file__).resolve().parents[2] / "sample_docs" / "harbour-bridge-levy.md"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "Port Alder" in result.stdout


def test_a_corrupt_database_in_a_subprocess_is_one_line(tmp_path: Path, sample_en: Path) -> None:
    db = tmp_path / "db.json"
    db.write_bytes(b"\xff\xfe garbage")
    result = subprocess.run(
        [sys.executable, "-m", "reviewer", "mark", str(sample_en), "1", "v", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "left untouched" in result.stderr
    assert db.read_bytes() == b"\xff\xfe garbage"


def test_export_formats_by_flag_and_by_suffix(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "notes.json")
    run(capsys, "mark", str(sample_en), "2", "disputed", "--db", db, "--note", "wrong date")
    run(capsys, "mark", str(sample_en), "3", "opinion", "--db", db)
    code, out, err = run(
        capsys, "export", str(sample_en), "--db", db, "--format", "csv", "--only", "disputed"
    )
    assert code == 0 and out.count("\n") == 2 and "wrong date" in out  # header and one row
    target = tmp_path / "report.md"
    code, _, err = run(capsys, "export", str(sample_en), "--db", db, "-o", str(target))
    assert code == 0 and "as md to" in err and target.read_text().startswith("# ")
    code, out, err = run(capsys, "export", str(sample_en), "--db", db, "--format", "claimreview")
    assert code == 0 and json.loads(out) and "opinion" in err  # says what it left out
    code, _, err = run(capsys, "export", str(sample_en), "--db", db, "--format", "pdf")
    assert code == 2 and "invalid choice" in err


def test_export_never_overwrites_its_inputs(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = tmp_path / "notes.json"
    run(capsys, "mark", str(sample_en), "2", "v", "--db", str(db))
    before = db_snapshot(db)
    for target in (db, sample_en):
        code, _, err = run(capsys, "export", str(sample_en), "--db", str(db), "-o", str(target))
        assert code != 0 and "choose another file name" in err
    assert db_snapshot(db) == before


def test_import_merges_another_reviewers_export(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    theirs, ours = str(tmp_path / "theirs.json"), str(tmp_path / "ours.json")
    run(capsys, "mark", str(sample_en), "4", "disputed", "--db", theirs, "--reviewer", "bob")
    exported = tmp_path / "bob.json"
    run(capsys, "export", str(sample_en), "--db", theirs, "--reviewer", "bob", "-o", str(exported))
    code, out, _ = run(capsys, "import", str(exported), "--db", ours, "--dry-run")
    assert code == 0 and not Path(ours).exists()
    code, out, _ = run(capsys, "import", str(exported), "--db", ours)
    assert code == 0 and "1" in out
    code, out, _ = run(capsys, "stats", str(sample_en), "--db", ours, "--reviewer", "bob", "--json")
    assert json.loads(out)["summary"]["labels"]["disputed"] == 1


def test_mark_can_change_only_the_note(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "notes.json")
    assert run(capsys, "mark", str(sample_en), "2", "v", "--db", db)[0] == 0
    code, out, _ = run(capsys, "mark", str(sample_en), "2", "--note", "from the agenda", "--db", db)
    assert code == 0 and "✔ verified (saved)" in out
    code, _, err = run(capsys, "mark", str(sample_en), "2", "--db", db)
    assert code == 2 and "give a LABEL" in err


def test_an_unknown_language_code_is_refused_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.json"
    assert main(["claims", str(sample_en), "--lang", "xx", "--db", str(db)]) == 2
    assert "unknown language code 'xx'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main(["claims", str(sample_en), "--lang", "FR", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["language"] == "fr"


def test_export_only_accepts_unreviewed_and_refuses_unknown_values_with_exit_2(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "notes.json")
    run(capsys, "mark", str(sample_en), "2", "disputed", "--db", db)
    code, out, err = run(
        capsys, "export", str(sample_en), "--db", db, "--format", "tsv", "--only", "unreviewed"
    )
    assert code == 0, err
    rows = out.splitlines()[1:]
    assert rows and all(row.split("\t")[4] == "" for row in rows)  # no label in any row
    numbers = [int(row.split("\t")[2]) for row in rows]
    assert 2 not in numbers and 1 in numbers  # claim 2, the disputed one, is left out
    for word in ("v", "disputed", "all"):
        assert run(capsys, "export", str(sample_en), "--db", db, "--format", "csv", "--only", word)[0] == 0
    code, out, err = run(capsys, "export", str(sample_en), "--db", db, "--format", "csv", "--only", "bogus")
    assert code == 2 and out == "" and "unreviewed" in err and err.count("\n") == 1


def test_export_refuses_an_unknown_suffix_without_format(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "notes.json")
    target = tmp_path / "notes.xlsx"
    code, _, err = run(capsys, "export", str(sample_en), "--db", db, "-o", str(target))
    assert code == 2 and ".xlsx" in err and "--format" in err
    assert not target.exists()
    code, _, err = run(capsys, "export", str(sample_en), "--db", db, "-o", str(target), "--format", "csv")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("document,")
    bare = tmp_path / "notes"
    assert run(capsys, "export", str(sample_en), "--db", db, "-o", str(bare))[0] == 0  # no suffix: JSON
    assert json.loads(bare.read_text(encoding="utf-8"))["schema_version"] == 3


def test_an_empty_source_is_refused_and_clear_sources_says_what_it_does(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = tmp_path / "notes.json"
    run(capsys, "mark", str(sample_en), "2", "v", "--source", "https://example.org/a", "--db", str(db))
    before = db_snapshot(db)
    for empty in ("", "   "):
        code, out, err = run(capsys, "mark", str(sample_en), "2", "--source", empty, "--db", str(db))
        assert code == 2 and out == "" and "--source is empty" in err and "--clear-sources" in err
    assert db_snapshot(db) == before  # nothing was cleared
    code, _, _ = run(capsys, "mark", str(sample_en), "2", "--clear-sources", "--db", str(db))
    assert code == 0
    code, out, _ = run(capsys, "export", str(sample_en), "--db", str(db))
    assert json.loads(out)["claims"][1]["sources"] == []


def test_reanchor_names_whose_orphan_each_line_is(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    db = str(tmp_path / "notes.json")
    doc.write_text(
        "Title here\n\nThe bridge costs four dollars. The mayor said so on Monday.\n", encoding="utf-8"
    )
    run(capsys, "mark", str(doc), "3", "disputed", "--db", db, "--reviewer", "alice")
    run(capsys, "mark", str(doc), "3", "--note", "a note only", "--db", db, "--reviewer", "bob")
    doc.write_text(
        "Title here\n\nThe bridge costs four dollars. Zebras dance at noon in Peru.\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "reanchor", str(doc), "--db", db, "--reviewer", "alice")
    assert code == 0, err
    orphans = [line for line in out.splitlines() if line.strip().startswith("orphan")]
    assert sorted(orphans) == [
        "  orphan: alice's ✘ disputed review: The mayor said so on Monday.",
        "  orphan: bob's note: The mayor said so on Monday.",
    ]


def test_import_prefer_and_conflicts_adopt_from_the_command_line(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    office, laptop = str(tmp_path / "office.json"), str(tmp_path / "laptop.json")
    note = "The council's own figure is 12,400 crossings a day, not the 9,000 the article gives."
    run(capsys, "mark", str(sample_en), "4", "disputed", "--note", note, "--db", office)
    exported = tmp_path / "office-export.json"
    run(capsys, "export", str(sample_en), "--db", office, "-o", str(exported))
    run(capsys, "mark", str(sample_en), "4", "verified", "--note", "checked again", "--db", laptop)
    code, out, err = run(capsys, "import", str(exported), "--db", laptop)  # the laptop's change is newer
    assert code == 0, err
    assert "1 kept" in out and note in out  # the conflict in full
    code, out, _ = run(capsys, "conflicts", str(sample_en), "--db", laptop)
    assert code == 0 and "1. tester's review of claim 4" in out and note in out and "checked again" in out
    code, out, _ = run(capsys, "conflicts", str(sample_en), "--db", laptop, "--adopt", "1")
    assert code == 0 and "adopted conflict 1" in out
    code, out, _ = run(capsys, "export", str(sample_en), "--db", laptop)
    assert json.loads(out)["claims"][3]["note"] == note
    code, out, _ = run(capsys, "conflicts", str(sample_en), "--db", laptop)
    assert "checked again" in out  # the version the adoption replaced is kept in turn
    assert run(capsys, "conflicts", str(sample_en), "--db", laptop, "--dismiss", "1")[0] == 0
    code, out, _ = run(capsys, "conflicts", str(sample_en), "--db", laptop)
    assert out.startswith("no conflicts")
    code, _, err = run(capsys, "conflicts", str(sample_en), "--db", laptop, "--adopt", "3")
    assert code == 2 and err.count("\n") == 1 and "there is no open conflict for this document" in err
    run(capsys, "mark", str(sample_en), "4", "opinion", "--note", "a third view", "--db", laptop)
    code, out, _ = run(capsys, "import", str(exported), "--db", laptop, "--prefer", "theirs")
    assert code == 0 and "1 updated" in out
    code, _, err = run(capsys, "import", str(exported), "--db", laptop, "--prefer", "mine")
    assert code == 2 and "invalid choice" in err


def test_import_of_a_forged_export_is_one_line_naming_the_field(
    capsys: pytest.CaptureFixture[str], sample_en: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.json"
    run(capsys, "mark", str(sample_en), "4", "disputed", "--db", str(db), "--reviewer", "bob")
    exported = tmp_path / "bob.json"
    run(capsys, "export", str(sample_en), "--db", str(db), "--reviewer", "bob", "-o", str(exported))
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["claims"][3] |= {"note": "forged", "updated_at": "9999-12-31T23:59:59Z"}
    exported.write_text(json.dumps(data), encoding="utf-8")
    before = db_snapshot(db)
    code, out, err = run(capsys, "import", str(exported), "--db", str(db), "--reviewer", "mallory")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "claims[3].updated_at (claim 4) is in the future" in err and "nothing was imported" in err
    assert db_snapshot(db) == before
