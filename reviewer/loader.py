"""Bytes on disk → a normalised Document: format detection, decoding, NFC and LF, clear errors."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
import unicodedata
from pathlib import Path

from reviewer.claims import lazy_claims, paragraphs_of
from reviewer.errors import LoadError
from reviewer.formats import BinaryReader, ParsedText, detect_reader
from reviewer.language import detect_language
from reviewer.model import Document

DEFAULT_MAX_MB = 100
MAX_MB_ENV = "REVIEWER_MAX_MB"

# Longest BOM first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# When charset-normalizer finds several encodings equally clean (cp1250 and cp1252 often
# tie on French), prefer the Western ones our users write in.
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15", "mac_roman")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def max_bytes_from_env() -> int:
    """The configured size limit in bytes (``REVIEWER_MAX_MB``, else the default)."""
    raw = os.environ.get(MAX_MB_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MB * 1024 * 1024
    try:
        megabytes = float(raw)
    except ValueError:
        raise LoadError(f"{MAX_MB_ENV}={raw!r} is not a number of megabytes") from None
    if megabytes <= 0:
        raise LoadError(f"{MAX_MB_ENV} must be a positive number of megabytes, not {raw}")
    return int(megabytes * 1024 * 1024)


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
            raw = handle.read(max_bytes + 1)
    except PermissionError:
        raise LoadError(f"{path}: permission denied, cannot read it") from None
    except OSError as exc:
        raise LoadError(f"{path}: cannot read it ({exc.strerror})") from None
    if len(raw) > max_bytes:  # grew while we read, or a special file with no size
        raise LoadError(f"{path} is over the {max_bytes / 1048576:g} MB limit: raise it with --max-mb")
    return raw


def decode_text(raw: bytes, name: str) -> str:
    """Decode document bytes: BOMs first, then strict UTF-8, then a detected legacy encoding."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise LoadError(
                    f"{name}: starts as {encoding.upper()} but byte {exc.start + len(bom)} is invalid;"
                    " re-save it as UTF-8"
                ) from None
    if b"\x00" in raw:
        raise LoadError(
            f"{name} looks like a binary file (it contains NUL bytes), not text;"
            " if it is UTF-16 text, save it with a BOM or as UTF-8"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(raw, name)
    _refuse_control_heavy(text, name)
    return text


def _decode_legacy(raw: bytes, name: str) -> str:
    from charset_normalizer import from_bytes  # imported here: only legacy files pay for it

    matches = list(from_bytes(raw))
    if not matches:
        raise LoadError(f"{name}: cannot tell which text encoding it uses; re-save it as UTF-8")
    cleanest = min(match.chaos for match in matches)
    tied = {match.encoding: match for match in matches if match.chaos <= cleanest + 0.01}
    for encoding in _PREFERRED_LEGACY:
        if encoding in tied:
            return raw.decode(encoding)
    return str(matches[0])


def _refuse_control_heavy(text: str, name: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if controls > max(8, len(sample) // 100):
        raise LoadError(f"{name} looks like a binary file (many control characters), not text")


def normalise(text: str) -> str:
    """One form for every input, so offsets stay stable: no BOM, LF newlines, NFC."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


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
    if isinstance(read, BinaryReader):
        parsed = read.parse_bytes(raw, path, limit)
    else:
        text = normalise(decode_text(raw, str(path)))
        if not text.strip():
            raise LoadError(f"{path} is empty: there is nothing to review")
        parsed = read.parse(text, path)
    return build_document(parsed, path=str(path), fmt=read.name, language=language)


def build_document(parsed: ParsedText, *, path: str, fmt: str, language: str | None = None) -> Document:
    """Wrap parsed text as a Document whose claims are segmented on first need."""
    if not parsed.text.strip():
        raise LoadError(f"{path} has no text to review")
    lang = language or detect_language(parsed.text)
    paragraphs = paragraphs_of(parsed.blocks)
    claims, by_paragraph = lazy_claims(parsed.text, paragraphs, lang)
    return Document(
        doc_id=hashlib.sha256(parsed.text.encode("utf-8")).hexdigest(),
        path=path,
        title=parsed.title or Path(path).stem,
        language=lang,
        format=fmt,
        text=parsed.text,
        paragraphs=paragraphs,
        claims=claims,
        claims_by_paragraph=by_paragraph,
    )
