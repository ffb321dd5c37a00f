"""The database is its file and its journal: exports never overwrite them, backups fold them in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tinydb import TinyDB

from reviewer.documents.loader import load_document
from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from tests.helpers import document_file
from tests.helpers import run_cli as run


def every_file(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Each file under ``folder`` with its bytes and modification time: nothing may change either."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def pending(db_path: Path, sample_en: Path) -> ReviewSession:
    """Three labels, two of them only in the journal, as a review screen that is still open keeps them."""
    session = ReviewSession(load_document(sample_en), ReviewStore(db_path), "tester")
    session.register()  # also a snapshot in reviews.json.versions/
    session.set_label(Label.VERIFIED)
    session.store.close()
    session = ReviewSession(load_document(sample_en), ReviewStore(db_path), "tester")
    session.move_to(1)
    session.set_label(Label.DISPUTED)
    session.set_label(Label.OPINION)
    assert session.store.read_only is None
    return session


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("reviews.json", "the database"),
        ("reviews.json.journal", "the database's journal"),
        ("reviews.json.lock", "the database's lock"),
        ("reviews.json.v1.bak", "the database's backup from before its migration"),
        ("reviews.json.versions/SNAPSHOT", "a snapshot kept by the database"),
        ("reviews.json.d", "the database's folder of document files"),
        ("reviews.json.d/SNAPSHOT", "in the database's folder of document files"),  # any name there
        ("link-to-the-journal.json", "the database's journal"),
    ],
)
def test_export_refuses_every_file_of_the_database(
    pending: ReviewSession, db_path: Path, sample_en: Path, capsys: pytest.CaptureFixture[str], name: str,
    what: str,
) -> None:  # fmt: skip
    [snapshot] = db_path.with_name("reviews.json.versions").iterdir()
    (db_path.parent / "link-to-the-journal.json").symlink_to(db_path.with_name("reviews.json.journal"))
    target = db_path.parent / name.replace("SNAPSHOT", snapshot.name)
    before = every_file(db_path.parent)
    code, out, err = run(capsys, "export", str(sample_en), "-o", str(target), "--db", str(db_path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"-o {target} is {what}: choose another file name" in err
    assert every_file(db_path.parent) == before


def test_reading_commands_leave_every_file_alone(
    pending: ReviewSession,
    db_path: Path,
    sample_en: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """They used to fold the journal on exit: a rewrite of the whole file (83 MB at 100,000 reviews)."""
    out = tmp_path_factory.mktemp("out")
    before = every_file(db_path.parent)
    for argv in (
        ["claims", str(sample_en)],
        ["claims", str(sample_en), "--json"],
        ["stats", str(sample_en)],
        ["docs"],
        ["export", str(sample_en)],
        ["export", str(sample_en), "-o", str(out / "notes.csv")],
        ["import", str(out / "notes.json"), "--dry-run"]
        if (out / "notes.json").exists()
        else ["docs", "--json"],
        ["backup", str(out)],
    ):
        assert run(capsys, *argv, "--db", str(db_path))[0] == 0, argv
    assert every_file(db_path.parent) == before  # not even a lock file was created


def test_backup_is_the_whole_database_folded_in_one_line(
    pending: ReviewSession, db_path: Path, tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    before = every_file(db_path.parent)
    copy = tmp_path_factory.mktemp("elsewhere") / "copy.json"
    code, out, err = run(capsys, "backup", str(copy), "--db", str(db_path))
    assert (code, err) == (0, "") and out.count("\n") == 1
    assert out == f"backed up 3 review(s) of 1 document(s) from {db_path} to {copy}\n"
    assert every_file(db_path.parent) == before
    # Plain files, the index and one per document: the journal's labels are in them.
    with TinyDB(str(document_file(copy, pending.document.doc_id))) as plain:
        labels = sorted(record["label"] for record in plain.table("reviews").all())
    assert labels == ["disputed", "opinion", "verified"]
    assert not copy.with_name("copy.json.journal").exists()
    assert [p.name for p in copy.with_name("copy.json.d").iterdir()] == [f"{pending.document.doc_id}.json"]
    restored = ReviewSession(pending.document, ReviewStore(copy), "tester")  # it opens as a database
    assert [restored.label(i) for i in range(3)] == [Label.VERIFIED, Label.DISPUTED, Label.OPINION]
    code, out, _ = run(capsys, "backup", str(copy.parent), "--db", str(db_path))  # into a folder
    assert code == 0 and out.endswith(f"to {copy.parent / 'reviews.json'}\n")
    assert json.loads(document_file(copy.parent / "reviews.json", pending.document.doc_id).read_text())[
        "reviews"
    ]


@pytest.mark.parametrize(
    ("dest", "message"),
    [
        ("{db}", "is the database: choose another place for the backup"),
        ("{db}.journal", "is the database's journal: choose another place"),
        ("{folder}", "is the database: choose another place"),  # the folder: reviews.json in it
        ("{folder}/missing/copy.json", "the folder {folder}/missing does not exist"),
        ("{folder}/other.json", "is a database with a journal beside it"),
    ],
)
def test_backup_refuses_to_overwrite_a_database(
    pending: ReviewSession, db_path: Path, capsys: pytest.CaptureFixture[str], dest: str, message: str
) -> None:
    (db_path.parent / "other.json").write_text("{}")
    (db_path.parent / "other.json.journal").write_text("")
    before = every_file(db_path.parent)
    folder = str(db_path.parent)
    code, out, err = run(capsys, "backup", dest.format(db=db_path, folder=folder), "--db", str(db_path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert message.format(folder=folder) in err
    assert every_file(db_path.parent) == before
