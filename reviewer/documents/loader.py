"""Bytes on disk → a normalised Document: format detection, decoding, NFC and LF, clear errors."""

from __future__ import annotations

import hashlib
import math
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from reviewer.documents.base import Document
from reviewer.documents.formats import BinaryReader, ParsedText, detect_reader
from reviewer.documents.language import detect_language, known_language
from reviewer.documents.segmentation import Claims, paragraphs_of
from reviewer.documents.text import decode, normalise
from reviewer.errors import LoadError

DEFAULT_MAX_MB = 100
MAX_MB_ENV = "REVIEWER_MAX_MB"
READ_CHUNK = 1 << 20  # bytes read at a time past a file's stated size


def megabytes_to_bytes(megabytes: float) -> int:
    """A positive, finite limit in MB as bytes; a limit past what any file holds means "no limit".

    ``--max-mb 1e308`` is a way of saying "anything": it is clamped rather than overflowing.
    """
    # Half of sys.maxsize: the float of sys.maxsize itself rounds up past it.
    return int(min(megabytes * 1024 * 1024, float(sys.maxsize // 2)))


def max_bytes_from_env() -> int:
    """The configured size limit in bytes (``REVIEWER_MAX_MB``, else the default)."""
    raw = os.environ.get(MAX_MB_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MB * 1024 * 1024
    try:
        megabytes = float(raw)
    except ValueError:
        raise LoadError(f"{MAX_MB_ENV}={raw!r} is not a number of megabytes") from None
    if not (math.isfinite(megabytes) and megabytes > 0):
        raise LoadError(f"{MAX_MB_ENV} must be a positive number of megabytes, not {raw}")
    return megabytes_to_bytes(megabytes)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read ``path`` whole, refusing anything that is not a readable regular file within the limit."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except OSError as exc:
        raise LoadError(f"{path}: cannot read it ({exc.strerror})") from None
    if path.is_dir():
        raise LoadError(
            f"{path} is a directory: give the path of a document (.txt, .md, .html, .docx or .pdf)"
        )
    if not stat.S_ISREG(info.st_mode):  # a pipe would block, a device never end
        raise LoadError(f"{path} is not a regular file (a pipe or a device): save the text to a file first")
    if info.st_size > max_bytes:
        raise LoadError(
            f"{path} is {info.st_size / 1048576:.1f} MB, over the {max_bytes / 1048576:g} MB limit:"
            f" raise it with --max-mb or {MAX_MB_ENV}"
        )
    try:
        with path.open("rb") as handle:
            raw = _read_at_most(handle, max_bytes, info.st_size)
    except PermissionError:
        raise LoadError(f"{path}: permission denied, cannot read it") from None
    except OSError as exc:
        raise LoadError(f"{path}: cannot read it ({exc.strerror})") from None
    if len(raw) > max_bytes:  # grew while we read, or a special file with no size
        raise LoadError(f"{path} is over the {max_bytes / 1048576:g} MB limit: raise it with --max-mb")
    return raw


def _read_at_most(handle: BinaryIO, max_bytes: int, size: int) -> bytes:
    """Up to ``max_bytes + 1`` bytes of ``handle``, asking for the stated ``size`` first.

    A single ``read(max_bytes + 1)`` would allocate a buffer of the limit's size up front: with
    a limit of a terabyte, that is a MemoryError before one byte is read.
    """
    parts: list[bytes] = []
    total, want = 0, size + 1
    while total <= max_bytes:
        chunk = handle.read(min(want, max_bytes + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        want = READ_CHUNK  # the file grew, or states no size (as /proc files do)
    return b"".join(parts)


def load_document(
    path: str | Path,
    *,
    language: str | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Load, normalise and segment the document at ``path``; raise LoadError with one clear line."""
    path = Path(path)
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    raw = read_bytes(path, limit)
    if not raw.strip():
        raise LoadError(f"{path} is empty: there is nothing to review")
    read = detect_reader(path, raw)
    warnings: tuple[str, ...] = ()
    if isinstance(read, BinaryReader):
        parsed = read.parse_bytes(raw, path, limit)
    else:
        decoded, warnings = decode(raw, str(path))
        text = normalise(decoded)
        if not text.strip():
            raise LoadError(f"{path} is empty: there is nothing to review")
        parsed = read.parse(text, path)
    return build_document(parsed, path=str(path), fmt=read.name, language=language, warnings=warnings)


def build_document(
    parsed: ParsedText,
    *,
    path: str,
    fmt: str,
    language: str | None = None,
    warnings: tuple[str, ...] = (),
) -> Document:
    """Wrap parsed text as a Document whose claims are segmented on first need.

    ``warnings`` (from decoding) and the reader's own go on the Document, for the CLI and the screen.
    """
    if not parsed.text.strip():
        raise LoadError(f"{path} has no text to review")
    lang = known_language(language) if language else detect_language(parsed.text)
    paragraphs = paragraphs_of(parsed.blocks)
    return Document(
        doc_id=hashlib.sha256(parsed.text.encode("utf-8")).hexdigest(),
        path=path,
        title=parsed.title or Path(path).stem,
        language=lang,
        format=fmt,
        text=parsed.text,
        paragraphs=paragraphs,
        claims=Claims(parsed.text, paragraphs, lang),
        warnings=warnings + parsed.warnings,
        url=parsed.url,
    )
