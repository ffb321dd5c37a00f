"""The per-document layout: one plain TinyDB file per document, read alone, written index last."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tinydb import TinyDB

from reviewer.errors import CorruptDatabaseError
from reviewer.model import Label
from reviewer.storage import journal
from reviewer.storage.partitions import folder_of
from reviewer.storage.store import ReviewStore, TeamWrites
from reviewer.teamserver.scanning import changed_files
from tests.helpers import document_file, run_cli
from tests.storage.layouts import DOCS, everything, fill, review

PER_DOCUMENT = {"reviews", "final_verdicts", "orphans", "drafts", "team_sync"}


def test_each_document_has_its_own_plain_file_and_the_index_none_of_its_records(db_path: Path) -> None:
    fill(db_path)
    assert sorted(p.name for p in folder_of(db_path).iterdir()) == sorted(
        f"{doc}.json{tail}" for doc in DOCS for tail in ("", ".journal")
    )
    index = json.loads(db_path.read_text(encoding="utf-8"))
    assert set(index) == {"_storage", "_meta", "documents", "positions", "team_sync"}
    assert [r["key"] for r in index["team_sync"].values()] == ["watermark"]  # of no document
    for doc in DOCS:
        with TinyDB(str(document_file(db_path, doc))) as plain:  # any TinyDB reads it
            assert set(plain.tables()) - {"_storage"} == PER_DOCUMENT
            assert {r["doc_id"] for r in plain.table("reviews").all()} == {doc}
            assert len(plain.table("reviews").all()) == 6


def test_one_document_is_read_without_the_others(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(db_path)
    broken = document_file(db_path, DOCS[1])
    broken.write_text('{"reviews": {"1": ', encoding="utf-8")  # a damaged file, as after a bad copy
    store = ReviewStore(db_path)
    assert len(store.reviews(DOCS[0])) == 6 and store.documents()  # the others open as ever
    with pytest.raises(CorruptDatabaseError) as caught:
        store.reviews(DOCS[1])
    assert str(broken) in str(caught.value) and "\n" not in str(caught.value)
    code, out, err = run_cli(capsys, "docs", "--db", str(db_path))  # reads every document
    assert code == 1 and out == "" and err.count("\n") == 1 and str(broken) in err


def test_change_stamps_move_with_each_write_to_a_file_and_only_then(db_path: Path) -> None:
    fill(db_path)
    store = ReviewStore(db_path)
    before = store.change_stamps()
    assert before is not None and sorted(before) == sorted(DOCS)
    store.reviews(DOCS[0])
    store.set_position(DOCS[0], "alice", 4, "now")  # the index only
    assert store.change_stamps() == before
    store.put_review(review(DOCS[1], 1, label=Label.OPINION))
    after = store.change_stamps()
    assert after is not None and [d for d in DOCS if after[d] != before[d]] == [DOCS[1]]
    store.close()  # a fold: a new generation, a new main file
    folded = ReviewStore(db_path).change_stamps()
    assert folded is not None and folded[DOCS[1]] != after[DOCS[1]] and folded[DOCS[0]] == before[DOCS[0]]


def test_a_push_looks_only_at_files_written_since_and_never_misses_a_write_made_meanwhile(
    db_path: Path,
) -> None:
    fill(db_path)
    store = ReviewStore(db_path)
    assert changed_files(store, "team").within is None  # never pushed: every file
    scan = changed_files(store, "team")
    store.put_review(review(DOCS[2], 3, "bob"))  # written after the scan took its stamps
    record = scan.record("team")
    assert record is not None
    store.team_transaction(lambda: TeamWrites(state=[record]))  # what a push keeps when it is done
    assert changed_files(store, "team").within == [DOCS[2]]  # looked at again: not missed
    assert changed_files(store, "another server").within is None  # stamps are per server


def test_a_write_cut_between_two_files_is_completed_by_the_retry_without_duplicates(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kill after the first document's append: the retry adds what is missing, once."""
    store = ReviewStore(db_path)
    store.put_review(review(DOCS[0], 0))
    writes = [review(DOCS[0], 1), review(DOCS[1], 1)]
    real = journal.JournaledStorage.apply_many

    def killed_at_the_second(self: journal.JournaledStorage, changes: list) -> None:  # type: ignore[type-arg]
        if self.path == document_file(db_path, DOCS[1]):
            raise KeyboardInterrupt  # the process dies here: nothing after runs
        real(self, changes)

    monkeypatch.setattr(journal.JournaledStorage, "apply_many", killed_at_the_second)
    with pytest.raises(KeyboardInterrupt):
        store.add_reviews(writes)
    monkeypatch.undo()
    again = ReviewStore(db_path)
    assert [r.key for r in again.reviews(DOCS[0])] == [review(DOCS[0], 0).key, writes[0].key]
    assert again.reviews(DOCS[1]) == []
    assert again.add_reviews(writes) == 1  # only what the kill left out
    assert len(ReviewStore(db_path).all_reviews()) == 3


def test_backup_copies_the_index_and_every_document_file_journals_folded(
    db_path: Path, tmp_path: Path
) -> None:
    fill(db_path)
    writer = ReviewStore(db_path)
    writer.put_review(review(DOCS[0], 7))  # in a journal only
    copy = tmp_path / "elsewhere" / "copy.json"
    copy.parent.mkdir()
    done = writer.backup(copy)
    assert (done.documents, done.reviews) == (3, 19)
    assert not list(copy.parent.rglob("*.journal"))
    assert everything(copy) == everything(db_path)  # it opens as the same database
