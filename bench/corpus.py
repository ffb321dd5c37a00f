"""Benchmark documents: English and French plain text of a chosen size, varied so nothing repeats verbatim.

Sentences come from the project's samples (``sample_docs/``) and the shared French seed; each
generated paragraph draws 2–7 of them at random, replaces about one word in seven with another
word of the same language, rewrites the numbers, and sometimes wraps its lines at 78 columns.
Every 25th paragraph is a short heading line. The output is deterministic for a language, and
the document of one size is the start of the document of any larger size.
"""

from __future__ import annotations

import functools
import random
import re
import textwrap
from pathlib import Path

from common import REPO

SOURCES = {
    "en": (REPO / "sample_docs" / "harbour-bridge-levy.md",),
    "fr": (
        REPO / "sample_docs" / "vignoble-secheresse.txt",
        REPO / "tests" / "data" / "otan-stoltenberg-fr.txt",  # the shared seed, copied
    ),
}
TITLES = {
    "en": "Benchmark corpus in English: the harbour levy and its critics",
    "fr": "Corpus de mesure en français : la vigne, la sécheresse et l’alliance",
}
HEADINGS = {"en": "Part {n}: {a} and {b}", "fr": "Partie {n} : {a} et {b}"}
_WORD = re.compile(r"[^\W\d_]{4,}")
_NUMBER = re.compile(r"\d+")


@functools.cache
def _material(language: str) -> tuple[list[str], list[str]]:
    """The source sentences (claims of the samples, code left out) and a vocabulary of plain words."""
    from reviewer.documents.loader import load_document
    from reviewer.model import BlockKind

    sentences: list[str] = []
    for path in SOURCES[language]:
        if not path.exists():
            continue
        document = load_document(path)
        for paragraph, claims in enumerate(document.claims.by_paragraph()):
            if document.paragraphs[paragraph].kind in (BlockKind.CODE, BlockKind.HEADING):
                continue
            sentences += [document.claims[i].text for i in claims if len(document.claims[i].text) > 20]
    # Markdown emphasis and links would only be noise in a plain-text file.
    sentences = [re.sub(r"[*`]|\]\([^)]*\)|\[", "", s) for s in sentences]
    vocabulary = sorted({w for s in sentences for w in _WORD.findall(s) if w.islower()})
    return sentences, vocabulary


def _vary(sentence: str, rng: random.Random, vocabulary: list[str]) -> str:
    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        return rng.choice(vocabulary) if text.islower() and rng.random() < 0.15 else text

    def number(match: re.Match[str]) -> str:
        digits = len(match.group(0))
        return str(rng.randrange(10 ** (digits - 1) if digits > 1 else 0, 10**digits))

    return _NUMBER.sub(number, _WORD.sub(word, sentence))


def generate(language: str, size: int, seed: int = 20261125) -> str:
    """About ``size`` bytes (UTF-8) of ``language`` (``en``/``fr``) text, paragraphs split by blank lines."""
    sentences, vocabulary = _material(language)
    # Not seeded by size: a smaller document is the start of every larger one, so the first
    # screens are the same and a key timed at 10 KB and at 10 MB differs by the size alone.
    rng = random.Random(f"{seed}-{language}")
    paragraphs = [TITLES[language]]
    total = len(paragraphs[0].encode("utf-8")) + 2
    count = 0
    while total < size:
        count += 1
        if count % 25 == 0:
            a, b = rng.sample(vocabulary, 2)
            paragraph = HEADINGS[language].format(n=count // 25, a=a.capitalize(), b=b)
        else:
            chosen = [_vary(rng.choice(sentences), rng, vocabulary) for _ in range(rng.randint(2, 7))]
            paragraph = " ".join(chosen)
            if rng.random() < 0.3:
                paragraph = "\n".join(textwrap.wrap(paragraph, 78, break_on_hyphens=False))
        paragraphs.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs) + "\n"


def write_document(path: Path, language: str, size: int) -> None:
    """Write :func:`generate`'s text to ``path``."""
    path.write_text(generate(language, size), encoding="utf-8")


def marker(path: Path, length: int = 24) -> str:
    """Text from the start of the second paragraph: on the first screen of the app and of the floor."""
    paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    words = " ".join(paragraphs[1].split())
    cut = words.rfind(" ", 0, length)
    return words[: cut if cut > 8 else length]
