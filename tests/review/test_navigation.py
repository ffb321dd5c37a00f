"""Moves as the reviewer sees them, without a screen: filter, paragraphs, search."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.model import Label
from reviewer.review.filters import ClaimFilter
from reviewer.review.navigation import Navigator
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore


@pytest.fixture
def navigator(sample_en: Path, db_path: Path) -> Navigator:
    return Navigator(ReviewSession(load_document(sample_en), ReviewStore(db_path), "alice"))


def test_paragraph_moves_skip_code_blocks(navigator: Navigator) -> None:
    session = navigator.session
    groups = session.document.claims.by_paragraph()
    code = next(i for i, g in enumerate(groups) if not g)
    session.move_to(groups[code - 1][0])
    assert navigator.step_paragraph(1)
    assert session.current.paragraph == code + 1
    assert navigator.step_paragraph(-1)
    assert session.current.paragraph == code - 1
    session.goto_paragraph(code)
    assert session.current.paragraph == code + 1


def test_moves_stop_at_the_ends(navigator: Navigator) -> None:
    session = navigator.session
    assert navigator.step_target(-1) is None and not navigator.step(-1)
    assert navigator.paragraph_target(-1) is None
    session.move_to(session.claims.count() - 1)
    assert not navigator.step(1) and navigator.step_paragraph(1) is False
    assert session.cursor == session.claims.count() - 1


def test_a_filter_steps_over_the_claims_it_hides(navigator: Navigator) -> None:
    session = navigator.session
    for index in (2, 5, 9):
        session.edit(index, label=Label.DISPUTED)
    change = navigator.set_filter(ClaimFilter.of(Label.DISPUTED))
    assert change.moved and not change.empty and session.cursor == 2
    assert navigator.step(1) and session.cursor == 5
    assert navigator.step(1) and session.cursor == 9
    assert not navigator.step(1) and session.cursor == 9
    assert navigator.step(-1) and session.cursor == 5
    paragraphs = {session.claims[i].paragraph for i in (2, 5, 9)}
    assert list(navigator.listed_paragraphs()) == sorted(paragraphs)
    assert navigator.hides_unreviewed()


def test_a_filter_nothing_passes_says_so_and_stays(navigator: Navigator) -> None:
    navigator.session.move_to(3)
    change = navigator.set_filter(ClaimFilter.of(Label.OPINION))
    assert change.empty and not change.moved and navigator.session.cursor == 3
    assert not navigator.set_filter(ClaimFilter.ALL).empty
    assert list(navigator.listed_paragraphs()) == list(range(len(navigator.session.document.paragraphs)))


def test_filter_counts_follow_the_session(navigator: Navigator) -> None:
    session = navigator.session
    session.edit(0, label=Label.VERIFIED)
    session.edit(1, label=Label.OPINION)
    counts = navigator.filter_counts(session.counts())
    assert counts[ClaimFilter.of(Label.VERIFIED)] == 1 and counts[ClaimFilter.of(Label.OPINION)] == 1
    assert counts[ClaimFilter.ALL] == session.claims.count()
    assert counts[ClaimFilter.UNREVIEWED] == session.claims.count() - 2


def test_clicking_a_paragraph_goes_to_its_first_kept_claim(navigator: Navigator) -> None:
    session = navigator.session
    groups = session.document.claims.by_paragraph()
    code = next(i for i, g in enumerate(groups) if not g)
    navigator.go_to_paragraph(code)  # a code block has no claim: the next paragraph's first
    assert session.current.paragraph == code + 1
    target = groups[3][1]
    session.edit(target, label=Label.DISPUTED)
    navigator.set_filter(ClaimFilter.of(Label.DISPUTED))
    navigator.go_to_paragraph(3)
    assert session.cursor == target


def test_search_folds_case_and_accents_and_wraps(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_text("Titre\n\nLe Préfet a parlé. Un autre point.\n\nLe préfet revient.\n", encoding="utf-8")
    session = ReviewSession(load_document(path, language="fr"), ReviewStore(db_path), "alice")
    search = Navigator(session).search
    search.begin()
    assert search.type("PREFET") and session.current.text.startswith("Le Préfet")
    assert search.step(1) and session.current.text == "Le préfet revient."
    assert search.step(1) and session.current.text.startswith("Le Préfet")  # wrapped
    assert not search.type("introuvable")
    search.end(accepted=False)
    assert session.cursor == 0 and search.text == ""


def test_search_accepted_stays_on_the_match(navigator: Navigator) -> None:
    session, search = navigator.session, navigator.search
    search.begin()
    assert search.type("levy")
    found = session.cursor
    search.end(accepted=True)
    assert session.cursor == found and search.text == "levy"
    assert search.find(found + 1, 1) != found or session.claims.count() == 1


def test_recheck_filter_and_jump(sample_en: Path, tmp_path: Path, db_path: Path) -> None:
    from reviewer.review.opening import open_for_review
    from tests.helpers import REWORDED_NEW, changed_article

    opened = open_for_review(changed_article(sample_en, tmp_path, db_path), ReviewStore(db_path), "alice")
    session = opened.session
    navigator = Navigator(session)
    [recheck] = [i for i in range(session.claims.count()) if (r := session.review(i)) and r.recheck]
    assert session.claims[recheck].text.startswith(REWORDED_NEW)
    assert navigator.filter_counts(session.counts())[ClaimFilter.RECHECK] == 1
    assert session.counts().orphans == 1
    assert navigator.next_recheck(1) == recheck and session.cursor == recheck
    session.move_to(0)
    assert navigator.next_recheck(-1) == recheck  # wraps backwards
    session.move_to(0)
    change = navigator.set_filter(ClaimFilter.RECHECK)
    assert change.moved and session.cursor == recheck
    assert navigator.step_target(1) is None and navigator.step_target(-1) is None
    session.edit(recheck, label=session.label(recheck))  # labelled again: rechecked
    assert navigator.next_recheck(1) is None
    assert not navigator.keeps(recheck)
