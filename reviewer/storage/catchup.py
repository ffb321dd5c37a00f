"""Catching up with a journaled database: its main file, then the journal's new lines.

No lock is needed: the files are looked at again after reading, and everything is read again
from the start when another process folded meanwhile. Damage is reported only when a read
from the start that nothing disturbed finds it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reviewer.errors import CorruptDatabaseError
from reviewer.storage.files import Header, checked, first_line, is_tables, read_header, refuse_constant, stamp

Tables = dict[str, dict[str, dict[str, Any]]]

STORAGE_TABLE, STORAGE_ID = "_storage", "1"  # where the main file keeps its generation
_READ_ATTEMPTS = 20  # reads disturbed by a fold in another process before giving up


class CatchingUp:
    """What a process knows of the database: the data, and how far into the journal it has read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.journal_path = path.with_name(path.name + ".journal")
        # Bumped whenever a refresh brings in what another process wrote: a watcher compares it.
        self.foreign_changes = 0
        self._data: Tables = {}
        self._loaded = False
        self._main_stamp: tuple[int, ...] | None = None
        self._main_size = 0
        self._generation: str | None = None  # of the main file loaded into ``_data``
        self._journal_live = False  # the journal on disk belongs to that generation
        self._seen_header: str | None = None  # the journal's generation when last checked
        self._journal_offset = 0  # bytes of the journal already applied to ``_data``
        self._from_start = False  # the last catch-up read the journal from its first line
        self._depth = 0  # > 0 while this process holds the lock (nobody else writes then)

    def refresh(self) -> None:
        """Catch up with other processes: reload after a fold, else apply new journal lines.

        Needs no lock: the files are looked at again afterwards, and everything is read again
        from the start when a fold happened meanwhile. Damage is reported only when a read
        from the start that nothing disturbed finds it.
        """
        for _attempt in range(_READ_ATTEMPTS):
            header, main_stamp = read_header(self.journal_path), stamp(self.path)
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

    def _settled(self, header: Header, main_stamp: tuple[int, ...] | None) -> bool:
        """True when no other process folded or cut the journal since ``header`` was read."""
        if self._depth:
            return True  # under the lock nobody else writes
        now = read_header(self.journal_path)
        return (
            (now.generation, now.damaged) == (header.generation, header.damaged)
            and now.size >= self._journal_offset
            and stamp(self.path) == main_stamp
        )

    def _catch_up(self, header: Header, main_stamp: tuple[int, ...] | None) -> None:
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
            data = json.loads(raw, parse_constant=refuse_constant)
        except RecursionError:
            raise CorruptDatabaseError(
                self._damaged_main("nested too deeply to be a reviewer database")
            ) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise CorruptDatabaseError(self._damaged_main(first_line(exc))) from None
        if not is_tables(data):
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
            apply_entry(self._data, entry)
            position += len(line) + 1
        self._journal_offset = position
        return bool(complete)


def _decode_line(line: bytes) -> dict[str, Any] | None:
    entry = checked(line)
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("t", "id")):
        return None
    if entry.get("d") is not None and not isinstance(entry["d"], dict):
        return None
    return entry


def apply_entry(data: Tables, entry: dict[str, Any]) -> None:
    """Apply one journal entry (set a document, or delete it when ``d`` is None) to ``data``."""
    table = data.setdefault(entry["t"], {})
    if entry["d"] is None:
        table.pop(entry["id"], None)
    else:
        table[entry["id"]] = entry["d"]
