"""JournaledStorage: a TinyDB storage that is crash-safe, multi-process safe and O(1) per change.

The database is two files side by side:

- ``reviews.json``: a plain TinyDB JSON file, only ever replaced whole and atomically
  (temp file, fsync, rename, fsync of the directory);
- ``reviews.json.journal``: changes made since, one line each, appended and fsync'd before
  a change is reported as saved.

Opening replays the journal over the main file. When the journal grows past the size of
the main file (and when a store is closed) it is folded into a new main file and started
afresh. Each fold gets a new random *generation*, written both into the main file (table
``_storage``) and as the journal's first line: a journal whose generation differs from the
main file's was already folded (a crash between the two steps) and is ignored, and a
process that sees the generation change knows another one folded, without trusting file
timestamps or inode numbers, which file systems reuse.

Every change and every refresh runs under a file lock and first catches up with what other
processes wrote, so two instances lose nothing. Each journal line carries a CRC: a line cut
short by a kill is ignored (it was never acknowledged) and trimmed before the next append;
a damaged line anywhere else stops everything without writing, as does a main file that
does not parse.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb.storages import Storage

from reviewer.errors import CorruptDatabaseError, DatabaseLockedError, DatabaseWriteError
from reviewer.storage.atomic import atomic_write_bytes, fsync_directory

Tables = dict[str, dict[str, dict[str, Any]]]

STORAGE_TABLE, STORAGE_ID = "_storage", "1"  # where the main file keeps its generation
_HEADER_READ = 256  # bytes enough for the journal's first line

# Fold the journal into the main file once it outgrows both of these: a rewrite costs the
# size of the main file, so folding at that size keeps the amortised cost per change flat.
MIN_COMPACT_BYTES = 256 * 1024
COMPACT_RATIO = 0.25  # journal size / main file size: opening replays at most a quarter of it


class JournaledStorage(Storage):
    """TinyDB storage over a main JSON file and an append-only journal (see the module doc)."""

    def __init__(self, path: str, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self._data: Tables = {}
        self._loaded = False
        self._main_stamp: tuple[int, ...] | None = None
        self._main_size = 0
        self._generation: str | None = None  # of the main file loaded into ``_data``
        self._journal_live = False  # the journal on disk belongs to that generation
        self._seen_header: str | None = None  # the journal's generation when last checked
        self._journal_offset = 0  # bytes of the journal already applied to ``_data``
        self._lock: FileLock | None = None  # held now
        self._file_lock: FileLock | None = None
        self._depth = 0

    # -- locking ------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the cross-process lock (re-entrant within this storage) and catch up first."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._acquire()
        self._depth = 1
        try:
            self.refresh()
            yield
        finally:
            self._depth = 0
            self._release()

    # -- what the benchmarks look at ----------------------------------------------------

    @property
    def journal_bytes(self) -> int:
        """Bytes of the journal applied so far (it drops when a fold empties the journal)."""
        return self._journal_offset

    @property
    def fold_threshold(self) -> float:
        """Journal size past which the next write folds the journal into the main file."""
        return max(MIN_COMPACT_BYTES, COMPACT_RATIO * self._main_size)

    def _acquire(self) -> None:
        if self._file_lock is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseWriteError(write_failure(self.path.parent, exc)) from None
            # One lock object for the storage's life: building one per write costs more than the fsync.
            self._file_lock = FileLock(str(self.lock_path), timeout=self.lock_timeout)
        self._lock = self._file_lock
        try:
            self._lock.acquire()
        except Timeout:
            self._lock = None
            raise DatabaseLockedError(
                f"the database {self.path} stayed locked by another process for"
                f" {self.lock_timeout:g} s; nothing was saved: try again, or close the other reviewer"
            ) from None
        except OSError as exc:
            self._lock = None
            raise DatabaseWriteError(write_failure(self.lock_path, exc)) from None

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- reading ------------------------------------------------------------------------

    def read(self) -> Tables | None:
        """The current data: main file plus journal, caught up with other processes."""
        if self._depth:
            return self._data or None
        if not self._loaded and not self.path.exists() and not self.journal_path.exists():
            return None  # nothing stored yet: no need to create a directory or a lock to say so
        try:
            with self.locked():
                return self._data or None
        except DatabaseWriteError:
            # No lock file can be made here (a read-only place): read without one.
            self.refresh()
            return self._data or None

    def refresh(self) -> None:
        """Catch up with other processes: reload after a fold, else apply new journal lines."""
        header, header_length, journal_size = _read_header(self.journal_path)
        main_stamp = _stamp(self.path)
        # The generation catches folds whatever the clock says; the stamp also catches a main
        # file changed by hand, which must be parsed again (and refused if it no longer parses).
        folded_elsewhere = (
            not self._loaded
            or header != self._seen_header
            or main_stamp != self._main_stamp
            or journal_size < self._journal_offset
        )
        if folded_elsewhere:
            self._data = self._parse_main()
            self._main_stamp = main_stamp
            self._main_size = main_stamp[3] if main_stamp else 0
            generation = self._data.get(STORAGE_TABLE, {}).get(STORAGE_ID, {}).get("generation")
            self._generation = generation if isinstance(generation, str) else None
            self._seen_header = header
            self._journal_live = header is not None and header == self._generation
            # A journal of another generation was folded already: its lines are in the main file.
            self._journal_offset = header_length if self._journal_live else journal_size
            self._loaded = True
        if self._journal_live and journal_size > self._journal_offset:
            self._replay(journal_size)

    def _parse_main(self) -> Tables:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise CorruptDatabaseError(
                f"cannot read the database {self.path} ({exc.strerror}); check its permissions"
            ) from None
        if not raw.strip():
            return {}  # an empty file holds no notes: treat it as a new database
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CorruptDatabaseError(
                f"the database {self.path} is damaged ({_first_line(exc)}); it was left untouched:"
                " restore it from a backup, or move it aside to start a new one"
            ) from None
        if not _is_tables(data):
            raise CorruptDatabaseError(
                f"{self.path} is JSON but not a reviewer database; it was left untouched:"
                " pass another file with --db"
            )
        return data  # type: ignore[no-any-return]

    def _replay(self, journal_size: int) -> None:
        with self.journal_path.open("rb") as handle:
            handle.seek(self._journal_offset)
            chunk = handle.read(journal_size - self._journal_offset)
        position = self._journal_offset
        lines = chunk.split(b"\n")
        for number, line in enumerate(lines):
            if number == len(lines) - 1:
                break  # no newline yet: a line being written, or cut short by a kill
            entry = _decode_line(line)
            if entry is None:
                if _only_blank_or_torn(lines[number + 1 :]):
                    break  # a torn last line (a kill mid-append): never acknowledged
                raise CorruptDatabaseError(
                    f"the journal {self.journal_path} is damaged at byte {position}; both files were"
                    " left untouched: restore them from a backup, or move them aside"
                )
            _apply(self._data, entry)
            position += len(line) + 1
        self._journal_offset = position

    # -- writing ------------------------------------------------------------------------

    def apply(self, table: str, doc_id: str, document: dict[str, Any] | None) -> None:
        """Set (or with None, delete) one document: journalled and fsync'd before returning."""
        self.apply_many([(table, doc_id, document)])

    def apply_many(self, changes: list[tuple[str, str, dict[str, Any] | None]]) -> None:
        """Several changes in one append and one fsync; a kill keeps a prefix of them, in order."""
        if not changes:
            return
        with self.locked():
            if not self._journal_live:
                self.compact()  # a new database, an old layout, or a fold cut short: start clean
            entries = [{"t": table, "id": doc_id, "d": document} for table, doc_id, document in changes]
            lines = b"".join(encode_line(entry) for entry in entries)
            self._append(lines)
            for entry in entries:
                _apply(self._data, entry)
            self._journal_offset += len(lines)
            if self._journal_offset > self.fold_threshold:
                self.compact()

    def _append(self, line: bytes) -> None:
        try:
            with self.journal_path.open("r+b") as handle:
                # Drop a torn tail left by a killed writer, so the new line starts clean.
                handle.truncate(self._journal_offset)
                handle.seek(self._journal_offset)
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            self._undo_partial_append()
            raise DatabaseWriteError(write_failure(self.journal_path, exc)) from None

    def _undo_partial_append(self) -> None:
        # A failed append may have left half a line: cut it so the journal stays clean.
        with contextlib.suppress(OSError), self.journal_path.open("r+b") as handle:
            handle.truncate(self._journal_offset)

    def compact(self) -> None:
        """Fold everything into a new main file of a new generation, then start a new journal."""
        with self.locked():
            generation = secrets.token_hex(8)
            data = self._data | {STORAGE_TABLE: {STORAGE_ID: {"generation": generation}}}
            self._replace_main(data)
            self._data, self._generation, self._journal_live = data, generation, False
            header = encode_line({"generation": generation})
            try:
                created = not self.journal_path.exists()
                with self.journal_path.open("wb") as handle:
                    handle.write(header)
                    handle.flush()
                    os.fsync(handle.fileno())
                if created:
                    fsync_directory(self.path.parent)
            except OSError as exc:
                # The main file holds everything; a journal of the old generation is ignored.
                raise DatabaseWriteError(write_failure(self.journal_path, exc)) from None
            self._journal_live, self._journal_offset = True, len(header)
            self._seen_header = generation

    def write(self, data: Tables) -> None:
        """TinyDB's whole-database write: replace the main file and empty the journal."""
        with self.locked():
            self._data = data
            self.compact()

    def _replace_main(self, data: Tables) -> None:
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise DatabaseWriteError(
                f"the database {self.path} is read-only; nothing was saved:"
                " make it writable or use --db with another file"
            )
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write_bytes(self.path, payload)
        except OSError as exc:
            raise DatabaseWriteError(write_failure(self.path, exc)) from None
        self._main_stamp = _stamp(self.path)
        self._main_size = len(payload)

    def change_stamp(self) -> tuple[object, ...]:
        """Stat-only token of both files: it changes with every append and every fold."""
        return (_stamp(self.path), _stamp(self.journal_path))

    def has_pending_journal(self) -> bool:
        """True when changes live only in the journal (not yet folded into the main file)."""
        header, header_length, journal_size = _read_header(self.journal_path)
        return header is not None and journal_size > header_length

    def close(self) -> None:
        """Fold the journal into the main file when possible; never fails (the journal is durable)."""
        if self.has_pending_journal():
            with contextlib.suppress(DatabaseWriteError, DatabaseLockedError, CorruptDatabaseError):
                self.compact()


# -- journal lines ------------------------------------------------------------------------


def encode_line(entry: dict[str, Any]) -> bytes:
    body = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(body), body)


def _checked(line: bytes) -> Any:
    """The JSON of a ``CRC JSON`` line, or None when the line is torn or damaged."""
    checksum, _, body = line.partition(b" ")
    try:
        return json.loads(body) if int(checksum, 16) == zlib.crc32(body) else None
    except ValueError:
        return None


def _decode_line(line: bytes) -> dict[str, Any] | None:
    entry = _checked(line)
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("t", "id")):
        return None
    if entry.get("d") is not None and not isinstance(entry["d"], dict):
        return None
    return entry


def _read_header(path: Path) -> tuple[str | None, int, int]:
    """The journal's generation, the length of its first line, and its size (None, 0, 0 if absent)."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            first = handle.read(_HEADER_READ)
    except FileNotFoundError:
        return None, 0, 0
    except OSError as exc:
        raise CorruptDatabaseError(
            f"cannot read the journal {path} ({exc.strerror}); check its permissions"
        ) from None
    line, newline, _ = first.partition(b"\n")
    entry = _decode_header(line) if newline else None
    if entry is None:
        return None, 0, size
    return entry, len(line) + 1, size


def _decode_header(line: bytes) -> str | None:
    entry = _checked(line)
    generation = entry.get("generation") if isinstance(entry, dict) else None
    return generation if isinstance(generation, str) else None


def _only_blank_or_torn(rest: list[bytes]) -> bool:
    return all(not line.strip() for line in rest)


def _apply(data: Tables, entry: dict[str, Any]) -> None:
    table = data.setdefault(entry["t"], {})
    if entry["d"] is None:
        table.pop(entry["id"], None)
    else:
        table[entry["id"]] = entry["d"]


# -- small helpers ------------------------------------------------------------------------


def _stamp(path: Path) -> tuple[int, ...] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)


def _is_tables(data: object) -> bool:
    return isinstance(data, dict) and all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    )


def _first_line(exc: Exception) -> str:
    return str(exc).split("\n", 1)[0][:120]


def write_failure(path: Path, exc: OSError) -> str:
    """One line saying that nothing was saved, why, and what to do."""
    reason = exc.strerror or str(exc)
    advice = {
        errno.ENOSPC: "free some disk space",
        errno.EDQUOT: "free some disk space",
        errno.EFBIG: "the file is over the size this system allows",
        errno.EROFS: "the file system is read-only: use --db with a writable place",
        errno.EACCES: "check the permissions, or use --db with a writable place",
        errno.EPERM: "check the permissions, or use --db with a writable place",
        errno.EINVAL: "give the path of a regular file",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
    }.get(exc.errno or 0, "check the disk and the permissions")
    return f"cannot write {path} ({reason}); nothing was saved: {advice}"
