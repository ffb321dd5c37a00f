"""Files that are not documents at all (images, audio, archives, programs), named by their magic bytes."""

from __future__ import annotations

import io
import zipfile

# A short table of what people actually drop on a text tool, named in words they know. A
# library such as puremagic knows thousands of formats but names an MP3 "Sprint Music Store
# audio" and a JPEG "JPEG|EXIF|SPIFF images": a wrong or cryptic name is worse than none here.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (0, b"BM", "a BMP image"),
    (0, b"\x00\x00\x01\x00", "an icon (.ico)"),
    (8, b"WEBP", "a WebP image"),
    (8, b"WAVE", "a WAV audio file"),
    (8, b"AVI ", "an AVI video"),
    (0, b"ID3", "an MP3 audio file"),
    (0, b"\xff\xfb", "an MP3 audio file"),
    (0, b"OggS", "an Ogg audio or video file"),
    (0, b"fLaC", "a FLAC audio file"),
    (0, b"\x1a\x45\xdf\xa3", "a Matroska or WebM video"),
    (0, b"\x1f\x8b", "a gzip-compressed file"),
    (0, b"BZh", "a bzip2-compressed file"),
    (0, b"\xfd7zXZ\x00", "an xz-compressed file"),
    (0, b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (0, b"\x7fELF", "a program (ELF executable)"),
    (0, b"MZ", "a Windows program (.exe or .dll)"),
    (0, b"\xcf\xfa\xed\xfe", "a macOS program"),
    (0, b"\xca\xfe\xba\xbe", "a program (Mach-O or Java class)"),
    (0, b"\x00asm", "a WebAssembly program"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
)
_HEIC_BRANDS = (b"heic", b"heix", b"mif1", b"msf1", b"avif")
_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13}  # tab, LF, FF and CR are text


def looks_binary(data: bytes) -> bool:
    """True when the first bytes hold NULs or control characters no text file has."""
    head = data[:512]
    return any(byte in _CONTROLS for byte in head)


def binary_kind(data: bytes) -> str | None:
    """What a binary file is ("a PNG image"), or None when its first bytes name no format we know."""
    if not looks_binary(data):
        return None  # short signatures ("BM", "MZ") also start ordinary words
    if data[4:8] == b"ftyp":
        return "a HEIC image" if data[8:12] in _HEIC_BRANDS else "an MP4 or QuickTime video"
    for offset, magic, name in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return name
    return None


def zip_kind(data: bytes) -> str:
    """What a ZIP archive that is not a Word document holds: EPUB, OpenDocument, Excel, PowerPoint…"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return "a ZIP archive"
    if mimetype.startswith(b"application/epub+zip"):
        return "an EPUB book"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "an OpenDocument text (.odt)"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "an OpenDocument spreadsheet or presentation"
    if "xl/workbook.xml" in names:
        return "an Excel workbook (.xlsx)"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation (.pptx)"
    return "a ZIP archive"
