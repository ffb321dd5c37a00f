"""Span mode under Pilot: every reshape is checked on the store reopened afterwards."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reviewer.documents.loader import load_document
from reviewer.model import Label, OrphanStatus
from reviewer.paths import samples_dir
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.span_mode import JoinChoiceScreen, SpanScreen
from tests.tui.tui_helpers import FIXED_TIME, FR, REVIEWER, drive

QUOTE = "En mars, d’habitude"  # claim 6 of the French sample: a quotation, then who said it


def fresh(db_path: Path) -> ReviewSession:
    """A session on a document of its own: reshapes redraw the document's claims."""
    document = load_document(samples_dir() / FR)
    session = ReviewSession(document, ReviewStore(db_path), REVIEWER, clock=lambda: FIXED_TIME)
    session.move_to(next(c.number - 1 for c in document.claims.all() if QUOTE in c.text))
    return session


def reopened(db_path: Path) -> ReviewSession:
    return ReviewSession(load_document(samples_dir() / FR), ReviewStore(db_path), REVIEWER)


def texts(session: ReviewSession) -> list[str]:
    return [claim.text for claim in session.claims.all()]


def words_to(session: ReviewSession, word: str) -> int:
    """How many word moves take the caret from the claim's start to ``word``."""
    claim = session.current
    return len(claim.text[: claim.text.index(word)].split())


def test_split_then_label_each_part(db_path: Path) -> None:
    session = fresh(db_path)
    index = session.cursor
    moves = ["right"] * words_to(session, "soupire")

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("s", *moves)
        assert isinstance(app.screen, SpanScreen)
        await pilot.press("s")  # split at the caret, back on the review screen
        assert not isinstance(app.screen, SpanScreen)
        await pilot.press("o", "v")  # the quotation is an opinion, the vigneron's age and land a fact

    drive(session, scenario)
    again = reopened(db_path)
    assert again.claims[index].text.endswith("»,") and again.claims[index + 1].text.startswith("soupire")
    assert again.label(index) is Label.OPINION and again.label(index + 1) is Label.VERIFIED
    assert again.claims.count() == 62


def test_label_keys_do_nothing_in_span_mode(db_path: Path) -> None:
    session = fresh(db_path)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("s", "v", "d", "o", "backspace", "right", "v")
        assert isinstance(app.screen, SpanScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, SpanScreen)

    drive(session, scenario)
    again = reopened(db_path)
    assert again.counts().reviewed == 0 and ReviewStore(db_path).shapes(session.document.doc_id) == {}


def test_edges_kept_with_enter_and_dropped_with_escape(db_path: Path) -> None:
    session = fresh(db_path)
    index = session.cursor
    session.edit(index, label=Label.DISPUTED, note="À vérifier.")
    whole = session.current.text

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("s", "right", "left_square_bracket", "escape")  # dropped
        await pilot.press("s", "end", "right_parenthesis")  # nothing: the end is the paragraph's
        await pilot.press("left_parenthesis", "left_parenthesis", "enter")  # two words shorter, kept

    drive(session, scenario)
    again = reopened(db_path)
    claim = again.claims[index]
    assert (
        whole.startswith(claim.text)
        and whole.endswith("grand-père.")
        and claim.text.endswith("son père et de")
    )
    assert again.label(index) is Label.DISPUTED and again.review(index).note == "À vérifier."  # type: ignore[union-attr]
    assert again.orphans == []


def test_join_of_two_reviewed_claims_asks_which_review_to_keep(db_path: Path) -> None:
    session = fresh(db_path)
    index = session.cursor - 1  # "Elle s’effrite comme du sable.", then the quotation
    session.edit(index, label=Label.VERIFIED, note="Constaté sur place.")
    session.edit(index + 1, label=Label.OPINION)
    session.move_to(index)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("s", "j")
        assert isinstance(app.screen, JoinChoiceScreen)
        await pilot.press("down", "enter")  # keep the second claim's review

    drive(session, scenario)
    again = reopened(db_path)
    assert again.claims[index].text.startswith("Elle s’effrite") and QUOTE in again.claims[index].text
    assert again.label(index) is Label.OPINION and again.claims.count() == 60
    orphans = ReviewStore(db_path).orphans(session.document.doc_id, REVIEWER)
    assert [(o.review.note, o.status) for o in orphans] == [("Constaté sur place.", OrphanStatus.DISMISSED)]


def test_undo_on_the_review_screen_takes_a_split_back(db_path: Path) -> None:
    session = fresh(db_path)
    before = texts(session)
    moves = ["right"] * words_to(session, "soupire")

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("s", *moves, "s")
        assert session.claims.count() == len(before) + 1
        await pilot.press("u")

    drive(session, scenario)
    assert texts(reopened(db_path)) == before


def test_a_refused_split_says_why_and_changes_nothing(db_path: Path) -> None:
    session = fresh(db_path)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("s", "s")  # the caret is on the first character: nothing before it
        assert isinstance(app.screen, SpanScreen)
        status = str(app.screen.query_one("#span-status").render())
        assert "a split needs an offset inside it" in status
        await pilot.press("escape")

    drive(session, scenario)
    assert ReviewStore(db_path).shapes(session.document.doc_id) == {}


def test_a_join_across_paragraphs_is_refused_on_the_status_line(db_path: Path) -> None:
    session = fresh(db_path)
    session.move_to(session.claims.in_paragraph(1)[-1])  # the last claim of the second paragraph
    before = texts(session)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("s", "j")
        assert isinstance(app.screen, SpanScreen)
        status = " ".join(str(app.screen.query_one("#span-status").render()).split())
        assert "are in different paragraphs (2 and 3): a claim never runs across a paragraph break" in status
        await pilot.press("escape")

    drive(session, scenario)
    assert texts(reopened(db_path)) == before
    assert ReviewStore(db_path).shapes(session.document.doc_id) == {}


def test_span_mode_says_whose_reviews_a_reshape_leaves_on_the_old_span(db_path: Path) -> None:
    bob = ReviewSession(load_document(samples_dir() / FR), ReviewStore(db_path), "bob")
    bob.edit(next(c.number - 1 for c in bob.claims.all() if QUOTE in c.text), label=Label.DISPUTED)
    bob.store.close()
    session = fresh(db_path)
    number = session.current.number
    moves = ["right"] * words_to(session, "soupire")

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("s")
        status = " ".join(str(app.screen.query_one("#span-status").render()).split())
        # Said before anything is reshaped, while the reviewer can still leave with esc.
        assert f"Others reviewed these claims (claim {number}: bob)" in status
        assert "theirs stay on the old span, among their orphans" in status
        await pilot.press(*moves, "s")
        assert not isinstance(app.screen, SpanScreen)
        said = [n.message for n in app._notifications]
        assert any("bob had reviewed the old claim" in message for message in said)

    drive(session, scenario)
    again = ReviewSession(load_document(samples_dir() / FR), ReviewStore(db_path), "bob")
    again.claims.all()
    assert [(o.reviewer, o.label) for o in again.orphans] == [("bob", Label.DISPUTED)]  # kept, shown
