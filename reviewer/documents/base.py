"""A loaded document: its normalised text, its paragraphs, and its claims segmented on first need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reviewer.documents.segmentation import Claims
from reviewer.model import Paragraph


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """A loaded, normalised document with its derived paragraphs and claims.

    Two documents are equal when their texts are (``doc_id`` is the text's sha256), whatever
    file they were read from; ``claims`` is segmented on first need (see ``Claims``).
    """

    doc_id: str  # sha256 of ``text``
    path: str
    title: str
    language: str
    format: str
    text: str
    paragraphs: Sequence[Paragraph]  # Paragraphs (arrays) when loaded; a tuple from a snapshot
    claims: Claims = field(repr=False)
    # What loading had to change or leave out (bad bytes replaced…), one line each, to tell the user.
    warnings: tuple[str, ...] = ()
    # Where the document is published, when it says so itself (a saved page's canonical link), else "".
    url: str = ""

    def paragraph_text(self, index: int) -> str:
        """The text of paragraph ``index``."""
        para = self.paragraphs[index]
        return self.text[para.start : para.end]

    def paragraph_language(self, index: int) -> str:
        """Paragraph ``index``'s language: the document's, unless that paragraph is plainly in another."""
        return self.claims.language_of(index) or self.language

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Document):
            return self.doc_id == other.doc_id
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.doc_id)
