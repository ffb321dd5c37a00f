"""schema.org ClaimReview JSON-LD, what search engines read: a ClaimReview per claim whose label rates it."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.exports.base import Exported, ExportOptions, Publisher, export_format
from reviewer.exports.jsonld import SCHEMA_CONTEXT
from reviewer.exports.rows import ClaimRow, claim_rows
from reviewer.labelset import DEFAULT_LABELS, LabelSet, Rating
from reviewer.model import Label, Review
from reviewer.review.claim_details import ClaimDetails, shortened

if TYPE_CHECKING:
    from reviewer.documents.base import Document
    from reviewer.review.session import ReviewSession


def rating_for(label: Label, labels: LabelSet = DEFAULT_LABELS) -> Rating | None:
    """The rating ``label`` is published with in ``labels``, or None when it is not a rating.

    The one place a label becomes a rating: the label set gives each label's ratingValue and
    alternateName (``[[labels]] claimreview``); bestRating and worstRating are the set's highest
    and lowest ratingValue. A label that is no rating (opinion, or one the set lacks) has none.
    """
    return labels.rating(label)


def rating_scale(labels: LabelSet = DEFAULT_LABELS) -> dict[Label, Rating]:
    """Every label of ``labels`` that is a rating, with its rating (the README's table for the defaults)."""
    return {label: rating for label in labels.labels if (rating := labels.rating(label)) is not None}


@dataclass(frozen=True, slots=True)
class ClaimReviewNode:
    """One ClaimReview of the export, with what the check needs to know of how it was made."""

    number: int  # the claim's number
    node: dict[str, Any]
    shortened: bool  # claimReviewed is the sentence cut short, not a short claim the reviewer wrote


@dataclass(frozen=True, slots=True)
class ClaimReviewGraph:
    """The ClaimReviews of a document and what was left out."""

    nodes: tuple[ClaimReviewNode, ...]
    left_out: dict[str, int]  # reviews left out, by label: an opinion (or any label that is no rating)
    finals: int  # nodes made from a final verdict

    def data(self) -> dict[str, Any]:
        """The JSON-LD document."""
        return {"@context": SCHEMA_CONTEXT, "@graph": [item.node for item in self.nodes]}


def slug(text: str) -> str:
    """``Budget 2026: l'été`` → ``budget-2026-l-ete``: a file name made fit for a URL path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "document"


def fact_check_address(template: str, document: Document) -> str:
    """The fact check's URL from a setting: ``{slug}`` becomes the document file's name as a slug."""
    return template.replace("{slug}", slug(Path(document.path).stem))


def claim_address(url: str, number: int) -> str:
    """Claim ``number``'s fact check on the page at ``url``: an HTML anchor of its own on that page."""
    return f"{url.split('#', 1)[0]}#claim-{number}"


class ClaimReviewExporter:
    """ClaimReview nodes in one JSON-LD ``@graph``; opinions are left out and counted in the notice."""

    name, suffix, title = export_format("claimreview")

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """One ClaimReview per claim whose label is a rating (verified, disputed by default), in order."""
        graph = self.build(session, options)
        data = graph.data()
        notices = [
            f"{len(graph.nodes)} ClaimReview(s)"
            + (f", {graph.finals} from final verdicts" if options.final else "")
        ]
        if graph.left_out:
            notices.append(_left_out(graph.left_out, session.labels))
        cut = [item.number for item in graph.nodes if item.shortened]
        if cut:
            notices.append(
                f"claimReviewed of claim(s) {_numbers(cut)} is the sentence shortened to under 75"
                " characters: write a short claim (n on the screen, or reviewer mark --short-claim)"
            )
        if graph.nodes and not options.url:
            notices.append(
                "no fact-check URL (--url, or fact_check_url in the config's [claimreview]):"
                " search engines need the page where the fact check is published"
            )
        if graph.nodes and not options.publisher.name:
            notices.append(
                "no organisation (--organisation, or organisation in the config's [claimreview]):"
                " the fact check's author is the organisation that publishes it"
            )
        if graph.nodes:
            notices.append("--check lists what Google's fact-check guidelines ask for")
        return Exported(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "; ".join(notices))

    def build(self, session: ReviewSession, options: ExportOptions) -> ClaimReviewGraph:
        """Every ClaimReview the export holds, in document order."""
        document = session.document
        article_url = options.article_url or document.url
        appearance: dict[str, Any] = {"@type": "CreativeWork"}
        if article_url:
            appearance["url"] = article_url
        appearance |= {"name": document.title, "inLanguage": document.language}
        nodes: list[ClaimReviewNode] = []
        left_out: dict[str, int] = {}
        finals = 0
        for row in claim_rows(session, final=options.final):
            review = row.review
            if review is None or row.label is None:
                continue
            rating = rating_for(row.label, session.labels)
            if rating is None:
                left_out[row.label] = left_out.get(row.label, 0) + 1
                continue
            finals += row.final
            details = _details(session, row)
            node, cut = _node(row, review, rating, details, appearance, options)
            nodes.append(ClaimReviewNode(row.claim.number, node, cut))
        return ClaimReviewGraph(tuple(nodes), left_out, finals)


def _details(session: ReviewSession, row: ClaimRow) -> ClaimDetails:
    """The claim's details: a final verdict has none of its own, so the reviewer's review lends them."""
    details = ClaimDetails.of(row.review)
    if row.final and details == ClaimDetails():
        return ClaimDetails.of(session.review(row.index))
    return details


def _node(
    row: ClaimRow,
    review: Review,
    rating: Rating,
    details: ClaimDetails,
    appearance: dict[str, Any],
    options: ExportOptions,
) -> tuple[dict[str, Any], bool]:
    """A claim's ClaimReview, and whether its claimReviewed was shortened from the sentence."""
    node: dict[str, Any] = {"@type": "ClaimReview"}
    if options.url:
        node["@id"] = node["url"] = claim_address(options.url, row.claim.number)
    claim_reviewed = details.short_claim or shortened(row.claim.text)
    node["claimReviewed"] = claim_reviewed
    author = _organisation(options.publisher)
    if author:
        node["author"] = author
    node |= {
        "datePublished": review.updated_at,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": rating.best,
            "worstRating": rating.worst,
            "alternateName": rating.alternate_name,
        },
    }
    item: dict[str, Any] = {"@type": "Claim"}
    if details.claim_author:
        # Who made the claim: most claims a news article checks are a person's words.
        item["author"] = {"@type": "Person", "name": details.claim_author}
    if details.claim_date:
        item["datePublished"] = details.claim_date
    item["appearance"] = appearance
    node["itemReviewed"] = item
    if review.note:
        node["reviewBody"] = review.note
    if review.sources:
        node["citation"] = list(review.sources)
    return node, not details.short_claim and claim_reviewed != " ".join(row.claim.text.split())


def _organisation(publisher: Publisher) -> dict[str, Any] | None:
    if not publisher.name:
        return None
    author: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        author["url"] = publisher.url
    if publisher.logo:
        # schema.org's Organization.logo; Google's fact-check markup reads the author's image.
        author["logo"] = publisher.logo
        author["image"] = publisher.logo
    return author


def _left_out(counts: dict[str, int], labels: LabelSet) -> str:
    """``2 opinion(s) left out: ClaimReview has no rating for an opinion`` (or for each such label)."""
    if (
        list(counts) == [Label.OPINION]
        and Label.OPINION in labels
        and not labels.get(Label.OPINION).is_rating
    ):
        return f"{counts[Label.OPINION]} opinion(s) left out: ClaimReview has no rating for an opinion"
    listed = ", ".join(f"{count} {label}" for label, count in counts.items())
    return f"left out ({listed}): not a rating in the label set, so ClaimReview has no place for them"


def _numbers(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:8]))
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")
