"""ReviewStore: round trips, durability, locking, two processes, and files it must not touch."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tinydb import TinyDB

from reviewer.documents.loader import load_document
from reviewer.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DatabaseWriteError,
    NewerDatabaseError,
)
from reviewer.model import Anchor, Label, Review
from reviewer.review.session import ReviewSession
from reviewer.storage.store import SCHEMA_VERSION, ReviewStore, record_id
from tests.helpers import db_snapshot, document_file, hold_lock, temp_files


def make_review(index: int, reviewer: str = "alice", label: Label | None = Label.VERIFIED) -> Review:
    text = f"Claim number {index} is here."
    return Review(
        doc_id="d" * 64,
        reviewer=reviewer,
        anchor=Anchor(exact=text, prefix="", suffix="", start=index * 100, end=index * 100 + len(text)),
        label=label,
        note=f"note {index} — « vérifié » ’",
        sources=("https://example.org",),
        created_at="2026-11-25T10:00:00Z",
        updated_at="2026-11-25T10:00:00Z",
    )


def test_round_trip_and_plain_tinydb_can_read_it(db_path: Path) -> None:
    store = ReviewStore(db_path)
    assert not db_path.exists()  # opening never creates a file; the first change does
    for index in range(3):
        store.put_review(make_review(index))
    store.update_review(make_review(1).key, lambda _stored: None)  # a review cleared to nothing
    store.update_review("no-such-key", lambda _stored: None)
    again = ReviewStore(db_path)
    assert again.get_review(make_review(0).key) == make_review(0)
    assert again.get_review(make_review(1).key) is None
    assert {r.key for r in again.reviews("d" * 64)} == {make_review(0).key, make_review(2).key}
    assert again.reviews("d" * 64, reviewer="bob") == []

    before = db_snapshot(db_path)
    assert again.close() is None and db_snapshot(db_path) == before  # a store that only read folds nothing
    assert store.close() is None  # the writer folds the journal into the main file
    document = document_file(db_path, "d" * 64)  # the document's reviews: a file of their own
    raw = document.read_text(encoding="utf-8")
    assert "« vérifié »" in raw  # UTF-8, no \\u escapes
    with TinyDB(str(document)) as plain:  # still TinyDB databases any tool can open
        assert sorted(doc["note"] for doc in plain.table("reviews").all()) == [
            make_review(0).note,
            make_review(2).note,
        ]
    with TinyDB(str(db_path)) as plain:  # the index
        assert plain.table("_meta").all()[0]["schema_version"] == SCHEMA_VERSION


def test_documents_and_positions(db_path: Path, sample_en: Path) -> None:
    store = ReviewStore(db_path)
    document = load_document(sample_en)
    store.register_document(document, "2026-11-25T10:00:00Z")
    store.register_document(document, "2026-11-25T11:00:00Z")
    [info] = store.documents()
    assert info.doc_id == document.doc_id and info.claim_count == document.claims.count()
    assert (info.first_seen, info.last_opened) == ("2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z")
    assert store.get_position(document.doc_id, "alice") is None
    store.set_position(document.doc_id, "alice", 12, "2026-11-25T11:00:00Z")
    assert ReviewStore(db_path).get_position(document.doc_id, "alice") == 12


def test_no_temp_files_are_left_behind(db_path: Path) -> None:
    store = ReviewStore(db_path)
    for index in range(20):
        store.put_review(make_review(index))
    store.close()
    assert temp_files(db_path.parent) == []


def test_a_second_handle_sees_the_other_handles_writes(db_path: Path) -> None:
    first, second = ReviewStore(db_path), ReviewStore(db_path)
    first.put_review(make_review(0))
    second.put_review(make_review(1))  # must re-read, or it would drop review 0
    assert len(first.reviews("d" * 64)) == 2


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b'{"_meta": {"schema": {"schema_version": 1}}, "reviews": {"a": ', CorruptDatabaseError),
        (b"\x00\x01garbage\xff", CorruptDatabaseError),
        (b"[1, 2, 3]", CorruptDatabaseError),
        (b'{"reviews": {"1": {"x": 1}}}', CorruptDatabaseError),  # TinyDB file, not ours
        (
            b'{"_meta": {"%d": {"schema_version": 99}}, "reviews": {}}' % record_id("schema"),
            NewerDatabaseError,
        ),
        (b'{"_meta": {"%d": {"schema_version": "x"}}}' % record_id("schema"), CorruptDatabaseError),
    ],
)
def test_bad_files_are_refused_and_left_byte_identical(
    db_path: Path, sample_en: Path, content: bytes, error: type[Exception]
) -> None:
    db_path.write_bytes(content)
    with pytest.raises(error) as caught:
        ReviewStore(db_path)
    assert str(db_path) in str(caught.value) and "\n" not in str(caught.value)
    assert db_path.read_bytes() == content


def test_a_file_damaged_while_open_is_not_overwritten(db_path: Path, sample_en: Path) -> None:
    session = ReviewSession(load_document(sample_en), ReviewStore(db_path), "alice")
    session.set_label(Label.VERIFIED)
    db_path.write_bytes(b'{"truncated')
    with pytest.raises(CorruptDatabaseError, match="left untouched"):
        session.set_label(Label.DISPUTED)
    assert db_path.read_bytes() == b'{"truncated'
    assert session.unsaved == {1}  # kept in memory, and known not to be saved


def test_lock_held_too_long_gives_a_clear_error(db_path: Path) -> None:
    store = ReviewStore(db_path, lock_timeout=0.2)
    store.put_review(make_review(0))
    before = db_snapshot(db_path)
    with hold_lock(db_path), pytest.raises(DatabaseLockedError, match="locked"):
        store.put_review(make_review(1))
    assert db_snapshot(db_path) == before


def test_a_directory_as_db_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseWriteError, match="directory"):
        ReviewStore(tmp_path)


_WRITER = textwrap.dedent(
    """
    import sys
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore

    path, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = ReviewStore(path, lock_timeout=60)
    for i in range(count):
        start = (worker * 10_000 + i) * 10
        anchor = Anchor(exact=f"w{worker} c{i}", prefix="", suffix="", start=start, end=start + 5)
        store.put_review(Review(doc_id="d" * 64, reviewer="r", anchor=anchor, label=Label.VERIFIED))
        print(i, flush=True)
    """
)


def test_two_processes_writing_at_once_lose_nothing(db_path: Path) -> None:
    count = 120
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db_path), str(worker), str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(2)
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        assert len(out.split()) == count
    reviews = ReviewStore(db_path).reviews("d" * 64)
    assert len(reviews) == 2 * count
    copy = ReviewStore(db_path).backup(db_path.with_name("copy.json"))  # folded, journal and all
    meta = json.loads(copy.path.read_text())["_meta"][str(record_id("schema"))]
    assert meta["schema_version"] == SCHEMA_VERSION


_FULL_DISK = textwrap.dedent(
    """
    import resource, signal, sys
    from reviewer.errors import DatabaseWriteError
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore

    path = sys.argv[1]
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    anchor = Anchor(exact="x" * 5000, prefix="", suffix="", start=0, end=5000)
    try:
        review = Review(doc_id="d" * 64, reviewer="r", anchor=anchor, label=Label.OPINION)
        ReviewStore(path).put_review(review)
    except DatabaseWriteError as exc:
        print(exc)
    """
)


def test_a_full_disk_leaves_the_old_file_byte_identical(db_path: Path) -> None:
    store = ReviewStore(db_path)
    store.put_review(make_review(0))
    store.close()
    before = db_snapshot(db_path)
    result = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(db_path), str(len(before["main"] or b"") + 100)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "nothing was saved" in result.stdout, result.stderr
    assert db_snapshot(db_path) == before
    assert temp_files(db_path.parent) == []
