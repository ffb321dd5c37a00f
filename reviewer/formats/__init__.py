"""Document formats: each turns normalised source text into plain text and its blocks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reviewer.errors import LoadError
from reviewer.model import BlockKind

__all__ = ["SUPPORTED_SUFFIXES", "Block", "ParsedText", "Reader", "reader_for"]


@dataclass(frozen=True, slots=True)
class Block:
    """A span of ``ParsedText.text`` that becomes one paragraph."""

    start: int
    end: int
    kind: BlockKind = BlockKind.TEXT


@dataclass(frozen=True, slots=True)
class ParsedText:
    """Plain text with no markup, the blocks that cut it into paragraphs, and a title if known."""

    text: str
    blocks: tuple[Block, ...]
    title: str = ""


class Reader(Protocol):
    """A format: its name and how to parse decoded text."""

    name: str

    def parse(self, text: str, path: Path) -> ParsedText:
        """Turn normalised source text into ParsedText."""
        ...


# Formats people will try that we cannot read yet: a clear refusal beats garbage claims.
_NOT_YET = {".pdf", ".docx", ".doc", ".odt", ".rtf", ".html", ".htm", ".epub", ".xhtml"}
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown")


def reader_for(path: Path) -> Reader:
    """The reader for ``path`` by its suffix; unknown suffixes are read as plain text."""
    from reviewer.formats.markdown import MarkdownReader
    from reviewer.formats.plain import PlainTextReader

    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown", ".mdown", ".mkd"):
        return MarkdownReader()
    if suffix in _NOT_YET:
        raise LoadError(f"{path}: {suffix} documents are not supported yet; convert it to .txt or .md")
    return PlainTextReader()
