"""JournaledStorage: replay, torn and damaged lines, folds, generations, migration from schema 1.

The reviews of document ``DOC`` live in its own file (``reviews.json.d/DOC.json``) and journal,
each a JournaledStorage like the index: the tests look at that file where the reviews are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tinydb import TinyDB

from reviewer.errors import CorruptDatabaseError, DatabaseWriteError
from reviewer.model import Anchor, Label, Review
from reviewer.storage import catchup, journal
from reviewer.storage.journal import JournaledStorage
from reviewer.storage.store import SCHEMA_VERSION, ReviewStore, record_id
from tests.helpers import db_snapshot, document_file

DOC = "e" * 64


def review(index: int, note: str = "") -> Review:
    anchor = Anchor(exact=f"claim {index}", prefix="", suffix="", start=index * 10, end=index * 10 + 7)
    return Review(DOC, "alice", anchor, Label.VERIFIED, note or f"note {index}", (), "", "")


def notes(db_path: Path) -> dict[int, str]:
    return {r.anchor.start // 10: r.note for r in ReviewStore(db_path).reviews(DOC)}


def journal_of(db_path: Path) -> Path:
    """The journal of the document file that holds the reviews."""
    path = document_file(db_path, DOC)
    return path.with_name(path.name + ".journal")


def test_changes_go_to_the_journal_and_fold_on_close(db_path: Path) -> None:
    store = ReviewStore(db_path)
    for index in range(5):
        store.put_review(review(index))
    store.update_review(review(3).key, lambda _stored: None)  # a review cleared to nothing
    assert len(journal_of(db_path).read_bytes().splitlines()) == 1 + 5 + 1  # header, 5 puts, 1 delete
    assert notes(db_path) == {0: "note 0", 1: "note 1", 2: "note 2", 4: "note 4"}
    store.close()
    assert len(journal_of(db_path).read_bytes().splitlines()) == 1  # only the new header
    with TinyDB(str(document_file(db_path, DOC))) as plain:
        assert len(plain.table("reviews").all()) == 4


def test_a_torn_last_line_is_ignored_then_trimmed(db_path: Path) -> None:
    store = ReviewStore(db_path)
    store.put_review(review(1))
    with journal_of(db_path).open("ab") as handle:
        handle.write(b'1234abcd {"t":"reviews","id":"9","d":{"no')  # a kill mid-append
    assert notes(db_path) == {1: "note 1"}
    other = ReviewStore(db_path)
    other.put_review(review(2))  # appends after trimming the torn tail
    assert notes(db_path) == {1: "note 1", 2: "note 2"}
    assert b"1234abcd" not in journal_of(db_path).read_bytes()


def test_a_damaged_line_in_the_middle_stops_without_writing(db_path: Path) -> None:
    store = ReviewStore(db_path)
    store.put_review(review(1))
    store.put_review(review(2))
    path = journal_of(db_path)
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b"note 1", b"note X")  # CRC no longer matches
    path.write_bytes(b"\n".join(lines))
    before = db_snapshot(db_path)
    with pytest.raises(CorruptDatabaseError, match=r"journal .* is damaged"):
        ReviewStore(db_path).put_review(review(3))
    assert db_snapshot(db_path) == before


def test_a_journal_already_folded_is_not_replayed_again(db_path: Path) -> None:
    """A crash between writing the new main file and starting the new journal."""
    store = ReviewStore(db_path)
    store.put_review(review(1))
    old_journal = journal_of(db_path).read_bytes()
    store.put_review(review(1, "newer"))
    store.close()  # the fold: the main file now holds "newer"
    journal_of(db_path).write_bytes(old_journal)  # the old generation's journal is back
    assert notes(db_path) == {1: "newer"}
    ReviewStore(db_path).put_review(review(2))
    assert notes(db_path) == {1: "newer", 2: "note 2"}


def test_a_fold_by_another_process_is_seen_even_if_file_stamps_lie(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File systems with coarse timestamps (and reused inodes) must not hide a fold."""
    for module in (catchup, journal):
        monkeypatch.setattr(module, "stamp", lambda _path: (1, 1, 1, 1))
    first, second = ReviewStore(db_path), ReviewStore(db_path)
    first.put_review(review(1))
    second.put_review(review(2))
    first.close()  # a fold: new main file, new journal
    second.put_review(review(3))
    first.put_review(review(4))
    assert notes(db_path) == {1: "note 1", 2: "note 2", 3: "note 3", 4: "note 4"}


def test_journal_folds_by_itself_when_it_outgrows_the_main_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "MIN_COMPACT_BYTES", 2000)
    store = ReviewStore(db_path)
    for index in range(40):
        store.put_review(review(index, "x" * 100))
    assert journal_of(db_path).stat().st_size < 4000
    with TinyDB(str(document_file(db_path, DOC))) as plain:  # the main file alone already holds most of them
        assert len(plain.table("reviews").all()) > 20
    assert len(notes(db_path)) == 40


def test_a_schema_1_database_is_backed_up_then_migrated(db_path: Path) -> None:
    record = review(1).to_record() | {"key": review(1).key}
    version_1 = {
        "_meta": {str(record_id("schema")): {"key": "schema", "schema_version": 1}},
        "reviews": {str(record_id(review(1).key)): record},
    }
    original = json.dumps(version_1).encode()
    db_path.write_bytes(original)
    store = ReviewStore(db_path)
    assert notes(db_path) == {1: "note 1"}  # reading does not migrate or write anything
    assert db_path.read_bytes() == original
    store.put_review(review(2))
    backup = db_path.with_name(db_path.name + ".v1.bak")
    assert backup.read_bytes() == original
    store.close()
    meta = json.loads(db_path.read_text())["_meta"][str(record_id("schema"))]
    assert meta["schema_version"] == SCHEMA_VERSION == 3 and meta["layout"] == "per-document"
    assert notes(db_path) == {1: "note 1", 2: "note 2"}


def test_a_storage_can_be_used_by_plain_tinydb(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    with TinyDB(str(path), storage=JournaledStorage) as db:
        db.table("t").insert({"a": 1})  # TinyDB's own whole-database write path
    with TinyDB(str(path)) as plain:
        assert plain.table("t").all() == [{"a": 1}]


def test_the_first_schema_1_layout_with_string_ids_reads_and_migrates(db_path: Path, sample_en: Path) -> None:
    """Files written before record ids were numeric: our own keys were the TinyDB ids."""
    from reviewer.documents.loader import load_document
    from reviewer.review.session import ReviewSession

    document = load_document(sample_en)
    claim = document.claims[0]
    key = f"{document.doc_id}:{claim.start}-{claim.end}:alice"
    old_review = Review(document.doc_id, "alice", Anchor.for_span(document.text, claim.start, claim.end),
                        Label.DISPUTED, "from the first version", (), "2026-11-25T04:52:31Z",
                        "2026-11-25T04:52:31Z")  # fmt: skip
    early = {
        "_meta": {"schema": {"schema_version": 1, "created_by": "reviewer 0.1.0"}},
        "documents": {document.doc_id: {"doc_id": document.doc_id, "path": str(sample_en), "title": "t",
                                        "language": "en", "claim_count": 61, "first_seen": "x",
                                        "last_opened": "2026-11-25T04:52:32Z"}},
        "reviews": {key: old_review.to_record()},
        "positions": {f"{document.doc_id}:alice": {"doc_id": document.doc_id, "reviewer": "alice",
                                                   "claim": 3, "updated_at": "x"}},
    }  # fmt: skip
    original = json.dumps(early).encode()
    db_path.write_bytes(original)
    session = ReviewSession(document, ReviewStore(db_path), "alice")
    assert session.review(0) == old_review and session.cursor == 2
    assert [info.doc_id for info in session.store.documents()] == [document.doc_id]
    assert db_path.read_bytes() == original  # reading writes nothing
    session.edit(1, label=Label.VERIFIED)  # the first write migrates, after a backup
    assert db_path.with_name(db_path.name + ".v1.bak").read_bytes() == original
    session.store.close()
    with TinyDB(str(document_file(db_path, document.doc_id))) as plain:  # files TinyDB itself reads
        assert len(plain.table("reviews").all()) == 2
    again = ReviewSession(document, ReviewStore(db_path), "alice")
    assert again.review(0) == old_review and again.label(1) is Label.VERIFIED and again.cursor == 2


def _flip_hex_digit(line: bytes, position: int = 0) -> bytes:
    digit = line[position : position + 1]
    return line[:position] + (b"1" if digit == b"0" else b"0") + line[position + 1 :]


@pytest.mark.parametrize("where", ["header", "last complete line"])
def test_a_damaged_header_or_last_complete_line_is_damage_not_a_missing_journal(
    db_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only a last line with no newline can be cut short by a kill; anything else is damage."""
    from reviewer.cli import main

    first = ReviewStore(db_path)
    first.put_review(review(0))
    first.close()  # folded: the main file holds review 0
    store = ReviewStore(db_path)
    for index in range(1, 6):
        store.put_review(review(index))  # five acknowledged marks, in the journal only
    path = journal_of(db_path)
    data = path.read_bytes()
    lines = data.split(b"\n")
    assert lines[-1] == b""  # every line complete: no kill tore any of them
    if where == "header":
        offset, lines[0] = 0, _flip_hex_digit(lines[0], 3)
    else:
        offset, lines[-2] = len(data) - len(lines[-2]) - 1, _flip_hex_digit(lines[-2], 5)
    path.write_bytes(b"\n".join(lines))
    before = db_snapshot(db_path)
    with pytest.raises(CorruptDatabaseError, match=rf"journal .* is damaged at byte {offset} ") as caught:
        ReviewStore(db_path).reviews(DOC)  # the index opens; the document's own file is refused
    assert "left untouched" in str(caught.value) and "\n" not in str(caught.value)
    assert str(document_file(db_path, DOC)) in str(caught.value)  # the message names the file
    with pytest.raises(CorruptDatabaseError):
        ReviewStore(db_path).put_review(review(9))  # a writer refuses, never erases
    with pytest.raises(CorruptDatabaseError):
        JournaledStorage(str(document_file(db_path, DOC))).apply("reviews", "9", {"x": 1})
    assert main(["docs", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"damaged at byte {offset}" in err
    assert db_snapshot(db_path) == before


def test_a_header_cut_short_by_a_kill_is_no_journal_yet(db_path: Path) -> None:
    """A fold killed while it started the new journal: the main file already holds everything."""
    store = ReviewStore(db_path)
    store.put_review(review(1))
    store.close()
    header = journal_of(db_path).read_bytes()
    journal_of(db_path).write_bytes(header[:20])  # no newline: the header's write was cut short
    assert notes(db_path) == {1: "note 1"}
    ReviewStore(db_path).put_review(review(2))
    assert notes(db_path) == {1: "note 1", 2: "note 2"}


def test_nan_reads_as_damage_and_is_never_written(db_path: Path) -> None:
    """Python's json reads NaN and Infinity, which are not JSON: refused, never written back."""
    store = ReviewStore(db_path)
    store.put_review(review(1))
    store.close()
    path = document_file(db_path, DOC)
    good = path.read_text()
    path.write_text(good.replace('"claim 1"', '"claim 1","x":NaN', 1))
    before = db_snapshot(db_path)
    with pytest.raises(CorruptDatabaseError, match="NaN is not a JSON value"):
        ReviewStore(db_path).reviews(DOC)
    assert db_snapshot(db_path) == before
    path.write_text(good)
    storage = JournaledStorage(str(path))
    with pytest.raises(DatabaseWriteError, match="NaN or infinite"):
        storage.apply("reviews", "1", {"score": float("nan")})
    with pytest.raises(DatabaseWriteError, match="NaN or infinite"):
        storage.write({"reviews": {"1": {"score": float("inf")}}})
    assert path.read_text() == good and b"NaN" not in journal_of(db_path).read_bytes()


def test_json_nested_too_deeply_is_damage_in_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer.cli import main

    db_path.write_text('{"reviews": {"1": ' + '{"a": ' * 200_000 + "1" + "}" * 200_002)
    before = db_snapshot(db_path)
    assert main(["docs", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nested too deeply" in err and "unexpected" not in err
    assert db_snapshot(db_path) == before
