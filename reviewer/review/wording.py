"""Wording keys: a claim's text with the differences re-anchoring should not see folded away."""

from __future__ import annotations

import re
import unicodedata

_FOLDED_CHARS = (
    *((char, "'") for char in "’‘‚‛′"),
    *((char, '"') for char in "“”„‟«»″"),
    *((char, "-") for char in "–—‐‑−"),
)
_SPACES = re.compile(r"\s+")
_AROUND_QUOTE = re.compile(r' ?" ?')
_BEFORE_PUNCT = re.compile(r" ([:;!?%,.)])")
_AFTER_OPEN = re.compile(r"([(]) ")
WORD = re.compile(r"\w+")  # a word, as the rare-word index counts them
# Plain ASCII text without any of these is its own typographic key: most claims, most of the time.
_NEEDS_FOLDING = re.compile(r'\s\s|[^\S ]|"| [:;!?%,.)]|\( ')


def typographic_key(text: str) -> str:
    """``text`` with whitespace, quote, dash and compatibility-form differences folded away."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        # A few ``in`` tests and replaces beat ``str.translate``, which is slow on non-ASCII text.
        for char, replacement in _FOLDED_CHARS:
            if char in text:
                text = text.replace(char, replacement)
    if not _NEEDS_FOLDING.search(text):
        return text.strip()
    text = _SPACES.sub(" ", text).strip()
    text = _AROUND_QUOTE.sub('"', text)
    text = _BEFORE_PUNCT.sub(r"\1", text)
    return _AFTER_OPEN.sub(r"\1", text)


def fuzzy_key(text: str) -> str:
    """The typographic key, case folded: what fuzzy matching compares."""
    return typographic_key(text).casefold()
