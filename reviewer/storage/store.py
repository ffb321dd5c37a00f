"""ReviewStore: reviews, documents and positions of many documents in one TinyDB database.

Storage is ``JournaledStorage`` (see ``journal.py``): crash-safe, locked, O(1) per change.
Record ids are derived from our own keys (never TinyDB's auto-increment ids, which two
processes would hand out twice); the key itself is kept in each record and checked on read.
A database with a newer schema is refused, an older one is migrated after a backup, and a
file we cannot parse is never written over.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from reviewer import __version__
from reviewer.documents.base import Document
from reviewer.errors import CorruptDatabaseError, NewerDatabaseError
from reviewer.model import FinalVerdict, Review
from reviewer.storage.backup import Backup, backup, database_role
from reviewer.storage.drafts import DraftTable
from reviewer.storage.files import database_path, write_failure
from reviewer.storage.journal import JournaledStorage
from reviewer.storage.orphans import OrphanTable
from reviewer.storage.records import (
    DocumentInfo,
    OrphanInfo,
    document_info,
    numeric_ids,
    record_id,
)
from reviewer.storage.shapes import SHAPES, ShapeTable
from reviewer.storage.verdicts import FINAL_VERDICTS, FinalVerdictTable

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
# version-1 reader would not see (so version 1 code must refuse version 2 files).
SCHEMA_VERSION = 2
DEFAULT_LOCK_TIMEOUT = 10.0  # seconds; the CLI reads REVIEWER_LOCK_TIMEOUT (paths.py)

_META, _DOCUMENTS, _REVIEWS, _POSITIONS = "_meta", "documents", "reviews", "positions"
_SCHEMA_ID = "schema"
_IMPORT_CONFLICTS = "import_conflicts"  # the versions an import did not keep (see merge_reviews)
_TEAM = "team_sync"  # what this database last exchanged with its team server (reviewer/teamserver)

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


@dataclass(slots=True)
class TeamWrites:
    """What one team-sync transaction writes: reviews to store or delete, conflicts, sync state.

    Conflict and state records are plain dicts with a unique ``key`` (an existing key is replaced).
    """

    reviews: list[Review] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # review keys
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    state: list[dict[str, Any]] = field(default_factory=list)
    verdicts: list[FinalVerdict] = field(default_factory=list)  # final verdicts to store
    deleted_verdicts: list[str] = field(default_factory=list)  # final verdict keys
    shapes: list[dict[str, Any]] = field(default_factory=list)  # shape records (with their key) to store
    deleted_shapes: list[str] = field(default_factory=list)  # shape record keys


MergeDecision = Callable[[dict[str, Review | None], dict[str, dict[str, Any]]], MergeWrites]


class ReviewStore(FinalVerdictTable, OrphanTable, DraftTable, ShapeTable):
    """The review database: many documents and reviewers (verdicts, orphans, drafts, shapes: mixins)."""

    def __init__(self, path: str | Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        given = Path(path).expanduser()
        # The real file: a symlink and its target must share one journal and one lock.
        self.path = database_path(given)
        self._storage = JournaledStorage(str(self.path), lock_timeout=lock_timeout)
        self._check_schema(self._storage.read())
        # One rule for every command: a database that cannot be written opens read-only.
        self._storage.read_only = self._storage.why_read_only()

    @property
    def storage(self) -> JournaledStorage:
        """The journaled storage under the store (for measuring it; changes go through the store)."""
        return self._storage

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
        """Set when a fold failed after changes were saved in the journal (they are safe there)."""
        return self._storage.fold_warning

    @property
    def foreign_changes(self) -> int:
        """A count that moves whenever this store reads what another process wrote."""
        return self._storage.foreign_changes

    def catch_up(self) -> None:
        """Read what other processes wrote since (no lock needed; raises StoreError if damaged)."""
        self._storage.read()

    def close(self) -> str | None:
        """Fold what this store wrote into the main file; a warning if that failed (nothing is lost).

        A store that only read leaves the files alone.
        """
        return self._storage.finish()

    def role_of(self, path: str | Path) -> str | None:
        """What ``path`` is to this database ("the database's journal", …), or None (see backup.py)."""
        return database_role(self, path)

    def backup(self, destination: str | Path) -> Backup:
        """Write a consistent copy of the whole database, journal folded in (see backup.py)."""
        return backup(self, destination)

    def folded_copy(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every table, journal included, read under the lock when it can be taken."""
        return self._storage.folded_copy()

    # -- schema and writing -------------------------------------------------------------

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:
        """``table`` as stored: TinyDB id → record, fresh from the storage (which catches up first)."""
        data = self._storage.read() or {}
        return data.get(table, {})

    def records(self, table: str) -> list[dict[str, Any]]:
        """The records of ``table``, without TinyDB wrapping each in a Document."""
        return list(self._rows(table).values())

    def _get(self, table: str, key: str) -> dict[str, Any] | None:
        rows = self._rows(table)
        record = rows.get(str(record_id(key)))
        if isinstance(record, dict) and record.get("key") == key:
            return dict(record)
        legacy = rows.get(key)  # schema 1 as first written: our key was the TinyDB id
        return {"key": key} | legacy if isinstance(legacy, dict) else None

    def _put(self, table: str, key: str, record: dict[str, Any] | None) -> None:
        self._storage.apply(table, str(record_id(key)), None if record is None else {"key": key} | record)

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
                self._migrate(version)
            if version != SCHEMA_VERSION:
                meta = {"schema_version": SCHEMA_VERSION, "created_by": f"reviewer {__version__}"}
                self._put(_META, _SCHEMA_ID, meta)
            return change()

    def _migrate(self, version: int) -> None:
        """Keep a copy of the old file, then carry on in the current layout.

        Version 1 files are plain TinyDB files like ours; what changes is that the journal
        now holds the latest changes, so the version number must rise before the first one.
        """
        backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
        try:
            if not backup.exists():
                shutil.copy2(self.path, backup)
        except OSError as exc:
            raise write_failure(backup, exc) from None
        # The first schema 1 files used our own string keys as TinyDB ids, which TinyDB itself
        # cannot read: give every such record its numeric id, keeping the key inside it.
        data = self._storage.read() or {}
        if any(not doc_id.isdigit() for rows in data.values() for doc_id in rows):
            self._storage.write({name: dict(numeric_ids(rows)) for name, rows in data.items()})

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
                f"{self.path}: record {record.get('key', '?')!r} in table {table!r} is malformed"
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
            for record in self.records(_REVIEWS)
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
            self._storage.apply_many(
                [(_REVIEWS, str(record_id(r.key)), {"key": r.key} | r.to_record()) for r in fresh]
            )
            return len(fresh)

        return self._write(transaction)

    def all_reviews(self) -> list[Review]:
        """Every review in the database."""
        return [self._review(record) for record in self.records(_REVIEWS)]

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
            changes: list[tuple[str, str, dict[str, Any] | None]] = [
                (_REVIEWS, str(record_id(review.key)), {"key": review.key} | review.to_record())
                for review in writes.reviews
            ]
            changes.extend(
                (_IMPORT_CONFLICTS, str(record_id(str(record["key"]))), record) for record in writes.conflicts
            )
            self._storage.apply_many(changes)
            return writes

        return self._write(transaction)

    def team_state(self) -> dict[str, dict[str, Any]]:
        """The team-sync state records by key (watermark, last synced version of each review)."""
        return {str(record["key"]): record for record in self.records(_TEAM) if "key" in record}

    def team_record(self, key: str) -> dict[str, Any] | None:
        """One team-sync state record (the watermark, the joined server) without building them all."""
        return self._get(_TEAM, key)

    def team_transaction(self, decide: Callable[[], TeamWrites]) -> TeamWrites:
        """One locked transaction of a team sync: ``decide`` reads fresh data; its writes are one append."""

        def transaction() -> TeamWrites:
            writes = decide()
            # Conflicts first: a kill keeps a prefix of one append, so a version set aside is
            # on disk before the version replacing it, and the sync state comes last.
            changes: list[tuple[str, str, dict[str, Any] | None]] = [
                (_IMPORT_CONFLICTS, str(record_id(str(r["key"]))), r) for r in writes.conflicts
            ]
            changes.extend(
                (_REVIEWS, str(record_id(review.key)), {"key": review.key} | review.to_record())
                for review in writes.reviews
            )
            changes.extend((_REVIEWS, str(record_id(key)), None) for key in writes.deleted)
            changes.extend(
                (FINAL_VERDICTS, str(record_id(v.key)), {"key": v.key} | v.to_record())
                for v in writes.verdicts
            )
            changes.extend((FINAL_VERDICTS, str(record_id(key)), None) for key in writes.deleted_verdicts)
            # Shapes after the reviews, as a local reshape writes them: the claims a kill leaves
            # drawn never lack the reviews that came with them.
            changes.extend((SHAPES, str(record_id(str(r["key"]))), r) for r in writes.shapes)
            changes.extend((SHAPES, str(record_id(key)), None) for key in writes.deleted_shapes)
            changes.extend((_TEAM, str(record_id(str(r["key"]))), r) for r in writes.state)
            self._storage.apply_many(changes)
            return writes

        return self._write(transaction)

    def import_conflicts(self, doc_id: str) -> list[dict[str, Any]]:
        """The import-conflict records of version ``doc_id``, as ``merge_reviews`` wrote them."""
        return [record for record in self.records(_IMPORT_CONFLICTS) if record.get("doc_id") == doc_id]
