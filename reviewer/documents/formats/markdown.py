"""Markdown: each block (heading, paragraph, list item, quote, table row) becomes a paragraph.

The document text is rebuilt without markup, so claim text never holds ``**``, ``#`` or link
syntax; code blocks are kept for reading but hold no claims.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reviewer.documents.formats.base import ParsedText, assemble
from reviewer.model import BlockKind

_CELL_SEPARATOR = " · "
# YAML front matter (Jekyll, Hugo, Pandoc): metadata, not text to check.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TITLE_LINE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def strip_front_matter(text: str) -> tuple[str, str]:
    """``text`` without a leading YAML front matter block, and the block's ``title:`` if any."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, ""
    title = _TITLE_LINE.search(match.group(1))
    return text[match.end() :], title.group(1).strip("\"'") if title else ""


class MarkdownReader:
    """Reads ``.md`` with markdown-it-py (already a dependency of rich)."""

    name = "markdown"

    def __init__(self) -> None:
        self._parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])

    def parse(self, text: str, path: Path) -> ParsedText:
        """Flatten the block tree into plain-text paragraphs."""
        pieces: list[tuple[str, BlockKind]] = []
        text, title = strip_front_matter(text)
        containers: list[str] = []
        row: list[str] | None = None
        tokens = self._parser.parse(text)
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open", "list_item_open"):
                containers.append("list")
            elif kind == "blockquote_open":
                containers.append("quote")
            elif (
                kind in ("bullet_list_close", "ordered_list_close", "list_item_close")
                or kind == "blockquote_close"
            ):
                containers.pop()
            elif kind == "tr_open":
                row = []
            elif kind == "tr_close" and row is not None:
                pieces.append((_CELL_SEPARATOR.join(cell for cell in row if cell), BlockKind.TABLE_ROW))
                row = None
            elif kind in ("fence", "code_block"):
                pieces.append((token.content.rstrip("\n"), BlockKind.CODE))
            elif kind == "inline":
                content = inline_text(token).strip()
                opener = tokens[index - 1].type if index else ""
                if row is not None:
                    row.append(content)
                elif opener == "heading_open":
                    pieces.append((content, BlockKind.HEADING))
                    title = title or content
                else:
                    pieces.append((content, _container_kind(containers)))
        return assemble(pieces, title)


def _container_kind(containers: list[str]) -> BlockKind:
    if not containers:
        return BlockKind.TEXT
    return BlockKind.LIST_ITEM if containers[-1] == "list" else BlockKind.QUOTE


def inline_text(token: Token) -> str:
    """The visible text of an inline token: markup dropped, link text and image alt kept."""
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(inline_text(child))
    return "".join(out)
