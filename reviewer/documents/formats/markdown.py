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
        """Flatten the block tree into plain-text paragraphs; text nested too deep is kept, flattened."""
        text, title = strip_front_matter(text)
        pieces: list[tuple[str, BlockKind]] = []
        for chunk in split_source(text):
            found, heading = self._parse_chunk(chunk)
            pieces.extend(found)
            title = title or heading
        return assemble(pieces, title)

    def _parse_chunk(self, text: str) -> tuple[list[tuple[str, BlockKind]], str]:
        pieces: list[tuple[int, str, BlockKind]] = []  # the source line each starts on, for ordering
        title = ""
        containers: list[str] = []
        row: list[str] | None = None
        tokens = self._parser.parse(text)
        line = 0
        for index, token in enumerate(tokens):
            kind = token.type
            if token.map:
                line = token.map[0]
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
                pieces.append((line, _CELL_SEPARATOR.join(cell for cell in row if cell), BlockKind.TABLE_ROW))
                row = None
            elif kind in ("fence", "code_block"):
                pieces.append((line, token.content.rstrip("\n"), BlockKind.CODE))
            elif kind == "inline":
                content = inline_text(token).strip()
                opener = tokens[index - 1].type if index else ""
                if row is not None:
                    row.append(content)
                elif opener == "heading_open":
                    pieces.append((line, content, BlockKind.HEADING))
                    title = title or content
                else:
                    pieces.append((line, content, _container_kind(containers)))
        dropped = self._too_deep(text, tokens)
        if dropped:
            pieces.extend(dropped)
            pieces.sort(key=lambda piece: piece[0])  # stable: blocks of one line keep their order
        return [(content, kind) for _line, content, kind in pieces], title

    def _too_deep(self, text: str, tokens: list[Token]) -> list[tuple[int, str, BlockKind]]:
        """The text markdown-it skips inside containers nested past its limit, flattened into paragraphs.

        markdown-it stops at ``maxNesting`` levels (a list level counts two) and silently drops
        what lies deeper: 15 list levels kept 9. Those source lines are read here instead,
        their quote and list markers stripped, one paragraph per list item or run of lines.
        """
        limit = self._parser.options["maxNesting"]
        deep = [
            token.map
            for token in tokens
            if token.nesting == 1 and token.type in _CONTAINERS and token.level + 1 >= limit and token.map
        ]
        if not deep:
            return []
        covered: set[int] = set()
        for token in tokens:
            if token.type in _LEAVES and token.map:
                covered.update(range(*token.map))
        lines = text.split("\n")
        wanted = sorted({n for start, end in deep for n in range(start, end) if n not in covered})
        pieces: list[tuple[int, list[str], BlockKind]] = []
        previous = -2
        for number in wanted:
            source = lines[number] if number < len(lines) else ""
            markers = _MARKERS.match(source)
            prefix = markers.group(0) if markers else ""
            content = source[len(prefix) :].strip()
            if not content:
                previous = -2  # a blank or marker-only line ends the paragraph
                continue
            item = _LIST_MARKER.search(prefix) is not None
            if pieces and number == previous + 1 and not item:
                pieces[-1][1].append(content)  # a continuation line of the same paragraph
            else:
                kind = BlockKind.LIST_ITEM if item else BlockKind.QUOTE if ">" in prefix else BlockKind.TEXT
                pieces.append((number, [content], kind))
            previous = number
        flat = []
        for number, parts, kind in pieces:
            inline = self._parser.parseInline(" ".join(parts))
            flat.append((number, inline_text(inline[0]).strip() if inline else " ".join(parts), kind))
        return flat


_CONTAINERS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"})
_LEAVES = frozenset(
    {"paragraph_open", "heading_open", "fence", "code_block", "html_block", "hr", "table_open"}
)
# Quote and list markers at the start of a line, as many as it has: "> > - 3. text".
_MARKERS = re.compile(r"^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)))*[ \t]*")
_LIST_MARKER = re.compile(r"(?:^|[ \t>])(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")


_CHUNK_CHARS = 256 * 1024
# A line that starts a new top-level block after a blank line or another such line: a bullet or
# numbered item, or an ATX heading, at column 0 (item numbers are not in our text, so a list cut
# in two reads the same).
_BLOCK_START = re.compile(r"(?:[-*+]|\d{1,9}(?P<delimiter>[.)]))[ \t]+\S|#{1,6}[ \t]")
_FENCE = re.compile(r"[ ]{0,3}(?:`{3,}|~{3,})")
# Reference definitions apply to the whole document, and HTML blocks end by rules of their own:
# a document with either is parsed whole.
_UNSPLITTABLE = re.compile(r"^[ ]{0,3}(?:\[[^\]\n]+\]:|<[A-Za-z!/?])", re.MULTILINE)


def split_source(text: str) -> list[str]:
    """``text`` cut into pieces of about 256 KB that parse to the same blocks as the whole.

    markdown-it holds every token of a document at once: a list of 1,000,000 items took 58 s
    and 2.5 GB. The cuts fall only before an item or heading at column 0 whose previous line is
    blank or another such line (a numbered item: one with the same delimiter, since "2." cannot
    interrupt a paragraph), outside fenced code, so no block straddles a cut.
    """
    if len(text) <= _CHUNK_CHARS or _UNSPLITTABLE.search(text):
        return [text]
    chunks: list[str] = []
    start = 0
    position = 0
    fenced = ""  # the fence character while inside fenced code: only the same one closes it
    previous = ""  # what the previous line was: "" blank, "-" bullet, "." or ")" numbered, "#", or "text"
    while position < len(text):
        stop = text.find("\n", position)
        stop = len(text) if stop < 0 else stop + 1
        fence = _FENCE.match(text, position)
        if fence:
            char = fence.group(0).strip()[0]
            fenced = "" if fenced == char else fenced or char
        found = _BLOCK_START.match(text, position)
        if fenced or fence:
            line = "text"
        elif found:
            line = found.group("delimiter") or found.group(0)[0].replace("*", "-").replace("+", "-")
        else:
            line = "" if not text[position:stop].strip() else "text"
        if line in ("-", "#"):  # bullets and headings may interrupt any block but a paragraph
            safe = previous != "text"
        else:  # "2." continues a list of "1." but cannot start one inside a paragraph or a bullet
            safe = line in (".", ")") and previous in ("", "#", line)
        if safe and position - start >= _CHUNK_CHARS:
            chunks.append(text[start:position])
            start = position
        previous = line
        position = stop
    chunks.append(text[start:])
    return chunks


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
