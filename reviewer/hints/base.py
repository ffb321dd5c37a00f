"""What every hint model offers: a score with its reasons, the languages it serves, a clear error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from reviewer.errors import ReviewerError

# Reasons shown with a score: enough to explain it, few enough to read at a glance.
MAX_REASONS = 3


class HintModelError(ReviewerError):
    """The hint model file is missing, unreadable or not a model: run without hints."""


# What a model file's "format" says it is. Here, not in the modules that read each kind: the
# loader must tell them apart without importing both (the linear model's features compile some
# forty patterns, which a screen should not pay for before its first paint).
LINEAR_FORMAT = "reviewer-hints-linear"
EMBEDDING_FORMAT = "reviewer-hints-embedding"


@dataclass(frozen=True, slots=True)
class Hint:
    """A check-worthiness hint for one claim: a ranking score, never a verdict.

    ``score`` is 0.0–1.0 (higher: more worth checking); ``flagged`` is ``score >= threshold``
    of the model; ``reasons`` name, in human words, what weighed most for this sentence
    (for a flagged claim what pushed it up, otherwise what held it down), strongest first.
    """

    score: float
    reasons: tuple[str, ...]
    flagged: bool


@runtime_checkable
class HintModel(Protocol):
    """A trained check-worthiness model, loaded and ready to score sentences."""

    @property
    def name(self) -> str:
        """Short identifier of the model (``en-linear``)."""
        ...

    @property
    def version(self) -> str:
        """Version of the weights, changed whenever they are retrained."""
        ...

    @property
    def threshold(self) -> float:
        """Default cut-off: a claim whose score reaches it is flagged."""
        ...

    @property
    def languages(self) -> tuple[str, ...]:
        """ISO 639-1 codes of the languages the model gives hints for."""
        ...

    @property
    def notice(self) -> str:
        """Attribution of the data the model was trained on (ships with the weights)."""
        ...

    def supports(self, language: str) -> bool:
        """True if the model gives hints for documents in ``language`` (ISO 639-1, e.g. ``fr``)."""
        ...

    def is_experimental(self, language: str) -> bool:
        """True for a language the model serves without having been trained on it (label it so)."""
        ...

    def score(self, text: str) -> Hint:
        """The hint for one claim's text."""
        ...
