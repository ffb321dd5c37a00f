"""Hand-written gold sentence splits of real articles (tests/data/gold/) and how the segmenter scores on them.

A gold file is UTF-8 text: ``#:`` lines name the source, its licence and its language; then
one sentence per line, paragraphs separated by a blank line. The document is rebuilt by
joining a paragraph's sentences with one space, so the gold boundaries are exact offsets.
Only boundaries inside a paragraph count (a paragraph's end is given by the reader, not found).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer.documents.segmentation import segment_document
from reviewer.model import Block

GOLD_DIR = Path(__file__).parent / "data" / "gold"


@dataclass(frozen=True)
class Gold:
    name: str
    language: str
    text: str
    blocks: tuple[Block, ...]
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Score:
    name: str
    gold: int  # boundaries inside paragraphs in the gold split
    found: int  # boundaries the segmenter put inside paragraphs
    right: int  # found boundaries that are gold boundaries
    misses: tuple[str, ...]  # "…left | right…" around each gold boundary not found
    extras: tuple[str, ...]  # the same around each boundary found that the gold has not

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0.0 when both are)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def read_gold(path: Path) -> Gold:
    language = ""
    paragraphs: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#:"):
            key, _, value = line[2:].partition(":")
            if key.strip() == "language":
                language = value.strip()
        elif not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append(line.strip())
    text_parts: list[str] = []
    blocks: list[Block] = []
    sentences: list[tuple[int, int]] = []
    offset = 0
    for lines in (p for p in paragraphs if p):
        if text_parts:
            text_parts.append("\n\n")
            offset += 2
        start = offset
        for index, sentence in enumerate(lines):
            if index:
                text_parts.append(" ")
                offset += 1
            text_parts.append(sentence)
            sentences.append((offset, offset + len(sentence)))
            offset += len(sentence)
        blocks.append(Block(start, offset))
    return Gold(path.stem, language, "".join(text_parts), tuple(blocks), tuple(sentences))


def golds() -> list[Gold]:
    return [read_gold(path) for path in sorted(GOLD_DIR.glob("*.txt"))]


def _inner_ends(
    spans: tuple[tuple[int, int], ...] | list[tuple[int, int]], blocks: tuple[Block, ...]
) -> set[int]:
    ends = {block.end for block in blocks}
    return {end for _start, end in spans if end not in ends}


def score(gold: Gold) -> Score:
    _paragraphs, claims, _groups = segment_document(gold.text, gold.blocks, gold.language)
    expected = _inner_ends(gold.sentences, gold.blocks)
    found = _inner_ends([(c.start, c.end) for c in claims], gold.blocks)

    def around(at: int) -> str:
        return f"…{gold.text[max(0, at - 30) : at]} | {gold.text[at : at + 30]}…"

    return Score(
        gold.name,
        len(expected),
        len(found),
        len(expected & found),
        tuple(around(at) for at in sorted(expected - found)),
        tuple(around(at) for at in sorted(found - expected)),
    )
