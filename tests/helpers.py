"""Helpers shared by tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from reviewer.storage.locking import DatabaseLock


def db_snapshot(db_path: Path) -> dict[str, bytes | None]:
    """The bytes of the database and its journal (None where a file does not exist)."""
    files = {"main": db_path, "journal": db_path.with_name(db_path.name + ".journal")}
    return {name: path.read_bytes() if path.exists() else None for name, path in files.items()}


def temp_files(directory: Path) -> list[str]:
    """Temporary files left behind in ``directory`` (there should be none)."""
    return [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]


def long_text(seed_fr: Path, sample_en: Path, copies: int = 6) -> str:
    """Real articles, repeated with a numbered heading each time: many paragraphs, real sentences."""
    parts = []
    for copy in range(copies):
        parts.append(f"Partie {copy + 1}")
        parts.append(seed_fr.read_text(encoding="utf-8"))
        parts.append(f"Part {copy + 1}")
        parts.append(sample_en.read_text(encoding="utf-8"))
    return "\n\n".join(parts)


@contextlib.contextmanager
def hold_lock(db_path: Path) -> Iterator[None]:
    """Hold the database's lock as another process writing would (a lock of its own, not re-entrant)."""
    lock = DatabaseLock(
        db_path.with_name(db_path.name + ".journal"), db_path.with_name(db_path.name + ".lock")
    )
    lock.acquire(0)
    try:
        yield
    finally:
        lock.release()
