"""Claim hints: a check-worthiness score per claim with a short why, offline; a ranking, never a verdict."""

from __future__ import annotations

from reviewer.hints.base import MAX_REASONS, Hint, HintModel, HintModelError
from reviewer.hints.loading import (
    DEFAULT_MODEL,
    MULTILINGUAL_MODEL,
    default_model_path,
    load_model,
    model_path,
)
from reviewer.hints.scoring import Coverage, DocumentHints, coverage

__all__ = [
    "DEFAULT_MODEL",
    "MAX_REASONS",
    "MULTILINGUAL_MODEL",
    "Coverage",
    "DocumentHints",
    "Hint",
    "HintModel",
    "HintModelError",
    "coverage",
    "default_model_path",
    "load_model",
    "model_path",
]
