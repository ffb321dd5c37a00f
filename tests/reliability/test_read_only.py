"""A database that cannot be written opens read-only, and a change saved in the journal is saved.

One rule for every command: whether the database can be written is decided when it is opened.
If it cannot (its file, its journal or its folder read-only, a read-only file system), commands
that only read work and leave every file alone, commands that write refuse in one line with the
reason, and the review screen opens, says "read-only" and refuses changes. Permissions are real
(``chmod``), with root's capabilities dropped by ``setpriv`` so they bite; the fold failures are a
real file-size limit and a real ``chmod`` made after the database was opened.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.errors import ReadOnlyDatabaseError
from reviewer.model import Anchor, Label, Review
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from tests.helpers import db_snapshot, document_file

pytestmark = pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to drop root's powers")

_NO_POWERS = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]
_CASES = ["file", "journal", "folder", "document file", "document journal", "documents folder"]


def folder_files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in ``folder`` (recursively) with its bytes and modification time."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def database(tmp_path: Path, sample_en: Path) -> Path:
    """Two labels in the main file, two more in the journal only (as a running screen leaves them)."""
    db = tmp_path / "data" / "reviews.json"
    db.parent.mkdir()
    session = ReviewSession(load_document(sample_en), ReviewStore(db), "alice")
    session.register()
    session.set_label(Label.VERIFIED)
    session.set_label(Label.DISPUTED)
    session.store.close()
    session = ReviewSession(load_document(sample_en), ReviewStore(db), "alice")
    session.move_to(2)
    session.set_label(Label.OPINION)
    session.set_label(Label.VERIFIED)
    (db.parent / "reviews.json.lock").write_bytes(b"")  # left by an earlier version of reviewer
    return db


@pytest.fixture(params=_CASES)
def read_only(request: pytest.FixtureRequest, database: Path) -> Iterator[Path]:
    """The database with its file, its journal or its folder made read-only."""
    document = document_file(database, next(iter(ReviewStore(database).documents())).doc_id)
    target = {
        "file": database,
        "journal": database.with_name("reviews.json.journal"),
        "folder": database.parent,
        "document file": document,  # each document's reviews are in a file of its own
        "document journal": document.with_name(document.name + ".journal"),
        "documents folder": document.parent,
    }[request.param]
    mode = target.stat().st_mode & 0o777
    target.chmod(0o555 if target.is_dir() else 0o444)
    try:
        yield database
    finally:
        target.chmod(mode)


def reviewer(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line as root without root's powers, so permissions apply."""
    env = os.environ | {"REVIEWER_NAME": "alice"}
    return subprocess.run(
        [*_NO_POWERS, sys.executable, "-m", "reviewer", *argv],
        capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL, cwd=cwd,
    )  # fmt: skip


def test_reading_commands_work_and_touch_nothing(read_only: Path, sample_en: Path, tmp_path: Path) -> None:
    before = folder_files(read_only.parent)
    out = tmp_path / "out"
    out.mkdir()
    for argv in (
        ["claims", str(sample_en)],
        ["stats", str(sample_en)],
        ["docs"],
        ["export", str(sample_en), "-o", str(out / "notes.json")],
        ["backup", str(out / "copy.json")],
        ["import", str(out / "notes.json"), "--dry-run"],
    ):
        result = reviewer(*argv, "--db", str(read_only))
        assert result.returncode == 0 and result.stderr.count("\n") <= 1, (argv, result.stderr)
        assert "warning" not in result.stderr and "NOT" not in result.stdout
    stats = reviewer("stats", str(sample_en), "--db", str(read_only), "--json")
    assert json.loads(stats.stdout)["summary"]["reviewed"] == 4  # the journal's two included
    assert folder_files(read_only.parent) == before


def test_writing_commands_refuse_in_one_line_with_the_reason(
    read_only: Path, sample_en: Path, tmp_path: Path
) -> None:
    export = tmp_path / "notes.json"
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "golden-export.json", export)
    before = folder_files(read_only.parent)
    for argv in (["mark", str(sample_en), "5", "v"], ["import", str(export)]):
        result = reviewer(*argv, "--db", str(read_only))
        assert result.returncode == 1, (argv, result)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert "cannot be written" in result.stderr and "read-only" in result.stderr, result.stderr
        assert "--db" in result.stderr  # the command line adds the way round it
    assert folder_files(read_only.parent) == before


_SCREEN = textwrap.dedent(
    """
    import asyncio, sys
    from reviewer.documents.loader import load_document
    from reviewer.review.opening import open_for_review
    from reviewer.storage.store import ReviewStore
    from reviewer.tui.app import ReviewApp

    opened = open_for_review(sys.argv[2], ReviewStore(sys.argv[1]), "alice", register=True)
    app = ReviewApp(opened)
    said = []
    app.notify = lambda message, **kw: said.append(str(message))

    async def main():
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            screen = app.screen
            print("status:", screen.query_one("#status-saved").render())
            print("cursor before:", screen.cursor)
            await pilot.press("v", "n", "backspace", "u")
            await pilot.pause()
            print("cursor after:", screen.cursor, "label:", opened.session.label(0))
            print("said:", said[0] if said else None)
            print("screen:", type(app.screen).__name__, "unsaved:", sorted(opened.session.unsaved))
            await pilot.press("q")
            await pilot.pause()
        print("quit:", app.return_code, app.error_message)

    asyncio.run(main())
    """
)


def test_the_review_screen_opens_read_only_and_refuses_changes(read_only: Path, sample_en: Path) -> None:
    before = folder_files(read_only.parent)
    result = subprocess.run(
        [*_NO_POWERS, sys.executable, "-c", _SCREEN, str(read_only), str(sample_en)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert "read-only" in lines["status"]
    assert lines["cursor after"] == f"{lines['cursor before']} label: verified"  # nothing moved or changed
    assert lines["said"].startswith("Nothing can be changed: the database cannot be written")
    assert lines["screen"] == "ReviewScreen unsaved: []"  # the note editor never opened
    assert lines["quit"] == "0 None"
    assert folder_files(read_only.parent) == before


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


_FOLD_AT_ONCE = textwrap.dedent(
    """
    import sys
    from reviewer.storage import journal
    journal.MIN_COMPACT_BYTES = 0  # this change's fold comes right after its append
    from reviewer.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.mark.parametrize("when", ["right after the change", "on exit"])
def test_a_change_in_the_journal_is_saved_even_when_the_fold_fails(
    database: Path, sample_en: Path, when: str
) -> None:
    """The disk fills up between the small append and the rewrite of the whole file."""
    doc_id = load_document(sample_en).doc_id
    store = ReviewStore(database)
    store.add_reviews([_other_review(doc_id, number) for number in range(200)])  # a file of some size
    store.close()
    main_size = document_file(database, doc_id).stat().st_size  # the document's own file
    assert main_size > 20_000
    code = [_FOLD_AT_ONCE] if when == "right after the change" else ["-m", "reviewer"]
    result = subprocess.run(
        [sys.executable, "-c" if len(code) == 1 else code[0], *code[-1:], "mark", str(sample_en), "5",
         "disputed", "--db", str(database)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
        env=os.environ | {"REVIEWER_NAME": "alice"},
        preexec_fn=lambda: _limit_file_size(main_size - 100),  # the journal fits, a new main file not
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "(saved)" in result.stdout
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("reviewer: warning: ")
    assert "every change is saved in" in result.stderr and "File too large" in result.stderr
    assert "nothing was saved" not in result.stderr
    session = ReviewSession(load_document(sample_en), ReviewStore(database), "alice")
    assert session.label(4) is Label.DISPUTED


def _other_review(doc_id: str, number: int) -> Review:
    anchor = Anchor(exact=f"claim {number}", prefix="", suffix="", start=number * 10, end=number * 10 + 7)
    return Review(doc_id, "bob", anchor, Label.OPINION, "a note of some length " * 3)


_CHMOD_WHILE_OPEN = textwrap.dedent(
    """
    import os, sys
    from reviewer.documents.loader import load_document
    from reviewer.model import Anchor, Label, Review
    from reviewer.review.session import ReviewSession
    from reviewer.storage.store import ReviewStore

    session = ReviewSession(load_document(sys.argv[2]), ReviewStore(sys.argv[1]), "alice")
    os.chmod(sys.argv[3], 0o444)  # the document's file, made read-only while the screen is open
    session.move_to(6)
    session.set_label(Label.OPINION)
    print("unsaved:", sorted(session.unsaved))
    print("close:", session.store.close())
    """
)


def test_a_file_made_read_only_while_open_keeps_taking_changes_and_says_it_cannot_fold(
    database: Path, sample_en: Path
) -> None:
    path = document_file(database, load_document(sample_en).doc_id)
    main_before = path.read_bytes()
    try:
        result = subprocess.run(
            [*_NO_POWERS, sys.executable, "-c", _CHMOD_WHILE_OPEN, str(database), str(sample_en), str(path)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        path.chmod(0o644)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "unsaved: []"  # durable in the journal: saved, and said so
    assert lines[1].startswith("close: every change is saved in") and "read-only" in lines[1]
    assert path.read_bytes() == main_before
    session = ReviewSession(load_document(sample_en), ReviewStore(database), "alice")
    assert session.label(6) is Label.OPINION


def test_a_read_only_file_system_is_read_only(
    database: Path, sample_en: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No mount here: the file system's answer (statvfs says ST_RDONLY) is the fault injected."""
    real = os.statvfs

    class ReadOnlyMount:
        def __init__(self, path: str) -> None:
            self._info = real(path)

        def __getattr__(self, name: str) -> object:
            return os.ST_RDONLY | self._info.f_flag if name == "f_flag" else getattr(self._info, name)

    monkeypatch.setattr(os, "statvfs", ReadOnlyMount)
    before = db_snapshot(database)
    store = ReviewStore(database)
    assert store.read_only is not None and "mounted read-only" in store.read_only
    session = ReviewSession(load_document(sample_en), store, "alice")
    assert session.label(3) is Label.VERIFIED  # reads, journal included
    with pytest.raises(ReadOnlyDatabaseError, match=r"cannot be written .* mounted read-only"):
        session.set_label(Label.DISPUTED)
    assert session.unsaved == frozenset() and session.label(0) is Label.VERIFIED and session.cursor == 0
    assert store.close() is None and db_snapshot(database) == before


def test_a_read_only_schema_2_database_reads_whole_in_every_command(tmp_path: Path, sample_en: Path) -> None:
    """A file of the one-file layout that cannot be migrated is read as it is, by every command."""
    from tests.storage.layouts import one_file

    source = tmp_path / "source.json"
    session = ReviewSession(load_document(sample_en), ReviewStore(source), "alice")
    session.register()
    for label in (Label.VERIFIED, Label.DISPUTED, Label.OPINION):
        session.set_label(label)
    session.store.close()
    data = tmp_path / "data"
    data.mkdir()
    db = data / "reviews.json"
    one_file(source, db)
    out = tmp_path / "out"
    out.mkdir()
    data.chmod(0o555)
    try:
        before = folder_files(data)
        stats = reviewer("stats", str(sample_en), "--json", "--db", str(db))
        assert stats.returncode == 0 and json.loads(stats.stdout)["summary"]["reviewed"] == 3
        exporting = ["export", str(sample_en), "-o", str(out / "n.json")]
        for argv in (["docs"], ["claims", str(sample_en)], exporting, ["backup", str(out / "copy.json")]):
            result = reviewer(*argv, "--db", str(db))
            assert result.returncode == 0 and "warning" not in result.stderr, (argv, result.stderr)
        assert len(json.loads((out / "copy.json").read_text())["reviews"]) == 3  # a copy of the one file
        refused = reviewer("mark", str(sample_en), "5", "v", "--db", str(db))
        assert (
            refused.returncode == 1
            and refused.stderr.count("\n") == 1
            and "cannot be written" in refused.stderr
        )
        assert folder_files(data) == before
    finally:
        data.chmod(0o755)
