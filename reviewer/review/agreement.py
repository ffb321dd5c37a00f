"""Agreement between reviewers: Krippendorff's α, pairwise Cohen's κ and which labels are confused.

Input is plain data: a mapping of claim id → {reviewer: label}, where a missing reviewer or a
``None`` label means "not reviewed". Labels are compared as names (nominal data). Nothing here
imports the rest of ``reviewer`` or numpy. ``agreement_report`` makes one pass over the claims
(plus one to find the reviewers and labels when they are not given).

Definitions (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):

- A claim is **pairable** when it has two reviews or more. Claims with one review are left out
  of every figure but ``claims``, as Krippendorff does: they say nothing about agreement.
- **α (nominal)** = 1 − D_o / D_e over the coincidence matrix of the pairable claims; any number
  of reviewers, any of them may skip any claim.
- **Percent agreement** is Krippendorff's observed agreement A_o = 1 − D_o: for each pairable
  claim, the share of its pairs of reviews that carry the same label, averaged over the pairable
  claims weighted by their number of reviews (with two reviewers, simply the share of shared
  claims on which they agree). It is a fraction in [0, 1], like α and κ; display it × 100.
- **Cohen's κ** per pair of reviewers, over the claims both of them labelled (its ``n``).

Undefined values are never a crash, a NaN or a silent 0 or 1. Every coefficient is a
``Coefficient`` with either a ``value`` or a ``reason`` (the other is ``None``):

- α, percent and expected agreement: ``NO_PAIRABLE_CLAIM`` ("no claim has two reviews");
- α when every pairable review carries the same label (D_e = 0, so α = 0/0): ``NO_VARIATION``;
  the percent agreement is still given (it is 1);
- κ of a pair with no claim labelled by both: ``NO_SHARED_CLAIM``; κ when the expected agreement
  is 1 (both used one and the same label): ``NO_VARIATION``, its agreement still given.

Libraries differ on these cases: ``krippendorff`` raises (or returns NaN when the only variation
is on unpairable claims), NLTK's ``AnnotationTask`` returns 1 (or raises ZeroDivisionError),
scikit-learn's ``cohen_kappa_score`` returns NaN. The tests check our values against all three
where they are defined and our reasons where they are not. Arithmetic is exact (integers and fractions) until
the final division, so "no variation" is detected exactly and perfect agreement gives 1.0.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

__all__ = [
    "NO_PAIRABLE_CLAIM",
    "NO_SHARED_CLAIM",
    "NO_VARIATION",
    "AgreementReport",
    "Coefficient",
    "LabelCounts",
    "PairKappa",
    "agreement_report",
    "cohen_kappa",
    "krippendorff_alpha",
]

NO_PAIRABLE_CLAIM = "no claim has two reviews"
NO_VARIATION = "no variation"
NO_SHARED_CLAIM = "no claim labelled by both"

ClaimId = TypeVar("ClaimId", bound=Hashable)
# reviewer → label; a reviewer left out, or a None label, has not reviewed the claim.
Ratings = Mapping[str, str | None]


@dataclass(frozen=True)
class Coefficient:
    """A coefficient's exact value as a float, or ``None`` and the reason it is undefined."""

    value: float | None
    reason: str | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.reason is None):
            raise ValueError("a Coefficient has either a value or a reason why it is undefined")

    @classmethod
    def undefined(cls, reason: str) -> Coefficient:
        """An undefined coefficient, with the reason shown to the user."""
        return cls(None, reason)

    @property
    def defined(self) -> bool:
        """Whether there is a value."""
        return self.value is not None

    def format(self, digits: int = 3) -> str:
        """``0.743``, or ``undefined (no variation)``: rounding happens here, at display only."""
        return f"{self.value:.{digits}f}" if self.value is not None else f"undefined ({self.reason})"

    def format_percent(self, digits: int = 1) -> str:
        """``85.0 %``, or ``undefined (…)``, for fractions such as the percent agreement."""
        if self.value is None:
            return f"undefined ({self.reason})"
        return f"{100 * self.value:.{digits}f} %"

    def to_dict(self) -> dict[str, float | str | None]:
        """``{"value": …, "reason": …}``, unrounded."""
        return {"value": self.value, "reason": self.reason}


@dataclass(frozen=True)
class PairKappa:
    """Cohen's κ of two reviewers over the ``n`` claims both labelled."""

    first: str
    second: str
    n: int
    kappa: Coefficient
    agreement: Coefficient  # share of the n claims on which both gave the same label
    # table[i][j]: claims ``first`` labelled labels[i] and ``second`` labelled labels[j].
    table: tuple[tuple[int, ...], ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready, in a fixed key order."""
        return {
            "reviewers": [self.first, self.second],
            "n": self.n,
            "kappa": self.kappa.to_dict(),
            "agreement": self.agreement.to_dict(),
            "table": [list(row) for row in self.table],
        }


@dataclass(frozen=True)
class LabelCounts:
    """How one label fares on pairable claims, counted in pairs of reviews of the same claim.

    A claim with m reviews holds m(m-1)/2 pairs of reviews; a pair agrees when both reviews
    carry the same label. ``confused_with`` gives, for every other label in order, the pairs in
    which one review says this label and the other that one.
    """

    label: str
    values: int  # reviews with this label on pairable claims (Krippendorff's n_c)
    agreements: int
    disagreements: int
    confused_with: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready, in a fixed key order."""
        return {
            "label": self.label,
            "values": self.values,
            "agreements": self.agreements,
            "disagreements": self.disagreements,
            "confused_with": dict(self.confused_with),
        }


@dataclass(frozen=True)
class AgreementReport:
    """Every agreement figure of one set of reviews; see the module docstring for definitions."""

    reviewers: tuple[str, ...]
    labels: tuple[str, ...]
    claims: int  # claims with at least one review
    pairable: int  # claims with two reviews or more: the only ones agreement is computed on
    unanimous: int  # pairable claims whose reviews all carry the same label
    values: int  # reviews on pairable claims (Krippendorff's n)
    alpha: Coefficient
    percent_agreement: Coefficient  # observed agreement A_o, a fraction in [0, 1]
    expected_agreement: Coefficient  # A_e, what chance alone would give: α = (A_o − A_e) / (1 − A_e)
    # Krippendorff's coincidence matrix, in ``labels`` order: each pairable claim with m reviews
    # adds its ordered pairs of reviews (c, k), each weighted 1 / (m − 1); row sums are n_c.
    coincidences: tuple[tuple[float, ...], ...]
    label_counts: tuple[LabelCounts, ...]
    kappas: tuple[PairKappa, ...]  # one per pair of ``reviewers``, in order (a, b) with a before b

    @property
    def n_reviewers(self) -> int:
        """The number of reviewers taken into account."""
        return len(self.reviewers)

    @property
    def disagreements(self) -> int:
        """Pairable claims whose reviews do not all agree."""
        return self.pairable - self.unanimous

    def kappa(self, first: str, second: str) -> PairKappa:
        """The κ cell of two reviewers, in either order (the table is transposed to match)."""
        for cell in self.kappas:
            if (cell.first, cell.second) == (first, second):
                return cell
            if (cell.first, cell.second) == (second, first):
                table = tuple(zip(*cell.table, strict=True))
                return PairKappa(first, second, cell.n, cell.kappa, cell.agreement, table)
        raise KeyError(f"no κ for the pair {first!r}, {second!r}: not among {list(self.reviewers)}")

    def summary(self) -> str:
        """One line for ``reviewer stats``: α, pairable claims, percent agreement, reviewers."""
        reviewers = f"{self.n_reviewers} reviewer" + ("" if self.n_reviewers == 1 else "s")
        return (
            f"α {self.alpha.format()} · {self.pairable} of {self.claims} claims with two reviews or more"
            f" · agreement {self.percent_agreement.format_percent()} · {reviewers}"
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready for ``--json``: fixed key order, values unrounded."""
        return {
            "reviewers": list(self.reviewers),
            "n_reviewers": self.n_reviewers,
            "labels": list(self.labels),
            "claims": self.claims,
            "pairable": self.pairable,
            "unanimous": self.unanimous,
            "values": self.values,
            "alpha": self.alpha.to_dict(),
            "percent_agreement": self.percent_agreement.to_dict(),
            "expected_agreement": self.expected_agreement.to_dict(),
            "label_counts": [counts.to_dict() for counts in self.label_counts],
            "coincidences": {
                row_label: dict(zip(self.labels, row, strict=True))
                for row_label, row in zip(self.labels, self.coincidences, strict=True)
            },
            "kappas": [cell.to_dict() for cell in self.kappas],
        }


def agreement_report(
    ratings: Mapping[ClaimId, Ratings],
    *,
    reviewers: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
) -> AgreementReport:
    """Agreement of the reviews in ``ratings`` (claim id → {reviewer: label}).

    ``reviewers``: only these, in this order (a reviewer with no review gets κ cells with n = 0);
    by default every reviewer with a review, sorted. ``labels``: the labels in display order
    (e.g. verified, disputed, opinion; any other label raises ``ValueError``); by default the
    labels used, sorted.
    """
    units = list(ratings.values())
    reviewer_order, label_order = _orders(units, reviewers, labels)
    reviewer_index = {name: i for i, name in enumerate(reviewer_order)}
    label_index = {name: i for i, name in enumerate(label_order)}
    n_labels = len(label_order)

    # One bitset of claims per (reviewer, label): κ's contingency tables are then popcounts of
    # intersections, so the matrix costs O(reviewers² × labels² × claims / 64), not a loop over
    # every pair of reviewers on every claim.
    nbytes = (len(units) + 7) // 8
    bits = [[bytearray(nbytes) for _ in range(n_labels)] for _ in reviewer_order]
    # Pairs of reviews on pairable claims, grouped by the claim's number of reviews m, as integers:
    # by_m[m][c][k] = Σ n_uc n_uk (c ≠ k) or Σ n_uc (n_uc − 1) (c = k). The coincidences are
    # Σ_m by_m[m] / (m − 1), added up exactly at the end.
    by_m: dict[int, list[list[int]]] = {}
    value_counts = [0] * n_labels
    claims = pairable = unanimous = 0
    for position, unit in enumerate(units):
        byte, bit = position >> 3, 1 << (position & 7)
        counts = [0] * n_labels
        m = 0
        for reviewer, label in unit.items():
            if label is None:
                continue
            r = reviewer_index.get(reviewer)
            if r is None:
                continue
            c = label_index.get(label)
            if c is None:
                raise ValueError(f"unknown label {label!r}: expected one of {list(label_order)}")
            bits[r][c][byte] |= bit
            counts[c] += 1
            m += 1
        if m == 0:
            continue
        claims += 1
        if m < 2:
            continue
        pairable += 1
        used = [(c, count) for c, count in enumerate(counts) if count]
        if len(used) == 1:
            unanimous += 1
        pairs = by_m.get(m)
        if pairs is None:
            pairs = by_m[m] = [[0] * n_labels for _ in range(n_labels)]
        for c, n_c in used:
            value_counts[c] += n_c
            row = pairs[c]
            for k, n_k in used:
                row[k] += n_c * (n_c - 1) if c == k else n_c * n_k

    coincidences = [[Fraction(0)] * n_labels for _ in range(n_labels)]
    for m, pairs in by_m.items():
        for c in range(n_labels):
            for k in range(n_labels):
                if pairs[c][k]:
                    coincidences[c][k] += Fraction(pairs[c][k], m - 1)
    alpha, observed, expected = _alpha(coincidences, value_counts)
    label_counts = tuple(
        _label_counts(c, label_order, by_m, value_counts[c]) for c in range(len(label_order))
    )
    masks = [[int.from_bytes(mask, "little") for mask in row] for row in bits]
    kappas = tuple(
        _pair_kappa(reviewer_order, a, b, masks)
        for a in range(len(reviewer_order))
        for b in range(a + 1, len(reviewer_order))
    )
    return AgreementReport(
        reviewers=reviewer_order,
        labels=label_order,
        claims=claims,
        pairable=pairable,
        unanimous=unanimous,
        values=sum(value_counts),
        alpha=alpha,
        percent_agreement=observed,
        expected_agreement=expected,
        coincidences=tuple(tuple(float(cell) for cell in row) for row in coincidences),
        label_counts=label_counts,
        kappas=kappas,
    )


def krippendorff_alpha(ratings: Mapping[ClaimId, Ratings]) -> Coefficient:
    """Krippendorff's α (nominal) of ``ratings`` (claim id → {reviewer: label}), without the rest."""
    return agreement_report(ratings).alpha


def cohen_kappa(table: Sequence[Sequence[int]]) -> Coefficient:
    """Cohen's κ of a square contingency table (rows: one reviewer's labels, columns: the other's)."""
    size = len(table)
    if any(len(row) != size for row in table):
        raise ValueError("a contingency table must be square")
    n = sum(sum(row) for row in table)
    if n == 0:
        return Coefficient.undefined(NO_SHARED_CLAIM)
    agreed = sum(table[i][i] for i in range(size))
    # κ = (p_o − p_e) / (1 − p_e), multiplied through by n² to stay in integers until the end.
    chance = sum(sum(table[i]) * sum(row[i] for row in table) for i in range(size))
    if chance == n * n:
        return Coefficient.undefined(NO_VARIATION)
    return Coefficient((n * agreed - chance) / (n * n - chance))


# -- internals --------------------------------------------------------------------------------


def _orders(
    units: list[Ratings], reviewers: Sequence[str] | None, labels: Sequence[str] | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The reviewers and the labels, as given (checked) or as found in the reviews, sorted."""
    for given, what in ((reviewers, "reviewer"), (labels, "label")):
        if given is not None and len(set(given)) != len(given):
            raise ValueError(f"a {what} is listed twice: {list(given)}")
    if reviewers is not None and labels is not None:
        return tuple(reviewers), tuple(labels)
    found_reviewers: set[str] = set()
    found_labels: set[str] = set()
    wanted = None if reviewers is None else set(reviewers)
    for unit in units:
        for reviewer, label in unit.items():
            if label is not None and (wanted is None or reviewer in wanted):
                found_reviewers.add(reviewer)
                found_labels.add(label)
    return (
        tuple(sorted(found_reviewers)) if reviewers is None else tuple(reviewers),
        tuple(sorted(found_labels)) if labels is None else tuple(labels),
    )


def _alpha(
    coincidences: list[list[Fraction]], value_counts: list[int]
) -> tuple[Coefficient, Coefficient, Coefficient]:
    """α, observed and expected agreement from the coincidence matrix and its row sums n_c."""
    n = sum(value_counts)
    if n == 0:
        undefined = Coefficient.undefined(NO_PAIRABLE_CLAIM)
        return undefined, undefined, undefined
    size = len(value_counts)
    disagreeing = sum((coincidences[c][k] for c in range(size) for k in range(size) if c != k), Fraction(0))
    # Σ_{c≠k} n_c n_k: the disagreeing pairs chance alone would give, times n(n − 1).
    chance = n * n - sum(count * count for count in value_counts)
    observed = Coefficient(float(1 - disagreeing / n))
    expected = Coefficient(float(1 - Fraction(chance, n * (n - 1))))
    if chance == 0:
        return Coefficient.undefined(NO_VARIATION), observed, expected
    return Coefficient(float(1 - (n - 1) * disagreeing / chance)), observed, expected


def _label_counts(
    c: int, labels: tuple[str, ...], by_m: dict[int, list[list[int]]], values: int
) -> LabelCounts:
    # by_m counts ordered pairs of distinct reviews: n(n − 1) on the diagonal is twice the
    # unordered pairs, while off the diagonal n_c n_k already counts each unordered pair once.
    agreements = sum(pairs[c][c] for pairs in by_m.values()) // 2
    confused = tuple(
        (labels[k], sum(pairs[c][k] for pairs in by_m.values())) for k in range(len(labels)) if k != c
    )
    return LabelCounts(labels[c], values, agreements, sum(n for _, n in confused), confused)


def _pair_kappa(reviewers: tuple[str, ...], a: int, b: int, masks: list[list[int]]) -> PairKappa:
    table = tuple(tuple((first & second).bit_count() for second in masks[b]) for first in masks[a])
    n = sum(sum(row) for row in table)
    if n == 0:
        agreement = Coefficient.undefined(NO_SHARED_CLAIM)
    else:
        agreement = Coefficient(sum(table[i][i] for i in range(len(table))) / n)
    return PairKappa(reviewers[a], reviewers[b], n, cohen_kappa(table), agreement, table)
