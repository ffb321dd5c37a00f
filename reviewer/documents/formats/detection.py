"""Which reader opens a file: the content's magic bytes first, the suffix second.

Text formats (plain, Markdown) are handed decoded, normalised text; binary formats (HTML, DOCX,
PDF) are handed the file's bytes, because their own container says how the text is encoded.
Which reader runs is decided here alone, so a misnamed file still loads, or fails with one line
saying what it really is.
"""

from __future__ import annotations

import re
from pathlib import Path

from reviewer.documents.formats.base import Reader, TextReader
from reviewer.errors import LoadError

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
        from reviewer.documents.formats.pdf import PdfReader

        return PdfReader()
    if found == "zip":
        from reviewer.documents.formats.docx import DocxReader, is_docx

        if is_docx(data):
            return DocxReader()
        from reviewer.documents.formats.binary import zip_kind

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
    from reviewer.documents.formats.binary import binary_kind

    kind = binary_kind(data)
    if kind is not None:
        raise LoadError(
            f"{path} is {kind}, not a document: give reviewer a text, Markdown, web page (.html),"
            " Word (.docx) or PDF file"
        )
    # A file named .html with no tag at all is text someone saved under the wrong name.
    tagged = _MARKUP.search(data[:_SNIFF_BYTES].replace(b"\0", b"")) is not None  # NULs: UTF-16 pages
    if found == "html" or (suffix in _HTML_SUFFIXES and tagged):
        from reviewer.documents.formats.html import HtmlReader

        return HtmlReader()
    if suffix in (".pdf", ".docx") and b"\0" not in data[:_SNIFF_BYTES]:
        # Text under a wrong name: the content decides, as for any other file.
        from reviewer.documents.formats.plain import PlainTextReader

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
        from reviewer.documents.formats.markdown import (
            MarkdownReader,  # markdown-it: only Markdown pays for it
        )

        return MarkdownReader()
    from reviewer.documents.formats.plain import PlainTextReader

    return PlainTextReader()
