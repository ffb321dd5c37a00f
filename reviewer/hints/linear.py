"""The default hint model: logistic regression over TF-IDF n-grams and named cues, scored in plain Python."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reviewer.hints.base import LINEAR_FORMAT, MAX_REASONS, Hint, HintModelError
from reviewer.hints.features import (
    CUE_NAMES,
    FEATURES_VERSION,
    LENGTH_CUES,
    char_ngrams,
    extract,
    is_number_shape,
    word_ngrams,
    word_tokens,
)

FORMAT = LINEAR_FORMAT
FORMAT_VERSION = 1
# A feature whose pull on the log-odds is smaller than this explains nothing worth showing.
_MIN_REASON = 0.05
# Grammar words explain nothing to a reader even when the model leans on them; pronouns and
# modals stay visible ("we", "would"): they mark promises and opinions, which a reader can see.
_GRAMMAR_WORDS = (
    "a an the and or but of to in on at by for with from as is are was were be been being it its "
    "this that these those there here so do does did has have had than then just also very about"
)
_FUNCTION_WORDS = frozenset(_GRAMMAR_WORDS.split())
_SYMBOL_REASONS = {"$": "money", "€": "money", "£": "money", "%": "percent"}

Entry = tuple[float, float]  # (idf, weight) of one n-gram


@dataclass(frozen=True, slots=True)
class _Weights:
    intercept: float
    cues: Mapping[str, float]
    words: Mapping[str, Entry]
    chars: Mapping[str, Entry]


class LinearHintModel:
    """A check-worthiness model read from a ``reviewer-hints-linear`` JSON payload."""

    def __init__(self, payload: Mapping[str, Any], *, source: str = "model") -> None:
        """Check and index ``payload``; raise HintModelError naming ``source`` if it is not a model."""
        try:
            self._meta = _check_meta(payload)
            self._weights = _Weights(
                intercept=float(payload["intercept"]),
                cues={str(k): float(v) for k, v in payload["cues"].items()},
                words=_entries(payload["words"]),
                chars=_entries(payload["chars"]),
            )
        except HintModelError as exc:
            raise HintModelError(f"{source}: {exc}") from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise HintModelError(f"{source} is not a hint model ({type(exc).__name__}: {exc})") from None
        self.name: str = self._meta["name"]
        self.version: str = self._meta["version"]
        self.threshold: float = self._meta["threshold"]
        self.languages: tuple[str, ...] = self._meta["languages"]
        self.notice: str = self._meta["notice"]

    def supports(self, language: str) -> bool:
        """True if the model gives hints for ``language`` (an ISO 639-1 code such as ``en``)."""
        return language.split("-")[0].lower() in self.languages

    def is_experimental(self, language: str) -> bool:
        """Always False: this model serves only the languages it was trained on."""
        return False

    def score(self, text: str) -> Hint:
        """Score one sentence; the same text and model file always give the same Hint."""
        logit, pulls = self._logit(text)
        score = _sigmoid(logit)
        flagged = score >= self.threshold
        reasons = tuple(_as_written(reason, text) for reason in _reasons(pulls, upward=flagged))
        return Hint(score=score, reasons=reasons, flagged=flagged)

    def logit(self, text: str) -> float:
        """The raw log-odds behind ``score`` (for evaluation and tests)."""
        return self._logit(text)[0]

    def _logit(self, text: str) -> tuple[float, dict[str, float]]:
        weights = self._weights
        features = extract(text)
        pulls: dict[str, float] = {}
        logit = weights.intercept
        for cue in features.cues:
            pull = weights.cues.get(cue, 0.0)
            logit += pull
            label = CUE_NAMES[cue] if cue in CUE_NAMES else LENGTH_CUES[cue]
            pulls[label] = pulls.get(label, 0.0) + pull
        tokens = features.tokens
        if not tokens:
            return logit, pulls
        token_pull: dict[str, float] = {}

        # Word block: uni- and bigrams; a bigram's pull is shared by its two words.
        word_counts = Counter(word_ngrams(tokens))
        word_part, word_pulls = _block(word_counts, weights.words)
        logit += word_part
        for gram, pull in word_pulls.items():
            parts = gram.split(" ")
            for part in parts:
                token_pull[part] = token_pull.get(part, 0.0) + pull / len(parts)

        # Character block: an n-gram's pull is shared by the tokens it occurs in.
        occurrences = Counter(tokens)
        char_counts: Counter[str] = Counter()
        for token, times in occurrences.items():
            for gram in char_ngrams(token):
                char_counts[gram] += times
        char_part, char_pulls = _block(char_counts, weights.chars)
        logit += char_part
        for token, times in occurrences.items():
            share = 0.0
            for gram in char_ngrams(token):
                if gram in char_pulls:
                    share += char_pulls[gram] / char_counts[gram]
            token_pull[token] = token_pull.get(token, 0.0) + share * times

        for token, pull in token_pull.items():
            named = _token_label(token)
            if named is not None:
                pulls[named] = pulls.get(named, 0.0) + pull
        return logit, pulls


def _block(counts: Counter[str], table: Mapping[str, Entry]) -> tuple[float, dict[str, float]]:
    """Sublinear TF-IDF, L2-normalised over the grams the model knows (as scikit-learn does)."""
    values: dict[str, tuple[float, float]] = {}
    norm2 = 0.0
    for gram, count in counts.items():
        entry = table.get(gram)
        if entry is None:
            continue
        # log(1) is 0.0 exactly, so skipping it for the usual count of 1 changes no bit.
        value = (1.0 + math.log(count)) * entry[0] if count > 1 else entry[0]
        values[gram] = (value, entry[1])
        norm2 += value * value
    if not values:
        return 0.0, {}
    norm = math.sqrt(norm2)
    pulls = {gram: value / norm * weight for gram, (value, weight) in values.items()}
    return math.fsum(pulls.values()), pulls


def _token_label(token: str) -> str | None:
    """How a word is named in a reason, or None for a word that explains nothing."""
    if token in _SYMBOL_REASONS:
        return CUE_NAMES[_SYMBOL_REASONS[token]]
    if is_number_shape(token):
        return CUE_NAMES["year" if token == "0000" else "number"]
    if token in _FUNCTION_WORDS or not any(ch.isalpha() for ch in token):
        return None
    return f"“{token}”"


def _as_written(reason: str, text: str) -> str:
    """A quoted word as the sentence writes it (“America”, not “america”)."""
    if not reason.startswith("“"):
        return reason
    word = reason[1:-1]
    for token in word_tokens(text):
        if token.lower() == word:
            return f"“{token}”"
    return reason


def _reasons(pulls: Mapping[str, float], *, upward: bool) -> tuple[str, ...]:
    """The strongest pulls in the direction of the verdict, ties broken by name for determinism."""
    sign = 1.0 if upward else -1.0
    ranked = sorted(
        ((sign * pull, label) for label, pull in pulls.items() if sign * pull >= _MIN_REASON),
        key=lambda item: (-item[0], item[1]),
    )
    return tuple(label for _pull, label in ranked[:MAX_REASONS])


def _sigmoid(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    exp = math.exp(logit)
    return exp / (1.0 + exp)


def _entries(raw: Mapping[str, Any]) -> dict[str, Entry]:
    table: dict[str, Entry] = {}
    for gram, pair in raw.items():
        idf, weight = pair
        table[str(gram)] = (float(idf), float(weight))
    return table


def _check_meta(payload: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(payload, Mapping) or payload.get("format") != FORMAT:
        raise HintModelError(f"not a {FORMAT} file")
    if payload.get("format_version") != FORMAT_VERSION:
        raise HintModelError(
            f"model format version {payload.get('format_version')!r}, this reviewer reads {FORMAT_VERSION}"
        )
    if payload.get("features_version") != FEATURES_VERSION:
        raise HintModelError(
            f"trained with features version {payload.get('features_version')!r}, this reviewer computes"
            f" {FEATURES_VERSION}: retrain it"
        )
    threshold = float(payload["threshold"])
    if not 0.0 < threshold < 1.0:
        raise HintModelError(f"threshold {threshold} is not between 0 and 1")
    languages = tuple(str(code) for code in payload["languages"])
    return {
        "name": str(payload["name"]),
        "version": str(payload["version"]),
        "threshold": threshold,
        "languages": languages,
        "notice": str(payload["notice"]),
    }
