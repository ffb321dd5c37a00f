"""Ranking metrics and k-fold cross-validation for hint models, in plain Python and deterministic."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reviewer.hints.base import HintModel

Pair = tuple[str, int]  # (sentence, label): 1 = worth checking, 0 = not


@dataclass(frozen=True, slots=True)
class Metrics:
    """How a ranking of held-out sentences compares with their labels."""

    n: int
    positives: int
    average_precision: float
    precision_at_10: float
    threshold: float
    flagged: int  # sentences at or above the threshold
    precision: float  # of the flagged ones
    recall: float
    f1: float

    @property
    def flag_rate(self) -> float:
        """Share of the sentences flagged at the threshold."""
        return self.flagged / self.n if self.n else 0.0


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Out-of-fold scores of every sentence, and the metrics per fold and pooled."""

    labels: tuple[int, ...]
    scores: tuple[float, ...]  # each from the model that did not see the sentence
    folds: tuple[Metrics, ...]

    def mean(self, attribute: str) -> float:
        """Mean of one metric over the folds (``average_precision``, ``precision_at_10``…)."""
        values = [float(getattr(fold, attribute)) for fold in self.folds]
        return math.fsum(values) / len(values)

    def std(self, attribute: str) -> float:
        """Population standard deviation of one metric over the folds."""
        values = [float(getattr(fold, attribute)) for fold in self.folds]
        mean = sum(values) / len(values)
        return math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Area under the precision-recall steps, ties counted together (scikit-learn's definition)."""
    total = sum(labels)
    if total == 0:
        return 0.0
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    ap = 0.0
    hits = seen = 0
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and scores[order[j]] == scores[order[i]]:
            hits += labels[order[j]]
            j += 1
        seen = j
        gained = sum(labels[order[k]] for k in range(i, j))
        ap += (gained / total) * (hits / seen)
        i = j
    return ap


def precision_at(labels: Sequence[int], scores: Sequence[float], k: int) -> float:
    """Share of worth-checking sentences among the ``k`` best scored (ties by position)."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:k]
    return sum(labels[i] for i in order) / len(order) if order else 0.0


def metrics(labels: Sequence[int], scores: Sequence[float], threshold: float) -> Metrics:
    """AP, P@10, and precision, recall and F1 of what ``threshold`` flags."""
    flagged = [i for i, score in enumerate(scores) if score >= threshold]
    true = sum(labels[i] for i in flagged)
    positives = sum(labels)
    precision = true / len(flagged) if flagged else 0.0
    recall = true / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metrics(
        n=len(labels),
        positives=positives,
        average_precision=average_precision(labels, scores),
        precision_at_10=precision_at(labels, scores, 10),
        threshold=threshold,
        flagged=len(flagged),
        precision=precision,
        recall=recall,
        f1=f1,
    )


def choose_threshold(labels: Sequence[int], scores: Sequence[float], min_precision: float) -> float:
    """The lowest cut-off whose flagged sentences are at least ``min_precision`` worth checking.

    Lowest, so it flags as many as it can at that precision; scanning from the top keeps the
    first stretch where precision holds, so one lucky sentence far down cannot lower it.
    """
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    best = 1.0
    hits = 0
    for rank, index in enumerate(order, start=1):
        hits += labels[index]
        nxt = order[rank] if rank < len(order) else None
        if nxt is not None and scores[nxt] == scores[index]:
            continue  # a cut-off cannot fall between equal scores
        if hits / rank >= min_precision:
            best = scores[index]
        elif rank >= 50:  # past the noisy head of the ranking, a drop below the target is real
            break
    return best


def stratified_folds(labels: Sequence[int], k: int, seed: int) -> list[list[int]]:
    """Indexes split in ``k`` folds with the same share of positives each, shuffled by ``seed``."""
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    for value in sorted(set(labels)):
        members = [i for i, label in enumerate(labels) if label == value]
        rng.shuffle(members)
        for position, index in enumerate(members):
            folds[position % k].append(index)
    return [sorted(fold) for fold in folds]


def cross_validate(
    pairs: Sequence[Pair],
    fit: Callable[[Sequence[Pair]], HintModel],
    *,
    folds: int = 5,
    seed: int = 0,
    threshold: float | None = None,
) -> CrossValidation:
    """Train ``fit`` on k-1 folds and score the held-out one, for each fold.

    ``threshold`` is the cut-off measured in each fold; by default each fold model's own.
    """
    labels = [label for _text, label in pairs]
    scores = [0.0] * len(pairs)
    results: list[Metrics] = []
    for held in stratified_folds(labels, folds, seed):
        held_set = set(held)
        model = fit([pair for i, pair in enumerate(pairs) if i not in held_set])
        fold_scores = [model.score(pairs[i][0]).score for i in held]
        for i, score in zip(held, fold_scores, strict=True):
            scores[i] = score
        cut = model.threshold if threshold is None else threshold
        results.append(metrics([labels[i] for i in held], fold_scores, cut))
    return CrossValidation(tuple(labels), tuple(scores), tuple(results))
