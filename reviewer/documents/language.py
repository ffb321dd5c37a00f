"""Guess a document's language (ISO 639-1) so the sentence splitter uses the right rules."""

from __future__ import annotations

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


def detect_language(text: str) -> str:
    """The most likely language of ``text``; ``en`` when there is too little to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 12:
        return FALLBACK_LANGUAGE
    try:
        # bestEffort: give an answer for short texts too (a one-line note, a headline).
        _reliable, _bytes, details = pycld2.detect(sample, bestEffort=True)
    except (pycld2.error, UnicodeError):  # control or surrogate characters CLD2 refuses
        return FALLBACK_LANGUAGE
    code = str(details[0][1]).split("-")[0].lower()
    return FALLBACK_LANGUAGE if code in ("un", "xxx", "") else code
