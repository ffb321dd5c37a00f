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
