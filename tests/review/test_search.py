"""Search folding: case, accents, apostrophes and quotes; notes and sources; the match count."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.review import search
from reviewer.review.navigation import Navigator
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("l'university", "Il est à l’University depuis"),
        ("l’université", "à l'Université"),
        ("l`ete", "l‘été"),
        ("aujourd´hui", "Aujourd’hui"),
        ('"mot"', "il a dit « mot » hier"),  # the no-break spaces inside guillemets are dropped
        ("«mot»", 'il a dit "mot" hier'),
        ("“quoted”", 'a "QUOTED" word'),
        ("99 %", "soit 99\u202f% des voix"),
    ],
)
def test_apostrophes_and_quotes_fold_alike(query: str, text: str) -> None:
    assert search.contains(text, search.fold_query(query))


def test_spans_point_at_the_original_text() -> None:
    text = "Il a dit « mot » et l’University."
    assert [text[a:b] for a, b in search.spans(text, search.fold_query('"mot"'))] == ["« mot »"]
    assert [text[a:b] for a, b in search.spans(text, search.fold_query("L'UNIV"))] == ["l’Univ"]


def test_ascii_stays_length_preserving() -> None:
    folded, index = search.fold("A `b` C")
    assert folded == "a 'b' c" and index == list(range(7))


@pytest.fixture
def session(tmp_path: Path, db_path: Path) -> ReviewSession:
    path = tmp_path / "fr.txt"
    path.write_text(
        "Titre\n\nL’University ouvre. Un autre point.\n\nLe préfet revient. Rien ici.\n", encoding="utf-8"
    )
    return ReviewSession(load_document(path, language="fr"), ReviewStore(db_path), "alice")


def test_search_finds_an_apostrophe_typed_differently(session: ReviewSession) -> None:
    found = Navigator(session).search
    found.begin()
    assert found.type("l'university") and session.current.text.startswith("L’University")


def test_notes_and_sources_are_searched_when_asked(session: ReviewSession) -> None:
    session.edit(4, note="Voir l’arrêté préfectoral", sources=["https://example.org/décret"])
    found = Navigator(session).search
    found.begin()
    assert not found.type("arrete")  # claims only, by default
    assert found.toggle_notes() and session.cursor == 4
    assert found.type("DECRET") and session.cursor == 4  # a source
    assert not found.toggle_notes()  # off again: no claim says it


def test_tally_counts_matching_claims_and_the_cursor_rank(session: ReviewSession) -> None:
    found = Navigator(session).search
    found.begin()
    found.type("point")
    assert found.tally().total == 1 and not found.tally().complete  # counted as far as segmented
    session.claims.finish()
    found.type("i")  # in many claims
    tally = found.tally()
    expected = sum(1 for claim in session.claims.all() if "i" in search.fold(claim.text)[0])
    assert tally.total == expected and tally.complete
    assert tally.position == 1  # the first match from the start
    assert found.step(1) and found.tally().position == 2
    found.type("")
    assert found.tally().total == 0 and found.tally().position is None
