"""Base types of the document formats: what a reader returns and how block texts become one text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from reviewer.model import Block, BlockKind


@dataclass(frozen=True, slots=True)
class ParsedText:
    """Plain text with no markup, the blocks that cut it into paragraphs, and what else the source says.

    ``url`` is the address a web page gives for itself (its canonical link), for exports.
    ``warnings`` are what a reader or the decoder had to change or leave out, one line each.
    """

    text: str
    blocks: Sequence[Block]  # a tuple, or Blocks (arrays) from a reader of many paragraphs
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
