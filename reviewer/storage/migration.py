"""From one file to the per-document layout (schema 3), and writing that layout whole (a backup).

A migration runs under the index's lock: it keeps a copy of the old file (``.v2.bak``), writes
every document's file into a new folder, swaps that folder in, and only then replaces the
old file with the index. Until that last rename the old file is the database (a reader of
schema 2 never looks at the folder), so a kill at any moment leaves it whole and the next
write migrates again from the start, writing every document file afresh.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.storage.atomic import atomic_write_bytes, fsync_directory
from reviewer.storage.catchup import STORAGE_TABLE, Tables
from reviewer.storage.files import write_failure
from reviewer.storage.partitions import document_of, folder_of, partition_name
from reviewer.storage.records import numeric_ids, record_id

if TYPE_CHECKING:
    from reviewer.storage.store import ReviewStore

_META, _SCHEMA_ID = "_meta", "schema"


def split(data: Tables) -> tuple[Tables, dict[str, Tables]]:
    """One file's tables as the index's and each document file's (by file name)."""
    index: Tables = {}
    parts: dict[str, Tables] = {}
    for table, rows in data.items():
        if table == STORAGE_TABLE:
            continue  # the old file's generation: each new file gets its own
        for row_id, record in rows.items():
            key = record.get("key")
            # A record with no key of ours stays in the index: kept, as every byte of the old file.
            doc = document_of(table, key) if isinstance(key, str) else None
            target = index if doc is None else parts.setdefault(partition_name(doc), {})
            target.setdefault(table, {})[row_id] = record
    return index, parts


def dumps(tables: Tables) -> bytes:
    """A TinyDB file's bytes (compact, as the journaled storage writes them)."""
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def write_folder(folder: Path, parts: Iterable[tuple[str, Tables]]) -> int:
    """Make ``folder`` hold exactly these document files, swapped in whole; returns how many.

    They are written into a new folder beside it, which then replaces the old one (moved aside
    and removed): a kill midway leaves the old folder, or none, never a mix of the two.
    """
    parent = folder.parent
    for leftover in parent.glob(f".{folder.name}.*.tmp"):  # a kill during an earlier try
        shutil.rmtree(leftover, ignore_errors=True)
    token = secrets.token_hex(4)
    fresh, old = parent / f".{folder.name}.{token}.tmp", parent / f".{folder.name}.{token}.old.tmp"
    fresh.mkdir()
    count = 0
    for name, tables in parts:
        atomic_write_bytes(fresh / f"{name}.json", dumps(tables))
        count += 1
    fsync_directory(fresh)
    if folder.exists():
        os.replace(folder, old)
    os.replace(fresh, folder)
    fsync_directory(parent)
    shutil.rmtree(old, ignore_errors=True)
    return count


def migrate(store: ReviewStore, version: int, meta: dict[str, Any]) -> None:
    """Bring the database from schema ``version`` (one file) to the per-document layout.

    Runs under the index's lock (``ReviewStore._write``); see the module doc for why a kill
    at any point loses nothing.
    """
    backup = store.path.with_name(f"{store.path.name}.v{version}.bak")
    try:
        if not backup.exists():
            shutil.copy2(store.path, backup)
    except OSError as exc:
        raise write_failure(backup, exc) from None
    data = store.storage.read() or {}
    # The first schema 1 files used our own string keys as TinyDB ids, which TinyDB itself
    # cannot read: give every such record its numeric id, keeping the key inside it.
    data = {name: dict(numeric_ids(rows)) for name, rows in data.items()}
    index, parts = split(data)
    folder = folder_of(store.path)
    try:
        write_folder(folder, sorted(parts.items()))
    except OSError as exc:
        raise write_failure(folder, exc) from None
    store._parts.forget()
    index.setdefault(_META, {})[str(record_id(_SCHEMA_ID))] = {"key": _SCHEMA_ID} | meta
    index[_META].pop(_SCHEMA_ID, None)  # early schema 1 kept it under our key
    store.storage.write(index)  # last: from here on the folder is the database's
