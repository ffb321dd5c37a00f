"""W3C Web Annotation JSON-LD: an AnnotationCollection with one assessing Annotation per review."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from reviewer import __version__
from reviewer.exports.base import Exported, ExportOptions
from reviewer.exports.jsonld import ANNO_CONTEXT, stable_urn
from reviewer.exports.rows import claim_rows, orphans_in_order
from reviewer.model import Review

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

_URL_SCHEMES = ("http://", "https://", "urn:", "doi:")


class WebAnnotationExporter:
    """Each review an Annotation whose target quotes and locates its claim; orphans included.

    ``--url`` (where the reviews are published) becomes the collection's id.
    """

    name = "webannotation"
    suffix = ".jsonld"
    title = "W3C Web Annotation JSON-LD (for annotation tools)"

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """The collection with its first (and only) page holding every annotation."""
        document = session.document
        source = text_iri(document.doc_id)
        reviews = [row.review for row in claim_rows(session) if row.review is not None]
        # Orphans keep their quote: an annotation tool can still try to re-anchor them.
        reviews += orphans_in_order(session)
        items = [_annotation(review, source, document.language) for review in reviews]
        collection = {
            "@context": ANNO_CONTEXT,
            "id": options.url or stable_urn("collection", document.doc_id, session.reviewer),
            "type": "AnnotationCollection",
            "label": f"Reviews of {document.title} by {session.reviewer}",
            "total": len(items),
            "generated": exported_at,
            "generator": {
                "id": "https://pypi.org/project/reviewer/",
                "type": "Software",
                "name": f"reviewer {__version__}",
            },
            "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
        }
        text = json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
        return Exported(text, f"{len(items)} annotation(s)")


def text_iri(doc_id: str) -> str:
    """The reviewed text's IRI: its SHA-256 as an RFC 6920 ``ni:`` name (a path or URL may not exist)."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(doc_id)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def _annotation(review: Review, source: str, language: str) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = []
    if review.label is not None:
        bodies.append({"type": "TextualBody", "purpose": "assessing", "value": review.label.value})
    if review.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": review.note,
                "format": "text/plain",
                "language": language,
            }
        )
    for citation in review.sources:
        if citation.startswith(_URL_SCHEMES) and " " not in citation:
            bodies.append({"type": "SpecificResource", "purpose": "linking", "source": citation})
        else:  # a printed citation is no IRI: carry it as text
            bodies.append({"type": "TextualBody", "purpose": "linking", "value": citation})
    anchor = review.anchor
    return {
        "id": stable_urn("annotation", review.key),
        "type": "Annotation",
        "motivation": "assessing" if review.label is not None else "commenting",
        "creator": {"type": "Person", "name": review.reviewer},
        "created": review.created_at,
        "modified": review.updated_at,
        "body": bodies,
        "target": {
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": anchor.exact,
                    "prefix": anchor.prefix,
                    "suffix": anchor.suffix,
                },
                {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
            ],
        },
    }
