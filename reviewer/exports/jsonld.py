"""JSON-LD helpers: bundled contexts served offline, and stable identifiers for exported nodes."""

from __future__ import annotations

import json
import uuid
from functools import cache
from importlib.resources import files
from typing import Any

from reviewer.errors import ReviewerError

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_CONTEXT = "https://schema.org"
# Every spelling of a context URL that processors ask for, and the bundled file that answers it.
_BUNDLED = {
    ANNO_CONTEXT: "anno.jsonld",
    "https://www.w3.org/ns/anno.jsonld": "anno.jsonld",
    SCHEMA_CONTEXT: "schemaorg.jsonld",
    "https://schema.org/": "schemaorg.jsonld",
    "http://schema.org": "schemaorg.jsonld",
    "http://schema.org/": "schemaorg.jsonld",
}
# Fixed namespace for our uuid5 identifiers, so the same review always gets the same id.
_NAMESPACE = uuid.UUID("7a1c9a0e-4c55-5b8e-9d3f-2f0e6c1b9a42")


@cache
def bundled_context(url: str) -> dict[str, Any]:
    """The context document served for ``url``; ReviewerError for a context we do not ship."""
    name = _BUNDLED.get(url)
    if name is None:
        raise ReviewerError(f"no bundled JSON-LD context for {url}; it would need the network")
    text = files("reviewer.exports").joinpath("contexts", name).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def offline_document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld ``documentLoader`` that serves the bundled contexts and never touches the network."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": bundled_context(url),
    }


def stable_urn(*parts: str) -> str:
    """A ``urn:uuid:`` identifier derived from ``parts``: the same inputs give the same IRI."""
    return uuid.uuid5(_NAMESPACE, "\x1f".join(parts)).urn
