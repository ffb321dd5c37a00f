"""How many claims each reviewer labelled in each document, without reading every review each time.

``reviewer docs`` lists every document with the reviewer's progress. Counted from the reviews,
that is a parse of every document file: seconds at a few hundred thousand synced reviews. The
counts of each document file are kept in the index beside the file's change stamp (see
``ReviewStore.change_stamps``, which moves on every write to the file), and only files whose
stamp moved since are read again. The stamps are taken before the files are read, so a write
made meanwhile leaves a stamp that no longer matches, and is counted next time.

The kept counts are a cache: writing them is skipped when the database cannot be written or
another process holds the lock, and the counts returned are right either way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Sequence
from typing import Any, Protocol, TypeVar

from reviewer.errors import StoreError
from reviewer.model import Review

T = TypeVar("T")

SUMMARIES = "summaries"  # an index table: one record per document file
_KEY = "summary:"  # + the document file's name (not a doc id, so the record stays in the index)

Counts = dict[str, dict[str, int]]  # doc_id → reviewer → claims labelled


class _Store(Protocol):
    """What the mixin needs of the store."""

    @property
    def read_only(self) -> str | None: ...

    def change_stamps(self) -> dict[str, str] | None: ...

    def all_reviews(self, within: Collection[str] | None = None) -> list[Review]: ...

    def records(
        self, table: str, doc_id: str | None = None, within: Collection[str] | None = None
    ) -> list[dict[str, Any]]: ...

    def waiting(self, seconds: float) -> contextlib.AbstractContextManager[None]: ...

    def _apply(self, changes: Sequence[tuple[str, str, dict[str, Any] | None]]) -> None: ...

    def _write(self, change: Callable[[], T]) -> T: ...


def _counted(reviews: list[Review]) -> Counts:
    counts: Counts = {}
    for review in reviews:
        if review.label:
            per_reviewer = counts.setdefault(review.doc_id, {})
            per_reviewer[review.reviewer] = per_reviewer.get(review.reviewer, 0) + 1
    return counts


class SummaryTable:
    """Labelled claims per document and reviewer, read again only where a document file changed."""

    def labelled_counts(self: _Store) -> Counts:
        """doc_id → reviewer → how many claims that reviewer labelled in that document."""
        stamps = self.change_stamps()  # first: see the module doc
        if stamps is None:  # one file for every document (a schema 2 database read as it is)
            return _counted(self.all_reviews())
        kept = {str(r.get("key", "")): r for r in self.records(SUMMARIES)}
        counts: Counts = {}
        fresh: list[tuple[str, str, dict[str, Any] | None]] = []
        for name, stamp in stamps.items():
            record = kept.get(_KEY + name)
            if record is not None and record.get("stamp") == stamp and isinstance(record.get("counts"), dict):
                counts.update(record["counts"])
                continue
            found = _counted(self.all_reviews(within=[name]))
            counts.update(found)
            fresh.append((SUMMARIES, _KEY + name, {"stamp": stamp, "counts": found}))
        gone: list[tuple[str, str, dict[str, Any] | None]] = [
            (SUMMARIES, key, None) for key in kept if key.removeprefix(_KEY) not in stamps
        ]
        if (fresh or gone) and self.read_only is None:
            try:
                with self.waiting(0.5):  # never keep a listing waiting on another process's lock
                    self._write(lambda: self._apply(fresh + gone))
            except StoreError:
                pass  # a cache: counted again next time (read-only, locked, a full disk)
        return counts
