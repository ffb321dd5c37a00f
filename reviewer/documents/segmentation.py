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

import bisect
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter

from reviewer.documents.drawn import IndexShift, Span, overlay
from reviewer.documents.language import paragraph_language
from reviewer.documents.sentences import split_sentences
from reviewer.documents.spans import Paragraphs
from reviewer.model import Block, BlockKind, Claim, Paragraph

# One step of background segmentation: about 10 ms of work, so a key press never waits long.
STEP_CHARS = 64 * 1024
# Up to this much text, a document is segmented whole before it is shown (a few tens of ms);
# a longer one shows its first paragraphs at once and is segmented behind them.
SEGMENT_AT_ONCE_CHARS = 256 * 1024

Listener = Callable[[int, int], None]
_PARAGRAPH = attrgetter("paragraph")


class Claims:
    """The claims of one text, segmented paragraph by paragraph as far as needed.

    A reviewer may redraw a paragraph's claims (split, join, narrow: see ``redraw``). Its claims
    are then the drawn spans plus the segmenter's that overlap none of them, and every later
    claim moves by the change in count. So that a redraw costs the same near the end of a 10 MB
    document as near its start, nothing is rewritten past the paragraph: a later claim's number
    is put right when it is next read, and a paragraph's claim indexes are found by bisection.
    """

    def __init__(self, text: str, paragraphs: Sequence[Paragraph], language: str) -> None:
        self._text = text
        self._paragraphs = paragraphs
        self._language = language
        self._claims: list[Claim] = []
        self._segmented = 0  # paragraphs segmented so far, in order
        self._groups: dict[int, tuple[int, ...]] = {}  # claim indexes by paragraph, as found
        self._listeners: list[Listener] = []
        self._languages: dict[int, str] = {}  # paragraphs whose language is not the document's
        self._drawn: dict[int, tuple[Span, ...]] = {}  # spans a reviewer drew, by paragraph
        self._raw: dict[int, tuple[Span, ...]] = {}  # the segmenter's spans of redrawn paragraphs
        self._renumber_from: int | None = None  # claims from here on may carry an old number
        self.redraws = 0  # counts redraws, so a cache by claim index knows when to forget

    @classmethod
    def segmented(cls, text: str, paragraphs: Sequence[Paragraph], claims: Sequence[Claim]) -> Claims:
        """Claims already known (a snapshot of an earlier version): complete from the start."""
        done = cls(text, paragraphs, "")
        done._claims = list(claims)
        done._segmented = len(paragraphs)
        return done

    # -- so far: never segments ----------------------------------------------------------

    @property
    def known(self) -> int:
        """How many claims are segmented so far (all of them once ``complete``)."""
        return len(self._claims)

    @property
    def complete(self) -> bool:
        """True once every paragraph is segmented."""
        return self._segmented == len(self._paragraphs)

    @property
    def progress(self) -> float:
        """Share of the text segmented so far, 0.0–1.0."""
        if self.complete or not self._text:
            return 1.0
        return self._paragraphs[self._segmented].start / len(self._text)

    def known_in(self, paragraph: int) -> tuple[int, ...] | None:
        """Paragraph ``paragraph``'s claim indexes if it is segmented already, else None."""
        if paragraph >= self._segmented:
            return None
        group = self._groups.get(paragraph)
        if group is None:
            claims = self._claims
            first = bisect.bisect_left(claims, paragraph, key=_PARAGRAPH)
            end = bisect.bisect_right(claims, paragraph, lo=first, key=_PARAGRAPH)
            group = self._groups[paragraph] = tuple(range(first, end))
        return group

    def language_of(self, paragraph: int) -> str:
        """Paragraph ``paragraph``'s language (segmenting up to it); "" for a snapshot's claims."""
        self.in_paragraph(paragraph)
        return self._languages.get(paragraph, self._language)

    def so_far(self) -> Sequence[Claim]:
        """The claims segmented until now, in order (a read-only view)."""
        self._renumber()
        return tuple(self._claims)

    def drawn(self, paragraph: int) -> tuple[Span, ...]:
        """The spans a reviewer drew in paragraph ``paragraph`` (empty: the segmenter's claims)."""
        return self._drawn.get(paragraph, ())

    def all_drawn(self) -> Mapping[int, tuple[Span, ...]]:
        """Every paragraph's drawn spans, by paragraph index."""
        return dict(self._drawn)

    def segmenter_spans(self, paragraph: int) -> tuple[Span, ...]:
        """The spans the segmenter made of paragraph ``paragraph`` (segmenting up to it)."""
        group = self.in_paragraph(paragraph)
        if paragraph in self._raw:
            return self._raw[paragraph]
        return tuple((self._claims[index].start, self._claims[index].end) for index in group)

    # -- up to: segments as far as needed --------------------------------------------------

    def __getitem__(self, index: int) -> Claim:
        """Claim ``index`` (0-based), segmenting up to it; IndexError past the last claim."""
        if index < 0:
            raise IndexError(f"claim indexes start at 0, not {index}")
        if index >= len(self._claims):
            self.reach(index)
        claim = self._claims[index]
        if claim.number != index + 1:  # moved by a redraw of an earlier paragraph
            claim = self._claims[index] = Claim(
                index + 1, claim.paragraph, claim.start, claim.end, claim.text
            )
        return claim

    def reach(self, index: int) -> bool:
        """Segment until claim ``index`` (0-based) exists; False if the document has fewer claims."""
        if index < 0:
            return False
        if index < len(self._claims):
            return True
        first = self._segmented
        while len(self._claims) <= index and not self.complete:
            self._segment_next()
        self._tell(first)
        return index < len(self._claims)

    def in_paragraph(self, paragraph: int) -> tuple[int, ...]:
        """Paragraph ``paragraph``'s claim indexes, segmenting up to and including it."""
        if not 0 <= paragraph < len(self._paragraphs):
            raise IndexError(f"there is no paragraph {paragraph}")
        if paragraph >= self._segmented:
            first = self._segmented
            while self._segmented <= paragraph:
                self._segment_next()
            self._tell(first)
        group = self.known_in(paragraph)
        assert group is not None  # segmented just above
        return group

    def redraw(self, paragraph: int, spans: Sequence[Span]) -> IndexShift | None:
        """Make paragraph ``paragraph``'s claims the drawn ``spans`` plus the segmenter's others.

        Empty ``spans`` give the segmenter's claims back. Returns how claim indexes moved, or
        None when the paragraph is not segmented yet (its claims are drawn when it is). The
        caller checks the spans lie in the paragraph and overlap no other drawn span.
        """
        drawn = tuple(sorted(spans))
        self.redraws += 1
        if drawn:
            self._drawn[paragraph] = drawn
        else:
            self._drawn.pop(paragraph, None)
        if paragraph >= self._segmented:
            return None
        group = self.known_in(paragraph)
        assert group is not None
        first = group[0] if group else bisect.bisect_left(self._claims, paragraph, key=_PARAGRAPH)
        old = tuple((self._claims[index].start, self._claims[index].end) for index in group)
        raw = self._raw.setdefault(paragraph, old)  # no drawn spans until now: its claims are the segmenter's
        new = overlay(raw, drawn)
        text = self._text
        self._claims[first : first + len(old)] = [
            Claim(first + at + 1, paragraph, start, end, text[start:end])
            for at, (start, end) in enumerate(new)
        ]
        if len(new) != len(old):
            after = first + len(new)
            self._renumber_from = after if self._renumber_from is None else min(self._renumber_from, after)
            self._groups.clear()
        else:
            self._groups.pop(paragraph, None)
        return IndexShift(first, old, new)

    def _renumber(self) -> None:
        """Put right the numbers of claims a redraw moved (before handing them all out)."""
        if self._renumber_from is None:
            return
        claims = self._claims
        for index in range(self._renumber_from, len(claims)):
            claim = claims[index]
            if claim.number != index + 1:
                claims[index] = Claim(index + 1, claim.paragraph, claim.start, claim.end, claim.text)
        self._renumber_from = None

    def advance(self, max_chars: int = STEP_CHARS) -> bool:
        """Segment the next paragraphs, about ``max_chars`` of text (at least one); True when complete."""
        if self.complete:
            return True
        first = self._segmented
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
        self._renumber()
        return tuple(self._claims)

    def count(self) -> int:
        """How many claims the document has, segmenting the rest of it first."""
        self.finish()
        return len(self._claims)

    def by_paragraph(self) -> Sequence[tuple[int, ...]]:
        """Every paragraph's claim indexes, segmenting the rest of the document first."""
        self.finish()
        if len(self._groups) < len(self._paragraphs):  # one pass rather than a bisection each
            groups: list[list[int]] = [[] for _ in self._paragraphs]
            for index, claim in enumerate(self._claims):
                groups[claim.paragraph].append(index)
            self._groups = {paragraph: tuple(group) for paragraph, group in enumerate(groups)}
        return tuple(self._groups[paragraph] for paragraph in range(len(self._paragraphs)))

    # -- listeners ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(first, end)`` whenever paragraphs ``first``…``end - 1`` get their claims.

        Returns the function that unsubscribes it (a closed session calls it).
        """
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _segment_next(self) -> int:
        """Segment one paragraph; return its length in characters."""
        para = self._paragraphs[self._segmented]
        first = len(self._claims)
        if para.kind is not BlockKind.CODE:  # code blocks hold no claims
            text = self._text
            language = self._language
            if language:  # a paragraph in another language (a quotation) is split by its own rules
                language = paragraph_language(text[para.start : para.end], language)
                if language != self._language:
                    self._languages[para.index] = language
            spans: Sequence[Span] = split_sentences(text, para.start, para.end, language)
            if drawn := self._drawn.get(para.index):
                self._raw[para.index] = tuple(spans)
                spans = overlay(spans, drawn)
            index = para.index
            self._claims.extend(
                [
                    Claim(number, index, start, end, text[start:end])
                    for number, (start, end) in enumerate(spans, first + 1)
                ]
            )
        self._groups[para.index] = tuple(range(first, len(self._claims)))
        self._segmented += 1
        return para.end - para.start + 1

    def _tell(self, first: int) -> None:
        end = self._segmented
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


def paragraphs_of(blocks: Sequence[Block]) -> Paragraphs:
    """One Paragraph per block of the reader, numbered from 0 (held as arrays: see ``spans``)."""
    return Paragraphs.of(blocks)


def segment_document(
    text: str, blocks: Sequence[Block], language: str
) -> tuple[Paragraphs, tuple[Claim, ...], tuple[tuple[int, ...], ...]]:
    """Paragraphs, claims numbered from 1 and each paragraph's claim indexes, all at once."""
    paragraphs = paragraphs_of(blocks)
    claims = Claims(text, paragraphs, language)
    return paragraphs, tuple(claims.all()), tuple(claims.by_paragraph())
