"""A database's files: which paths belong to it, and a consistent copy of it (``reviewer backup``)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.errors import StoreError
from reviewer.storage.atomic import atomic_write_bytes
from reviewer.storage.catchup import Tables
from reviewer.storage.migration import dumps, write_folder
from reviewer.storage.partitions import folder_of

if TYPE_CHECKING:
    from reviewer.storage.store import ReviewStore

_DOCUMENTS, _REVIEWS = "documents", "reviews"


@dataclass(frozen=True, slots=True)
class Backup:
    """Where a backup went and what it holds."""

    path: Path
    documents: int
    reviews: int


def database_role(store: ReviewStore, path: str | Path) -> str | None:
    """What ``path`` is to ``store``'s database ("the database's journal", …), or None.

    Every file the database keeps counts, followed through symbolic links: an export or a
    backup written over one would destroy what the database holds.
    """
    try:
        target = Path(os.path.realpath(Path(path).expanduser()))
    except (OSError, ValueError):
        return None
    name = store.path.name
    if target == store.path:
        return "the database"
    if store.path.with_name(name + ".versions") in target.parents:
        return "a snapshot kept by the database"
    if folder_of(store.path) in target.parents:
        return "in the database's folder of document files"
    if target.parent != store.path.parent:
        return None
    suffix = target.name[len(name) :] if target.name.startswith(name) else ""
    roles = {
        ".journal": "the database's journal",
        ".lock": "the database's lock",
        ".versions": "the database's folder of snapshots",
        ".d": "the database's folder of document files",
    }
    if suffix in roles:
        return roles[suffix]
    if re.fullmatch(r"\.v\d+\.bak", suffix):
        return "the database's backup from before its migration"
    if target.name.startswith(f".{name}.") and target.name.endswith(".tmp"):
        return "a temporary file of the database"
    return None


def backup(store: ReviewStore, destination: str | Path) -> Backup:
    """Write a consistent copy of everything (journals folded in) to ``destination``.

    ``destination`` is a file, or a folder to put ``reviews.json`` (the database's name) in.
    The copy has the database's layout with no journal: the index there, and each document's
    file in ``DEST.d/`` (written first; the index last). A database of its own, or a restore.
    """
    target = Path(destination).expanduser()
    if target.is_dir():
        target = target / store.path.name
    role = database_role(store, target)
    if role is not None:
        raise StoreError(f"{target} is {role}: choose another place for the backup")
    folder = folder_of(target)
    if target.with_name(target.name + ".journal").exists() or any(folder.glob("*.journal")):
        raise StoreError(
            f"{target} is a database with a journal beside it, which a copy there would not"
            " replace: choose another place for the backup"
        )
    if not target.parent.is_dir():
        raise StoreError(f"cannot write {target}: the folder {target.parent} does not exist")

    def write(index: Tables, parts: Iterator[tuple[str, Tables]] | None) -> Backup:
        reviews = len(index.get(_REVIEWS, {}))

        def counted() -> Iterator[tuple[str, Tables]]:
            nonlocal reviews
            for name, tables in parts or ():  # one file at a time: a copy never holds them all
                reviews += len(tables.get(_REVIEWS, {}))
                yield name, tables

        if parts is not None:
            write_folder(folder, counted())
        atomic_write_bytes(target, dumps(index))
        return Backup(target, len(index.get(_DOCUMENTS, {})), reviews)

    try:
        return store.copy_with(write)
    except OSError as exc:
        raise StoreError(f"cannot write {target} ({exc.strerror or exc}); no backup was made") from None
