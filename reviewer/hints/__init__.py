"""Claim hints: a check-worthiness score per claim with a short why, offline; a ranking, never a verdict."""

from __future__ import annotations

from reviewer.hints.base import MAX_REASONS, Hint, HintModel, HintModelError
from reviewer.hints.loading import default_model_path, load_model

__all__ = ["MAX_REASONS", "Hint", "HintModel", "HintModelError", "default_model_path", "load_model"]
