"""DOCX: paragraphs, headings, list items, quotes and table rows of a Word document, in order."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path
from typing import Any

from reviewer.documents.formats.base import ParsedText, assemble, clean_inline
from reviewer.errors import LoadError
from reviewer.model import BlockKind

_CELL_SEPARATOR = " · "  # as the Markdown and HTML readers join table cells
_MAIN_PART = "word/document.xml"
_MAX_PARTS = 10_000  # a Word file has a few dozen parts; thousands are a ZIP bomb's way to cost work
_READ_CHUNK = 1 << 20


def is_docx(data: bytes) -> bool:
    """True when the ZIP archive ``data`` holds a Word document (even a damaged one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _MAIN_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        # A truncated archive loses its central directory, but each member's own header
        # still names it: enough to say "a damaged Word document" rather than "not Word".
        return _MAIN_PART.encode() in data


class DocxReader:
    """Reads Word ``.docx`` files with python-docx."""

    name = "docx"

    def parse_bytes(self, data: bytes, path: Path, max_bytes: int) -> ParsedText:
        """Walk the body in order; empty paragraphs are dropped, so they hold no claims."""
        import docx  # imported here: only Word documents pay for it

        try:
            check_unpacked_size(data, path, max_bytes)
            document = docx.Document(io.BytesIO(data))
            pieces, heading = _pieces(document)
            core_title = document.core_properties.title or ""
        except LoadError:
            raise
        except Exception as exc:  # python-docx raises KeyError, BadZipFile, lxml errors…
            reason = str(exc).split("\n", 1)[0][:100] or type(exc).__name__
            raise LoadError(
                f"{path}: this Word document is damaged and cannot be opened ({reason});"
                " open and re-save it in Word, or save it as .txt"
            ) from None
        parsed = assemble(pieces, clean_inline(core_title) or heading)
        if not parsed.blocks:
            raise LoadError(f"{path} has no text to review (the Word document is empty)")
        return parsed


def check_unpacked_size(data: bytes, path: Path, max_bytes: int) -> None:
    """Refuse an archive that unpacks to more than ``max_bytes``, before anything parses its XML.

    The ZIP directory's declared sizes are checked first (free), then every part is inflated
    in chunks and counted, so a directory that lies about its sizes cannot get past the cap.
    """
    limit = f"the {max_bytes / 1048576:g} MB limit; raise it with --max-mb if you trust this file"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > _MAX_PARTS:
            raise LoadError(f"{path} is too large: a Word document of {len(members):,} parts, over {limit}")
        declared = sum(member.file_size for member in members)
        if declared > max_bytes:
            raise LoadError(
                f"{path} is too large: it unpacks to {declared / 1048576:,.0f} MB of XML and media,"
                f" over {limit}"
            )
        left = max_bytes
        for member in members:
            with archive.open(member) as part:
                while chunk := part.read(_READ_CHUNK):
                    left -= len(chunk)
                    if left < 0:
                        raise LoadError(f"{path} is too large: it unpacks to more than {limit}")


def _pieces(document: Any) -> tuple[list[tuple[str, BlockKind]], str]:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    # python-docx's `paragraph.style` scans every style for the default on each call: 200,000
    # paragraphs took 70 s. Style names are looked up once here instead.
    names = {
        style.style_id: style.name or "" for style in document.styles if style.type == WD_STYLE_TYPE.PARAGRAPH
    }
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default.name or "") if default is not None else ""
    pieces: list[tuple[str, BlockKind]] = []
    title = ""
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = clean_inline(_paragraph_text(item._p))
            kind = _kind(item, names.get(item._p.style or "", default_name))
            if kind is BlockKind.HEADING and text and not title:
                title = text
            pieces.append((text, kind))
        elif isinstance(item, Table):
            pieces.extend((row, BlockKind.TABLE_ROW) for row in _rows(item))
    return pieces, title


_INLINE = ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")  # what python-docx's Paragraph.text reads


@functools.cache
def _text_xpath() -> Any:
    from docx.oxml.ns import nsmap
    from lxml import etree

    paths = [f"{run}/w:{name}" for run in ("w:r", "w:hyperlink/w:r") for name in _INLINE]
    return etree.XPath(" | ".join(paths), namespaces={"w": nsmap["w"]})


def _paragraph_text(element: Any) -> str:
    """``Paragraph.text`` with one XPath compiled once (python-docx compiles two per paragraph)."""
    # python-docx's element classes render w:tab as a tab, w:br as a line break, and so on.
    return "".join(str(node) for node in _text_xpath()(element))


def _kind(paragraph: Any, style: str) -> BlockKind:
    lowered = style.lower()
    if lowered in ("title", "subtitle") or lowered.startswith("heading"):
        return BlockKind.HEADING
    if "quote" in lowered:
        return BlockKind.QUOTE
    properties = paragraph._p.pPr
    if lowered.startswith("list") or (properties is not None and properties.numPr is not None):
        return BlockKind.LIST_ITEM
    return BlockKind.TEXT


def _rows(table: Any) -> list[str]:
    """One line per table row, its cells joined; a merged cell is counted once."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []  # the cell elements themselves: ids of dead lxml proxies get reused
        for cell in row.cells:
            if any(cell._tc is element for element in seen):  # python-docx repeats a merged cell
                continue
            seen.append(cell._tc)
            text = clean_inline(" ".join(p.text for p in cell.paragraphs))
            if text:
                cells.append(text)
        rows.append(_CELL_SEPARATOR.join(cells))
    return rows
