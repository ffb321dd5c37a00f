"""Reading the database's files strictly, and saying what went wrong when writing them.

A journal line is ``CRC JSON``; the journal's first line (its header) names the generation
of the main file it belongs to. JSON is read strictly (NaN and Infinity are not JSON).
"""

from __future__ import annotations

import errno
import json
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.errors import CorruptDatabaseError, DatabaseWriteError, StoreError

HEADER_READ = 256  # bytes enough for the journal's first line (about 45)


@dataclass(frozen=True, slots=True)
class Header:
    """The journal's first line as found: its generation, its length, the journal's size."""

    generation: str | None = None
    length: int = 0
    size: int = 0
    damaged: bool = False  # a complete first line that is not a header


def checked(line: bytes) -> Any:
    """The JSON of a ``CRC JSON`` line, or None when the line is torn or damaged."""
    checksum, _, body = line.partition(b" ")
    try:
        if len(checksum) != 8 or int(checksum, 16) != zlib.crc32(body):
            return None
        return json.loads(body, parse_constant=refuse_constant)
    except (ValueError, RecursionError):
        return None


def read_header(path: Path) -> Header:
    """The journal's first line and size; an absent journal is an empty one."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            first = handle.read(HEADER_READ)
    except FileNotFoundError:
        return Header()
    except OSError as exc:
        raise CorruptDatabaseError(
            f"cannot read the journal {path} ({exc.strerror}); check its permissions"
        ) from None
    line, newline, _ = first.partition(b"\n")
    if not newline:
        # A header cut short by a kill (the fold before it completed): no journal yet.
        # Longer than any header, though, it is not that.
        return Header(size=size, damaged=len(first) >= HEADER_READ)
    entry = checked(line)
    generation = entry.get("generation") if isinstance(entry, dict) else None
    if not isinstance(generation, str):
        return Header(size=size, damaged=True)
    return Header(generation, len(line) + 1, size)


def refuse_constant(name: str) -> Any:
    """``json.loads``'s ``parse_constant``: refuses NaN, Infinity and -Infinity."""
    # Python's json reads NaN and Infinity, which are not JSON: another tool would refuse the
    # file, and writing them back would spread them. Read as damage, never written.
    raise ValueError(f"{name} is not a JSON value")


def can_write(path: Path) -> bool:
    """True when this process may write ``path`` (a folder: create and rename files in it)."""
    # The effective ids are what the kernel checks on open (they differ in setuid programs).
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK | (os.X_OK if path.is_dir() else 0), effective_ids=effective)


def stamp(path: Path) -> tuple[int, ...] | None:
    """Inode, modification and change times, size; None when ``path`` does not exist."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)


def is_tables(data: object) -> bool:
    """True when ``data`` has the shape of a TinyDB file: tables of documents."""
    return isinstance(data, dict) and all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    )


def first_line(exc: Exception) -> str:
    """The first line of an error's message, at most 120 characters."""
    return str(exc).split("\n", 1)[0][:120]


def shown(path: Path) -> str:
    """``path`` for a message: under the home folder as ``~/…``, which keeps a one-line error short."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except (ValueError, RuntimeError):  # elsewhere, or no home folder known
        return str(path)


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
        f"cannot write {shown(path)} ({reason}); nothing was saved: {advice}", another_database=elsewhere
    )


def fold_failure(journal: Path, exc: StoreError) -> str:
    """One line for a fold that failed after the changes were saved in the journal."""
    why = str(exc).replace("; nothing was saved", "").replace("; it was not rewritten", "")
    return f"every change is saved in {journal}, but it could not be folded into the database: {why}"


def database_path(given: Path) -> Path:
    """The file a database path names, symlinks followed; refused if no database can live there."""
    real = Path(os.path.realpath(given))
    try:
        info = real.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a loop of symbolic links, a part of the path that is a file, ...
        raise DatabaseWriteError(
            f"the database {given} cannot be opened ({exc.strerror or exc})", another_database=True
        ) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise DatabaseWriteError(
            f"the database {given} is a directory: give a file path", another_database=True
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise DatabaseWriteError(
            f"the database {given} is not a regular file (a device or a pipe): give a file",
            another_database=True,
        )
    if info is None and not real.parent.is_dir():
        # Never create folders for it: through a dangling link they would be the link target's.
        where = f"{given} leads to {real}, and" if real != Path(os.path.abspath(given)) else f"{given}:"
        raise DatabaseWriteError(
            f"the database {where} the folder {real.parent} does not exist", another_database=True
        )
    return real
