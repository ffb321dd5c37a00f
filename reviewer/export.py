"""Exports: one versioned JSON document per reviewed document, validated by a shipped schema."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from reviewer import __version__
from reviewer.atomic import atomic_write_bytes
from reviewer.errors import ReviewerError
from reviewer.model import Anchor, Document, Review
from reviewer.review import ReviewSession

EXPORT_SCHEMA_VERSION = 1
SCHEMA_RESOURCE = "export-v1.schema.json"


def export_schema() -> dict[str, Any]:
    """The JSON Schema every JSON export validates against."""
    text = files("reviewer").joinpath("schemas", SCHEMA_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def build_json_export(session: ReviewSession, exported_at: str) -> dict[str, Any]:
    """The export as plain data: document, summary counts, every claim in order, orphans."""
    document = session.document
    claims = []
    for index, claim in enumerate(document.claims):
        review = session.review(index)
        entry: dict[str, Any] = {
            "number": claim.number,
            "paragraph": claim.paragraph + 1,
            "start": claim.start,
            "end": claim.end,
            "text": claim.text,
        }
        entry.update(_review_fields(review))
        # Unreviewed claims carry their anchor too, so a dataset can re-find every sentence.
        anchor = review.anchor if review else Anchor.for_span(document.text, claim.start, claim.end)
        entry["anchor"] = anchor.to_dict()
        claims.append(entry)
    return {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "generator": {"name": "reviewer", "version": __version__},
        "exported_at": exported_at,
        "reviewer": session.reviewer,
        "document": document_fields(document),
        "summary": session.counts().to_dict() | {"orphans": len(session.orphans)},
        "claims": claims,
        "orphans": [
            {"text": review.anchor.exact}
            | _review_fields(review)
            | {"suggested_claim": _number(session.orphan_suggestions.get(review.key))}
            for review in sorted(session.orphans, key=lambda r: (r.anchor.start, r.anchor.end, r.doc_id))
        ],
    }


def document_fields(document: Document) -> dict[str, Any]:
    """How every JSON output names a document."""
    return {
        "path": document.path,
        "title": document.title,
        "language": document.language,
        "format": document.format,
        "sha256": document.doc_id,
        "paragraphs": len(document.paragraphs),
    }


def _number(index: int | None) -> int | None:
    return None if index is None else index + 1


def _review_fields(review: Review | None) -> dict[str, Any]:
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
    }


def dumps_json(data: dict[str, Any]) -> str:
    """UTF-8 friendly (no ``\\u`` escapes), indented, newline-terminated JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_export(text: str, destination: Path) -> None:
    """Write an export atomically; a failure leaves any earlier file at ``destination`` intact."""
    if destination.is_dir():
        raise ReviewerError(f"{destination} is a directory: give a file name for the export")
    if not destination.parent.is_dir():
        raise ReviewerError(f"cannot write {destination}: the folder {destination.parent} does not exist")
    try:
        atomic_write_bytes(destination, text.encode("utf-8"))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ReviewerError(f"cannot write {destination} ({reason}); nothing was exported") from None
