"""schema.org ClaimReview JSON-LD, what search engines read: one ClaimReview per verified/disputed claim."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reviewer.exports.base import Exported, ExportOptions, export_format
from reviewer.exports.jsonld import SCHEMA_CONTEXT
from reviewer.exports.rows import claim_rows
from reviewer.model import Label

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

BEST_RATING = 5
WORST_RATING = 1
# ClaimReview needs a numeric rating on a scale; opinion is no point on a true/false scale.
RATINGS = {
    Label.VERIFIED: (BEST_RATING, "Verified"),
    Label.DISPUTED: (WORST_RATING, "Disputed"),
}


class ClaimReviewExporter:
    """ClaimReview nodes in one JSON-LD ``@graph``; opinions are left out and counted in the notice."""

    name, suffix, title = export_format("claimreview")

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """One ClaimReview per verified or disputed claim, in document order."""
        document = session.document
        appearance = {"@type": "CreativeWork", "name": document.title, "inLanguage": document.language}
        graph: list[dict[str, Any]] = []
        skipped = 0
        finals = 0
        for row in claim_rows(session, final=options.final):
            review = row.review
            if review is None or row.label is None:
                continue
            if row.label not in RATINGS:
                skipped += 1
                continue
            value, name = RATINGS[row.label]
            finals += row.final
            node: dict[str, Any] = {"@type": "ClaimReview"}
            if options.url:
                node["@id"] = node["url"] = f"{options.url}#claim-{row.claim.number}"
            node |= {
                "claimReviewed": row.claim.text,
                "author": {"@type": "Person", "name": review.reviewer},
                "datePublished": review.updated_at,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": BEST_RATING,
                    "worstRating": WORST_RATING,
                    "alternateName": name,
                },
                "itemReviewed": {"@type": "Claim", "appearance": appearance},
            }
            if review.note:
                node["reviewBody"] = review.note
            if review.sources:
                node["citation"] = list(review.sources)
            graph.append(node)
        data = {"@context": SCHEMA_CONTEXT, "@graph": graph}
        notices = [
            f"{len(graph)} ClaimReview(s)" + (f", {finals} from final verdicts" if options.final else "")
        ]
        if skipped:
            notices.append(f"{skipped} opinion(s) left out: ClaimReview has no rating for an opinion")
        if graph and not options.url:
            notices.append("no --url given: search engines need the URL of the published fact-check")
        return Exported(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "; ".join(notices))
