"""A database's files: which paths belong to it, and a consistent copy of it (``reviewer backup``)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.errors import StoreError
from reviewer.storage.atomic import atomic_write_bytes

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
    if target.parent != store.path.parent:
        return None
    suffix = target.name[len(name) :] if target.name.startswith(name) else ""
    roles = {
        ".journal": "the database's journal",
        ".lock": "the database's lock",
        ".versions": "the database's folder of snapshots",
    }
    if suffix in roles:
        return roles[suffix]
    if re.fullmatch(r"\.v\d+\.bak", suffix):
        return "the database's backup from before its migration"
    if target.name.startswith(f".{name}.") and target.name.endswith(".tmp"):
        return "a temporary file of the database"
    return None


def backup(store: ReviewStore, destination: str | Path) -> Backup:
    """Write a consistent copy of everything (journal folded in) to ``destination``.

    ``destination`` is a file, or a folder to put ``reviews.json`` (the database's name) in.
    The copy is one plain file with no journal: a database of its own, or a restore.
    """
    target = Path(destination).expanduser()
    if target.is_dir():
        target = target / store.path.name
    role = database_role(store, target)
    if role is not None:
        raise StoreError(f"{target} is {role}: choose another place for the backup")
    if target.with_name(target.name + ".journal").exists():
        raise StoreError(
            f"{target} is a database with a journal beside it, which a copy there would not"
            " replace: choose another place for the backup"
        )
    if not target.parent.is_dir():
        raise StoreError(f"cannot write {target}: the folder {target.parent} does not exist")
    data = store.folded_copy()
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        atomic_write_bytes(target, payload.encode("utf-8"))
    except OSError as exc:
        raise StoreError(f"cannot write {target} ({exc.strerror or exc}); no backup was made") from None
    return Backup(target, len(data.get(_DOCUMENTS, {})), len(data.get(_REVIEWS, {})))
