"""Guess a document's language (ISO 639-1) so the sentence splitter uses the right rules."""

from __future__ import annotations

import pycld2

_SAMPLE_CHARS = 20_000
FALLBACK_LANGUAGE = "en"


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
