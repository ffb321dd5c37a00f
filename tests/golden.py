"""The golden document reviewed every way: shared by the export and import tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.exports import ExportOptions, Publisher
from reviewer.model import Anchor, Label, Review
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "exports" / "golden"
EXPORTED_AT = "2026-11-25T12:00:00Z"
URL = "https://factcheck.example/2026/pont"
ARTICLE_URL = "https://news.example/2026/11/pont-peage"
# A ClaimReview export with everything a publisher sets: organisation, fact-check and article URLs.
PUBLISHED = ExportOptions(
    url=URL,
    article_url=ARTICLE_URL,
    publisher=Publisher("Vérif Exemple", "https://factcheck.example/", "https://factcheck.example/logo.png"),
)


def clock() -> str:
    return "2026-11-25T10:00:00Z"


def reviewed_session(db_path: Path, reviewer: str = "alice") -> ReviewSession:
    """The golden document with every kind of review: labels, notes, odd characters, sources, an orphan."""
    document = load_document("golden-doc.md")
    store = ReviewStore(db_path)
    session = ReviewSession(document, store, reviewer, clock=clock)
    session.set_label(Label.VERIFIED)
    session.set_label(Label.DISPUTED)
    session.set_note(
        "Le comptage de 2024 donne 12 400.\nVoir *aussi* le rapport <annexe> | page 3.",
        ["https://example.org/comptage", "Rapport annuel 2024, p. 12"],
    )
    session.move_to(4)
    session.set_label(Label.DISPUTED, advance=False)
    session.set_note("58 % selon le rapport.", [])
    session.move_to(5)
    session.set_label(Label.OPINION)
    # A review whose claim span no longer exists (the text was re-segmented): an orphan.
    claim = document.claims[2]
    anchor = Anchor.for_span(document.text, claim.start + 4, claim.end)
    store.put_review(
        Review(document.doc_id, reviewer, anchor, Label.VERIFIED, "ancienne note", (), clock(), clock())
    )
    session.reload()
    return session


def golden_session(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewSession:
    """The reviewed golden document, read from ``tests/data`` as the golden files name it."""
    monkeypatch.chdir(DATA)
    return reviewed_session(db_path)
