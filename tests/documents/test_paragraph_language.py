"""A paragraph in another language than its document: detected, split by its rules, exported."""

from __future__ import annotations

from pathlib import Path

from jsonschema import Draft202012Validator

from reviewer.documents.language import detect_language, paragraph_language
from reviewer.documents.loader import load_document
from reviewer.exports.jsonexport import build_json_export
from reviewer.model import Anchor, Label, Review
from reviewer.review.session import ReviewSession
from reviewer.schemas import export_schema
from reviewer.storage.store import ReviewStore

SPANISH = (
    "“Una de esas consecuencias es que las madres adolescentes son mujeres que pierden oportunidades"
    " para desarrollarse desde el punto de vista profesional y aceptan cualquier tipo de trabajo.”"
)
ENGLISH = (
    "Desiree cited Venezuelan deputy Dinorah Figuera, president of the Family Committee of the"
    " Venezuelan National Assembly, who said the state's responsibility is to provide prevention:"
)
FRENCH_QUOTE = (
    "« Nous ne céderons jamais sur les retraites, jamais, et nous irons jusqu'au bout de cette réforme"
    " nécessaire pour le pays », a-t-il dit."
)


def test_a_long_paragraph_in_another_language_is_detected() -> None:
    assert paragraph_language(SPANISH, "en") == "es"
    assert paragraph_language(ENGLISH, "en") == "en"
    assert paragraph_language(ENGLISH, "fr") == "en"


def test_a_short_paragraph_keeps_the_document_language() -> None:
    assert paragraph_language("“Gracias, señor.”", "en") == "en"


def test_an_english_article_quoting_mostly_french_is_english() -> None:
    around = "The minister spoke to reporters on Monday in Paris about the pension plan. "
    text = around * 2 + (FRENCH_QUOTE + " ") * 5 + around
    assert detect_language(text) == "en"


def write_article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    body = "The deputy spoke to the committee on Monday about teenage pregnancies in Venezuela."
    path.write_text(
        f"{body}\n\n{ENGLISH}\n\n{SPANISH}\n\n{body} It was not the first time.\n", encoding="utf-8"
    )
    return path


def test_the_document_keeps_its_language_and_each_paragraph_has_its_own(tmp_path: Path) -> None:
    document = load_document(write_article(tmp_path))
    assert document.language == "en"
    assert [document.paragraph_language(i) for i in range(4)] == ["en", "en", "es", "en"]


def test_the_json_export_carries_a_paragraph_language_where_it_differs(tmp_path: Path) -> None:
    document = load_document(write_article(tmp_path))
    session = ReviewSession(document, ReviewStore(tmp_path / "db.json"), "alice")
    data = build_json_export(session, "2026-12-02T09:00:00Z")
    errors = list(Draft202012Validator(export_schema()).iter_errors(data))
    assert not errors, [error.message for error in errors]
    languages = {claim["paragraph"]: claim.get("language") for claim in data["claims"]}
    assert languages == {1: None, 2: None, 3: "es", 4: None}
    assert data["document"]["language"] == "en"


def test_a_review_made_with_the_old_segmenter_is_kept(tmp_path: Path) -> None:
    """The old segmenter glued "No." to the next sentence: that review's span is no claim now.

    It is not lost: it is listed among the orphans (and can be attached to a claim); a review of
    a claim whose boundaries did not change stays on its claim.
    """
    path = tmp_path / "briefing.txt"
    path.write_text("QUESTION: Is it true? MR. BOUCHER: No. I don't think so.\n", encoding="utf-8")
    document = load_document(path)
    store = ReviewStore(tmp_path / "db.json")
    text = document.text
    old_glued = text.index("MR. BOUCHER"), len(text.rstrip())
    unchanged = 0, text.index("?") + 1
    for (start, end), label in ((old_glued, Label.DISPUTED), (unchanged, Label.VERIFIED)):
        anchor = Anchor.for_span(text, start, end)
        review = Review(document.doc_id, "alice", anchor, label, "a note", (), "2026-11-01T00:00:00Z")
        store.put_review(review.evolve(updated_at=review.created_at))
    session = ReviewSession(document, store, "alice")
    claims = [claim.text for claim in document.claims.all()]
    assert claims == ["QUESTION: Is it true?", "MR. BOUCHER: No.", "I don't think so."]
    assert session.review(0) is not None and session.review(0).label is Label.VERIFIED  # type: ignore[union-attr]
    assert [orphan.anchor.exact for orphan in session.orphans] == ["MR. BOUCHER: No. I don't think so."]
    assert session.orphans[0].note == "a note"
    reopened = ReviewSession(load_document(path), ReviewStore(tmp_path / "db.json"), "alice")
    reopened.claims.finish()  # orphans are known once their paragraph is segmented
    assert len(reopened.orphans) == 1 and reopened.review(0) is not None
