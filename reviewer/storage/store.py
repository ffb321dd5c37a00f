"""ReviewStore: reviews, documents and positions of many documents in one TinyDB database.

The database is an index file and one file per document (``partitions.py``: layout and lock
order), each a ``JournaledStorage`` (``journal.py``): crash-safe, locked, O(1) per change.
Record ids are derived from our own keys (never TinyDB's auto-increment ids, which two
processes would hand out twice); the key itself is kept in each record and checked on read.
A database with a newer schema is refused, an older one is migrated after a backup, and a
file we cannot parse is never written over.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from reviewer import __version__
from reviewer.documents.base import Document
from reviewer.errors import (
    CorruptDatabaseError,
    DatabaseWriteError,
    NewerDatabaseError,
    ReadOnlyDatabaseError,
)
from reviewer.model import Review
from reviewer.storage.backup import Backup, backup, database_role
from reviewer.storage.catchup import Tables
from reviewer.storage.drafts import DraftTable
from reviewer.storage.files import database_path, write_failure
from reviewer.storage.journal import JournaledStorage
from reviewer.storage.migration import migrate
from reviewer.storage.orphans import OrphanTable
from reviewer.storage.partitions import (
    PER_DOCUMENT,
    TEAM,
    Partitions,
    document_of,
    partition_name,
    without_storage,
)
from reviewer.storage.records import (
    DocumentInfo,
    OrphanInfo,
    document_info,
    record_id,
)
from reviewer.storage.shapes import ShapeTable
from reviewer.storage.summaries import SummaryTable
from reviewer.storage.team import TeamTable, TeamWrites
from reviewer.storage.verdicts import FinalVerdictTable

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "SCHEMA_VERSION",
    "Backup",
    "DocumentInfo",
    "MergeDecision",
    "MergeWrites",
    "OrphanInfo",
    "ReviewStore",
    "TeamWrites",
    "absolute_path",
    "record_id",
]

# 1: one JSON file rewritten whole. 2: the same file plus a journal beside it, which a
# version-1 reader would not see (so version 1 code must refuse version 2 files). 3: that
# file is an index, and each document's records are in a file of its own (partitions.py).
SCHEMA_VERSION = 3
LAYOUT = "per-document"  # the index's _meta says so too, for anyone reading the files
DEFAULT_LOCK_TIMEOUT = 10.0  # seconds; the CLI reads REVIEWER_LOCK_TIMEOUT (paths.py)

_META, _DOCUMENTS, _REVIEWS, _POSITIONS = "_meta", "documents", "reviews", "positions"
_SCHEMA_ID = "schema"
_IMPORT_CONFLICTS = "import_conflicts"  # the versions an import did not keep (see merge_reviews)
_TEAM = TEAM  # what this database last exchanged with its team server (reviewer/teamserver)

Change = tuple[str, str, dict[str, Any] | None]  # table, our key, the record (None: delete it)

T = TypeVar("T")


def absolute_path(path: str | Path) -> str:
    """The path a document is remembered under: absolute, so any working directory finds it."""
    return str(Path(path).expanduser().resolve())


@dataclass(slots=True)
class MergeWrites:
    """What one merge transaction writes: reviews to store, and import-conflict records to keep.

    A conflict record is a plain dict the review layer fills; the store needs its ``key`` (unique)
    and ``doc_id``. Giving a record whose key exists replaces that record.
    """

    reviews: list[Review] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)


MergeDecision = Callable[[dict[str, Review | None], dict[str, dict[str, Any]]], MergeWrites]


class ReviewStore(FinalVerdictTable, OrphanTable, DraftTable, ShapeTable, TeamTable, SummaryTable):
    """The review database: many documents and reviewers (verdicts, orphans, drafts, shapes: mixins)."""

    def __init__(self, path: str | Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        given = Path(path).expanduser()
        # The real file: a symlink and its target must share one journal and one lock.
        self.path = database_path(given)
        self._storage = JournaledStorage(str(self.path), lock_timeout=lock_timeout)  # the index
        self._parts = Partitions(self._storage)
        self._check_schema(self._storage.read())
        # One rule for every command: a database that cannot be written opens read-only.
        self._storage.read_only = self._why_read_only()

    def _why_read_only(self) -> str | None:
        return self._storage.why_read_only() or self._parts.why_read_only()

    @property
    def storage(self) -> JournaledStorage:
        """The index's journaled storage (for measuring it; changes go through the store)."""
        return self._storage

    def document_storage(self, doc_id: str) -> JournaledStorage:
        """The journaled storage of ``doc_id``'s own file (for measuring it and for tests)."""
        return self._parts.storage(partition_name(doc_id))

    @property
    def read_only(self) -> str | None:
        """Why the database cannot be written (then every change is refused), or None."""
        return self._storage.read_only

    def refuse_if_read_only(self) -> None:
        """Raise ReadOnlyDatabaseError, saying why, when the database cannot be written."""
        self._storage.refuse_if_read_only()

    @property
    def lock_timeout(self) -> float:
        """Seconds a change waits for another process's lock before it is refused."""
        return self._storage.lock_timeout

    @lock_timeout.setter
    def lock_timeout(self, seconds: float) -> None:
        self._storage.lock_timeout = seconds

    def waiting(self, seconds: float) -> contextlib.AbstractContextManager[None]:
        """Inside this block, a change waits at most ``seconds`` for the lock."""
        return self._storage.waiting(seconds)

    @property
    def fold_warning(self) -> str | None:
        """Set when a fold failed after changes were saved in a journal (they are safe there)."""
        return self._storage.fold_warning or self._parts.fold_warning()

    @property
    def foreign_changes(self) -> int:
        """A count that moves whenever this store reads what another process wrote."""
        return self._storage.foreign_changes + self._parts.foreign_changes

    def catch_up(self) -> None:
        """Read what other processes wrote since (no lock needed; raises StoreError if damaged)."""
        self._storage.read()
        if self._partitioned():
            self._parts.catch_up()

    def close(self) -> str | None:
        """Fold what this store wrote into the main files; a warning if that failed (nothing is lost).

        A store that only read leaves the files alone. Each document file is folded under its own
        lock alone, and the index after them (never two locks at once: see partitions.py).
        """
        warning = self._parts.finish()
        return self._storage.finish() or warning

    def role_of(self, path: str | Path) -> str | None:
        """What ``path`` is to this database ("the database's journal", …), or None (see backup.py)."""
        return database_role(self, path)

    def backup(self, destination: str | Path) -> Backup:
        """Write a consistent copy of the whole database, journals folded in (see backup.py)."""
        return backup(self, destination)

    def copy_with(self, write: Callable[[Tables, Iterator[tuple[str, Tables]] | None], T]) -> T:
        """``write(index tables, each document file's (name, tables))``, on a consistent view.

        The document files are None in a database of one file (schema 2 or older, read-only).

        Under the index's lock when it can be taken (every writer holds it, so nothing moves
        meanwhile); in a database this process cannot lock, a lock-free read. Journals folded in.
        """
        with contextlib.ExitStack() as stack:
            with contextlib.suppress(ReadOnlyDatabaseError, DatabaseWriteError):
                stack.enter_context(self._storage.locked())
            index = without_storage(self._storage.read() or {})
            if not self._partitioned():
                return write(index, None)
            return write(index, ((n, without_storage(t)) for n, t in self._parts.tables(keep=False)))

    # -- routing: the index, or a document's own file --------------------------------------

    def _partitioned(self, index: Tables | None = None) -> bool:
        """True once the database is in the per-document layout (schema 3); False for an older file."""
        version = self._schema_version(self._storage.read() if index is None else index)
        return version is None or version >= 3

    def _rows(
        self, table: str, doc_id: str | None = None, within: Collection[str] | None = None
    ) -> dict[str, dict[str, Any]]:
        """``table`` as stored (TinyDB id → record), fresh: of document ``doc_id``, or of every one.

        ``within``: only the document files of these names (``change_stamps`` gives them).
        """
        index = self._storage.read() or {}
        if (table not in PER_DOCUMENT and table != _TEAM) or not self._partitioned(index):
            return index.get(table, {})
        if doc_id is not None and table in PER_DOCUMENT:
            return self._parts.data(partition_name(doc_id)).get(table, {})
        rows = dict(index.get(table, {})) if table == _TEAM else {}
        for _name, data in self._parts.tables(None if within is None else sorted(within)):
            rows.update(data.get(table, {}))
        return rows

    def records(
        self, table: str, doc_id: str | None = None, within: Collection[str] | None = None
    ) -> list[dict[str, Any]]:
        """The records of ``table`` (of document ``doc_id`` at least), without TinyDB's wrapping."""
        return list(self._rows(table, doc_id, within).values())

    def _get(self, table: str, key: str) -> dict[str, Any] | None:
        index = self._storage.read() or {}
        doc = document_of(table, key) if self._partitioned(index) else None
        rows = index.get(table, {}) if doc is None else self._parts.data(partition_name(doc)).get(table, {})
        record = rows.get(str(record_id(key)))
        if isinstance(record, dict) and record.get("key") == key:
            return dict(record)
        legacy = rows.get(key)  # schema 1 as first written: our key was the TinyDB id
        return {"key": key} | legacy if isinstance(legacy, dict) else None

    def _put(self, table: str, key: str, record: dict[str, Any] | None) -> None:
        self._apply([(table, key, record)])

    def _apply(self, changes: Sequence[Change]) -> None:
        """Write ``changes`` (inside ``_write``): each document file's in one append, the index last.

        Within one file the changes keep their order, so a kill keeps a prefix of each file's.
        """
        index: list[tuple[str, str, dict[str, Any] | None]] = []
        groups: dict[str, list[tuple[str, str, dict[str, Any] | None]]] = {}
        for table, key, record in changes:
            doc = document_of(table, key)
            entry = (table, str(record_id(key)), None if record is None else {"key": key} | record)
            (index if doc is None else groups.setdefault(partition_name(doc), [])).append(entry)
        if groups:
            try:
                self._parts.ensure_folder()
            except OSError as exc:
                raise write_failure(self._parts.folder, exc) from None
        for name, entries in groups.items():
            self._parts.storage(name).apply_many(entries)
        self._storage.apply_many(index)

    def _file_of(self, table: str, record: dict[str, Any]) -> Path:
        """The file ``record`` of ``table`` was read from (for a message that names it)."""
        doc = record.get("doc_id")
        if not isinstance(doc, str):
            doc = document_of(table, str(record.get("key", "")))
        if table in PER_DOCUMENT | {_TEAM} and doc and self._partitioned():
            return self._parts.folder / f"{partition_name(doc)}.json"
        return self.path

    def change_stamps(self) -> dict[str, str] | None:
        """Each document file's change stamp (it moves on every write to it); None for one file.

        A team push keeps the stamps it scanned and looks again only where one moved. Take the
        stamps before reading: a write after them moves them, so it is never missed.
        """
        return self._parts.stamps() if self._partitioned() else None

    # -- schema and writing -------------------------------------------------------------

    def _schema_version(self, data: dict[str, dict[str, Any]] | None) -> int | None:
        if not data:
            return None
        meta = data.get(_META, {})
        schema = meta.get(str(record_id(_SCHEMA_ID))) or meta.get(_SCHEMA_ID)  # the latter: early schema 1
        if schema is None:
            raise CorruptDatabaseError(
                f"{self.path} is a TinyDB file but not a reviewer database; it was left untouched",
                another_database=True,
            )
        version = schema.get("schema_version")
        if type(version) is not int or version < 1:  # bool is an int to isinstance
            raise CorruptDatabaseError(
                f"{self.path} has an unknown schema_version {version!r}; it was left untouched"
            )
        return version

    def _check_schema(self, data: dict[str, dict[str, Any]] | None) -> None:
        version = self._schema_version(data)
        if version is not None and version > SCHEMA_VERSION:
            raise NewerDatabaseError(
                f"{self.path} was written by a newer reviewer (schema {version}, this one"
                f" reads {SCHEMA_VERSION}): upgrade reviewer; the file was left untouched"
            )

    def _write(self, change: Callable[[], T]) -> T:
        """Run ``change`` under the lock, on fresh data, in a database at the current schema."""
        with self._storage.locked():
            data = self._storage.read()
            self._check_schema(data)
            version = self._schema_version(data)
            if version is not None and version < SCHEMA_VERSION:
                migrate(self, version, self._meta())
            elif version is None:
                self._put(_META, _SCHEMA_ID, self._meta())
            return change()

    def _meta(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "layout": LAYOUT, "created_by": f"reviewer {__version__}"}

    # -- documents ----------------------------------------------------------------------

    def register_document(self, document: Document, now: str) -> None:
        """Remember ``document`` (path, title, language, size) and when it was opened."""
        self.register(
            document.doc_id,
            path=document.path,
            title=document.title,
            language=document.language,
            claim_count=document.claims.count(),
            now=now,
            url=document.url,
        )

    def register(
        self,
        doc_id: str,
        *,
        path: str,
        title: str,
        language: str,
        claim_count: int,
        now: str,
        url: str = "",
    ) -> None:
        """Remember a document by what is known of it (an import knows no text, only its claims)."""

        def change() -> None:
            old = self._get(_DOCUMENTS, doc_id)
            record = {
                "doc_id": doc_id,
                "path": absolute_path(path),
                "title": title,
                "language": language,
                "claim_count": claim_count,
                "first_seen": old["first_seen"] if old else now,
                "last_opened": now,
            }
            # Where it is published, when known (a page's canonical link, an export's document.url).
            known_url = url or (str(old.get("url") or "") if old else "")
            if known_url:
                record["url"] = known_url
            self._put(_DOCUMENTS, doc_id, record)

        self._write(change)

    def is_registered(self, doc_id: str) -> bool:
        """True when this version of a document was opened before."""
        return self._get(_DOCUMENTS, doc_id) is not None

    def find_documents(self, path_or_id: str) -> list[DocumentInfo]:
        """Versions whose path is ``path_or_id`` or whose sha256 starts with it, newest first."""
        wanted = absolute_path(path_or_id)
        return [
            info
            for info in self.documents()
            if info.path == wanted or (len(path_or_id) >= 6 and info.doc_id.startswith(path_or_id.lower()))
        ]

    def documents(self) -> list[DocumentInfo]:
        """Every document seen, most recently opened first."""
        infos = [self._parsed(_DOCUMENTS, doc, document_info) for doc in self.records(_DOCUMENTS)]
        return sorted(infos, key=lambda info: info.last_opened, reverse=True)

    def _parsed(self, table: str, record: dict[str, Any], parse: Callable[[dict[str, Any]], T]) -> T:
        """``parse(record)``; a malformed record stops with its key named, and nothing is written."""
        try:
            return parse(record)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise CorruptDatabaseError(
                f"{self._file_of(table, record)}: record {record.get('key', '?')!r} in table {table!r}"
                " is malformed"
                f" ({type(exc).__name__}: {exc}); it was left untouched: fix or remove it"
            ) from None

    # -- reviews ------------------------------------------------------------------------

    def _review(self, record: dict[str, Any], table: str = _REVIEWS) -> Review:
        """A stored record as a Review; a malformed one stops with its key named, untouched."""
        return self._parsed(table, record, Review.from_record)

    def reviews(self, doc_id: str, reviewer: str | None = None) -> list[Review]:
        """Reviews of one document, by one reviewer or by all."""
        return [
            self._review(record)
            for record in self.records(_REVIEWS, doc_id)
            if record.get("doc_id") == doc_id and (reviewer is None or record.get("reviewer") == reviewer)
        ]

    def get_review(self, key: str) -> Review | None:
        """The review stored under ``key``, if any."""
        record = self._get(_REVIEWS, key)
        return self._review(record) if record else None

    def put_review(self, review: Review) -> None:
        """Save ``review`` (insert or replace) durably before returning."""
        self._write(lambda: self._put(_REVIEWS, review.key, review.to_record()))

    def update_review(
        self, key: str, change: Callable[[Review | None], Review | None]
    ) -> tuple[Review | None, Review | None]:
        """Read-modify-write one review under the lock: ``change`` gets what is stored now.

        ``change`` returns the review to store, None to delete it, or the very object it was
        given to leave the store untouched. Returns what was stored before and after.
        """

        def transaction() -> tuple[Review | None, Review | None]:
            current = self.get_review(key)
            updated = change(current)
            if updated is not current:
                self._put(_REVIEWS, key, None if updated is None else updated.to_record())
            return current, updated

        return self._write(transaction)

    def add_reviews(self, reviews: list[Review]) -> int:
        """Store each review that is not there yet, in one write; return how many were added."""

        def transaction() -> int:
            fresh = [review for review in reviews if self.get_review(review.key) is None]
            self._apply([(_REVIEWS, r.key, r.to_record()) for r in fresh])
            return len(fresh)

        return self._write(transaction)

    def all_reviews(self, within: Collection[str] | None = None) -> list[Review]:
        """Every review in the database (``within``: of these document files only)."""
        return [self._review(record) for record in self.records(_REVIEWS, within=within)]

    # -- positions ----------------------------------------------------------------------

    def get_position(self, doc_id: str, reviewer: str) -> int | None:
        """The claim number where ``reviewer`` last was in the document, if remembered."""
        record = self._get(_POSITIONS, f"{doc_id}:{reviewer}")
        if record and isinstance(record.get("claim"), int):
            return int(record["claim"])
        return None

    def positions(self, doc_id: str) -> dict[str, int]:
        """Every reviewer's remembered claim number in version ``doc_id``."""
        return {
            self._parsed(_POSITIONS, record, lambda r: str(r["reviewer"])): int(record["claim"])
            for record in self.records(_POSITIONS)
            if record.get("doc_id") == doc_id and isinstance(record.get("claim"), int)
        }

    def set_position(self, doc_id: str, reviewer: str, claim_number: int, now: str) -> None:
        """Remember the reviewer's claim number in the document."""
        record = {"doc_id": doc_id, "reviewer": reviewer, "claim": claim_number, "updated_at": now}
        self._write(lambda: self._put(_POSITIONS, f"{doc_id}:{reviewer}", record))

    # -- imports: a whole merge in one transaction, and the versions it did not keep --------

    def merge_reviews(self, doc_id: str, keys: Sequence[str], decide: MergeDecision) -> MergeWrites:
        """One locked transaction for a whole import (or an adoption): read, decide, write once.

        ``decide`` gets the reviews stored now under ``keys`` (None where there is none) and the
        import-conflict records of ``doc_id`` by key, and returns what to write; all of it goes
        to the journal in one append and one fsync (about 2,000 reviews in well under a second,
        where a transaction per review took 9 s). ``decide`` raising writes nothing.
        """

        def transaction() -> MergeWrites:
            current = {key: self.get_review(key) for key in keys}
            writes = decide(current, {str(r["key"]): r for r in self.import_conflicts(doc_id)})
            changes: list[Change] = [(_REVIEWS, review.key, review.to_record()) for review in writes.reviews]
            changes.extend((_IMPORT_CONFLICTS, str(record["key"]), record) for record in writes.conflicts)
            self._apply(changes)
            return writes

        return self._write(transaction)

    def import_conflicts(self, doc_id: str) -> list[dict[str, Any]]:
        """The import-conflict records of version ``doc_id``, as ``merge_reviews`` wrote them."""
        records = self.records(_IMPORT_CONFLICTS, doc_id)
        return [record for record in records if record.get("doc_id") == doc_id]
