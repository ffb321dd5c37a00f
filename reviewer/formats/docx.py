"""DOCX: paragraphs, headings, list items, quotes and table rows of a Word document, in order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from reviewer.errors import LoadError
from reviewer.formats import ParsedText, assemble, clean_inline
from reviewer.model import BlockKind

_CELL_SEPARATOR = " · "  # as the Markdown and HTML readers join table cells
_MAIN_PART = "word/document.xml"


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
            document = docx.Document(io.BytesIO(data))
            pieces, heading = _pieces(document)
            core_title = document.core_properties.title or ""
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


def _pieces(document: Any) -> tuple[list[tuple[str, BlockKind]], str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    pieces: list[tuple[str, BlockKind]] = []
    title = ""
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = clean_inline(item.text)
            kind = _kind(item)
            if kind is BlockKind.HEADING and text and not title:
                title = text
            pieces.append((text, kind))
        elif isinstance(item, Table):
            pieces.extend((row, BlockKind.TABLE_ROW) for row in _rows(item))
    return pieces, title


def _kind(paragraph: Any) -> BlockKind:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
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
