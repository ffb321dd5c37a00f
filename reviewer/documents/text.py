"""Bytes → text: BOMs, strict UTF-8, detected legacy encodings, and one normal form (LF, NFC)."""

from __future__ import annotations

import codecs
import unicodedata

from reviewer.errors import LoadError

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
