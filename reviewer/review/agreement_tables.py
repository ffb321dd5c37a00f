"""The agreement figures as lines and tables: what ``reviewer agreement`` prints and its screen shows."""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.review.agreement import (
    NO_PAIRABLE_CLAIM,
    NO_SHARED_CLAIM,
    NO_VARIATION,
    AgreementReport,
    Coefficient,
    PairKappa,
)

DIAGONAL = "—"
KAPPA_HEADING = "Cohen's κ for each pair of reviewers (n: claims both labelled)"
LABELS_HEADING = "Labels: reviews, and pairs of reviews of one claim that agree or disagree"


@dataclass(frozen=True, slots=True)
class Table:
    """A header row and body rows of text cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def lines(self, gap: int = 2) -> list[str]:
        """The table as aligned plain-text lines (first column left, the others too)."""
        widths = [max(len(row[i]) for row in (self.header, *self.rows)) for i in range(len(self.header))]
        return [
            (" " * gap).join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in (self.header, *self.rows)
        ]


def headline(report: AgreementReport) -> str:
    """The headline: ``Krippendorff's α 0.612 · 40 of 52 claims with two reviews or more · …``."""
    return f"Krippendorff's {report.summary()}"


def label_name(value: str, labels: LabelSet = DEFAULT_LABELS) -> str:
    """``✔ verified`` for an agreement category that is a label of ``labels`` (any other as it is)."""
    return f"{labels.symbol(value)} {value}" if value in labels else value


def kappa_cell(cell: PairKappa) -> str:
    """``0.598 · n 40``; ``undefined · n 0`` (the reason is in :func:`explanations`)."""
    value = cell.kappa.format() if cell.kappa.defined else "undefined"
    return f"{value} · n {cell.n}"


def kappa_table(report: AgreementReport) -> Table:
    """Cohen's κ of every pair of reviewers, as a symmetric matrix with each cell's n."""
    names = report.reviewers
    rows = tuple(
        (
            first,
            *(DIAGONAL if first == second else kappa_cell(report.kappa(first, second)) for second in names),
        )
        for first in names
    )
    return Table(("κ", *names), rows)


def label_table(report: AgreementReport, labels: LabelSet = DEFAULT_LABELS) -> Table:
    """Per label: its reviews on claims with two or more, the pairs that agree and disagree, with what."""
    rows = []
    for counts in report.label_counts:
        confused = " · ".join(f"{label_name(other, labels)} {n}" for other, n in counts.confused_with if n)
        rows.append(
            (
                label_name(counts.label, labels),
                str(counts.values),
                str(counts.agreements),
                str(counts.disagreements),
                confused or DIAGONAL,
            )
        )
    return Table(("label", "reviews", "agree", "disagree", "confused with"), tuple(rows))


def counts_line(report: AgreementReport) -> str:
    """``claims with two reviews or more: 40 · unanimous 33 · disagreements 7``."""
    return (
        f"claims reviewed {report.claims} · with two reviews or more {report.pairable}"
        f" · unanimous {report.unanimous} · disagreements {report.disagreements}"
    )


def explanations(report: AgreementReport) -> list[str]:
    """Why each undefined figure is undefined, in words (nothing when every figure is defined)."""
    lines: list[str] = []
    if report.n_reviewers < 2:
        who = report.reviewers[0] if report.reviewers else "nobody"
        lines.append(
            f"Only {report.n_reviewers} reviewer ({who}) has labelled this document: agreement needs"
            " two reviewers or more on the same claims."
        )
    alpha = report.alpha
    if alpha.reason == NO_PAIRABLE_CLAIM and report.n_reviewers >= 2:
        lines.append(
            f"α is undefined: {NO_PAIRABLE_CLAIM} yet ({report.claims} claim(s) have one review each);"
            " agreement is computed only on claims labelled by two reviewers or more."
        )
    elif alpha.reason == NO_VARIATION:
        lines.append(
            f"α is undefined ({NO_VARIATION}): every review of the {report.pairable} claim(s) with two"
            f" reviews carries the same label, so chance alone would agree as often and α = 0/0;"
            f" the percent agreement is {_percent(report.percent_agreement)}."
        )
    for cell in report.kappas:
        pair = f"κ {cell.first}–{cell.second}"
        if cell.kappa.reason == NO_SHARED_CLAIM:
            lines.append(f"{pair} is undefined: {NO_SHARED_CLAIM}.")
        elif cell.kappa.reason == NO_VARIATION:
            lines.append(
                f"{pair} is undefined ({NO_VARIATION}): both gave one and the same label to all"
                f" {cell.n} shared claim(s); they agree on {_percent(cell.agreement)}."
            )
    return lines


def _percent(coefficient: Coefficient) -> str:
    return coefficient.format_percent()


def report_lines(report: AgreementReport, labels: LabelSet = DEFAULT_LABELS) -> list[str]:
    """The whole report as text: headline, counts, κ matrix, labels, explanations."""
    lines = [headline(report), counts_line(report)]
    if report.n_reviewers >= 2:
        lines += ["", KAPPA_HEADING]
        lines += ["  " + line for line in kappa_table(report).lines()]
    if report.pairable:
        lines += ["", LABELS_HEADING]
        lines += ["  " + line for line in label_table(report, labels).lines()]
    notes = explanations(report)
    if notes:
        lines += ["", *notes]
    return lines
