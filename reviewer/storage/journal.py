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
import json
import os
import secrets
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from reviewer.errors import (
    DatabaseLockedError,
    DatabaseWriteError,
    ReadOnlyDatabaseError,
    StoreError,
)
from reviewer.storage.atomic import atomic_write_bytes, fsync_directory
from reviewer.storage.catchup import STORAGE_ID, STORAGE_TABLE, CatchingUp, Tables, apply_entry
from reviewer.storage.files import (
    can_write,
    fold_failure,
    read_header,
    stamp,
    write_failure,
)
from reviewer.storage.locking import DatabaseLock, LockBusy

# Fold the journal into the main file once it outgrows both of these: a rewrite costs the
# size of the main file, so folding at that size keeps the amortised cost per change flat.
MIN_COMPACT_BYTES = 256 * 1024
COMPACT_RATIO = 0.25  # journal size / main file size: opening replays at most a quarter of it


class JournaledStorage(CatchingUp, Storage):
    """TinyDB storage over a main JSON file and an append-only journal (see the module doc)."""

    def __init__(self, path: str, lock_timeout: float = 10.0) -> None:
        super().__init__(Path(path))
        self.lock_path = self.path.with_name(self.path.name + ".lock")  # without flock only
        self.lock_timeout = lock_timeout
        # Why the database cannot be written (decided once, when it is opened), or None.
        self.read_only: str | None = None
        self.wrote = False  # this storage appended or folded: closing it folds
        self.fold_warning: str | None = None  # the last fold failed; every change is in the journal
        self._lock = DatabaseLock(self.journal_path, self.lock_path)

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

    # -- what the benchmarks look at ----------------------------------------------------

    @property
    def journal_bytes(self) -> int:
        """Bytes of the journal applied so far (it drops when a fold empties the journal)."""
        return self._journal_offset

    @property
    def fold_threshold(self) -> float:
        """Journal size past which the next write folds the journal into the main file."""
        return max(MIN_COMPACT_BYTES, COMPACT_RATIO * self._main_size)

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
        if not can_write(folder):
            return f"its folder {folder} is read-only"
        for file, name in ((self.path, "the file"), (self.journal_path, "its journal")):
            if file.exists() and not can_write(file):
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
                apply_entry(self._data, entry)
            self._journal_offset += len(lines)
            if self._journal_offset > self.fold_threshold:
                self._fold_after_saving()

    def _fold_after_saving(self) -> None:
        try:
            self.compact()
        except StoreError as exc:
            self.fold_warning = fold_failure(self.journal_path, exc)

    def _encode(self, entry: dict[str, Any]) -> bytes:
        try:
            return encode_line(entry)
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
            header = encode_line({"generation": generation})
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
        if self.path.exists() and not can_write(self.path):
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
        self._main_stamp = stamp(self.path)
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
        header = read_header(self.journal_path)
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


def encode_line(entry: dict[str, Any]) -> bytes:
    body = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(body), body)
