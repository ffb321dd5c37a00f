"""HTML: a saved web page's main article (not its menus, ads or footer), extracted with trafilatura."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from reviewer.errors import LoadError
from reviewer.formats import ParsedText, assemble, clean_inline
from reviewer.model import BlockKind

_CELL_SEPARATOR = " · "  # as the Markdown reader joins table cells
# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">.
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "code", "div", "section"})


class HtmlReader:
    """Reads ``.html`` pages and anything whose first bytes are an HTML document."""

    name = "html"

    def parse_bytes(self, data: bytes, path: Path, max_bytes: int) -> ParsedText:
        """Decode the page as it declares, extract its main content, flatten it into paragraphs."""
        from reviewer.loader import normalise

        html = normalise(decode_html(data, str(path)))
        if not html.strip():
            raise LoadError(f"{path} is empty: there is nothing to review")
        body, title = _extract(html)
        pieces: list[tuple[str, BlockKind]] = []
        if body is not None:
            _walk(body, pieces, BlockKind.TEXT)
        parsed = assemble(pieces, clean_inline(title))
        if not parsed.blocks:
            raise LoadError(
                f"{path}: found no article text in this HTML page; save the article's text as .txt"
            )
        return parsed


def decode_html(data: bytes, name: str) -> str:
    """The page's text: a BOM first, then the charset its <meta> declares, then the loader's detection."""
    from reviewer.loader import decode_text

    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration is common: detect instead
    return decode_text(data, name)


def _extract(html: str) -> tuple[Any, str]:
    """The main-content tree (trafilatura's XML: head, p, list/item, quote, table/row/cell) and the title."""
    import trafilatura  # imported here: only HTML documents pay its 0.3 s import

    options: dict[str, Any] = {
        "include_comments": False,  # reader comments are not the article
        "include_tables": True,
        "include_formatting": False,
        "include_links": False,
        "include_images": False,
        "with_metadata": True,
    }
    result: Any = trafilatura.bare_extraction(html, **options)  # a Document, since as_dict is False
    body = getattr(result, "body", None)
    title = getattr(result, "title", None) or _page_title(html)
    if body is None or not len(body):
        # Short pages fall under trafilatura's minimum article size: take its plain baseline instead.
        body, _text, _length = trafilatura.baseline(html)
    return body, title or ""


def _page_title(html: str) -> str:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    if not match:
        return ""
    import html as entities

    return clean_inline(entities.unescape(re.sub(r"<[^>]+>", "", match.group(1))))


def _walk(children: Any, pieces: list[tuple[str, BlockKind]], context: BlockKind) -> None:
    """Append each block among ``children`` in document order with its kind."""
    for child in children:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "head":
            pieces.append((clean_inline(_text(child)), BlockKind.HEADING))
        elif tag == "list":
            for item in child:
                if item.tag != "item":
                    continue
                pieces.append((clean_inline(_text(item, skip=_BLOCK_TAGS)), BlockKind.LIST_ITEM))
                # Nested lists and paragraphs inside an item follow it, each a paragraph of its own.
                nested = [sub for sub in item if isinstance(sub.tag, str) and sub.tag in _BLOCK_TAGS]
                _walk(nested, pieces, BlockKind.LIST_ITEM)
        elif tag == "quote":
            if any(isinstance(sub.tag, str) and sub.tag in _BLOCK_TAGS for sub in child):
                _walk(child, pieces, BlockKind.QUOTE)
            else:
                pieces.append((clean_inline(_text(child)), BlockKind.QUOTE))
        elif tag == "table":
            for row in child.iter("row"):
                cells = [clean_inline(_text(cell)) for cell in row if cell.tag == "cell"]
                pieces.append((_CELL_SEPARATOR.join(cell for cell in cells if cell), BlockKind.TABLE_ROW))
        elif tag == "code":
            pieces.append((_text(child).strip("\n"), BlockKind.CODE))
        elif tag in ("div", "section"):
            _walk(child, pieces, context)
        elif tag:
            pieces.append((clean_inline(_text(child)), context))


def _text(element: Any, skip: frozenset[str] = frozenset()) -> str:
    """The visible text of ``element``, leaving out child blocks named in ``skip``."""
    parts = [element.text or ""]
    for child in element:
        if not (isinstance(child.tag, str) and child.tag in skip):
            parts.append(_text(child, skip) if child.tag != "lb" else " ")
        parts.append(child.tail or "")
    return "".join(parts)
