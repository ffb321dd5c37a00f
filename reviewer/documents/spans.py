"""A reader's blocks and a document's paragraphs held as arrays of offsets, made objects when read.

A 10 MB file of 500,000 one-line paragraphs was a million objects (a Block and a Paragraph per
paragraph) made before its first screen: most of a second, and every garbage collection walked
them. Here a paragraph is two integers in an array, and a ``Paragraph`` (or ``Block``) is made
when one is asked for, as the screen asks for the few it shows.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

from reviewer.model import Block, BlockKind, Paragraph


class _Spans:
    """Start and end offsets by index, and the kind of those that are not plain text."""

    __slots__ = ("ends", "kinds", "starts")

    def __init__(
        self,
        starts: Sequence[int] = (),
        ends: Sequence[int] = (),
        kinds: Mapping[int, BlockKind] | None = None,
    ) -> None:
        self.starts = array("q", starts)
        self.ends = array("q", ends)
        self.kinds: dict[int, BlockKind] = dict(kinds or {})  # index → kind, when not TEXT

    def __len__(self) -> int:
        return len(self.starts)

    def _at(self, index: int) -> int:
        count = len(self.starts)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(f"index {index} out of range for {count}")
        return index

    def kind(self, index: int) -> BlockKind:
        """The kind of span ``index``."""
        return self.kinds.get(self._at(index), BlockKind.TEXT)


class Blocks(_Spans, Sequence[Block]):
    """A reader's blocks, appended one by one (``add``) as it finds them."""

    __slots__ = ()

    def add(self, start: int, end: int, kind: BlockKind = BlockKind.TEXT) -> None:
        """One more block, ``start``…``end``."""
        if kind is not BlockKind.TEXT:
            self.kinds[len(self.starts)] = kind
        self.starts.append(start)
        self.ends.append(end)

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Block, ...]: ...
    def __getitem__(self, index: int | slice) -> Block | tuple[Block, ...]:
        if isinstance(index, slice):
            return tuple(self[at] for at in range(*index.indices(len(self))))
        at = self._at(index)
        return Block(self.starts[at], self.ends[at], self.kinds.get(at, BlockKind.TEXT))


class Paragraphs(_Spans, Sequence[Paragraph]):
    """A document's paragraphs, numbered from 0; ``starts`` and ``ends`` are their offsets."""

    __slots__ = ()

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> Paragraphs:
        """One paragraph per block of the reader (the arrays are shared with ``Blocks``)."""
        if isinstance(blocks, Blocks):
            made = cls()
            made.starts, made.ends, made.kinds = blocks.starts, blocks.ends, blocks.kinds
            return made
        kinds = {index: block.kind for index, block in enumerate(blocks) if block.kind is not BlockKind.TEXT}
        return cls([block.start for block in blocks], [block.end for block in blocks], kinds)

    @overload
    def __getitem__(self, index: int) -> Paragraph: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Paragraph, ...]: ...
    def __getitem__(self, index: int | slice) -> Paragraph | tuple[Paragraph, ...]:
        if isinstance(index, slice):
            return tuple(self[at] for at in range(*index.indices(len(self))))
        at = self._at(index)
        return Paragraph(at, self.starts[at], self.ends[at], self.kinds.get(at, BlockKind.TEXT))

    def __iter__(self) -> Iterator[Paragraph]:
        kinds, text = self.kinds, BlockKind.TEXT
        for at, (start, end) in enumerate(zip(self.starts, self.ends, strict=True)):
            yield Paragraph(at, start, end, kinds.get(at, text))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Paragraphs):
            return self.starts == other.starts and self.ends == other.ends and self.kinds == other.kinds
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compared by value, like the tuple it replaces

    def __repr__(self) -> str:
        return f"<Paragraphs: {len(self)}>"


def starts_of(paragraphs: Sequence[Paragraph]) -> Sequence[int]:
    """Where each paragraph starts, in order (the array itself, when they are ``Paragraphs``)."""
    if isinstance(paragraphs, Paragraphs):
        return paragraphs.starts
    return [paragraph.start for paragraph in paragraphs]
