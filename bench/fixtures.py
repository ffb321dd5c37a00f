"""Databases and sessions for the benchmarks: a big document, N reviews of it, stores in temp dirs."""

from __future__ import annotations

import functools
from pathlib import Path

from reviewer.documents.base import Document
from reviewer.documents.loader import load_document
from reviewer.model import Anchor, Label, Review
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore

REVIEWER = "bench"
NOW = "2026-11-25T09:00:00Z"
LABELS = (Label.VERIFIED, Label.DISPUTED, Label.OPINION)


@functools.cache
def big_document(path: Path) -> Document:
    """The document at ``path``, loaded once per run."""
    return load_document(path)


def reviews_for(document: Document, count: int, reviewer: str = REVIEWER) -> list[Review]:
    """``count`` reviews of the first claims: labels in turn, a note on 1 in 3, sources on 1 in 5."""
    if count > document.claims.count():
        raise ValueError(f"{document.path} has {document.claims.count()} claims, fewer than {count}")
    reviews = []
    for index in range(count):
        claim = document.claims[index]
        reviews.append(
            Review(
                doc_id=document.doc_id,
                reviewer=reviewer,
                anchor=Anchor.for_span(document.text, claim.start, claim.end),
                label=LABELS[index % 3],
                note=f"Checked against the council minutes, item {index}." if index % 3 == 0 else "",
                sources=(f"https://example.org/source/{index}",) if index % 5 == 0 else (),
                created_at=NOW,
                updated_at=NOW,
            )
        )
    return reviews


def make_store(path: Path, document: Document, count: int) -> ReviewStore:
    """A store at ``path`` that knows ``document`` and holds ``count`` reviews of it, folded (no journal)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    store = ReviewStore(path)
    store.register_document(document, NOW)
    store.add_reviews(reviews_for(document, count))
    store.close()  # fold: the main file alone holds everything, as a plain TinyDB file
    return store


def open_session(document: Document, store: ReviewStore) -> ReviewSession:
    """The reviewer's session on ``document`` over ``store``."""
    return ReviewSession(document, store, REVIEWER, clock=lambda: NOW)
