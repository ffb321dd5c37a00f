"""Sentence → sparse features in plain Python: word and character n-grams plus named cues.

The same code turns text into features when the model is trained (offline, with scikit-learn)
and when a claim is scored (at run time, with nothing but the standard library), so the two can
never drift apart. Every cue has a name in human words; those names are the hint's "why".
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

# Bump when the features of a sentence change: a model file records the version it was
# trained with, and a model of another version is refused rather than scored wrongly.
FEATURES_VERSION = 1

CHAR_NGRAMS = (2, 5)  # shortest and longest character n-gram, within a word padded by spaces

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|[$€£%]")
_DIGIT = re.compile(r"\d")


def _words(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + r")\b", flags)


# (key, human name, pattern). Cues are binary: present or not. The patterns are English and
# deliberately plain: the weights learnt for them, not the patterns, decide what counts.
_CUES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("year", "year", re.compile(r"\b(?:1[6-9]\d\d|20\d\d)s?\b")),
    ("number", "number", re.compile(r"(?<![\d.,])(?!(?:1[6-9]\d\d|20\d\d)s?\b)\d")),
    ("percent", "percentage", re.compile(r"%|\b(?:per ?cent|percentage)\b", re.IGNORECASE)),
    (
        "money",
        "amount of money",
        re.compile(r"[$€£¥]\s?\d|\b(?:dollars?|euros?|cents?|bucks)\b", re.IGNORECASE),
    ),
    (
        "quantity",
        "quantity",
        _words(
            r"millions?|billions?|trillions?|thousands?|hundreds?|dozens?|twice|half|"
            r"doubled?|tripled?|quadrupled?|times|percent|tonnes?|tons?|miles?|kilometres?|acres?|hectares?"
        ),
    ),
    (
        "number_word",
        "number in words",
        _words(
            r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
            r"thirty|forty|fifty|sixty|seventy|eighty|ninety"
        ),
    ),
    (
        "comparison",
        "comparison",
        _words(
            r"more|less|fewer|than|higher|lower|larger|smaller|bigger|greater|most|least|largest|"
            r"highest|lowest|biggest|smallest|fastest|only|record|per capita|compared|average"
        ),
    ),
    (
        "change",
        "change over time",
        _words(
            r"increas\w*|decreas\w*|rose|risen|rising|rises|fell|fallen|falling|grew|grown|growing|"
            r"drop\w*|declin\w*|doubled|tripled|cut|cuts|reduc\w*|went up|went down|since|"
            r"from \S+ to|gone up|gone down|soared|plunged|shrank"
        ),
    ),
    (
        "named_body",
        "named body",
        re.compile(
            r"\b(?:Congress|Senate|House|Department|Administration|Bureau|Court|Agency|Commission|"
            r"Council|University|Association|Chamber|Ministry|Government|Party|Union|Bank|Reserve|"
            r"Pentagon|Institute|Office|Committee|Board|Authority|Service|Corporation|Treasury|"
            r"Cabinet|Parliament|Assembly|Fund|Organi[sz]ation|NATO|UN|EU|IRS|FBI|CIA|OPEC|IMF|FDA|EPA)\b"
        ),
    ),
    ("proper_name", "proper name", re.compile(r"(?<=[a-z,;:] )(?!I\b)[A-Z][a-z]+")),
    (
        "source",
        "cites a source",
        _words(
            r"according to|reports?|reported|data|study|studies|survey\w*|polls?|statistics|census|"
            r"figures?|estimates?|estimated|records?|counts?|measured|analysis"
        ),
    ),
    (
        "date",
        "date",
        _words(
            r"January|February|March|April|May|June|July|August|September|October|November|December|"
            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|last year|this year|"
            r"last (?:month|week|decade)|years? ago|months? ago|in the (?:last|past) \w+ years?"
        ),
    ),
    (
        "action",
        "past action or vote",
        _words(
            r"voted|signed|passed|vetoed|proposed|introduced|opposed|supported|spent|cost|costs|created|"
            r"lost|paid|raised|appointed|sent|approved|cut|enacted|funded|built|closed|opened|sold"
        ),
    ),
    ("quote", "quotation", re.compile(r"[\"“”«»]|(?:^|\s)'\w")),
    (
        "policy",
        "policy term",
        _words(
            r"laws?|bill|tax\w*|budget|deficit|debt|unemploy\w*|jobs?|inflation|spending|programs?|"
            r"treaty|legislation|amendment|wages?|salar\w+|income|prices?|revenue|levy|tolls?|fees?|"
            r"subsid\w+|insurance|medicare|medicaid|social security|troops|nuclear|weapons"
        ),
    ),
    (
        "opinion",
        "opinion marker",
        re.compile(
            r"\b(?:I|we) (?:really )?(?:think|believe|feel|hope|wish|guess|suppose|trust)\b|"
            r"\bin my (?:opinion|view|judgment|judgement)\b|\bI'm (?:sure|convinced|confident)\b|"
            r"\bit seems to me\b",
            re.IGNORECASE,
        ),
    ),
    (
        "promise",
        "promise or call to act",
        re.compile(
            r"\b(?:we|I|you|America) (?:should|must|need to|have to|will|are going to|can|ought to)\b|"
            r"\b(?:we're|I'm) going to\b|\b(?:we'll|I'll|let's|let us)\b",
            re.IGNORECASE,
        ),
    ),
    ("question", "question", re.compile(r"\?")),
    (
        "courtesy",
        "thanks or greeting",
        _words(
            r"thank\w*|congratulat\w*|good (?:evening|morning|night|afternoon)|welcome|pleasure|"
            r"honou?red|grateful|ladies and gentlemen"
        ),
    ),
    (
        "value",
        "value judgement",
        _words(
            r"great|wrong|right|good|bad|terrible|wonderful|important|essential|fair|unfair|strong|"
            r"weak|best|worst|dangerous|disgrace\w*|shameful|outrageous|ridiculous|proud|beautiful"
        ),
    ),
    ("hedge", "hedge", _words(r"maybe|perhaps|probably|might|possibly|somehow")),
    ("first_person", "speaks of oneself", re.compile(r"\b(?:I|me|my|I'm|I've|I'd|myself)\b")),
)
CUE_NAMES: dict[str, str] = {key: name for key, name, _ in _CUES}
# Length buckets: very short sentences are rarely claims; very long ones usually hold one.
LENGTH_CUES: dict[str, str] = {"short": "very short sentence", "long": "long sentence"}
_SHORT_TOKENS = 6
_LONG_TOKENS = 30


@dataclass(frozen=True, slots=True)
class Features:
    """What one sentence is made of, before any model weighs it.

    ``tokens`` are lower-cased words, numbers written as their shape (``7.8`` → ``0.0``);
    ``cues`` the keys of the named cues present (see ``CUE_NAMES`` and ``LENGTH_CUES``).
    """

    tokens: tuple[str, ...]
    cues: tuple[str, ...]


def tokenize(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens; digits become ``0`` so that every price or count looks alike."""
    return tuple(_DIGIT.sub("0", match.group().lower()) for match in _TOKEN.finditer(text))


def word_tokens(text: str) -> list[str]:
    """The tokens of ``text`` as written (no lower-casing, digits kept)."""
    return [match.group() for match in _TOKEN.finditer(text)]


def cues(text: str, n_tokens: int) -> tuple[str, ...]:
    """The keys of the named cues found in ``text``, in a fixed order."""
    found = [key for key, _name, pattern in _CUES if pattern.search(text)]
    if n_tokens < _SHORT_TOKENS:
        found.append("short")
    elif n_tokens > _LONG_TOKENS:
        found.append("long")
    return tuple(found)


def extract(text: str) -> Features:
    """Tokens and cues of one sentence."""
    tokens = tokenize(text)
    return Features(tokens, cues(text, len(tokens)))


def word_ngrams(tokens: tuple[str, ...]) -> list[str]:
    """Unigrams and bigrams, in order (repeats kept: they are counted)."""
    grams = list(tokens)
    grams.extend(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    return grams


@functools.lru_cache(maxsize=1 << 16)
def char_ngrams(token: str) -> tuple[str, ...]:
    """Character n-grams of one token padded by spaces (like scikit-learn's ``char_wb``).

    Cached: the same few thousand words make up most of any document.
    """
    padded = f" {token} "
    low, high = CHAR_NGRAMS
    size = len(padded)
    grams: list[str] = []
    for n in range(low, min(high, size) + 1):
        grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return tuple(grams)


def is_number_shape(token: str) -> bool:
    """True for a token that was a number (``0``, ``0.0``, ``0,000``)."""
    return token[:1] == "0"
