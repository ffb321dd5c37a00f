"""Document formats: each turns a source file into plain text and the blocks that cut it into paragraphs."""

from __future__ import annotations

from reviewer.documents.formats.base import (
    BinaryReader,
    ParsedText,
    Reader,
    TextReader,
    assemble,
    clean_inline,
)
from reviewer.documents.formats.detection import SUPPORTED_SUFFIXES, detect_reader, reader_for, sniff

__all__ = [
    "SUPPORTED_SUFFIXES",
    "BinaryReader",
    "ParsedText",
    "Reader",
    "TextReader",
    "assemble",
    "clean_inline",
    "detect_reader",
    "reader_for",
    "sniff",
]
