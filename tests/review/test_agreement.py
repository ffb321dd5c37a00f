"""Agreement: published worked examples, explained undefined cases, and three independent oracles."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
import time
import warnings
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.review.agreement import (
    NO_PAIRABLE_CLAIM,
    NO_SHARED_CLAIM,
    NO_VARIATION,
    AgreementReport,
    Coefficient,
    agreement_report,
    cohen_kappa,
    krippendorff_alpha,
)

# A reliability data matrix as published: one row per observer, one column per unit, "." missing.
Matrix = dict[str, str]
Row = list[str | None]  # one claim: a label or None per reviewer

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C (nominal data,
# any number of observers, missing data): observers A–D, units 1–12, values 1–5. α = 0.743.
KRIPPENDORFF_2011: Matrix = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}
# The 3-coder, 15-unit example with missing values of the fast-krippendorff test suite
# (test_nominal_metric_reliability_data; also Wikipedia's worked example): α = 0.691358.
FAST_KRIPPENDORFF: Matrix = {
    "A": ". . . . . 3 4 1 2 1 1 3 3 . 3",
    "B": "1 . 2 1 3 3 4 3 . . . . . . .",
    "C": ". . 2 1 3 4 4 . 2 1 1 3 3 . 4",
}
LABELS = ("verified", "disputed", "opinion")


def from_matrix(matrix: Matrix) -> dict[int, dict[str, str]]:
    """Claim number → {observer: value} of a published matrix."""
    columns = {observer: row.split() for observer, row in matrix.items()}
    units = len(next(iter(columns.values())))
    return {
        unit + 1: {observer: values[unit] for observer, values in columns.items() if values[unit] != "."}
        for unit in range(units)
    }


def from_rows(rows: list[Row]) -> dict[int, dict[str, str | None]]:
    """Claim index → {reviewer r0, r1, …: label or None} (None kept: it must count as missing)."""
    return {unit: {f"r{j}": label for j, label in enumerate(row)} for unit, row in enumerate(rows)}


# -- published worked examples ----------------------------------------------------------------


def test_krippendorff_2011_four_observers_with_missing_values() -> None:
    report = agreement_report(from_matrix(KRIPPENDORFF_2011))
    assert report.alpha.value is not None and round(report.alpha.value, 3) == 0.743
    assert report.alpha.value == pytest.approx(1 - 39 * 8 / 1216)  # the paper's own arithmetic
    assert (report.claims, report.pairable, report.values, report.n_reviewers) == (12, 11, 40, 4)
    # The paper's coincidence matrix and its marginals n_c = 9, 13, 10, 5, 3.
    third = 1 / 3
    assert report.labels == ("1", "2", "3", "4", "5")
    expected = [
        [7, 4 * third, third, third, 0],
        [4 * third, 10, 4 * third, third, 0],
        [third, 4 * third, 8, third, 0],
        [third, third, third, 4, 0],
        [0, 0, 0, 0, 3],
    ]
    for row, want in zip(report.coincidences, expected, strict=True):
        assert row == pytest.approx(want)
    assert [counts.values for counts in report.label_counts] == [9, 13, 10, 5, 3]


def test_fast_krippendorff_three_coders_with_missing_values() -> None:
    alpha = krippendorff_alpha(from_matrix(FAST_KRIPPENDORFF))
    assert alpha.value is not None and round(alpha.value, 6) == 0.691358


def test_cohen_kappa_of_a_published_table() -> None:
    assert cohen_kappa([[20, 5], [10, 15]]).value == pytest.approx(0.4)
    # The same table as reviews: a said yes/no in rows, b in columns.
    ratings: dict[int, dict[str, str]] = {}
    for (a, b), count in {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}.items():
        for _ in range(count):
            ratings[len(ratings)] = {"a": a, "b": b}
    report = agreement_report(ratings, labels=["yes", "no"])
    cell = report.kappa("a", "b")
    assert cell.n == 50 and cell.table == ((20, 5), (10, 15))
    assert cell.kappa.value == pytest.approx(0.4) and cell.agreement.value == pytest.approx(0.7)
    flipped = report.kappa("b", "a")
    assert flipped.table == ((20, 10), (5, 15)) and flipped.kappa == cell.kappa


# -- undefined cases: explained, never a crash, a NaN or a silent 0 or 1 -------------------------


def test_nothing_reviewed() -> None:
    report = agreement_report({})
    assert (report.claims, report.pairable, report.reviewers, report.kappas) == (0, 0, (), ())
    for coefficient in (report.alpha, report.percent_agreement, report.expected_agreement):
        assert coefficient == Coefficient.undefined(NO_PAIRABLE_CLAIM)
    assert report.summary() == (
        "α undefined (no claim has two reviews) · 0 of 0 claims with two reviews or more"
        " · agreement undefined (no claim has two reviews) · 0 reviewers"
    )


def test_no_claim_reviewed_twice() -> None:
    report = agreement_report({1: {"alice": "verified"}, 2: {"bob": "disputed"}, 3: {"bob": None}})
    assert (report.claims, report.pairable, report.n_reviewers) == (2, 0, 2)
    assert report.alpha.reason == NO_PAIRABLE_CLAIM and report.alpha.value is None
    assert report.percent_agreement.reason == NO_PAIRABLE_CLAIM
    (cell,) = report.kappas
    assert cell.n == 0 and cell.kappa.reason == NO_SHARED_CLAIM and cell.agreement.reason == NO_SHARED_CLAIM


def test_no_variation_still_gives_the_percent_agreement() -> None:
    report = agreement_report({n: {"alice": "verified", "bob": "verified"} for n in range(5)})
    assert report.alpha == Coefficient.undefined(NO_VARIATION)
    assert report.percent_agreement == Coefficient(1.0)
    assert report.unanimous == report.pairable == 5 and report.disagreements == 0
    (cell,) = report.kappas
    assert cell.kappa == Coefficient.undefined(NO_VARIATION) and cell.agreement == Coefficient(1.0)
    assert "α undefined (no variation)" in report.summary() and "agreement 100.0 %" in report.summary()


def test_variation_only_on_unpairable_claims_is_no_variation() -> None:
    # Claim 3's lone "disputed" is left out (Krippendorff): the pairable reviews all agree.
    ratings = {
        1: {"a": "verified", "b": "verified"},
        2: {"a": "verified", "b": "verified"},
        3: {"a": "disputed"},
    }
    assert krippendorff_alpha(ratings) == Coefficient.undefined(NO_VARIATION)


def test_opposite_constant_reviewers_have_kappa_zero_not_undefined() -> None:
    report = agreement_report({n: {"a": "verified", "b": "disputed"} for n in range(4)})
    assert report.kappa("a", "b").kappa == Coefficient(0.0)
    assert report.alpha.value is not None and report.alpha.value < 0  # systematic disagreement


def test_perfect_agreement_is_exactly_one() -> None:
    ratings = {n: dict.fromkeys("abc", LABELS[n % 3]) for n in range(9)}
    report = agreement_report(ratings)
    assert report.alpha == Coefficient(1.0) and report.percent_agreement == Coefficient(1.0)
    assert all(cell.kappa == Coefficient(1.0) for cell in report.kappas)


def test_cohen_kappa_of_empty_and_degenerate_tables() -> None:
    assert cohen_kappa([[0, 0], [0, 0]]) == Coefficient.undefined(NO_SHARED_CLAIM)
    assert cohen_kappa([]) == Coefficient.undefined(NO_SHARED_CLAIM)
    assert cohen_kappa([[3, 0], [0, 0]]) == Coefficient.undefined(NO_VARIATION)
    with pytest.raises(ValueError, match="square"):
        cohen_kappa([[1, 2]])


def test_coefficient_has_a_value_or_a_reason() -> None:
    with pytest.raises(ValueError):
        Coefficient(None)
    with pytest.raises(ValueError):
        Coefficient(0.5, "both")
    assert Coefficient(0.74342).format() == "0.743" and Coefficient(0.8).format_percent() == "80.0 %"
    assert Coefficient.undefined(NO_VARIATION).format() == "undefined (no variation)"
    assert not Coefficient.undefined(NO_VARIATION).defined and Coefficient(0.0).defined


# -- options, counts and the JSON shape -------------------------------------------------------


def test_reviewers_and_labels_options() -> None:
    ratings = {1: {"a": "verified", "b": "disputed", "c": "verified"}, 2: {"a": "opinion", "b": "opinion"}}
    report = agreement_report(ratings, reviewers=["b", "a", "zoe"], labels=LABELS)
    assert report.reviewers == ("b", "a", "zoe") and report.labels == LABELS
    assert [(cell.first, cell.second) for cell in report.kappas] == [("b", "a"), ("b", "zoe"), ("a", "zoe")]
    assert report.kappa("zoe", "a").n == 0 and report.kappa("a", "b").n == 2
    assert report.values == 4  # c's review is not counted: c was not asked for
    with pytest.raises(KeyError):
        report.kappa("a", "c")
    only_bc = agreement_report({1: {"a": "opinion", "b": "verified", "c": "disputed"}}, reviewers=["b", "c"])
    assert only_bc.labels == ("disputed", "verified")  # a's opinion is not theirs
    with pytest.raises(ValueError, match="unknown label 'maybe'"):
        agreement_report({1: {"a": "maybe", "b": "verified"}}, labels=LABELS)
    with pytest.raises(ValueError, match="twice"):
        agreement_report(ratings, reviewers=["a", "a"])


def test_label_counts_say_which_label_is_confused_with_which() -> None:
    ratings = {
        1: {"a": "verified", "b": "verified", "c": "disputed"},  # 1 agreeing pair, 2 verified/disputed
        2: {"a": "opinion", "b": "disputed"},
        3: {"a": "verified", "b": "verified"},
        4: {"a": "opinion"},  # unpairable: counted nowhere
    }
    report = agreement_report(ratings, labels=LABELS)
    verified, disputed, opinion = report.label_counts
    assert (verified.values, verified.agreements, verified.disagreements) == (4, 2, 2)
    assert verified.confused_with == (("disputed", 2), ("opinion", 0))
    assert disputed.confused_with == (("verified", 2), ("opinion", 1)) and disputed.agreements == 0
    assert (opinion.values, opinion.disagreements) == (1, 1)
    assert (report.claims, report.pairable, report.unanimous, report.disagreements) == (4, 3, 1, 2)


def test_to_dict_is_stable_json_and_unrounded() -> None:
    report = agreement_report(from_matrix(KRIPPENDORFF_2011))
    data = report.to_dict()
    assert list(data) == [
        "reviewers", "n_reviewers", "labels", "claims", "pairable", "unanimous", "values", "alpha",
        "percent_agreement", "expected_agreement", "label_counts", "coincidences", "kappas",
    ]  # fmt: skip
    assert data["alpha"] == {"value": report.alpha.value, "reason": None}
    assert report.alpha.value != round(report.alpha.value or 0, 3)
    assert json.loads(json.dumps(data)) == data
    assert data["kappas"][0]["reviewers"] == ["A", "B"]  # type: ignore[index]
    undefined = agreement_report({}).to_dict()
    assert undefined["alpha"] == {"value": None, "reason": NO_PAIRABLE_CLAIM}


def test_module_imports_nothing_else() -> None:
    """Pure Python: no numpy, and none of the rest of reviewer (the CLI and TUI import it cheaply)."""
    import ast

    import reviewer.review.agreement as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        )
    }
    assert imported <= {
        "__future__",
        "collections",
        "dataclasses",
        "fractions",
        "itertools",
        "math",
        "typing",
    }
    code = (
        "import sys, reviewer.review.agreement\n"
        "print(sorted(m for m in sys.modules if m in ('numpy', 'textual')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_ten_reviewers_ten_thousand_claims_scale_guard() -> None:
    """The issue's bound ("well under a second"); the benchmark measures it (bench/agreement.py)."""
    rng = random.Random(12)
    ratings = {
        unit: {f"r{j}": rng.choice(LABELS) for j in range(10) if rng.random() >= 0.2}
        for unit in range(10_000)
    }
    start = time.perf_counter()
    report = agreement_report(ratings, labels=LABELS)
    assert time.perf_counter() - start < 1.0
    assert report.claims == 10_000 and len(report.kappas) == 45


# -- properties, against independent implementations ------------------------------------------


def reviews(max_reviewers: int = 5, max_claims: int = 25) -> st.SearchStrategy[list[Row]]:
    """Random reviews with missing values: 2–``max_reviewers`` reviewers, 1–4 labels, some claims."""

    @st.composite
    def draw_reviews(draw: st.DrawFn) -> list[Row]:
        n_reviewers = draw(st.integers(2, max_reviewers))
        labels = ("verified", "disputed", "opinion", "other")[: draw(st.integers(1, 4))]
        missing = draw(st.sampled_from([0.0, 0.2, 0.5]))
        cell = st.floats(0, 1).flatmap(lambda x: st.none() if x < missing else st.sampled_from(labels))
        return draw(st.lists(st.lists(cell, min_size=n_reviewers, max_size=n_reviewers), max_size=max_claims))

    return draw_reviews()


def expected_reason(rows: list[Row]) -> str | None:
    """Why α is undefined, worked out from the definition alone (None: it is defined)."""
    pairable = [[label for label in row if label is not None] for row in rows]
    pairable = [labels for labels in pairable if len(labels) >= 2]
    if not pairable:
        return NO_PAIRABLE_CLAIM
    return NO_VARIATION if len({label for labels in pairable for label in labels}) == 1 else None


def oracle(call: Any) -> float | None:
    """An oracle's value, or None where it is undefined (it raised, or returned NaN)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the oracles warn on the very cases we skip
        try:
            value = float(call())
        except (ValueError, ZeroDivisionError):
            return None
    return None if math.isnan(value) else value


def check_alpha_against_krippendorff(rows: list[Row]) -> None:
    import krippendorff

    labels = sorted({label for row in rows for label in row if label is not None})
    n_reviewers = len(rows[0]) if rows else 2
    data = [
        [math.nan if row[j] is None else float(labels.index(row[j])) for row in rows]  # type: ignore[arg-type]
        for j in range(n_reviewers)
    ]
    theirs = oracle(lambda: krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    ours = agreement_report(from_rows(rows)).alpha
    if theirs is None:  # krippendorff raises, or returns NaN: we say why
        assert ours == Coefficient.undefined(expected_reason(rows) or "defined?")
    else:
        assert ours.value == pytest.approx(theirs, abs=1e-9)
        assert expected_reason(rows) is None


def check_alpha_against_nltk(rows: list[Row]) -> None:
    from nltk.metrics.agreement import AnnotationTask

    triples = [(f"r{j}", str(u), label) for u, row in enumerate(rows) for j, label in enumerate(row) if label]
    theirs = oracle(AnnotationTask(data=triples).alpha)
    ours = agreement_report(from_rows(rows)).alpha
    reason = expected_reason(rows)
    if reason is None:
        assert ours.value == pytest.approx(theirs, abs=1e-9)
    else:
        assert ours == Coefficient.undefined(reason)
        # NLTK's quirks, documented: 1 when a single label is used, else it raises.
        assert theirs in (None, 1.0)
        if reason == NO_VARIATION:
            assert theirs == 1.0


def check_kappas(rows: list[Row], *, with_nltk: bool) -> None:
    from nltk.metrics.agreement import AnnotationTask
    from sklearn.metrics import cohen_kappa_score, confusion_matrix

    report = agreement_report(from_rows(rows))
    for cell in report.kappas:
        a, b = int(cell.first[1:]), int(cell.second[1:])
        shared = [(row[a], row[b]) for row in rows if row[a] is not None and row[b] is not None]
        assert cell.n == len(shared)
        if not shared:  # both libraries raise on no data
            assert cell.kappa == cell.agreement == Coefficient.undefined(NO_SHARED_CLAIM)
            continue
        first, second = [x for x, _ in shared], [y for _, y in shared]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "a single label was found": the labels are given
            table = confusion_matrix(first, second, labels=list(report.labels)).tolist()
        assert [list(row) for row in cell.table] == table
        assert cell.agreement.value == pytest.approx(sum(x == y for x, y in shared) / len(shared))
        sklearn = oracle(lambda f=first, s=second: cohen_kappa_score(f, s))
        nltk: float | None = 1.0
        if with_nltk:  # NLTK's kappa is quadratic in the claims: small data only
            pairs = [
                (c, str(i), label)
                for i, pair in enumerate(shared)
                for c, label in zip("ab", pair, strict=True)
            ]
            task = AnnotationTask(data=pairs)
            nltk = oracle(lambda t=task: t.kappa_pairwise("a", "b"))
        if sklearn is None:  # scikit-learn's NaN: expected agreement 1; NLTK says 1
            assert cell.kappa == Coefficient.undefined(NO_VARIATION) and nltk == 1.0
            assert len(set(first) | set(second)) == 1
        else:
            assert cell.kappa.value == pytest.approx(sklearn, abs=1e-9)
            if with_nltk:
                assert cell.kappa.value == pytest.approx(nltk, abs=1e-9)


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(reviews())
def test_alpha_matches_the_krippendorff_library(rows: list[Row]) -> None:
    check_alpha_against_krippendorff(rows)


@PROPERTY
@given(reviews())
def test_alpha_matches_nltk(rows: list[Row]) -> None:
    check_alpha_against_nltk(rows)


@PROPERTY
@given(reviews())
def test_pairwise_kappa_matches_scikit_learn_and_nltk(rows: list[Row]) -> None:
    check_kappas(rows, with_nltk=True)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(reviews(max_reviewers=10, max_claims=150))
def test_larger_random_data_matches_every_oracle(rows: list[Row]) -> None:
    check_alpha_against_krippendorff(rows)
    check_alpha_against_nltk(rows)
    check_kappas(rows, with_nltk=False)


@PROPERTY
@given(reviews(), st.randoms(use_true_random=False))
def test_invariants_and_the_percent_agreement_definition(rows: list[Row], rng: random.Random) -> None:
    report = agreement_report(from_rows(rows))
    # Percent agreement straight from its definition: per pairable claim, the share of its pairs
    # of reviews that agree, weighted by the claim's number of reviews.
    weighted, total, pairs = Fraction(0), 0, 0
    for row in rows:
        labels = [label for label in row if label is not None]
        m = len(labels)
        if m >= 2:
            agreeing = sum(n * (n - 1) // 2 for n in Counter(labels).values())
            weighted += m * Fraction(agreeing, m * (m - 1) // 2)
            total += m
            pairs += m * (m - 1) // 2
    if total:
        assert report.percent_agreement.value == pytest.approx(float(weighted / total), abs=1e-12)
    assert report.values == total
    assert sum(sum(row) for row in report.coincidences) == pytest.approx(total)
    counted = (
        sum(c.agreements for c in report.label_counts) + sum(c.disagreements for c in report.label_counts) / 2
    )
    assert counted == pairs
    for i, coincidences in enumerate(report.coincidences):
        assert sum(coincidences) == pytest.approx(report.label_counts[i].values)
        assert all(cell == pytest.approx(report.coincidences[j][i]) for j, cell in enumerate(coincidences))

    # Renaming labels and reviewers, shuffling claims and adding lone reviews change nothing.
    names = sorted({label for row in rows for label in row if label is not None})
    renamed = dict(zip(names, rng.sample(names, len(names)), strict=True))
    columns = rng.sample(range(len(rows[0])), len(rows[0])) if rows else []
    shuffled = [[renamed[label] if (label := row[j]) else None for j in columns] for row in rows]
    rng.shuffle(shuffled)
    shuffled.append([rng.choice(names) if names else None] + [None] * ((len(rows[0]) if rows else 2) - 1))
    other = agreement_report(from_rows(shuffled))
    assert other.pairable == report.pairable and other.alpha.reason == report.alpha.reason
    if report.alpha.value is not None:
        assert other.alpha.value == pytest.approx(report.alpha.value, abs=1e-12)
    if report.percent_agreement.value is None:
        assert other.percent_agreement == report.percent_agreement
    else:
        assert other.percent_agreement.value == pytest.approx(report.percent_agreement.value, abs=1e-12)


def test_report_type_is_frozen() -> None:
    report = agreement_report({1: {"a": "verified", "b": "verified"}})
    assert isinstance(report, AgreementReport)
    with pytest.raises(AttributeError):
        report.claims = 3  # type: ignore[misc]
