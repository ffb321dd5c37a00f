"""A whole document's hints at once, for the headless outputs (``claims --json``, the JSON export)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reviewer.documents.base import Document
from reviewer.hints.base import Hint, HintModel, HintModelError
from reviewer.hints.loading import load_model
from reviewer.hints.scoring import Coverage, coverage


@dataclass(frozen=True, slots=True)
class DocumentScores:
    """Every claim's hint (by claim index), or why there are none."""

    coverage: Coverage
    model: HintModel | None = None
    hints: Mapping[int, Hint] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """What an output says about its hints: the model, its cut-off, and whether they apply."""
        model = self.model
        return {
            "model": model.name if model else None,
            "version": model.version if model else None,
            "threshold": model.threshold if model else None,
            "active": self.coverage.active,
            "experimental": self.coverage.experimental,
            "message": self.coverage.message,
        }

    def claim_dict(self, index: int) -> dict[str, Any] | None:
        """Claim ``index``'s hint as plain data, or None when it has none."""
        hint = self.hints.get(index)
        if hint is None:
            return None
        return {"score": round(hint.score, 4), "flagged": hint.flagged, "reasons": list(hint.reasons)}


def score_document(document: Document, model: HintModel | None = None) -> DocumentScores:
    """Score every claim of ``document`` with ``model`` (the default one if None).

    A model that cannot be loaded, or a language it does not know, gives no hints and says why;
    it never stops the output the hints were asked for.
    """
    if model is None:
        try:
            model = load_model()
        except HintModelError as exc:
            return DocumentScores(coverage(None, document.language, why_no_model=str(exc)))
    covered = coverage(model, document.language)
    if not covered.active:
        return DocumentScores(covered, model)
    claims = document.claims.all()
    return DocumentScores(
        covered, model, {index: model.score(claim.text) for index, claim in enumerate(claims)}
    )
