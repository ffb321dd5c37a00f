"""W3C Web Annotation JSON-LD: an AnnotationCollection with one assessing Annotation per review."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from reviewer import __version__
from reviewer.exports.base import Exported, ExportOptions, export_format
from reviewer.exports.jsonld import ANNO_CONTEXT, stable_urn
from reviewer.exports.rows import claim_rows, orphans_in_order
from reviewer.labelset import DEFAULTS_BY_NAME
from reviewer.model import Review

if TYPE_CHECKING:
    from reviewer.documents.base import Document
    from reviewer.review.session import ReviewSession

_URL_SCHEMES = ("http://", "https://", "urn:", "doi:")
# The media type of each document format: what a --url page is, when it serves the file reviewed.
MEDIA_TYPES = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
# The default labels' names are English keywords, whatever the document's language; a desk's
# own label names are in no language we know, so their bodies name none.
LABEL_LANGUAGE = "en"


class WebAnnotationExporter:
    """Each review an Annotation whose target quotes and locates its claim; orphans included.

    The target's source is the reviewed text, named by its SHA-256; when the document's address
    is known (``--url``, ``--article-url``, or a saved page's canonical link) it is that page, and
    the hash stays as the target's cached state.
    """

    name, suffix, title = export_format("webannotation")

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """The collection with its first (and only) page holding every annotation."""
        document = session.document
        reviews = [row.review for row in claim_rows(session) if row.review is not None]
        # Orphans keep their quote: an annotation tool can still try to re-anchor them.
        reviews += orphans_in_order(session)
        # --url (where the document is published), else --article-url, else the page's own canonical link.
        url = options.url or options.article_url or document.url or None
        items = [_annotation(review, document, url) for review in reviews]
        collection_id = stable_urn("collection", document.doc_id, session.reviewer)
        page_id = stable_urn("page", document.doc_id, session.reviewer, "1")
        collection = {
            "@context": ANNO_CONTEXT,
            "id": collection_id,
            "type": "AnnotationCollection",
            "label": f"Reviews of {document.title} by {session.reviewer}",
            "total": len(items),
            "generated": exported_at,
            "generator": {
                "id": "https://pypi.org/project/reviewer/",
                "type": "Software",
                "name": f"reviewer {__version__}",
            },
            "first": {
                "id": page_id,
                "type": "AnnotationPage",
                "partOf": collection_id,
                "startIndex": 0,
                "items": items,
            },
            "last": page_id,
        }
        text = json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
        return Exported(text, f"{len(items)} annotation(s)")


def text_iri(doc_id: str) -> str:
    """The reviewed text's IRI: its SHA-256 as an RFC 6920 ``ni:`` name (a path or URL may not exist)."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(doc_id)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def reviewer_agent(name: str) -> dict[str, str]:
    """The reviewer as a Web Annotation Agent; the id is derived from the name, so it is stable."""
    return {"id": stable_urn("reviewer", name), "type": "Person", "name": name, "nickname": name}


def _annotation(review: Review, document: Document, url: str | None) -> dict[str, Any]:
    creator = reviewer_agent(review.reviewer)
    # Every body is the reviewer's, made with the review (the model asks bodies for both).
    made = {"creator": creator, "created": review.created_at, "modified": review.updated_at}
    bodies: list[dict[str, Any]] = []
    if review.label is not None:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": review.label.value,
                "format": "text/plain",
            }
            | ({"language": LABEL_LANGUAGE} if review.label in DEFAULTS_BY_NAME else {})
            | made
        )
    if review.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": review.note,
                "format": "text/plain",
                "language": document.language,
            }
            | made
        )
    for citation in review.sources:
        if citation.startswith(_URL_SCHEMES) and " " not in citation:
            bodies.append({"type": "SpecificResource", "purpose": "linking", "source": citation} | made)
        else:  # a printed citation is no IRI: carry it as text
            citation_body = {"type": "TextualBody", "purpose": "linking", "value": citation}
            bodies.append(citation_body | {"format": "text/plain"} | made)
    anchor = review.anchor
    return {
        "id": stable_urn("annotation", review.key),
        "type": "Annotation",
        "motivation": "assessing" if review.label is not None else "commenting",
        "creator": creator,
        "created": review.created_at,
        "modified": review.updated_at,
        "body": bodies,
        "target": _target(review, document, url)
        | {
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


def _target(review: Review, document: Document, url: str | None) -> dict[str, Any]:
    """The text the review's offsets count in, or the page at ``url`` with that text as its state."""
    # An orphan's anchor may come from an earlier version of the text: name that version.
    text = text_iri(review.doc_id)
    if url is None:
        source = {"id": text, "type": "Text", "format": "text/plain", "language": document.language}
        return {"type": "SpecificResource", "source": source}
    media_type = MEDIA_TYPES.get(document.format, "text/plain")
    source = {"id": url, "type": "Text", "format": media_type, "language": document.language}
    # The page may change after the review: the state keeps the exact text the selectors were made on.
    state = {"type": "TimeState", "cached": text, "sourceDate": review.updated_at}
    return {"type": "SpecificResource", "source": source, "state": state}
