"""Hostile paths and inputs found in review: links, devices, pipes, odd records and odd words."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.documents.sentences import split_sentences
from reviewer.errors import CorruptDatabaseError, DatabaseWriteError, LoadError, StoreError
from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore, record_id
from tests.helpers import db_snapshot, document_file
from tests.helpers import run_cli as run


def test_a_symlinked_database_writes_through_the_link(tmp_path: Path, sample_en: Path) -> None:
    real = tmp_path / "cloud" / "reviews.json"
    real.parent.mkdir()
    link = tmp_path / "reviews.json"
    link.symlink_to(real)
    through_link = ReviewSession(load_document(sample_en), ReviewStore(link), "alice")
    through_link.set_label(Label.VERIFIED)
    through_link.store.close()
    direct = ReviewSession(load_document(sample_en), ReviewStore(real), "alice")
    direct.move_to(1)
    direct.set_label(Label.DISPUTED)
    direct.store.close()
    assert link.is_symlink() and real.is_file()
    again = ReviewSession(load_document(sample_en), ReviewStore(link), "alice")
    assert [again.label(0), again.label(1)] == [Label.VERIFIED, Label.DISPUTED]


def test_an_export_through_a_symlink_replaces_the_target_not_the_link(
    tmp_path: Path, sample_en: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "notes.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "notes.json"
    link.symlink_to(target)
    assert run(capsys, "export", str(sample_en), "-o", str(link))[0] == 0
    assert link.is_symlink() and json.loads(target.read_text())["schema_version"] == 3


def test_devices_and_pipes_are_refused_never_replaced(
    tmp_path: Path, sample_en: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file"):
        load_document(fifo)  # would block forever if it were read
    with pytest.raises(DatabaseWriteError, match="not a regular file"):
        ReviewStore(fifo)
    code, _, err = run(capsys, "export", str(sample_en), "-o", str(fifo))
    assert code == 1 and "not a regular file" in err and fifo.exists() and not fifo.is_file()
    code, _, err = run(capsys, "claims", "/dev/zero")
    assert code == 1 and "not a regular file" in err
    code, out, _ = run(capsys, "export", str(sample_en), "-o", "/dev/stdout")
    assert code == 0 and json.loads(out)["schema_version"] == 3  # the same as -o -


def test_a_malformed_record_names_itself_and_is_left_alone(db_path: Path, sample_en: Path) -> None:
    session = ReviewSession(load_document(sample_en), ReviewStore(db_path), "alice")
    session.set_label(Label.VERIFIED)
    session.store.close()
    path = document_file(db_path, session.document.doc_id)  # where the document's reviews are
    data = json.loads(path.read_text())
    [key] = data["reviews"]
    data["reviews"][key]["label"] = ["maybe"]  # another desk's label is a name; a list is no label
    path.write_text(json.dumps(data))
    before = db_snapshot(db_path)
    with pytest.raises(CorruptDatabaseError, match=r"record .* in table 'reviews' is malformed") as caught:
        ReviewSession(session.document, ReviewStore(db_path), "alice")
    assert str(caught.value).startswith(f"{path}: record")  # the message names the file
    assert db_snapshot(db_path) == before


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["stat", "{sample}"], 2, "unknown command 'stat'; did you mean 'stats'?"),
        (["claims", "{sample}", "--max-mb", "nan"], 2, "positive number"),
        (["claims", "{sample}", "--max-mb", "inf"], 2, "positive number"),
        (["mark", "{sample}", "1", "v", "--db", "{tmp}/no/such/folder/db.json"], 2, "does not exist"),
        (["mark", "{sample}", "1", "v", "--db", "{tmp}/afile/db.json"], 2, "does not exist"),
    ],
)
def test_mistakes_get_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sample_en: Path,
    argv: list[str],
    code: int,
    message: str,
) -> None:
    (tmp_path / "afile").write_text("x")
    got, _, err = run(capsys, *[a.format(sample=sample_en, tmp=tmp_path) for a in argv])
    assert got == code and message in err
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("limit", ["1e308", "1e12", "1e6"])
def test_a_limit_larger_than_any_file_means_no_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sample_en: Path, limit: str
) -> None:
    # 1e308 MB overflowed to an int; 1e6 MB (a terabyte) was allocated as one read buffer.
    code, out, err = run(capsys, "claims", str(sample_en), "--max-mb", limit)
    assert code == 0 and "Port Alder" in out and err == ""
    monkeypatch.setenv("REVIEWER_MAX_MB", limit)
    code, out, err = run(capsys, "claims", str(sample_en))
    assert code == 0 and "Port Alder" in out and err == ""


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "0"])
def test_a_limit_from_the_environment_that_is_no_number_of_megabytes_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sample_en: Path, value: str
) -> None:
    monkeypatch.setenv("REVIEWER_MAX_MB", value)
    code, out, err = run(capsys, "claims", str(sample_en))
    assert code == 1 and out == ""
    assert err == f"reviewer: REVIEWER_MAX_MB must be a positive number of megabytes, not {value}\n"


def test_control_characters_are_shown_not_obeyed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "evil.txt"
    path.write_text(
        "Title\n\nA claim \x1b[2J with an escape. Reversed \u202e text. \u200fA claim after a mark."
    )
    code, out, _ = run(capsys, "claims", str(path))
    assert code == 0 and "\x1b" not in out and "<U+001B>" in out and "<U+202E>" in out
    document = load_document(path)
    assert all(not c.text.startswith("\u200f") for c in document.claims.all())


def test_files_are_created_with_the_users_umask(tmp_path: Path, sample_en: Path) -> None:
    code = (
        "import os, sys; os.umask(0o077); from reviewer.cli import main;"
        f" sys.exit(main(['export', {str(sample_en)!r}, '-o', {str(tmp_path / 'private.json')!r},"
        f" '--db', {str(tmp_path / 'db.json')!r}]))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    assert (tmp_path / "private.json").stat().st_mode & 0o777 == 0o600


def test_markdown_front_matter_is_metadata(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        '---\ntitle: "Budget 2024"\ndate: 2024-01-01\n---\n\n# Heading\n\nThe budget rose. It fell.\n'
    )
    document = load_document(path)
    assert document.title == "Budget 2024"
    assert [c.text for c in document.claims.all()] == ["Heading", "The budget rose.", "It fell."]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Selon l’art. 49 de la Constitution, rien. Il y avait d’env. 200 personnes.", "fr",
         ["Selon l’art. 49 de la Constitution, rien.", "Il y avait d’env. 200 personnes."]),
        ("Au 2e trim. 2022, rien ne change.", "fr", ["Au 2e trim. 2022, rien ne change."]),
        ("It was approx. 20 million. Nobody knows. iPhone sales fell.", "en",
         ["It was approx. 20 million.", "Nobody knows.", "iPhone sales fell."]),
    ],
)  # fmt: skip
def test_segmentation_cases_found_in_review(text: str, language: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text), language)] == expected


def test_schema_version_true_is_not_one(db_path: Path) -> None:
    db_path.write_text(json.dumps({"_meta": {str(record_id("schema")): {"schema_version": True}}}))
    with pytest.raises(CorruptDatabaseError, match="unknown schema_version"):
        ReviewStore(db_path)


def test_a_symlink_loop_as_the_database_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    for argv in (["docs"], ["backup", str(tmp_path / "copy.json")]):
        code, _, err = run(capsys, *argv, "--db", str(tmp_path / "a.json"))
        assert code == 1 and err.count("\n") == 1 and "unexpected" not in err, err
        assert (
            f"the database {tmp_path / 'a.json'} cannot be opened (Too many levels of symbolic links)" in err
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]


def test_a_dangling_symlink_never_creates_the_folders_it_points_into(
    tmp_path: Path, sample_en: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "reviews.json"
    link.symlink_to(tmp_path / "gone" / "deeper" / "reviews.json")
    code, _, err = run(capsys, "mark", str(sample_en), "1", "v", "--db", str(link))
    assert code == 1 and err.count("\n") == 1
    assert f"leads to {tmp_path / 'gone' / 'deeper' / 'reviews.json'}, and the folder" in err
    assert "does not exist" in err and "--db" in err
    assert not (tmp_path / "gone").exists()


@pytest.mark.parametrize(
    ("table", "damage", "command"),
    [
        ("documents", {"doc_id": None, "claim_count": "many"}, ["docs"]),
        ("documents", {"title": "no doc_id at all"}, ["docs"]),
        ("orphans", {"doc_id": "{doc}", "status": "lost", "review": {}}, ["stats", "{sample}"]),
        ("orphans", {"doc_id": "{doc}", "status": "open", "review": "not a record"}, ["stats", "{sample}"]),
    ],
)
def test_a_malformed_document_or_orphan_record_is_named_in_one_line(
    db_path: Path,
    sample_en: Path,
    capsys: pytest.CaptureFixture[str],
    table: str,
    damage: dict[str, object],
    command: list[str],
) -> None:
    session = ReviewSession(load_document(sample_en), ReviewStore(db_path), "alice")
    session.register()
    session.set_label(Label.VERIFIED)
    session.store.close()
    # Documents are in the index; orphans in the document's own file.
    path = db_path if table == "documents" else document_file(db_path, session.document.doc_id)
    data = json.loads(path.read_text())
    record = json.loads(json.dumps(damage).replace("{doc}", session.document.doc_id))
    data.setdefault(table, {})["7"] = {"key": "bad-one"} | record
    path.write_text(json.dumps(data))
    before = db_snapshot(db_path)
    argv = [word.format(sample=sample_en) for word in command]
    code, _, err = run(capsys, *argv, "--db", str(db_path))
    assert code == 1 and err.count("\n") == 1 and "unexpected" not in err, err
    assert f"record 'bad-one' in table {table!r} is malformed" in err
    assert db_snapshot(db_path) == before


def test_storage_messages_name_no_command_line_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The store is used by the screen and by tests too; only the command line knows of --db."""
    (tmp_path / "tinydb.json").write_text('{"_default": {"1": {"a": 1}}}')
    (tmp_path / "plain.json").write_text('{"reviews": {"1": {"x": 1}}}')
    for path in (tmp_path, tmp_path / "tinydb.json", tmp_path / "plain.json"):
        with pytest.raises(StoreError) as caught:
            ReviewStore(path)
        assert "--db" not in str(caught.value) and caught.value.another_database
        code, _, err = run(capsys, "docs", "--db", str(path))
        assert code == 1 and err.rstrip().endswith("(or choose another database with --db)"), err
    from reviewer.storage.files import write_failure

    for code_ in (errno.EROFS, errno.EACCES, errno.ENOSPC):
        assert "--db" not in str(write_failure(tmp_path / "x", OSError(code_, os.strerror(code_))))
