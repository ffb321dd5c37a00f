"""HTML: a saved web page's main article (not its menus, ads or footer), extracted with trafilatura."""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from reviewer.documents.formats.base import ParsedText, assemble, clean_inline
from reviewer.documents.text import normalise
from reviewer.errors import LoadError
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

        decoded, warnings = decode_html(data, str(path))
        html = normalise(decoded)
        if not html.strip():
            raise LoadError(f"{path} is empty: there is nothing to review")
        page = _visible_page(html)
        headline, from_heading = _headline(page)
        url = _canonical_url(page)
        body, title = _extract(lxml_html.tostring(page, encoding="unicode") if page is not None else html)
        pieces: list[tuple[str, BlockKind]] = []
        if body is not None:
            _walk(body, pieces, BlockKind.TEXT)
        if from_heading:
            pieces = _with_headline(pieces, headline)
        parsed = assemble(pieces, headline or clean_inline(title))
        parsed = replace(parsed, url=url, warnings=warnings)
        if not parsed.blocks:
            raise LoadError(
                f"{path}: found no article text in this HTML page; save the article's text as .txt"
            )
        return parsed


# Text a reader never sees: dropped before extraction, or it becomes claims.
# The style attribute without spaces, in lower case: "Display: None" hides too.
_STYLE = "translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz')"
_HIDDEN = (
    "//noscript | //template | //*[@hidden] | //*[@aria-hidden='true']"
    f" | //*[contains({_STYLE}, 'display:none')] | //*[contains({_STYLE}, 'visibility:hidden')]"
)
_CHROME = ("header", "nav", "footer", "aside")  # a page's frame, where the site's name sits
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def _visible_page(html: str) -> Any:
    """The page as an lxml tree without what readers never see (hidden, noscript…); None if unparsable."""
    try:
        # lxml refuses a str that still declares its byte encoding; the text is decoded already.
        page = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for element in page.xpath(_HIDDEN):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element
    return page


def _meta(page: Any, *names: str) -> str:
    for name in names:
        for value in page.xpath(f"//meta[@property='{name}' or @name='{name}']/@content"):
            if clean_inline(value):
                return clean_inline(value)
    return ""


def _headline(page: Any) -> tuple[str, bool]:
    """The article's headline, and whether it is a heading on the page (so a paragraph of it).

    The article's own <h1> first, then og:title, then any <h1> outside the page's frame;
    the site's name (og:site_name, an <h1> in the header) is never the headline.
    """
    if page is None:
        return "", False
    site = _meta(page, "og:site_name", "application-name").casefold()

    def usable(text: str) -> bool:
        return bool(text) and text.casefold() != site

    def headings(xpath: str) -> list[str]:
        return [clean_inline(h.text_content()) for h in page.xpath(xpath)]

    for text in headings("//article//h1 | //main//h1 | //*[@role='main']//h1"):
        if usable(text):
            return text, True
    social = _meta(page, "og:title", "twitter:title")
    framed = " or ".join(f"ancestor::{tag}" for tag in _CHROME)
    for text in headings(f"//h1[not({framed})]"):
        if usable(text) and (not social or text.casefold() in social.casefold()):
            return text, True
    if usable(social):
        return social, False
    return "", False


def _with_headline(pieces: list[tuple[str, BlockKind]], headline: str) -> list[tuple[str, BlockKind]]:
    """The blocks with the headline as a heading of its own: not lost, not glued to the first paragraph."""
    if not headline:
        return pieces
    folded = headline.casefold()
    for text, _kind in pieces[:3]:
        if text.casefold() == folded:
            return pieces
    if pieces and pieces[0][0].casefold().startswith(folded + " "):
        first, kind = pieces[0]
        return [(headline, BlockKind.HEADING), (first[len(headline) :].strip(), kind), *pieces[1:]]
    return [(headline, BlockKind.HEADING), *pieces]


def _canonical_url(page: Any) -> str:
    """The address the page gives for itself (<link rel=canonical>, else og:url), or ""."""
    if page is None:
        return ""
    for href in page.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"):
        if str(href).strip().startswith(("http://", "https://")):
            return str(href).strip()
    url = _meta(page, "og:url")
    return url if url.startswith(("http://", "https://")) else ""


def decode_html(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """The page's text: a BOM first, then the charset its <meta> declares, then the loader's detection.

    Also what decoding had to change (bad bytes replaced), one line each.
    """
    from reviewer.documents.text import decode

    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii")), ()
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration is common: detect instead
    return decode(data, name)


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
