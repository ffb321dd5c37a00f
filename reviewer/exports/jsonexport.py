"""The JSON export: one versioned document per reviewed document, validated by a shipped schema."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reviewer import __version__
from reviewer.documents.base import Document
from reviewer.exports.base import Exported, ExportOptions, export_format
from reviewer.exports.rows import orphans_in_order
from reviewer.hints.document import DocumentScores, score_document
from reviewer.model import CLAIM_DETAIL_FIELDS, Anchor, Review
from reviewer.schemas import EXPORT_SCHEMA_VERSION

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession


class JsonExporter:
    """Every claim with its review and anchor, and the orphans: lossless, and what ``import`` reads."""

    name, suffix, title = export_format("json")

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """The JSON export; it ignores the filter options, since it is the complete record.

        With ``all_reviewers``, the team export (schema version 2): every reviewer and the final verdicts.
        """
        if options.all_reviewers:
            from reviewer.exports.teamexport import build_team_export  # deferred: only team exports need it

            return Exported(dumps_json(build_team_export(session, exported_at)))
        scores = score_document(session.document) if options.hints else None
        return Exported(dumps_json(build_json_export(session, exported_at, hints=scores)))


def build_json_export(
    session: ReviewSession, exported_at: str, *, hints: DocumentScores | None = None
) -> dict[str, Any]:
    """The export as plain data: document, summary counts, every claim in order, orphans.

    With ``hints``, each claim carries its check-worthiness hint and the export says which model.
    """
    document = session.document
    claims = []
    for index, claim in enumerate(document.claims.all()):
        review = session.review(index)
        entry: dict[str, Any] = {
            "number": claim.number,
            "paragraph": claim.paragraph + 1,
            "start": claim.start,
            "end": claim.end,
            "text": claim.text,
        }
        language = document.paragraph_language(claim.paragraph)
        if language != document.language:  # a quotation in another language, for instance
            entry["language"] = language
        if session.reshaped(index):  # so an import recreates the claim a reviewer drew
            entry["reshaped"] = True
        entry.update(review_fields(review))
        # Unreviewed claims carry their anchor too, so a dataset can re-find every sentence.
        anchor = review.anchor if review else Anchor.for_span(document.text, claim.start, claim.end)
        entry["anchor"] = anchor.to_dict()
        if hints is not None:
            entry["hint"] = hints.claim_dict(index)
        claims.append(entry)
    export = {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "generator": {"name": "reviewer", "version": __version__},
        "exported_at": exported_at,
        "reviewer": session.reviewer,
        "document": document_fields(document),
        "label_set": session.labels.to_list(),
        "summary": session.counts().to_dict() | {"orphans": len(session.orphans)},
        "claims": claims,
        "orphans": [
            {"text": review.anchor.exact}
            | review_fields(review)
            | {"suggested_claim": _number(session.orphan_suggestions.get(review.key))}
            for review in orphans_in_order(session)
        ],
    }
    if hints is not None:
        export["hints"] = hints.to_dict()
    return export


def document_fields(document: Document) -> dict[str, Any]:
    """How every JSON output names a document."""
    return {
        "path": document.path,
        "title": document.title,
        "language": document.language,
        "format": document.format,
        "sha256": document.doc_id,
        "paragraphs": len(document.paragraphs),
    } | ({"url": document.url} if document.url else {})


def _number(index: int | None) -> int | None:
    return None if index is None else index + 1


def review_fields(review: Review | None) -> dict[str, Any]:
    """A review's fields in a JSON export (every field null or empty for an unreviewed claim)."""
    if review is None:
        return {
            "label": None,
            "note": "",
            "sources": [],
            "reviewer": None,
            "created_at": None,
            "updated_at": None,
            "recheck": None,
        }
    return {
        "label": review.label.value if review.label else None,
        "note": review.note,
        "sources": list(review.sources),
        "reviewer": review.reviewer,
        "created_at": review.created_at,
        "updated_at": review.updated_at,
        "recheck": review.recheck or None,
        "anchor": review.anchor.to_dict(),
    } | {name: getattr(review, name) for name in CLAIM_DETAIL_FIELDS if getattr(review, name)}


def dumps_json(data: dict[str, Any]) -> str:
    """UTF-8 friendly (no ``\\u`` escapes), indented, newline-terminated JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
