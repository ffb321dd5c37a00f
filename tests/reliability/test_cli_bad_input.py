"""Every command with every kind of bad input: exit code, one line on stderr, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.cli import main

DOCUMENT_COMMANDS = {
    "review": [],
    "claims": [],
    "stats": [],
    "export": [],
    "mark": ["1", "verified"],
}
BAD_FILES = {
    "missing": ("{tmp}/missing.txt", "no such file"),
    "directory": ("{tmp}", "is a directory"),
    "binary": ("{tmp}/binary.bin", "binary"),
    "empty": ("{tmp}/empty.txt", "is empty"),
}
BAD_DATABASES = {
    "directory": ("{tmp}", "is a directory"),
    "damaged": ("{tmp}/damaged.json", "damaged"),
    "newer": ("{tmp}/newer.json", "newer reviewer"),
    "not-ours": ("{tmp}/tinydb.json", "not a reviewer database"),
}


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    from reviewer.storage.store import record_id

    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "damaged.json").write_bytes(b'{"_meta": {')
    newer = {"_meta": {str(record_id("schema")): {"schema_version": 7}}}
    (tmp_path / "newer.json").write_text(json.dumps(newer))
    (tmp_path / "tinydb.json").write_text('{"_default": {"1": {"a": 1}}}')
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def assert_one_line(err: str, message: str) -> None:
    assert err.startswith("reviewer: ") and err.count("\n") == 1, err
    assert message in err, err


@pytest.mark.parametrize("command", sorted(DOCUMENT_COMMANDS))
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files(capsys: pytest.CaptureFixture[str], bad_inputs: Path, command: str, case: str) -> None:
    path, message = BAD_FILES[case]
    code, err = run(capsys, [command, path.format(tmp=bad_inputs), *DOCUMENT_COMMANDS[command]])
    assert code == 1
    assert_one_line(err, message)


@pytest.mark.parametrize("command", [*sorted(DOCUMENT_COMMANDS), "docs"])
@pytest.mark.parametrize("case", sorted(BAD_DATABASES))
def test_bad_databases_are_named_and_left_alone(
    capsys: pytest.CaptureFixture[str], bad_inputs: Path, sample_en: Path, command: str, case: str
) -> None:
    db, message = BAD_DATABASES[case]
    db = db.format(tmp=bad_inputs)
    before = Path(db).read_bytes() if Path(db).is_file() else None
    argv = [command] if command == "docs" else [command, str(sample_en), *DOCUMENT_COMMANDS[command]]
    code, err = run(capsys, [*argv, "--db", db])
    assert code == 1
    assert_one_line(err, message)
    if before is not None:
        assert Path(db).read_bytes() == before


@pytest.mark.parametrize(
    ("claim", "label", "message"),
    [
        ("0", "v", "there is no claim 0"),
        ("62", "v", "there is no claim 62"),
        ("-1", "v", "there is no claim -1"),
        ("1e3", "v", "must be a claim number"),
        ("3", "maybe", "unknown label"),
        ("3", "", "unknown label"),
    ],
)
def test_unknown_claims_and_labels(
    capsys: pytest.CaptureFixture[str], sample_en: Path, db_path: Path, claim: str, label: str, message: str
) -> None:
    code, err = run(capsys, ["mark", str(sample_en), claim, label, "--db", str(db_path)])
    assert code == 2  # a usage error: the command line names something that does not exist
    assert_one_line(err, message)
    assert not db_path.exists()  # nothing was written for a refused command


@pytest.mark.parametrize(
    "argv",
    [
        ["mark"],
        ["mark", "x.txt"],
        ["claims"],
        ["export"],
        ["stats"],
        ["claims", "x.txt", "--lang"],
        ["docs", "extra"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, err = run(capsys, argv)
    assert code == 2
    assert "usage: reviewer" in err
