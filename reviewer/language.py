"""Guess a document's language (ISO 639-1) so the sentence splitter uses the right rules."""

from __future__ import annotations

_SAMPLE_CHARS = 20_000
FALLBACK_LANGUAGE = "en"


def detect_language(text: str) -> str:
    """The most likely language of ``text``; ``en`` when there is too little to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return FALLBACK_LANGUAGE
    import py3langid  # deferred: it loads a model and numpy, which only this call needs

    language, _score = py3langid.classify(sample)
    return str(language)
