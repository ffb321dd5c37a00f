"""The team JSON export (schema version 4): each claim with every reviewer's review and its final verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reviewer import __version__
from reviewer.exports.jsonexport import document_fields, review_fields
from reviewer.model import Anchor, FinalVerdict, OrphanStatus, Review
from reviewer.review.adjudication import Adjudication
from reviewer.review.progress import Counts
from reviewer.schemas import TEAM_EXPORT_SCHEMA_VERSION

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession


def build_team_export(session: ReviewSession, exported_at: str) -> dict[str, Any]:
    """Every claim with each reviewer's review, its status and its final verdict; every orphan."""
    document = session.document
    adjudication = Adjudication(document, session.store, session.reviewer, labels=session.labels)
    team = adjudication.team
    claims = []
    spans = set()
    reviews = 0
    for index, claim in enumerate(document.claims.all()):
        spans.add((claim.start, claim.end))
        final = adjudication.final(index)
        of_claim = team.of_claim(claim)
        reviews += len(of_claim)
        claims.append(
            {
                "number": claim.number,
                "paragraph": claim.paragraph + 1,
                "start": claim.start,
                "end": claim.end,
                "text": claim.text,
                "anchor": Anchor.for_span(document.text, claim.start, claim.end).to_dict(),
                "status": adjudication.status(index).value,
                "reviews": [review_fields(review) for review in of_claim.values()],
                "final": None if final is None else final_fields(final),
            }
        )
    finals = [adjudication.final(index) for index in range(len(claims))]
    final_labels = [final.label for final in finals if final is not None and final.label is not None]
    progress = adjudication.progress()
    orphans = _orphans(session, spans)
    report = team.agreement(document.claims.all())
    return {
        "schema_version": TEAM_EXPORT_SCHEMA_VERSION,
        "generator": {"name": "reviewer", "version": __version__},
        "exported_at": exported_at,
        "exported_by": session.reviewer,
        "reviewers": list(team.reviewers),
        "document": document_fields(document),
        "label_set": session.labels.to_list(),
        "summary": {
            "claims": len(claims),
            "reviews": reviews,
            **progress.to_dict(),
            "final": {label.value: count for label, count in Counts.tally(session.labels, final_labels)},
            "orphans": len(orphans),
        },
        "agreement": {
            "alpha": report.alpha.to_dict(),
            "percent_agreement": report.percent_agreement.to_dict(),
            "pairable": report.pairable,
            "n_reviewers": report.n_reviewers,
        },
        "claims": claims,
        "orphans": orphans,
    }


def final_fields(final: FinalVerdict) -> dict[str, Any]:
    """A final verdict as the team export writes it (and ``import`` reads it back)."""
    return {
        "adjudicated_by": final.adjudicated_by,
        "label": final.label.value if final.label else None,
        "note": final.note,
        "sources": list(final.sources),
        "adopted_from": list(final.adopted_from),
        "created_at": final.created_at,
        "updated_at": final.updated_at,
        "recheck": final.recheck or None,
        "anchor": final.anchor.to_dict(),
    }


def _orphans(session: ReviewSession, spans: set[tuple[int, int]]) -> list[dict[str, Any]]:
    """Every reviewer's reviews no claim holds: open orphans of this version, reviews of no claim's span."""
    doc_id = session.document.doc_id
    found: dict[str, tuple[Review, int | None]] = {}
    for info in session.store.orphans(doc_id):
        if info.status is OrphanStatus.OPEN:
            found[f"{info.review.doc_id}|{info.review.key}"] = (info.review, info.suggestion)
    for review in session.store.reviews(doc_id):
        if (review.anchor.start, review.anchor.end) not in spans:
            found.setdefault(f"{review.doc_id}|{review.key}", (review, None))
    ordered = sorted(
        found.values(), key=lambda item: (item[0].anchor.start, item[0].anchor.end, item[0].reviewer)
    )
    return [
        {"text": review.anchor.exact}
        | review_fields(review)
        | {"suggested_claim": None if suggestion is None or suggestion < 0 else suggestion + 1}
        for review, suggestion in ordered
    ]
