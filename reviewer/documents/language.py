"""Guess a document's language (ISO 639-1) so the sentence splitter uses the right rules."""

from __future__ import annotations

import re

import pycld2

from reviewer.errors import UsageError

_SAMPLE_CHARS = 20_000
FALLBACK_LANGUAGE = "en"
# Every language code CLD2 knows (ISO 639-1 where there is one; its "xx-Script" entries are
# scripts, not languages): what a language option may name.
KNOWN_LANGUAGES = frozenset(
    code.lower() for _name, code in pycld2.LANGUAGES if code.isalpha() and code not in ("un", "xxx")
)


def known_language(code: str) -> str:
    """``code`` normalised (``FR`` → ``fr``, ``en-GB`` → ``en``); UsageError if no language has it."""
    base = code.strip().replace("_", "-").split("-")[0].lower()
    if base not in KNOWN_LANGUAGES:
        raise UsageError(f"unknown language code {code!r}: use an ISO 639-1 code such as en, fr or es")
    return base


# Quotations are often in another language than the article ("an English article whose quotes
# are mostly French"): the document's language is that of the text around them.
_QUOTED = re.compile(r"«[^»]{0,2000}»|“[^”]{0,2000}”|\"[^\"\n]{0,2000}\"")
_UNQUOTED_ENOUGH = 200  # letters outside quotations to go by them alone

# A paragraph is checked for a language of its own only when it is long enough for CLD2 to be
# sure (it takes ~46 µs a call) and its words are not plainly the document's language.
PARAGRAPH_MIN_CHARS = 120
_WORDS_SAMPLE = 240  # characters of a paragraph whose words are counted
# A tenth of very common words of the document's language: the same language (real text of
# that language has a fifth to a third; another language next to none). Measured on the bench
# corpus, 0.4 % (en) and 2 % (fr) of paragraphs then reach CLD2.
_SAME_LANGUAGE_SHARE = 0.1
_COMMON_WORD_LISTS = {
    "en": "the and of to is in that it was for on are with as be this have by not at",
    "fr": "le la les des et est un une du que qui dans pour pas sur au il elle ne se",
    "es": "el la los las y es un una del que en por para con no se lo su al",
    "de": "der die das und ist nicht ein eine zu den mit von sich des auf für",
    "it": "il la di che e è un una per non con del della le si lo gli",
    "pt": "o a os as e é um uma do da que em para com não se no na",
}
_COMMON_WORDS = {code: frozenset(words.split()) for code, words in _COMMON_WORD_LISTS.items()}
_RELIABLE_PERCENT = 70  # CLD2's share of the paragraph for its first language


def paragraph_language(text: str, main: str) -> str:
    """The language of one paragraph: ``main`` (the document's) unless CLD2 is sure of another."""
    if len(text) < PARAGRAPH_MIN_CHARS:
        return main
    common = _COMMON_WORDS.get(main)
    if common is not None:
        words = text[:_WORDS_SAMPLE].lower().split()  # split(): 5× cheaper than a regex, and enough
        if words and sum(word in common for word in words) >= _SAME_LANGUAGE_SHARE * len(words):
            return main
    try:
        reliable, _bytes, details = pycld2.detect(text)
    except (pycld2.error, UnicodeError):
        return main
    code = str(details[0][1]).split("-")[0].lower()
    if (
        not reliable
        or details[0][2] < _RELIABLE_PERCENT
        or code in ("un", "xxx", "")
        or code not in KNOWN_LANGUAGES
    ):
        return main
    return code


def detect_language(text: str) -> str:
    """The most likely language of ``text`` outside its quotations; ``en`` when too little to tell."""
    sample = text[:_SAMPLE_CHARS]
    unquoted = _QUOTED.sub(" ", sample)
    if sum(ch.isalpha() for ch in unquoted) >= _UNQUOTED_ENOUGH:
        sample = unquoted
    if sum(ch.isalpha() for ch in sample) < 12:
        return FALLBACK_LANGUAGE
    try:
        # bestEffort: give an answer for short texts too (a one-line note, a headline).
        _reliable, _bytes, details = pycld2.detect(sample, bestEffort=True)
    except (pycld2.error, UnicodeError):  # control or surrogate characters CLD2 refuses
        return FALLBACK_LANGUAGE
    code = str(details[0][1]).split("-")[0].lower()
    return FALLBACK_LANGUAGE if code in ("un", "xxx", "") else code
