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
    """Decode document bytes: BOMs, then UTF-8 (a few bad bytes replaced), then a detected legacy encoding."""
    return decode(raw, name)[0]


def decode(raw: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decoded text and what had to be changed to get it (one line each), as :func:`decode_text` decodes."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding), ()
            except UnicodeDecodeError as exc:
                raise LoadError(
                    f"{name}: starts as {encoding.upper()} but byte {exc.start + len(bom)} is invalid;"
                    " re-save it as UTF-8"
                ) from None
    if b"\x00" in raw:
        raise LoadError(_nul_message(raw, name))
    warnings: tuple[str, ...] = ()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        mostly = _mostly_utf8(raw)
        if mostly is None:
            text = _decode_legacy(raw, name)
        else:
            text, bad = mostly
            warnings = (
                f"{name}: {bad:,} invalid UTF-8 byte sequence{'s' if bad > 1 else ''} (the first at byte"
                f" {exc.start:,}) replaced by U+FFFD (\ufffd); the rest reads as UTF-8",
            )
    _refuse_control_heavy(text, name)
    return text, warnings


# Valid UTF-8 characters outside ASCII needed per invalid sequence to call a text UTF-8: a
# legacy file (Windows-1252 French) has none, a UTF-8 file with one stray byte has thousands.
_UTF8_EVIDENCE = 10
_HIGH_BYTES = bytes(range(128))


def _mostly_utf8(raw: bytes) -> tuple[str, int] | None:
    """The text decoded as UTF-8 with U+FFFD for bad bytes, and their count, if it is overwhelmingly UTF-8."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count("\ufffd".encode())
    high = len(raw.translate(None, _HIGH_BYTES))  # bytes >= 0x80, without a Python loop over 31 MB
    valid_non_ascii = len(text) - (len(raw) - high) - bad
    if bad <= 0 or valid_non_ascii < _UTF8_EVIDENCE * bad:
        return None
    return text, bad


def _nul_message(raw: bytes, name: str) -> str:
    head = raw[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) >= 0.4 * (len(head) / 2):  # one NUL every other byte: UTF-16's ASCII
        return f"{name} looks like UTF-16 text without a BOM; save it as UTF-8 (or UTF-16 with a BOM)"
    return (
        f"{name} looks like a binary file (it contains NUL bytes), not a text document;"
        " give reviewer a text, Markdown, web page, Word (.docx) or PDF file"
    )


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
        warnings=warnings + parsed.warnings,
    )
