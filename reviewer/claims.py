"""Claims split into sentences on first need, always in document order.

A 10 MB report has about 85,000 sentences and takes seconds to segment; the first screen
needs the first few paragraphs. ``Segmentation`` splits paragraphs in order, only as far as
someone has asked (or as a background step pushes it), so claim numbers are final as soon
as they exist: claim N never changes when later paragraphs are split.

``ClaimSequence`` and ``ParagraphClaims`` are the read-only views a Document exposes. Asking
for claim i, or for paragraph p's claims, segments up to there; ``len()`` of the claims
and iteration to the end segment everything. ``known``, ``complete`` and ``reach()`` let a
screen look without forcing the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

from reviewer.formats import Block
from reviewer.model import BlockKind, Claim, Paragraph
from reviewer.segment import split_sentences

# One step of background segmentation: about 10 ms of work, so a key press never waits long.
STEP_CHARS = 64 * 1024
# Up to this much text, a screen segments everything before it shows (a few tens of ms);
# a longer document shows its first paragraphs at once and is segmented behind them.
SEGMENT_AT_ONCE_CHARS = 256 * 1024

Listener = Callable[[int, int], None]


class Segmentation:
    """The claims of one text, segmented paragraph by paragraph as far as needed."""

    def __init__(self, text: str, paragraphs: Sequence[Paragraph], language: str) -> None:
        self._text = text
        self._paragraphs = paragraphs
        self._language = language
        self.claims: list[Claim] = []
        self.groups: list[tuple[int, ...]] = []  # claim indexes of each segmented paragraph
        self._listeners: list[Listener] = []

    @property
    def complete(self) -> bool:
        """True once every paragraph is segmented."""
        return len(self.groups) == len(self._paragraphs)

    @property
    def progress(self) -> float:
        """Share of the text segmented so far, 0.0–1.0."""
        if self.complete or not self._text:
            return 1.0
        return self._paragraphs[len(self.groups)].start / len(self._text)

    def on_segmented(self, listener: Listener) -> None:
        """Call ``listener(first, end)`` whenever paragraphs ``first``…``end - 1`` get their claims."""
        self._listeners.append(listener)

    def advance(self, max_chars: int = STEP_CHARS) -> bool:
        """Segment the next paragraphs, about ``max_chars`` of text (at least one); True when complete."""
        if self.complete:
            return True
        first = len(self.groups)
        budget = max_chars
        while budget > 0 and not self.complete:
            budget -= self._segment_next()
        self._tell(first)
        return self.complete

    def through_paragraph(self, paragraph: int) -> None:
        """Segment every paragraph up to and including ``paragraph``."""
        first = len(self.groups)
        last = min(paragraph, len(self._paragraphs) - 1)
        while len(self.groups) <= last:
            self._segment_next()
        self._tell(first)

    def reach(self, index: int) -> bool:
        """Segment until claim ``index`` (0-based) exists; False if the document has fewer claims."""
        if index < 0:
            return False
        first = len(self.groups)
        while len(self.claims) <= index and not self.complete:
            self._segment_next()
        self._tell(first)
        return index < len(self.claims)

    def finish(self) -> None:
        """Segment whatever is left."""
        self.through_paragraph(len(self._paragraphs) - 1)

    def _segment_next(self) -> int:
        """Segment one paragraph; return its length in characters."""
        para = self._paragraphs[len(self.groups)]
        first = len(self.claims)
        if para.kind is not BlockKind.CODE:  # code blocks hold no claims
            text = self._text
            for start, end in split_sentences(text, para.start, para.end, self._language):
                self.claims.append(Claim(len(self.claims) + 1, para.index, start, end, text[start:end]))
        self.groups.append(tuple(range(first, len(self.claims))))
        return para.end - para.start + 1

    def _tell(self, first: int) -> None:
        end = len(self.groups)
        if end > first:
            for listener in self._listeners:
                listener(first, end)


class ClaimSequence(Sequence[Claim]):
    """Every claim of a document, in order; reading one segments the text up to it."""

    def __init__(self, segmentation: Segmentation) -> None:
        self.segmentation = segmentation

    @property
    def known(self) -> int:
        """How many claims are segmented so far (all of them once ``complete``)."""
        return len(self.segmentation.claims)

    @property
    def complete(self) -> bool:
        """True once the whole document is segmented."""
        return self.segmentation.complete

    def reach(self, index: int) -> bool:
        """True if claim ``index`` exists, segmenting up to it if needed (never further)."""
        return index < self.known or self.segmentation.reach(index)

    def __len__(self) -> int:
        self.segmentation.finish()
        return len(self.segmentation.claims)

    def __bool__(self) -> bool:
        return self.reach(0)

    @overload
    def __getitem__(self, index: int) -> Claim: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Claim]: ...

    def __getitem__(self, index: int | slice) -> Claim | Sequence[Claim]:
        if isinstance(index, slice):
            self.segmentation.finish()
            return tuple(self.segmentation.claims[index])
        if index < 0:
            self.segmentation.finish()
        elif index >= self.known:
            self.segmentation.reach(index)
        return self.segmentation.claims[index]

    def __iter__(self) -> Iterator[Claim]:
        segmentation = self.segmentation
        index = 0
        while True:
            claims = segmentation.claims
            while index < len(claims):
                yield claims[index]
                index += 1
            if segmentation.complete:
                return
            segmentation.advance()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ClaimSequence | tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable as it grows, like a list

    def __repr__(self) -> str:
        state = "complete" if self.complete else "so far"
        return f"<ClaimSequence: {self.known} claims {state}>"


class ParagraphClaims(Sequence[tuple[int, ...]]):
    """Each paragraph's claim indexes; reading paragraph p's segments the text up to it."""

    def __init__(self, segmentation: Segmentation, paragraph_count: int) -> None:
        self.segmentation = segmentation
        self._count = paragraph_count

    def __len__(self) -> int:
        return self._count  # known without segmenting

    @overload
    def __getitem__(self, index: int) -> tuple[int, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, ...] | Sequence[tuple[int, ...]]:
        groups = self.segmentation.groups
        if isinstance(index, slice):
            self.segmentation.finish()
            return tuple(groups[index])
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        if index >= len(groups):
            self.segmentation.through_paragraph(index)
        return groups[index]

    def known(self, paragraph: int) -> tuple[int, ...] | None:
        """Paragraph ``paragraph``'s claims if it is segmented already, else None (nothing forced)."""
        groups = self.segmentation.groups
        return groups[paragraph] if paragraph < len(groups) else None

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        for paragraph in range(self._count):
            yield self[paragraph]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ParagraphClaims | tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<ParagraphClaims: {len(self.segmentation.groups)} of {self._count} paragraphs segmented>"


def segment_document(
    text: str, blocks: Sequence[Block], language: str
) -> tuple[tuple[Paragraph, ...], tuple[Claim, ...], tuple[tuple[int, ...], ...]]:
    """Paragraphs, claims numbered from 1 and each paragraph's claim indexes, all at once."""
    paragraphs = paragraphs_of(blocks)
    segmentation = Segmentation(text, paragraphs, language)
    segmentation.finish()
    return paragraphs, tuple(segmentation.claims), tuple(segmentation.groups)


def paragraphs_of(blocks: Sequence[Block]) -> tuple[Paragraph, ...]:
    """One Paragraph per block of the reader, numbered from 0."""
    return tuple(Paragraph(index, block.start, block.end, block.kind) for index, block in enumerate(blocks))


def lazy_claims(
    text: str, paragraphs: Sequence[Paragraph], language: str
) -> tuple[ClaimSequence, ParagraphClaims]:
    """The claims and per-paragraph claim indexes of ``text``, segmented on first need."""
    segmentation = Segmentation(text, paragraphs, language)
    return ClaimSequence(segmentation), ParagraphClaims(segmentation, len(paragraphs))


# Documents built from a snapshot or by hand hold plain tuples: these answer for both kinds.


def known_claims(claims: Sequence[Claim]) -> int:
    """How many claims exist without segmenting further."""
    return claims.known if isinstance(claims, ClaimSequence) else len(claims)


def all_known(claims: Sequence[Claim]) -> bool:
    """True when every claim is segmented (always, for a plain tuple)."""
    return claims.complete if isinstance(claims, ClaimSequence) else True


def reach(claims: Sequence[Claim], index: int) -> bool:
    """True if claim ``index`` exists, segmenting up to it and no further."""
    return claims.reach(index) if isinstance(claims, ClaimSequence) else 0 <= index < len(claims)


def known_group(groups: Sequence[tuple[int, ...]], paragraph: int) -> tuple[int, ...] | None:
    """Paragraph ``paragraph``'s claim indexes if already segmented, else None."""
    return groups.known(paragraph) if isinstance(groups, ParagraphClaims) else groups[paragraph]


def advance(claims: Sequence[Claim], max_chars: int = STEP_CHARS) -> bool:
    """Segment about ``max_chars`` more of the document; True once it is all segmented."""
    return claims.segmentation.advance(max_chars) if isinstance(claims, ClaimSequence) else True


def finish(claims: Sequence[Claim]) -> None:
    """Segment the whole document now (a command that reports on every claim needs them all)."""
    if isinstance(claims, ClaimSequence):
        claims.segmentation.finish()


def on_segmented(claims: Sequence[Claim], listener: Listener) -> None:
    """Call ``listener(first, end)`` as later paragraphs get their claims (never, for a tuple)."""
    if isinstance(claims, ClaimSequence):
        claims.segmentation.on_segmented(listener)


def progress(claims: Sequence[Claim]) -> float:
    """Share of the document segmented so far, 0.0–1.0."""
    return claims.segmentation.progress if isinstance(claims, ClaimSequence) else 1.0
