"""``export --format claimreview --check``: what Google's fact-check guidelines ask of each ClaimReview.

Google's structured-data guidelines for fact checks mark three ClaimReview properties as
required (``claimReviewed``, ``reviewRating`` with its ``alternateName``, and ``url``) and others
as recommended (``author``, ``datePublished``, ``itemReviewed`` with the claim's ``author``,
``datePublished`` and ``appearance``; the rating's ``ratingValue``, ``bestRating``,
``worstRating``), and ask for a ``claimReviewed`` under 75 characters. This check also requires
the author organisation's name: a fact check is published, and shown, under its publisher's
name, and without it the export is one reviewer's notes rather than a publishable fact check.
What no file can tell (that ``url`` is on the domain of the page that carries the markup, and
that the page has each ``#claim-N`` anchor) is said once, for the publisher to make sure of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reviewer.exports.claimreview import ClaimReviewGraph, ClaimReviewNode
from reviewer.review.claim_details import SHORT_CLAIM_LIMIT, fits


@dataclass(frozen=True, slots=True)
class Requirement:
    """One thing the guidelines ask of a ClaimReview, and how to give it when it is missing."""

    name: str  # the property's path, as the guidelines name it
    required: bool
    fix: str  # what to do, ``{file}`` and ``{claim}`` filled in
    present: Callable[[ClaimReviewNode], bool]


def _get(node: dict[str, Any], *path: str) -> Any:
    value: Any = node
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _text(node: dict[str, Any], *path: str) -> bool:
    value = _get(node, *path)
    return isinstance(value, str) and bool(value.strip())


def _web(node: dict[str, Any], *path: str) -> bool:
    value = _get(node, *path)
    return isinstance(value, str) and value.startswith(("https://", "http://")) and " " not in value


def _number(node: dict[str, Any], *path: str) -> bool:
    value = _get(node, *path)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _organisation(node: dict[str, Any]) -> bool:
    return _get(node, "author", "@type") == "Organization" and _text(node, "author", "name")


_CONFIG = "the config file's [claimreview]"
REQUIREMENTS = (
    Requirement(
        "claimReviewed",
        True,
        "reviewer mark {file} {claim} --short-claim TEXT",
        lambda item: _text(item.node, "claimReviewed"),
    ),
    Requirement(
        "reviewRating.alternateName",
        True,
        "label the claim verified or disputed",
        lambda item: _text(item.node, "reviewRating", "alternateName"),
    ),
    Requirement(
        "url",
        True,
        f"--url URL, or fact_check_url in {_CONFIG}",
        lambda item: _web(item.node, "url"),
    ),
    Requirement(
        "author.name (the publishing Organization)",
        True,
        f"--organisation NAME, or organisation in {_CONFIG}",
        lambda item: _organisation(item.node),
    ),
    Requirement(
        f"claimReviewed under {SHORT_CLAIM_LIMIT} characters, written for the claim",
        False,
        "reviewer mark {file} {claim} --short-claim TEXT (now the sentence, cut short)",
        lambda item: fits(str(_get(item.node, "claimReviewed") or "")) and not item.shortened,
    ),
    Requirement(
        "datePublished",
        False,
        "save the review again",
        lambda item: _text(item.node, "datePublished"),
    ),
    Requirement(
        "author.url",
        False,
        f"--organisation-url URL, or organisation_url in {_CONFIG}",
        lambda item: _web(item.node, "author", "url"),
    ),
    Requirement(
        "author.logo",
        False,
        f"--logo URL, or logo in {_CONFIG}",
        lambda item: _web(item.node, "author", "logo"),
    ),
    Requirement(
        "itemReviewed.author.name (who made the claim)",
        False,
        "reviewer mark {file} {claim} --claim-author NAME",
        lambda item: _text(item.node, "itemReviewed", "author", "name"),
    ),
    Requirement(
        "itemReviewed.datePublished (when the claim was made)",
        False,
        "reviewer mark {file} {claim} --claim-date YYYY-MM-DD",
        lambda item: _text(item.node, "itemReviewed", "datePublished"),
    ),
    Requirement(
        "itemReviewed.appearance.url (where the claim appeared)",
        False,
        "--article-url URL (a saved web page gives its own)",
        lambda item: _web(item.node, "itemReviewed", "appearance", "url"),
    ),
    Requirement(
        "reviewRating ratingValue, bestRating, worstRating",
        False,
        "label the claim verified or disputed",
        lambda item: all(
            _number(item.node, "reviewRating", key) for key in ("ratingValue", "bestRating", "worstRating")
        ),
    ),
)
UNCHECKABLE = (
    "url must be on the domain (or a subdomain) of the page that carries this markup, and that page"
    " needs each #claim-N anchor: make sure of both when you publish"
)


@dataclass(frozen=True, slots=True)
class Missing:
    """What one ClaimReview lacks."""

    number: int  # the claim's number
    requirement: Requirement


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The check of a whole export: what is missing, claim by claim."""

    count: int  # ClaimReviews checked
    missing: tuple[Missing, ...]

    @property
    def passed(self) -> bool:
        """True when there is something to publish and nothing required is missing."""
        return self.count > 0 and not any(item.requirement.required for item in self.missing)

    def lines(self, file: str) -> list[str]:
        """The checklist, then each claim's missing items with how to give them, then the verdict."""
        out = ["What Google's fact-check (ClaimReview) guidelines ask of each ClaimReview:"]
        for requirement in REQUIREMENTS:
            out.append(f"  {'required   ' if requirement.required else 'recommended'}  {requirement.name}")
        if self.count == 0:
            out.append("no ClaimReview to check: label claims verified or disputed (an opinion is no rating)")
            out.append("result: nothing to publish")
            return out
        by_claim: dict[int, list[Missing]] = {}
        for item in self.missing:
            by_claim.setdefault(item.number, []).append(item)
        for number, items in by_claim.items():
            out.append(f"claim {number}:")
            for item in items:
                level = "missing (required)" if item.requirement.required else "missing (recommended)"
                fix = item.requirement.fix.format(file=file, claim=number)
                out.append(f"  {level}: {item.requirement.name} — {fix}")
        out.append(f"note: {UNCHECKABLE}")
        required = sum(item.requirement.required for item in self.missing)
        recommended = len(self.missing) - required
        if required:
            verdict = f"result: {required} required item(s) missing in {self.count} ClaimReview(s): not ready"
        else:
            verdict = f"result: the {self.count} ClaimReview(s) have every required item: ready to publish"
        if recommended:
            verdict += f" ({recommended} recommended item(s) missing)"
        out.append(verdict)
        return out


def check_graph(graph: ClaimReviewGraph) -> CheckReport:
    """Check every ClaimReview of ``graph`` against :data:`REQUIREMENTS`."""
    missing = tuple(
        Missing(item.number, requirement)
        for item in graph.nodes
        for requirement in REQUIREMENTS
        if not requirement.present(item)
    )
    return CheckReport(len(graph.nodes), missing)
