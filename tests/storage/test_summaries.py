"""`reviewer docs` progress: kept per document file in the index, read again only where a file changed.

A database that cannot be written counts the same and writes nothing: tests/reliability/test_read_only.py
(`docs` among the reading commands that touch nothing).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pytest

from reviewer.model import Label, Review
from reviewer.storage.store import ReviewStore
from reviewer.storage.summaries import SUMMARIES
from tests.helpers import run_cli
from tests.storage.layouts import DOCS, fill, review


class ReadsSeen:
    """Which document files a store's ``all_reviews`` read (the real reads, recorded)."""

    def __init__(self, store: ReviewStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.within: list[list[str] | None] = []
        real = store.all_reviews

        def recorded(within: Collection[str] | None = None) -> list[Review]:
            self.within.append(None if within is None else sorted(within))
            return real(within)

        monkeypatch.setattr(store, "all_reviews", recorded)


def _expected(store: ReviewStore) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for r in store.all_reviews():
        if r.label:
            counts.setdefault(r.doc_id, {}).setdefault(r.reviewer, 0)
            counts[r.doc_id][r.reviewer] += 1
    return counts


def test_counts_are_kept_and_only_a_changed_document_is_read_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(db_path)
    store = ReviewStore(db_path)
    reads = ReadsSeen(store, monkeypatch)
    assert store.labelled_counts() == {doc: {"alice": 5, "bob": 1} for doc in DOCS}
    assert sorted(w[0] for w in reads.within if w) == sorted(DOCS)  # the first time: every file
    assert len(store.records(SUMMARIES)) == len(DOCS)  # kept in the index

    reads.within.clear()
    assert store.labelled_counts() == {doc: {"alice": 5, "bob": 1} for doc in DOCS}
    assert reads.within == []  # nothing changed: no document file parsed

    store.put_review(review(DOCS[1], 7, "carol", Label.OPINION))  # a new label in one document
    store.put_review(review(DOCS[2], 0, "alice", Label.DISPUTED))  # a label changed: same count
    other = ReviewStore(db_path)  # another process's write moves the stamp just as well
    other.put_review(review(DOCS[2], 8, "bob", Label.VERIFIED))
    other.close()
    reads.within.clear()
    counts = store.labelled_counts()
    assert reads.within == [[DOCS[1]], [DOCS[2]]]
    assert counts == _expected(store)
    assert counts[DOCS[1]] == {"alice": 5, "bob": 1, "carol": 1} and counts[DOCS[2]]["bob"] == 2


def test_docs_prints_the_same_progress_from_kept_counts(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db_path)
    first = run_cli(capsys, "docs", "--json", "--db", str(db_path), "--reviewer", "alice")
    again = run_cli(capsys, "docs", "--json", "--db", str(db_path), "--reviewer", "alice")
    assert first == again and first[0] == 0
    assert first[1].count('"reviewed": 5') == len(DOCS)
    store = ReviewStore(db_path)
    store.put_review(review(DOCS[0], 9))
    store.close()
    code, out, _ = run_cli(capsys, "docs", "--json", "--db", str(db_path), "--reviewer", "alice")
    assert code == 0 and out.count('"reviewed": 6') == 1 and out.count('"reviewed": 5') == 2
