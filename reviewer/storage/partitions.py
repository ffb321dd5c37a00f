"""One TinyDB file per document beside the index: which file a record lives in, and those files.

A database is ``reviews.json`` (the index: ``_meta``, ``documents``, ``positions`` and the team
records that belong to no document) and the folder ``reviews.json.d/``, which holds one plain
TinyDB file per document, ``<doc_id>.json``, each a ``JournaledStorage`` with its own journal:
that document's reviews, final verdicts, shapes, orphans, drafts, import conflicts and the
team-sync state of its reviews and verdicts. Opening one document reads the index and that
document's file only, whatever the size of the rest.

Every record key of a per-document table starts with its document's id (a review
``{doc}:{start}-{end}:{reviewer}``, an orphan ``{doc}|…``, a conflict ``conflict:{review key}:…``,
a sync state ``v:{review key}``), so the key alone routes a write, a delete included.

Locking: every change takes the index's lock first (one writer at a time, as with one file),
then each touched document file's own lock, never the other way round, so nothing deadlocks.
The only other holder of a document file's lock is a fold when a store closes, which takes no
other lock. A transaction writes each touched document file (one append and one fsync each),
then the index last: a kill in between leaves some files written and not others, so every
writer that spans several files is idempotent on retry (a team pull dedupes by the change ids
kept beside each review in the same file; a carry-over adds only what is missing).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reviewer.errors import StoreError
from reviewer.storage.catchup import STORAGE_TABLE, Tables
from reviewer.storage.files import can_write, read_header, stamp
from reviewer.storage.journal import JournaledStorage

PER_DOCUMENT = frozenset({"reviews", "final_verdicts", "shapes", "orphans", "drafts", "import_conflicts"})
TEAM = "team_sync"
# A review's, a final verdict's and a shape's sync state (teamserver/sync.py, shapesync.py).
_TEAM_PREFIXES = ("v:", "f:", "s:")
_CONFLICT_PREFIX = "conflict:"  # import conflicts (review/importing.py)
_SAFE_NAME = re.compile(r"[0-9A-Za-z_-]{1,64}")
_DOCUMENT = re.compile(r"[^:|]*")  # a key's document: what comes before its first ':' or '|'


def folder_of(index: Path) -> Path:
    """The folder of per-document files beside the index ``reviews.json``."""
    return index.with_name(index.name + ".d")


def document_of(table: str, key: str) -> str | None:
    """The document whose file holds record ``key`` of ``table``; None: the index holds it."""
    if table == TEAM:
        if not key.startswith(_TEAM_PREFIXES):
            return None  # the watermark, the joined server, pushed documents
        key = key[2:]
    elif table not in PER_DOCUMENT:
        return None
    elif table == "import_conflicts":
        key = key.removeprefix(_CONFLICT_PREFIX)
    return _DOCUMENT.match(key).group()  # type: ignore[union-attr]  # it matches any string


@functools.lru_cache(maxsize=4096)  # a migration asks it of every record
def partition_name(doc_id: str) -> str:
    """The file name (without ``.json``) of document ``doc_id``'s file."""
    # A real doc_id is 64 hex digits. Anything else (an id cut at a ':', a test's "d") gets a
    # name that is safe as a file name; records keep their doc_id, and reads check it.
    doc = _DOCUMENT.match(doc_id).group()  # type: ignore[union-attr]
    if _SAFE_NAME.fullmatch(doc):
        return doc
    return "x" + doc.encode("utf-8").hex()[:60]


def change_stamp(main: Path) -> str:
    """A string that changes with every write to the document file ``main`` (a push compares it).

    Within one generation an acknowledged append only ever grows the journal; a fold starts a
    new random generation and replaces the main file. So (generation, journal size, main file
    stamp) moves on every write, whatever the clock's resolution. Nothing is parsed.
    """
    header = read_header(main.with_name(main.name + ".journal"))
    return f"{header.generation}:{header.size}:{stamp(main)}"


class Partitions:
    """The per-document files of one database, opened lazily and kept open (see the module doc)."""

    def __init__(self, index: JournaledStorage) -> None:
        self.index = index
        self.folder = folder_of(index.path)
        self._open: dict[str, JournaledStorage] = {}
        self._base: dict[str, int] = {}  # each file's count of others' writes when first read

    def storage(self, name: str) -> JournaledStorage:
        """The storage of file ``name`` (created on its first write, not here)."""
        part = self._open.get(name)
        if part is None:
            part = JournaledStorage(str(self.folder / f"{name}.json"), lock_timeout=self.index.lock_timeout)
            part.read_only = self.index.read_only
            with contextlib.suppress(StoreError):  # damage is reported by the read that needs it
                part.read()
            self._open[name] = part
            self._base[name] = part.foreign_changes
        part.lock_timeout = self.index.lock_timeout  # the store's current wait (``waiting``)
        part.read_only = self.index.read_only
        return part

    def why_read_only(self) -> str | None:
        """Why a document file cannot be written (its folder, a file, a journal), or None."""
        if not self.folder.is_dir():
            return None
        if not can_write(self.folder):
            return f"its folder of document files {self.folder} is read-only"
        # Two checks per document (not per review): a file that cannot be written makes the
        # whole database read-only, before a command writes the index and then fails on it.
        for name in self.names():
            for file in (self.folder / f"{name}.json", self.folder / f"{name}.json.journal"):
                if file.exists() and not can_write(file):
                    return f"its document file {file} is read-only"
        return None

    def names(self) -> list[str]:
        """Every document file there is, sorted (a file created since is seen on the next call)."""
        try:
            return sorted(
                p.name[: -len(".json")]
                for p in self.folder.iterdir()
                if p.name.endswith(".json") and not p.name.startswith(".")
            )
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            return []

    def data(self, name: str) -> Tables:
        """File ``name``'s tables, caught up with other processes (empty if there is no file)."""
        return self.storage(name).read() or {}

    def tables(self, names: list[str] | None = None, *, keep: bool = True) -> Iterator[tuple[str, Tables]]:
        """``(name, tables)`` of each file in ``names`` (default: every file).

        ``keep=False`` (a backup) leaves a file not open yet closed afterwards: going through a
        million reviews once must not hold them all in memory.
        """
        for name in self.names() if names is None else names:
            if keep or name in self._open:
                yield name, self.data(name)
            else:
                yield name, JournaledStorage(str(self.folder / f"{name}.json")).read() or {}

    def stamps(self) -> dict[str, str]:
        """Every document file's change stamp (see :func:`change_stamp`)."""
        return {name: change_stamp(self.folder / f"{name}.json") for name in self.names()}

    def ensure_folder(self) -> None:
        """Create the folder of document files (under the index's lock, before a first write)."""
        if not self.folder.is_dir():
            from reviewer.storage.atomic import fsync_directory

            self.folder.mkdir(exist_ok=True)
            fsync_directory(self.folder.parent)

    @property
    def foreign_changes(self) -> int:
        """How many times an open document file brought in what another process wrote."""
        return sum(part.foreign_changes - self._base[name] for name, part in self._open.items())

    def catch_up(self) -> None:
        """Read what other processes wrote to the files open here."""
        for part in self._open.values():
            part.read()

    def fold_warning(self) -> str | None:
        """The first document file's warning that a fold failed (its changes are in its journal)."""
        return next((p.fold_warning for p in self._open.values() if p.fold_warning), None)

    def finish(self) -> str | None:
        """Fold each file this process wrote (each under its own lock only); the first warning."""
        warnings = [part.finish() for part in self._open.values()]
        return next((w for w in warnings if w), None)

    def forget(self) -> None:
        """Drop every open file (the folder was replaced: a migration, see migration.py)."""
        self._open.clear()
        self._base.clear()


def without_storage(data: Tables) -> dict[str, dict[str, Any]]:
    """``data``'s tables without the storage's own (a copy of the rows)."""
    return {name: dict(rows) for name, rows in data.items() if name != STORAGE_TABLE}
