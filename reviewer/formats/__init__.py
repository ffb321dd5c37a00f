"""Document formats: each turns a source file into plain text and the blocks that cut it into paragraphs.

Text formats (plain, Markdown) are handed decoded, normalised text; binary formats (HTML, DOCX,
PDF) are handed the file's bytes, because their own container says how the text is encoded.
Which reader runs is decided here alone, from the content's magic bytes first and the suffix
second, so a misnamed file still loads, or fails with one line saying what it really is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from reviewer.errors import LoadError
from reviewer.model import BlockKind

__all__ = [
    "SUPPORTED_SUFFIXES",
    "BinaryReader",
    "Block",
    "ParsedText",
    "Reader",
    "TextReader",
    "assemble",
    "detect_reader",
    "reader_for",
]


@dataclass(frozen=True, slots=True)
class Block:
    """A span of ``ParsedText.text`` that becomes one paragraph."""

    start: int
    end: int
    kind: BlockKind = BlockKind.TEXT


@dataclass(frozen=True, slots=True)
class ParsedText:
    """Plain text with no markup, the blocks that cut it into paragraphs, and what else the source says.

    ``url`` is the address a web page gives for itself (its canonical link), for exports.
    ``warnings`` are what a reader or the decoder had to change or leave out, one line each.
    """

    text: str
    blocks: tuple[Block, ...]
    title: str = ""
    url: str = ""
    warnings: tuple[str, ...] = ()


class TextReader(Protocol):
    """A text format: its name and how to parse decoded, normalised text."""

    name: str

    def parse(self, text: str, path: Path) -> ParsedText:
        """Turn normalised source text into ParsedText."""
        ...


@runtime_checkable
class BinaryReader(Protocol):
    """A container format: its name and how to parse the file's raw bytes."""

    name: str

    def parse_bytes(self, data: bytes, path: Path, max_bytes: int) -> ParsedText:
        """Turn the file's bytes into ParsedText whose text is already normalised (LF, NFC).

        ``max_bytes`` is the largest document accepted: a container that unpacks or expands
        to more than that (text, XML, page content) is refused as too large.
        """
        ...


Reader = TextReader | BinaryReader

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".docx", ".pdf")
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_CONVERT = "convert it to .docx, .pdf, .html, .txt or .md"
# Formats people will try that we cannot read: a clear refusal beats garbage claims.
_NOT_YET = {
    ".doc": "old binary Word (.doc)",
    ".odt": "OpenDocument (.odt)",
    ".rtf": "RTF",
    ".epub": "EPUB",
    ".pages": "Apple Pages",
}
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc/.xls/.ppt compound files
_RTF_MAGIC = b"{\\rtf"
# An HTML page announces itself in its first bytes: a doctype, <html>, or a <head>/<body> tag,
# possibly after a BOM, blank lines, an XML declaration or comments.
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_MARKUP = re.compile(rb"<[A-Za-z!/?]")
_SNIFF_BYTES = 4096


def sniff(data: bytes) -> str | None:
    """The format the content itself declares: ``pdf``, ``zip``, ``ole``, ``rtf``, ``html`` or None."""
    head = data[:_SNIFF_BYTES]
    # The PDF spec lets producers put junk before the header; readers look in the first kilobyte.
    if _PDF_MAGIC in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(_RTF_MAGIC):
        return "rtf"
    if _HTML_START.match(head):
        return "html"
    return None


def detect_reader(path: Path, data: bytes) -> Reader:
    """The reader for ``path`` holding ``data``: the content's magic bytes win, then the suffix."""
    suffix = path.suffix.lower()
    found = sniff(data)
    if found == "pdf":
        from reviewer.formats.pdf import PdfReader

        return PdfReader()
    if found == "zip":
        from reviewer.formats.docx import DocxReader, is_docx

        if is_docx(data):
            return DocxReader()
        from reviewer.formats.binary import zip_kind

        what = zip_kind(data)
        if suffix == ".docx" and what == "a ZIP archive":
            raise LoadError(f"{path} is a ZIP archive but not a Word document (no word/document.xml)")
        if what == "a ZIP archive":
            what = _NOT_YET.get(suffix, what)
        raise LoadError(f"{path} is {what}, not a document reviewer reads yet; {_CONVERT}")
    if found == "ole":
        raise LoadError(
            f"{path} is an old binary Office file (.doc, .xls or .ppt), not supported yet; save it as .docx"
        )
    if found == "rtf":
        raise LoadError(f"{path} is an RTF document, not supported yet; {_CONVERT}")
    from reviewer.formats.binary import binary_kind

    kind = binary_kind(data)
    if kind is not None:
        raise LoadError(
            f"{path} is {kind}, not a document: give reviewer a text, Markdown, web page (.html),"
            " Word (.docx) or PDF file"
        )
    # A file named .html with no tag at all is text someone saved under the wrong name.
    tagged = _MARKUP.search(data[:_SNIFF_BYTES].replace(b"\0", b"")) is not None  # NULs: UTF-16 pages
    if found == "html" or (suffix in _HTML_SUFFIXES and tagged):
        from reviewer.formats.html import HtmlReader

        return HtmlReader()
    if suffix in (".pdf", ".docx") and b"\0" not in data[:_SNIFF_BYTES]:
        # Text under a wrong name: the content decides, as for any other file.
        from reviewer.formats.plain import PlainTextReader

        return PlainTextReader()
    if suffix == ".pdf":
        raise LoadError(f"{path} is not a PDF (no %PDF- header): it is damaged; save or download it again")
    if suffix == ".docx":
        raise LoadError(f"{path} is not a Word document (not a ZIP archive): it is damaged or misnamed")
    if suffix in _NOT_YET:
        raise LoadError(f"{path}: {suffix} documents are not supported yet; {_CONVERT}")
    return reader_for(path)


def reader_for(path: Path) -> TextReader:
    """The text reader for ``path`` by its suffix; unknown suffixes are read as plain text."""
    if path.suffix.lower() in _MARKDOWN_SUFFIXES:
        from reviewer.formats.markdown import MarkdownReader  # markdown-it: only Markdown pays for it

        return MarkdownReader()
    from reviewer.formats.plain import PlainTextReader

    return PlainTextReader()


# Only layout whitespace: no-break spaces are typography (French « 12 % ») and stay as written.
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def clean_inline(text: str) -> str:
    """One paragraph's text on one line: runs of spaces, tabs and line breaks become one space."""
    return _SPACES.sub(" ", text).strip()


_SEPARATOR = "\n\n"


def assemble(pieces: Iterable[tuple[str, BlockKind]], title: str = "") -> ParsedText:
    """Join block texts (already trimmed) with blank lines into NFC text whose blocks index it exactly."""
    parts: list[str] = []
    blocks: list[Block] = []
    position = 0
    for content, kind in pieces:
        # Entities and extracted text may come in any Unicode form; offsets index NFC text.
        content = unicodedata.normalize("NFC", content.replace("\r\n", "\n").replace("\r", "\n"))
        if not content.strip():
            continue
        if parts:
            parts.append(_SEPARATOR)
            position += len(_SEPARATOR)
        parts.append(content)
        blocks.append(Block(position, position + len(content), kind))
        position += len(content)
    return ParsedText(text="".join(parts), blocks=tuple(blocks), title=unicodedata.normalize("NFC", title))
