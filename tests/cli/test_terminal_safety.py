"""No escape sequence from a document, a name, a path or an export reaches the terminal (issue 18.2).

Everything the CLI prints is checked for the characters that drive a terminal or reorder text:
C0 controls but newline and tab, DEL, C1, and the bidi embedding/override/isolate controls.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_cli as run

# Written out here rather than imported, so the test does not share the code's mistakes.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
TITLE = "\x1b]2;PWNED\x1b\\"
CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
HIDE = "4 dollars\x1b[9D\x1b[8m a day"
HOSTILE_TEXT = (
    f"Report {TITLE} on parking\n\n"
    f"It costs {HIDE} to park downtown. The clipboard {CLIPBOARD} is here.\n\n"
    "Clear \x1b[2J the screen. Reversed \u202eabc\u202c text, and a bell \x07 too.\n"
)
HOSTILE_NAME = "mallory\x1b]2;OWNED\x07\u202e"


def assert_safe(*outputs: str) -> None:
    for output in outputs:
        found = UNSAFE.search(output)
        assert found is None, f"unsafe {found.group()!r} in {output[max(0, found.start() - 30) :][:80]!r}"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A document whose text, and whose very file name, carry escape sequences."""
    path = tmp_path / "park\x1b[2Jing.txt"
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "db.json")


def export(
    capsys: pytest.CaptureFixture[str], hostile: Path, db: str, name: str, *more: str
) -> tuple[int, str, str]:
    """``reviewer export`` of the hostile document by the hostile reviewer."""
    return run(
        capsys, "export", str(hostile), "--db", db, "--format", name, "--reviewer", HOSTILE_NAME, *more
    )


def mark_hostile(capsys: pytest.CaptureFixture[str], hostile: Path, db: str) -> None:
    code, out, err = run(
        capsys,
        "mark",
        str(hostile),
        "2",
        "disputed",
        "--db",
        db,
        "--reviewer",
        HOSTILE_NAME,
        "--note",
        f"see {TITLE} and {CLIPBOARD}",
        "--source",
        "https://example.org/\x1b[2J",
    )
    assert code == 0, err
    assert_safe(out, err)
    assert "<U+001B>" in out  # the claim is shown, its escapes made visible


def test_stats_claims_and_docs_show_names_paths_and_titles_safely(
    capsys: pytest.CaptureFixture[str], hostile: Path, db: str
) -> None:
    mark_hostile(capsys, hostile, db)
    for argv in (["stats"], ["claims"], ["reanchor"], ["stats", "--json"], ["claims", "--json"]):
        code, out, err = run(capsys, argv[0], str(hostile), "--db", db, *argv[1:])
        assert code == 0, err
        assert_safe(out, err)
    code, out, err = run(capsys, "stats", str(hostile), "--db", db)
    assert "mallory<U+001B>]2;OWNED<U+0007><U+202E>: reviewed 1/" in out
    assert "park<U+001B>[2Jing.txt" in out and "Report <U+001B>]2;PWNED<U+001B>\\ on parking" in out
    code, out, err = run(capsys, "docs", "--db", db)
    assert code == 0 and "<U+001B>" in out
    assert_safe(out, err)
    code, out, err = run(capsys, "docs", "--db", db, "--json")
    assert_safe(out, err)
    assert json.loads(out)["documents"][0]["title"] == f"Report {TITLE} on parking"  # the same data


@pytest.mark.parametrize("name", ["md", "csv", "tsv", "html"])
def test_text_exports_on_standard_output_are_safe_and_files_keep_every_byte(
    capsys: pytest.CaptureFixture[str], hostile: Path, db: str, tmp_path: Path, name: str
) -> None:
    mark_hostile(capsys, hostile, db)
    code, out, err = export(capsys, hostile, db, name)
    assert code == 0, err
    assert_safe(out, err)
    assert "4 dollars<U+001B>" in out.replace("\\", "")  # Markdown escapes [ as \[
    target = tmp_path / f"out.{name}"
    code, out, err = export(capsys, hostile, db, name, "-o", str(target))
    assert code == 0 and out == ""
    assert_safe(err)
    written = target.read_text(encoding="utf-8")
    assert "\x1b" in written and "\u202e" in written  # a file is the user's data, exactly


@pytest.mark.parametrize("name", ["json", "claimreview", "webannotation"])
def test_json_on_standard_output_is_the_same_data_with_escapes(
    capsys: pytest.CaptureFixture[str], hostile: Path, db: str, tmp_path: Path, name: str
) -> None:
    mark_hostile(capsys, hostile, db)
    code, out, err = export(capsys, hostile, db, name)
    assert code == 0, err
    assert_safe(out)
    # ClaimReview's author is the organisation, not the (bidi-laden) reviewer name: ESC shows it.
    assert "\\u001b" in out and (name == "claimreview" or "\\u202e" in out)
    target = tmp_path / "out.json"
    export(capsys, hostile, db, name, "-o", str(target))
    from_file = json.loads(target.read_text(encoding="utf-8"))
    from_stdout = json.loads(out)
    for data in (from_file, from_stdout):  # the export time differs between the two runs
        data.pop("exported_at", None)
        data.pop("generatedAt", None)
    assert from_stdout == from_file


def test_errors_name_hostile_paths_and_arguments_safely(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: str
) -> None:
    missing = tmp_path / "gone\x1b]2;PWNED\x07\nsecond line.txt"
    code, out, err = run(capsys, "stats", str(missing), "--db", db)
    assert code == 1 and out == ""
    assert_safe(err)
    assert err.count("\n") == 1 and "gone<U+001B>]2;PWNED<U+0007> second line.txt" in err
    code, _, err = run(capsys, "export", str(missing), "--format", "\x1b]2;PWNED\x07")  # argparse echoes it
    assert code == 2
    assert_safe(err)
    code, _, err = run(capsys, "import", str(missing), "--db", db)
    assert code == 1
    assert_safe(err)


def test_the_bytes_a_real_process_writes_hold_no_escape(hostile: Path, db: str) -> None:
    """The console script as a user runs it: raw bytes on both streams."""

    def cli(*argv: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "reviewer", *argv, "--db", db]
        return subprocess.run(command, capture_output=True, check=False)

    marked = cli("mark", str(hostile), "2", "d", "--reviewer", HOSTILE_NAME, "--note", TITLE)
    stats = cli("stats", str(hostile))
    report = cli("export", str(hostile), "--format", "md", "--reviewer", HOSTILE_NAME)
    for result in (marked, stats, report):
        assert result.returncode == 0, result.stderr
        for stream in (result.stdout, result.stderr):
            assert b"\x1b" not in stream and "\u202e".encode() not in stream and b"\x07" not in stream
    assert b"mallory<U+001B>]2;OWNED<U+0007><U+202E>: reviewed 1/" in stats.stdout


def test_the_import_report_and_conflicts_show_titles_and_notes_safely(
    capsys: pytest.CaptureFixture[str], hostile: Path, db: str, tmp_path: Path
) -> None:
    mark_hostile(capsys, hostile, db)
    exported = tmp_path / "export.json"
    assert export(capsys, hostile, db, "json", "-o", str(exported))[0] == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["claims"][1] |= {"note": f"older {CLIPBOARD} note", "updated_at": "2020-01-01T00:00:00Z"}
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "import", str(exported), "--db", db, "--reviewer", HOSTILE_NAME)
    assert code == 0, err
    assert_safe(out, err)
    assert "Report <U+001B>]2;PWNED" in out and "older <U+001B>]52;c;SGVsbG8=<U+0007> note" in out
    code, out, err = run(capsys, "conflicts", str(hostile), "--db", db, "--reviewer", HOSTILE_NAME)
    assert code == 0 and "older <U+001B>]52;" in out
    assert_safe(out, err)
