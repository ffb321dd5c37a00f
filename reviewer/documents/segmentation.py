"""A document's claims, split into sentences on first need, always in document order.

A 10 MB report has about 85,000 sentences and takes seconds to segment; the first screen
needs the first few paragraphs. :class:`Claims` splits paragraphs in order, only as far as
someone has asked (or as a background step pushes it), so claim numbers are final as soon
as they exist: claim N never changes when later paragraphs are split.

The API says what each call costs:

- *so far* (never segments): ``known``, ``complete``, ``progress``, ``known_in(p)``;
- *up to* (segments as far as needed, never further): ``claims[i]``, ``reach(i)``,
  ``in_paragraph(p)``, ``advance()``;
- *all* (segments the whole document): ``all()``, ``count()``, ``finish()``.

There is deliberately no ``len()`` and no iteration: either would segment everything
without saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reviewer.documents.language import paragraph_language
from reviewer.documents.sentences import split_sentences
from reviewer.model import Block, BlockKind, Claim, Paragraph

# One step of background segmentation: about 10 ms of work, so a key press never waits long.
STEP_CHARS = 64 * 1024
# Up to this much text, a document is segmented whole before it is shown (a few tens of ms);
# a longer one shows its first paragraphs at once and is segmented behind them.
SEGMENT_AT_ONCE_CHARS = 256 * 1024

Listener = Callable[[int, int], None]


class Claims:
    """The claims of one text, segmented paragraph by paragraph as far as needed."""

    def __init__(self, text: str, paragraphs: Sequence[Paragraph], language: str) -> None:
        self._text = text
        self._paragraphs = paragraphs
        self._language = language
        self._claims: list[Claim] = []
        self._groups: list[tuple[int, ...]] = []  # claim indexes of each segmented paragraph
        self._listeners: list[Listener] = []
        self._languages: dict[int, str] = {}  # paragraphs whose language is not the document's

    @classmethod
    def segmented(cls, text: str, paragraphs: Sequence[Paragraph], claims: Sequence[Claim]) -> Claims:
        """Claims already known (a snapshot of an earlier version): complete from the start."""
        done = cls(text, paragraphs, "")
        done._claims = list(claims)
        groups: list[list[int]] = [[] for _ in paragraphs]
        for index, claim in enumerate(claims):
            groups[claim.paragraph].append(index)
        done._groups = [tuple(group) for group in groups]
        return done

    # -- so far: never segments ----------------------------------------------------------

    @property
    def known(self) -> int:
        """How many claims are segmented so far (all of them once ``complete``)."""
        return len(self._claims)

    @property
    def complete(self) -> bool:
        """True once every paragraph is segmented."""
        return len(self._groups) == len(self._paragraphs)

    @property
    def progress(self) -> float:
        """Share of the text segmented so far, 0.0–1.0."""
        if self.complete or not self._text:
            return 1.0
        return self._paragraphs[len(self._groups)].start / len(self._text)

    def known_in(self, paragraph: int) -> tuple[int, ...] | None:
        """Paragraph ``paragraph``'s claim indexes if it is segmented already, else None."""
        return self._groups[paragraph] if paragraph < len(self._groups) else None

    def language_of(self, paragraph: int) -> str:
        """Paragraph ``paragraph``'s language (segmenting up to it); "" for a snapshot's claims."""
        self.in_paragraph(paragraph)
        return self._languages.get(paragraph, self._language)

    def so_far(self) -> Sequence[Claim]:
        """The claims segmented until now, in order (a read-only view)."""
        return tuple(self._claims)

    # -- up to: segments as far as needed --------------------------------------------------

    def __getitem__(self, index: int) -> Claim:
        """Claim ``index`` (0-based), segmenting up to it; IndexError past the last claim."""
        if index < 0:
            raise IndexError(f"claim indexes start at 0, not {index}")
        if index >= len(self._claims):
            self.reach(index)
        return self._claims[index]

    def reach(self, index: int) -> bool:
        """Segment until claim ``index`` (0-based) exists; False if the document has fewer claims."""
        if index < 0:
            return False
        if index < len(self._claims):
            return True
        first = len(self._groups)
        while len(self._claims) <= index and not self.complete:
            self._segment_next()
        self._tell(first)
        return index < len(self._claims)

    def in_paragraph(self, paragraph: int) -> tuple[int, ...]:
        """Paragraph ``paragraph``'s claim indexes, segmenting up to and including it."""
        if not 0 <= paragraph < len(self._paragraphs):
            raise IndexError(f"there is no paragraph {paragraph}")
        if paragraph >= len(self._groups):
            first = len(self._groups)
            while len(self._groups) <= paragraph:
                self._segment_next()
            self._tell(first)
        return self._groups[paragraph]

    def advance(self, max_chars: int = STEP_CHARS) -> bool:
        """Segment the next paragraphs, about ``max_chars`` of text (at least one); True when complete."""
        if self.complete:
            return True
        first = len(self._groups)
        budget = max_chars
        while budget > 0 and not self.complete:
            budget -= self._segment_next()
        self._tell(first)
        return self.complete

    def settle(self) -> None:
        """Segment a short document whole now; a long one is left to grow behind the screen."""
        if len(self._text) <= SEGMENT_AT_ONCE_CHARS:
            self.finish()

    # -- all: segments the whole document --------------------------------------------------

    def finish(self) -> None:
        """Segment whatever is left."""
        if not self.complete:
            self.in_paragraph(len(self._paragraphs) - 1)

    def all(self) -> Sequence[Claim]:
        """Every claim in order, segmenting the rest of the document first."""
        self.finish()
        return tuple(self._claims)

    def count(self) -> int:
        """How many claims the document has, segmenting the rest of it first."""
        self.finish()
        return len(self._claims)

    def by_paragraph(self) -> Sequence[tuple[int, ...]]:
        """Every paragraph's claim indexes, segmenting the rest of the document first."""
        self.finish()
        return tuple(self._groups)

    # -- listeners ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(first, end)`` whenever paragraphs ``first``…``end - 1`` get their claims.

        Returns the function that unsubscribes it (a closed session calls it).
        """
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _segment_next(self) -> int:
        """Segment one paragraph; return its length in characters."""
        para = self._paragraphs[len(self._groups)]
        first = len(self._claims)
        if para.kind is not BlockKind.CODE:  # code blocks hold no claims
            text = self._text
            language = self._language
            if language:  # a paragraph in another language (a quotation) is split by its own rules
                language = paragraph_language(text[para.start : para.end], language)
                if language != self._language:
                    self._languages[para.index] = language
            for start, end in split_sentences(text, para.start, para.end, language):
                self._claims.append(Claim(len(self._claims) + 1, para.index, start, end, text[start:end]))
        self._groups.append(tuple(range(first, len(self._claims))))
        return para.end - para.start + 1

    def _tell(self, first: int) -> None:
        end = len(self._groups)
        if end > first:
            for listener in list(self._listeners):
                listener(first, end)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Claims):
            return self.all() == other.all()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # it grows as it is segmented
    # No iteration: Python would otherwise iterate through __getitem__ and segment everything.
    __iter__ = None

    def __repr__(self) -> str:
        state = "complete" if self.complete else "so far"
        return f"<Claims: {self.known} claims {state}>"


def paragraphs_of(blocks: Sequence[Block]) -> tuple[Paragraph, ...]:
    """One Paragraph per block of the reader, numbered from 0."""
    return tuple(Paragraph(index, block.start, block.end, block.kind) for index, block in enumerate(blocks))


def segment_document(
    text: str, blocks: Sequence[Block], language: str
) -> tuple[tuple[Paragraph, ...], tuple[Claim, ...], tuple[tuple[int, ...], ...]]:
    """Paragraphs, claims numbered from 1 and each paragraph's claim indexes, all at once."""
    paragraphs = paragraphs_of(blocks)
    claims = Claims(text, paragraphs, language)
    return paragraphs, tuple(claims.all()), tuple(claims.by_paragraph())
