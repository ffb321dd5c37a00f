"""CSV and TSV safety: one line per claim, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.exports import ExportOptions, render
from reviewer.exports.tabular import COLUMNS, SOURCE_SEPARATOR
from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from tests.golden import EXPORTED_AT, clock

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Claims that start like formulas, as articles quote them (a spreadsheet formula, a signed number, a handle).
ARTICLE = (
    '=HYPERLINK("https://evil.example", "details") appeared in the council minutes.\n\n'
    "+33 percent of drivers cross before nine, the count says.\n\n"
    "-5 degrees froze the bridge joints last winter.\n\n"
    "@portalder answered on Tuesday.\n\n"
    "The mayor spoke last.\n"
)


@pytest.fixture
def hostile(tmp_path: Path, db_path: Path) -> ReviewSession:
    path = tmp_path / "minutes.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    session = ReviewSession(load_document(path, language="en"), ReviewStore(db_path), "alice", clock=clock)
    session.set_label(Label.DISPUTED, advance=False)
    session.set_note("=1+2\tand a tab\r\nthen a second line", ["@SUM(A1)", "-2+3", "https://example.org/x"])
    session.move_to(1)
    session.set_label(Label.VERIFIED, advance=False)
    session.set_note("+cmd|' /C calc'!A0", [])
    session.move_to(2)
    session.set_note("\tstarts with a tab", [])
    return session


def rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize(("name", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_no_cell_starts_like_a_formula(hostile: ReviewSession, name: str, delimiter: str) -> None:
    table = rows(render(hostile, name, EXPORTED_AT).text, delimiter)
    cells = [cell for row in table for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    texts = [row[COLUMNS.index("text")] for row in table[1:]]
    assert texts[:4] == [
        '\'=HYPERLINK("https://evil.example", "details") appeared in the council minutes.',
        "'+33 percent of drivers cross before nine, the count says.",
        "'-5 degrees froze the bridge joints last winter.",
        "'@portalder answered on Tuesday.",
    ]
    assert texts[4] == "The mayor spoke last."  # ordinary text is left alone
    first = table[1]
    assert first[COLUMNS.index("note")] == "'=1+2 and a tab then a second line"
    assert first[COLUMNS.index("sources")] == "'@SUM(A1) | -2+3 | https://example.org/x"
    assert table[2][COLUMNS.index("note")] == "'+cmd|' /C calc'!A0"
    assert table[3][COLUMNS.index("note")] == "starts with a tab"  # the tab went with the line breaks


@pytest.mark.parametrize(("name", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_raw_cells_writes_the_values_as_they_are(hostile: ReviewSession, name: str, delimiter: str) -> None:
    table = rows(render(hostile, name, EXPORTED_AT, ExportOptions(raw_cells=True)).text, delimiter)
    assert table[1][COLUMNS.index("text")].startswith("=HYPERLINK(")
    assert table[1][COLUMNS.index("note")] == "=1+2 and a tab then a second line"  # still one line
    assert table[1][COLUMNS.index("sources")] == "@SUM(A1) | -2+3 | https://example.org/x"


@pytest.mark.parametrize("session_name", ["session", "hostile"])
def test_tsv_is_one_line_per_sentence(
    session_name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    session: ReviewSession = request.getfixturevalue(session_name)
    path = tmp_path / "sentences.tsv"
    path.write_bytes(render(session, "tsv", EXPORTED_AT).text.encode("utf-8"))
    with path.open(encoding="utf-8", newline="") as lines:
        read = list(lines)
    assert len(read) == session.claims.count() + 1  # the header and one line per claim
    assert all(line.endswith("\n") and line.count("\t") == len(COLUMNS) - 1 for line in read)
    assert not any("\r" in line or "\n" in line[:-1] for line in read)


@pytest.mark.parametrize(("name", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_no_cell_holds_a_line_break_or_a_tab(session: ReviewSession, name: str, delimiter: str) -> None:
    text = render(session, name, EXPORTED_AT).text
    assert text.count("\n") == session.claims.count() + 1
    for row in rows(text, delimiter):
        assert len(row) == len(COLUMNS)
        assert not [cell for cell in row if set(cell) & {"\n", "\r", "\t", "\u2028", "\u2029"}]
    noted = rows(text, delimiter)[3]
    assert noted[COLUMNS.index("note")] == (
        "Le comptage de 2024 donne 12 400. Voir *aussi* le rapport <annexe> | page 3."
    )
    assert noted[COLUMNS.index("sources")].split(SOURCE_SEPARATOR) == [
        "https://example.org/comptage",
        "Rapport annuel 2024, p. 12",
    ]


def test_the_command_line_guards_cells_unless_asked_for_raw_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from reviewer.cli import main

    path = tmp_path / "minutes.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "notes.json")
    assert main(["mark", str(path), "1", "disputed", "--db", db, "--note", "=SUM(A1:A9)"]) == 0
    capsys.readouterr()
    assert main(["export", str(path), "--db", db, "--format", "csv"]) == 0
    guarded = rows(capsys.readouterr().out, ",")[1]
    assert main(["export", str(path), "--db", db, "--format", "csv", "--raw-cells"]) == 0
    raw = rows(capsys.readouterr().out, ",")[1]
    assert guarded[COLUMNS.index("note")] == "'=SUM(A1:A9)" and raw[COLUMNS.index("note")] == "=SUM(A1:A9)"
    assert raw[COLUMNS.index("text")].startswith("=HYPERLINK(")
