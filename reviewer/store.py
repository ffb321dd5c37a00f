"""ReviewStore: reviews, documents and positions in one TinyDB file, written durably under a lock.

The file stays a plain TinyDB JSON database. What differs from TinyDB's default storage:
every write replaces the file atomically (see ``atomic.py``), every read-modify-write runs
under a file lock and re-reads the file, record ids are derived from our own keys (never
TinyDB's auto-increment ids, which two processes would hand out twice), and a file we
cannot parse is never written over.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document as TinyDocument
from tinydb.table import Table

from reviewer import __version__
from reviewer.atomic import atomic_write_bytes
from reviewer.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DatabaseWriteError,
    NewerDatabaseError,
)
from reviewer.model import Document, Review

SCHEMA_VERSION = 1
DEFAULT_LOCK_TIMEOUT = 10.0  # seconds; the CLI reads REVIEWER_LOCK_TIMEOUT (paths.py)

_META, _DOCUMENTS, _REVIEWS, _POSITIONS = "_meta", "documents", "reviews", "positions"
_SCHEMA_ID = "schema"

T = TypeVar("T")


def record_id(key: str) -> int:
    """TinyDB's int id for one of our string keys: the same in every process, no counter.

    48 bits of SHA-256 stay exact in JavaScript too; the key itself is stored in the record
    and checked on read.
    """
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:6], "big")


class DurableJSONStorage(Storage):
    """TinyDB storage that never rewrites the live file in place and never overwrites a bad one."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._cached: Any = None
        self._cached_stamp: tuple[int, ...] | None = None

    def _stamp(self) -> tuple[int, ...] | None:
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """Parse the file; the parsed copy is reused until the file changes on disk."""
        stamp = self._stamp()
        if stamp is None:
            return None
        if stamp == self._cached_stamp:
            return self._cached  # type: ignore[no-any-return]
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CorruptDatabaseError(
                f"cannot read the database {self.path} ({exc.strerror}); check its permissions"
            ) from None
        data = self._parse(raw)
        self._cached, self._cached_stamp = data, stamp
        return data

    def _parse(self, raw: bytes) -> dict[str, dict[str, Any]] | None:
        if not raw.strip():
            return None  # an empty file holds no notes: treat it as a new database
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CorruptDatabaseError(
                f"the database {self.path} is damaged ({_short(exc)}); it was left untouched:"
                " restore it from a backup, or move it aside to start a new one"
            ) from None
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
            for table in data.values()
        ):
            raise CorruptDatabaseError(
                f"{self.path} is JSON but not a reviewer database; it was left untouched:"
                " pass another file with --db"
            )
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file atomically with ``data``."""
        self._cached, self._cached_stamp = None, None
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise DatabaseWriteError(
                f"the database {self.path} is read-only; nothing was saved:"
                " make it writable or use --db with another file"
            )
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write_bytes(self.path, payload)
        except OSError as exc:
            raise DatabaseWriteError(_write_failure(self.path, exc)) from None
        self._cached, self._cached_stamp = data, self._stamp()

    def close(self) -> None:
        """Nothing to release: no file handle stays open between operations."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the store remembers of a document it has seen."""

    doc_id: str
    path: str
    title: str
    language: str
    claim_count: int
    first_seen: str
    last_opened: str


class ReviewStore:
    """The review database: one file for many documents and reviewers."""

    def __init__(self, path: str | Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise DatabaseWriteError(f"--db {self.path} is a directory: give a file path")
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._lock_timeout = lock_timeout
        self._db = TinyDB(str(self.path), storage=DurableJSONStorage)
        self._check_schema(self._db.storage.read())

    # -- schema and locking -------------------------------------------------------------

    def _table(self, name: str) -> Table:
        # No query cache: it would answer from memory after another process changed the file.
        return self._db.table(name, cache_size=0)

    def _get(self, table: str, key: str) -> dict[str, Any] | None:
        record = self._table(table).get(doc_id=record_id(key))
        return dict(record) if isinstance(record, dict) and record.get("key") == key else None

    def _put(self, table: str, key: str, record: dict[str, Any]) -> None:
        self._table(table).upsert(TinyDocument({"key": key} | record, doc_id=record_id(key)))

    def _check_schema(self, data: dict[str, dict[str, Any]] | None) -> None:
        if not data:
            return
        schema = data.get(_META, {}).get(str(record_id(_SCHEMA_ID)))
        if schema is None:
            raise CorruptDatabaseError(
                f"{self.path} is a TinyDB file but not a reviewer database; it was left"
                " untouched: pass another file with --db"
            )
        version = schema.get("schema_version")
        if not isinstance(version, int) or version < 1:
            raise CorruptDatabaseError(
                f"{self.path} has an unknown schema_version {version!r}; it was left untouched"
            )
        if version > SCHEMA_VERSION:
            raise NewerDatabaseError(
                f"{self.path} was written by a newer reviewer (schema {version}, this one"
                f" reads {SCHEMA_VERSION}): upgrade reviewer; the file was left untouched"
            )

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self._lock_path), timeout=self._lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise DatabaseLockedError(
                f"the database {self.path} stayed locked by another process for"
                f" {self._lock_timeout:g} s; nothing was saved: try again, or close the other"
                " reviewer"
            ) from None
        except OSError as exc:
            raise DatabaseWriteError(_write_failure(self._lock_path, exc)) from None
        try:
            yield
        finally:
            lock.release()

    def _write(self, change: Callable[[], T]) -> T:
        """Run ``change`` under the lock, on freshly read data, in a database with a schema."""
        with self._locked():
            data = self._db.storage.read()
            self._check_schema(data)
            if not data or _META not in data:
                meta = {"schema_version": SCHEMA_VERSION, "created_by": f"reviewer {__version__}"}
                self._put(_META, _SCHEMA_ID, meta)
            return change()

    # -- documents ----------------------------------------------------------------------

    def register_document(self, document: Document, now: str) -> None:
        """Remember ``document`` (path, title, language, size) and when it was opened."""

        def change() -> None:
            old = self._get(_DOCUMENTS, document.doc_id)
            first_seen = old["first_seen"] if old else now
            record = {
                "doc_id": document.doc_id,
                "path": document.path,
                "title": document.title,
                "language": document.language,
                "claim_count": len(document.claims),
                "first_seen": first_seen,
                "last_opened": now,
            }
            self._put(_DOCUMENTS, document.doc_id, record)

        self._write(change)

    def documents(self) -> list[DocumentInfo]:
        """Every document seen, most recently opened first."""
        infos = [
            DocumentInfo(
                doc_id=str(doc["doc_id"]),
                path=str(doc.get("path", "")),
                title=str(doc.get("title", "")),
                language=str(doc.get("language", "")),
                claim_count=int(doc.get("claim_count", 0)),
                first_seen=str(doc.get("first_seen", "")),
                last_opened=str(doc.get("last_opened", "")),
            )
            for doc in self._table(_DOCUMENTS).all()
        ]
        return sorted(infos, key=lambda info: info.last_opened, reverse=True)

    # -- reviews ------------------------------------------------------------------------

    def reviews(self, doc_id: str, reviewer: str | None = None) -> list[Review]:
        """Reviews of one document, by one reviewer or by all."""
        return [
            Review.from_record(record)
            for record in self._table(_REVIEWS).all()
            if record.get("doc_id") == doc_id and (reviewer is None or record.get("reviewer") == reviewer)
        ]

    def get_review(self, key: str) -> Review | None:
        """The review stored under ``key``, if any."""
        record = self._get(_REVIEWS, key)
        return Review.from_record(record) if record else None

    def put_review(self, review: Review) -> None:
        """Save ``review`` (insert or replace) durably before returning."""
        self._write(lambda: self._put(_REVIEWS, review.key, review.to_record()))

    def delete_review(self, key: str) -> None:
        """Remove the review stored under ``key`` (nothing happens if there is none)."""
        table = self._table(_REVIEWS)

        def change() -> None:
            if self._get(_REVIEWS, key) is not None:
                table.remove(doc_ids=[record_id(key)])

        self._write(change)

    def all_reviews(self) -> list[Review]:
        """Every review in the database."""
        return [Review.from_record(record) for record in self._table(_REVIEWS).all()]

    # -- positions ----------------------------------------------------------------------

    def get_position(self, doc_id: str, reviewer: str) -> int | None:
        """The claim number where ``reviewer`` last was in the document, if remembered."""
        record = self._get(_POSITIONS, f"{doc_id}:{reviewer}")
        if record and isinstance(record.get("claim"), int):
            return int(record["claim"])
        return None

    def set_position(self, doc_id: str, reviewer: str, claim_number: int, now: str) -> None:
        """Remember the reviewer's claim number in the document."""
        record = {"doc_id": doc_id, "reviewer": reviewer, "claim": claim_number, "updated_at": now}
        self._write(lambda: self._put(_POSITIONS, f"{doc_id}:{reviewer}", record))


def _short(exc: Exception) -> str:
    return str(exc).split("\n", 1)[0][:120]


def _write_failure(path: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    advice = {
        errno.ENOSPC: "free some disk space",
        errno.EDQUOT: "free some disk space",
        errno.EFBIG: "the file is over the size this system allows",
        errno.EROFS: "the file system is read-only: use --db with a writable place",
        errno.EACCES: "check the permissions, or use --db with a writable place",
        errno.EPERM: "check the permissions, or use --db with a writable place",
    }.get(exc.errno or 0, "check the disk and the permissions")
    return f"cannot write {path} ({reason}); nothing was saved: {advice}"
