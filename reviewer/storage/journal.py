"""JournaledStorage: a TinyDB storage that is crash-safe, multi-process safe and O(1) per change.

The database is two files side by side, and it is both of them:

- ``reviews.json``: a plain TinyDB JSON file, only ever replaced whole and atomically
  (temp file, fsync, rename, fsync of the directory);
- ``reviews.json.journal``: changes made since, one line each, appended and fsync'd before
  a change is reported as saved.

Opening replays the journal over the main file. When the journal grows past the size of
the main file (and when a store that wrote is closed) it is folded into a new main file and
started afresh. Each fold gets a new random *generation*, written both into the main file
(table ``_storage``) and as the journal's first line: a journal whose generation differs
from the main file's was already folded (a crash between the two steps) and is ignored, and
a process that sees the generation change knows another one folded, without trusting file
timestamps or inode numbers, which file systems reuse.

Every change runs under a lock on the journal (``locking.py``) and first catches up with
what other processes wrote, so two instances lose nothing. Reading needs no lock: what was
read is checked against the files afterwards and read again if a fold happened meanwhile,
so a read-only place, or a stopped process holding the lock, never stops a reader.

Each journal line carries a CRC. Only the last piece of the journal, the one without a
newline, can be cut short by a kill: it was never acknowledged, is ignored, and is trimmed
before the next append. Any complete line that does not check, the header included, is
damage: everything stops without writing, as for a main file that does not parse.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from reviewer.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DatabaseWriteError,
    ReadOnlyDatabaseError,
    StoreError,
)
from reviewer.storage.atomic import atomic_write_bytes, fsync_directory
from reviewer.storage.locking import DatabaseLock, LockBusy

Tables = dict[str, dict[str, dict[str, Any]]]

STORAGE_TABLE, STORAGE_ID = "_storage", "1"  # where the main file keeps its generation
_HEADER_READ = 256  # bytes enough for the journal's first line (about 45)
_READ_ATTEMPTS = 20  # reads disturbed by a fold in another process before giving up

# Fold the journal into the main file once it outgrows both of these: a rewrite costs the
# size of the main file, so folding at that size keeps the amortised cost per change flat.
MIN_COMPACT_BYTES = 256 * 1024
COMPACT_RATIO = 0.25  # journal size / main file size: opening replays at most a quarter of it


@dataclass(frozen=True, slots=True)
class _Header:
    """The journal's first line as found: its generation, its length, the journal's size."""

    generation: str | None = None
    length: int = 0
    size: int = 0
    damaged: bool = False  # a complete first line that is not a header


class JournaledStorage(Storage):
    """TinyDB storage over a main JSON file and an append-only journal (see the module doc)."""

    def __init__(self, path: str, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.lock_path = self.path.with_name(self.path.name + ".lock")  # without flock only
        self.lock_timeout = lock_timeout
        # Why the database cannot be written (decided once, when it is opened), or None.
        self.read_only: str | None = None
        # Bumped whenever a refresh brings in what another process wrote: a watcher compares it.
        self.foreign_changes = 0
        self.wrote = False  # this storage appended or folded: closing it folds
        self.fold_warning: str | None = None  # the last fold failed; every change is in the journal
        self._lock = DatabaseLock(self.journal_path, self.lock_path)
        self._data: Tables = {}
        self._loaded = False
        self._main_stamp: tuple[int, ...] | None = None
        self._main_size = 0
        self._generation: str | None = None  # of the main file loaded into ``_data``
        self._journal_live = False  # the journal on disk belongs to that generation
        self._seen_header: str | None = None  # the journal's generation when last checked
        self._journal_offset = 0  # bytes of the journal already applied to ``_data``
        self._from_start = False  # the last catch-up read the journal from its first line
        self._depth = 0

    # -- locking ------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock to change the database (re-entrant within this storage), caught up first."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.refuse_if_read_only()
        self._acquire()
        self._depth = 1
        try:
            self.refresh()
            yield
        finally:
            self._depth = 0
            self._release()

    def refuse_if_read_only(self) -> None:
        """Raise ReadOnlyDatabaseError, saying why, if the database was found unwritable."""
        if self.read_only is not None:
            raise ReadOnlyDatabaseError(
                f"the database {self.path} cannot be written ({self.read_only}), so it was opened"
                " read-only: nothing was changed",
                another_database=True,
            )

    @contextlib.contextmanager
    def waiting(self, seconds: float) -> Iterator[None]:
        """Wait at most ``seconds`` for the lock inside this block (a screen must not freeze)."""
        before, self.lock_timeout = self.lock_timeout, seconds
        try:
            yield
        finally:
            self.lock_timeout = before

    def _acquire(self) -> None:
        try:
            self._lock.acquire(self.lock_timeout)
        except LockBusy:
            waited = f" for {self.lock_timeout:g} s" if self.lock_timeout >= 1 else ""
            raise DatabaseLockedError(
                f"the database {self.path} stayed locked by another process{waited}; nothing was"
                " saved: try again once the other reviewer is done (a stopped one must be resumed or closed)"
            ) from None
        except OSError as exc:
            raise write_failure(self.journal_path, exc) from None

    def _release(self) -> None:
        self._lock.release()

    def why_read_only(self) -> str | None:
        """Why the database cannot be written (file system, folder, files), or None if it can."""
        folder = self.path.parent
        try:
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return f"the file system of {folder} is mounted read-only"
        except OSError:
            pass  # no statvfs here: the permission checks below still tell
        # A fold writes a temp file in the folder and renames it: the folder must be writable.
        if not _can_write(folder):
            return f"its folder {folder} is read-only"
        for file, name in ((self.path, "the file"), (self.journal_path, "its journal")):
            if file.exists() and not _can_write(file):
                return f"{name} is read-only"
        return None

    # -- reading ------------------------------------------------------------------------

    def read(self) -> Tables | None:
        """The current data: main file plus journal, caught up with other processes."""
        if not self._depth:
            if not self._loaded and not self.path.exists() and not self.journal_path.exists():
                return None  # nothing stored yet: nothing to create to say so
            self.refresh()
        # The generation alone is what a new database holds between its first fold and its
        # first change: no data yet (a lock-free reader can see that moment).
        return self._data if any(name != STORAGE_TABLE for name in self._data) else None

    def refresh(self) -> None:
        """Catch up with other processes: reload after a fold, else apply new journal lines.

        Needs no lock: the files are looked at again afterwards, and everything is read again
        from the start when a fold happened meanwhile. Damage is reported only when a read
        from the start that nothing disturbed finds it.
        """
        for _attempt in range(_READ_ATTEMPTS):
            header, main_stamp = _read_header(self.journal_path), _stamp(self.path)
            try:
                self._catch_up(header, main_stamp)
            except CorruptDatabaseError:
                if self._from_start and self._settled(header, main_stamp):
                    raise
                self._loaded = False  # perhaps a fold or a failed append moved lines: from the start
                continue
            if self._settled(header, main_stamp):
                return
            self._loaded = False
        raise CorruptDatabaseError(
            f"the database {self.path} kept changing while it was read ({_READ_ATTEMPTS} tries): try again"
        )

    def _settled(self, header: _Header, main_stamp: tuple[int, ...] | None) -> bool:
        """True when no other process folded or cut the journal since ``header`` was read."""
        if self._depth:
            return True  # under the lock nobody else writes
        now = _read_header(self.journal_path)
        return (
            (now.generation, now.damaged) == (header.generation, header.damaged)
            and now.size >= self._journal_offset
            and _stamp(self.path) == main_stamp
        )

    def _catch_up(self, header: _Header, main_stamp: tuple[int, ...] | None) -> None:
        # The generation catches folds whatever the clock says; the stamp also catches a main
        # file changed by hand, which must be parsed again (and refused if it no longer parses).
        reload = (
            not self._loaded
            or header.generation != self._seen_header
            or main_stamp != self._main_stamp
            or header.size < self._journal_offset
        )
        self._from_start = reload or header.damaged
        if header.damaged:
            raise CorruptDatabaseError(self._damaged_journal(0, "its first line"))
        if reload:
            reloading = self._loaded
            self._data = self._parse_main()
            if reloading or self._data:
                self.foreign_changes += 1  # what this storage writes never needs a reload: others wrote
            self._main_stamp = main_stamp
            self._main_size = main_stamp[3] if main_stamp else 0
            generation = self._data.get(STORAGE_TABLE, {}).get(STORAGE_ID, {}).get("generation")
            self._generation = generation if isinstance(generation, str) else None
            self._seen_header = header.generation
            self._journal_live = header.generation is not None and header.generation == self._generation
            # A journal of another generation was folded already: its lines are in the main file.
            self._journal_offset = header.length if self._journal_live else header.size
            self._loaded = True
        if self._journal_live and header.size > self._journal_offset and self._replay(header.size):
            self.foreign_changes += 1

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
            data = json.loads(raw, parse_constant=_refuse_constant)
        except RecursionError:
            raise CorruptDatabaseError(
                self._damaged_main("nested too deeply to be a reviewer database")
            ) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise CorruptDatabaseError(self._damaged_main(_first_line(exc))) from None
        if not _is_tables(data):
            raise CorruptDatabaseError(
                f"the database {self.path} is JSON but not a reviewer database; it was left untouched",
                another_database=True,
            )
        return data  # type: ignore[no-any-return]

    def _damaged_main(self, why: str) -> str:
        return (
            f"the database {self.path} is damaged ({why}); it was left untouched: restore it from"
            " a backup, or move it aside to start a new one"
        )

    def _damaged_journal(self, offset: int, what: str = "a change") -> str:
        return (
            f"the journal {self.journal_path} is damaged at byte {offset} ({what} does not check);"
            " both files were left untouched: restore them from a backup, or move them aside"
        )

    def _replay(self, journal_size: int) -> bool:
        """Apply the complete lines up to ``journal_size``; True if there were any."""
        try:
            with self.journal_path.open("rb") as handle:
                handle.seek(self._journal_offset)
                chunk = handle.read(journal_size - self._journal_offset)
        except FileNotFoundError:
            return False  # deleted meanwhile: the next look sees it gone
        except OSError as exc:
            raise CorruptDatabaseError(
                f"cannot read the journal {self.journal_path} ({exc.strerror}); check its permissions"
            ) from None
        position = self._journal_offset
        *complete, _unfinished = chunk.split(b"\n")  # the last piece: being written, or cut by a kill
        for line in complete:
            entry = _decode_line(line)
            if entry is None:
                raise CorruptDatabaseError(self._damaged_journal(position))
            _apply(self._data, entry)
            position += len(line) + 1
        self._journal_offset = position
        return bool(complete)

    # -- writing ------------------------------------------------------------------------

    def apply(self, table: str, doc_id: str, document: dict[str, Any] | None) -> None:
        """Set (or with None, delete) one document: journalled and fsync'd before returning."""
        self.apply_many([(table, doc_id, document)])

    def apply_many(self, changes: list[tuple[str, str, dict[str, Any] | None]]) -> None:
        """Several changes in one append and one fsync; a kill keeps a prefix of them, in order.

        Once the append is durable the changes are saved: a fold that fails afterwards only
        leaves ``fold_warning`` (the journal holds them, and the next fold tries again).
        """
        if not changes:
            return
        entries = [{"t": table, "id": doc_id, "d": document} for table, doc_id, document in changes]
        lines = b"".join(self._encode(entry) for entry in entries)
        with self.locked():
            if not self._journal_live:
                self.compact()  # a new database, an old layout, or a fold cut short: start clean
            self._append(lines)
            self.wrote = True
            for entry in entries:
                _apply(self._data, entry)
            self._journal_offset += len(lines)
            if self._journal_offset > max(MIN_COMPACT_BYTES, COMPACT_RATIO * self._main_size):
                self._fold_after_saving()

    def _fold_after_saving(self) -> None:
        try:
            self.compact()
        except StoreError as exc:
            self.fold_warning = fold_failure(self.journal_path, exc)

    def _encode(self, entry: dict[str, Any]) -> bytes:
        try:
            return _encode_line(entry)
        except ValueError:  # NaN or Infinity, which JSON does not allow
            raise DatabaseWriteError(
                f"cannot write {self.journal_path}: a value is NaN or infinite, which JSON does not"
                " allow; nothing was saved"
            ) from None

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
            raise write_failure(self.journal_path, exc) from None

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
            self.wrote = True
            self._data, self._generation, self._journal_live = data, generation, False
            header = _encode_line({"generation": generation})
            try:
                created = not self.journal_path.exists()
                # In place, never replaced: the lock is held on this very file (locking.py).
                with self.journal_path.open("wb") as handle:
                    handle.write(header)
                    handle.flush()
                    os.fsync(handle.fileno())
                if created:
                    fsync_directory(self.path.parent)
            except OSError as exc:
                # The main file holds everything; a journal of the old generation is ignored.
                raise write_failure(self.journal_path, exc) from None
            self._journal_live, self._journal_offset = True, len(header)
            self._seen_header = generation
            self.fold_warning = None

    def write(self, data: Tables) -> None:
        """TinyDB's whole-database write: replace the main file and empty the journal."""
        with self.locked():
            self._data = data
            self.compact()

    def _replace_main(self, data: Tables) -> None:
        if self.path.exists() and not _can_write(self.path):
            raise DatabaseWriteError(f"the database {self.path} is read-only; it was not rewritten")
        try:
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        except ValueError:
            raise DatabaseWriteError(
                f"cannot write {self.path}: a value is NaN or infinite, which JSON does not allow"
            ) from None
        try:
            atomic_write_bytes(self.path, payload.encode("utf-8"))
        except OSError as exc:
            raise write_failure(self.path, exc) from None
        self._main_stamp = _stamp(self.path)
        self._main_size = len(payload)

    def folded_copy(self) -> Tables:
        """Everything, caught up under the lock when it can be taken (a consistent snapshot)."""
        try:
            with self.locked():
                return {name: dict(rows) for name, rows in self._data.items() if name != STORAGE_TABLE}
        except (ReadOnlyDatabaseError, DatabaseWriteError):
            self.refresh()  # cannot lock here: a lock-free read is consistent too
            return {name: dict(rows) for name, rows in self._data.items() if name != STORAGE_TABLE}

    def has_pending_journal(self) -> bool:
        """True when changes live only in the journal (not yet folded into the main file)."""
        header = _read_header(self.journal_path)
        return header.generation is not None and header.size > header.length

    def close(self) -> None:
        """TinyDB's close: see :meth:`finish`."""
        self.finish()

    def finish(self) -> str | None:
        """Fold what this storage wrote, if the lock is free right now; never raises.

        Returns a warning when that fold failed (every change is still in the journal). A
        storage that only read leaves the files alone, and a busy lock is left to its holder.
        """
        if not self.wrote or self.read_only is not None or self._depth:
            return self.fold_warning
        try:
            if self.has_pending_journal():
                with self.waiting(0):
                    self.compact()
        except DatabaseLockedError:
            pass  # another process is writing: it, or the next writer, folds
        except StoreError as exc:
            self.fold_warning = fold_failure(self.journal_path, exc)
        return self.fold_warning


# -- journal lines ------------------------------------------------------------------------


def _encode_line(entry: dict[str, Any]) -> bytes:
    body = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(body), body)


def _checked(line: bytes) -> Any:
    """The JSON of a ``CRC JSON`` line, or None when the line is torn or damaged."""
    checksum, _, body = line.partition(b" ")
    try:
        if len(checksum) != 8 or int(checksum, 16) != zlib.crc32(body):
            return None
        return json.loads(body, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None


def _decode_line(line: bytes) -> dict[str, Any] | None:
    entry = _checked(line)
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("t", "id")):
        return None
    if entry.get("d") is not None and not isinstance(entry["d"], dict):
        return None
    return entry


def _read_header(path: Path) -> _Header:
    """The journal's first line and size; an absent journal is an empty one."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            first = handle.read(_HEADER_READ)
    except FileNotFoundError:
        return _Header()
    except OSError as exc:
        raise CorruptDatabaseError(
            f"cannot read the journal {path} ({exc.strerror}); check its permissions"
        ) from None
    line, newline, _ = first.partition(b"\n")
    if not newline:
        # A header cut short by a kill (the fold before it completed): no journal yet.
        # Longer than any header, though, it is not that.
        return _Header(size=size, damaged=len(first) >= _HEADER_READ)
    entry = _checked(line)
    generation = entry.get("generation") if isinstance(entry, dict) else None
    if not isinstance(generation, str):
        return _Header(size=size, damaged=True)
    return _Header(generation, len(line) + 1, size)


def _apply(data: Tables, entry: dict[str, Any]) -> None:
    table = data.setdefault(entry["t"], {})
    if entry["d"] is None:
        table.pop(entry["id"], None)
    else:
        table[entry["id"]] = entry["d"]


# -- small helpers ------------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity, which are not JSON: another tool would refuse the
    # file, and writing them back would spread them. Read as damage, never written.
    raise ValueError(f"{name} is not a JSON value")


def _can_write(path: Path) -> bool:
    # The effective ids are what the kernel checks on open (they differ in setuid programs).
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK | (os.X_OK if path.is_dir() else 0), effective_ids=effective)


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


def write_failure(path: Path, exc: OSError) -> DatabaseWriteError:
    """The error for a failed write: one line saying that nothing was saved, why, and what to do."""
    reason = exc.strerror or str(exc)
    advice = {
        errno.ENOSPC: "free some disk space",
        errno.EDQUOT: "free some disk space",
        errno.EFBIG: "the file is over the size this system allows",
        errno.EROFS: "the file system is read-only: keep the database in a writable place",
        errno.EACCES: "check the permissions, or keep the database in a writable place",
        errno.EPERM: "check the permissions, or keep the database in a writable place",
        errno.EINVAL: "give the path of a regular file",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.ELOOP: "the path is a loop of symbolic links",
    }.get(exc.errno or 0, "check the disk and the permissions")
    elsewhere = exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    return DatabaseWriteError(
        f"cannot write {path} ({reason}); nothing was saved: {advice}", another_database=elsewhere
    )


def fold_failure(journal: Path, exc: StoreError) -> str:
    """One line for a fold that failed after the changes were saved in the journal."""
    why = str(exc).replace("; nothing was saved", "").replace("; it was not rewritten", "")
    return f"every change is saved in {journal}, but it could not be folded into the database: {why}"
