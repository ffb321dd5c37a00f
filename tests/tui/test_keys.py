"""Pilot tests: every review key, asserted on the session and on what a fresh store reads back."""

from __future__ import annotations

from pathlib import Path

from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.review import ReviewScreen
from reviewer.tui.widgets.paragraph_list import ParagraphList
from tests.tui.tui_helpers import EN, drive, keys, make_session_on, reopen


def labels(session: ReviewSession) -> dict[int, Label | None]:
    """Claim index → label, for every labelled claim."""
    return {i: session.label(i) for i in range(session.claims.count()) if session.label(i) is not None}


def test_claim_keys_move_across_paragraphs(session: ReviewSession) -> None:
    drive(session, keys("j", "j", "down"))
    assert session.cursor == 3
    assert session.current.paragraph == 2  # claims 0 | 1 2 | 3: crossed two paragraph breaks
    drive(session, keys("k", "up"))
    assert session.cursor == 1


def test_previous_at_the_start_does_nothing(session: ReviewSession) -> None:
    drive(session, keys("k", "up", "K"))
    assert session.cursor == 0


def test_paragraph_keys(session: ReviewSession) -> None:
    drive(session, keys("J", "J", "pagedown"))
    assert session.current.paragraph == 3
    assert session.cursor == session.document.claims.in_paragraph(3)[0]
    drive(session, keys("K", "pageup"))
    assert session.current.paragraph == 1


def test_paragraph_key_skips_code_blocks(session: ReviewSession) -> None:
    session.goto_paragraph(5)
    drive(session, keys("J"))
    assert session.current.paragraph == 7  # paragraph 6 is the code block, with no claims


def test_label_keys_label_and_advance_and_are_saved(session: ReviewSession, db_path: Path) -> None:
    drive(session, keys("v", "d", "o"))
    expected = {0: Label.VERIFIED, 1: Label.DISPUTED, 2: Label.OPINION}
    assert labels(session) == expected
    assert session.cursor == 3
    assert labels(reopen(session, db_path)) == expected


def test_space_skips_and_backspace_clears(session: ReviewSession, db_path: Path) -> None:
    drive(session, keys("space", "v", "k", "backspace"))
    assert session.cursor == 1
    assert labels(session) == {}
    assert labels(reopen(session, db_path)) == {}


def test_undo_and_redo(session: ReviewSession, db_path: Path) -> None:
    session.set_label(Label.VERIFIED)
    session.set_label(Label.DISPUTED)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("u")
        assert labels(session) == {0: Label.VERIFIED}
        assert session.cursor == 1  # undo goes to the claim it changed
        assert labels(reopen(session, db_path)) == {0: Label.VERIFIED}
        await pilot.press("ctrl+r")

    drive(session, scenario)
    assert labels(reopen(session, db_path)) == {0: Label.VERIFIED, 1: Label.DISPUTED}


def test_next_unreviewed_and_previous_unreviewed(session: ReviewSession) -> None:
    for _ in range(3):
        session.set_label(Label.VERIFIED)
    session.move_to(0)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("right_square_bracket")
        assert session.cursor == 3
        await pilot.press("left_square_bracket")
        assert session.cursor == session.claims.count() - 1  # wraps around backwards

    drive(session, scenario)


def test_quit_remembers_the_position(session: ReviewSession, db_path: Path) -> None:
    app = drive(session, keys("J", "J", "q"))
    assert app.return_code == 0
    assert reopen(session, db_path).cursor == session.cursor == 3


def test_ctrl_q_also_remembers_the_position(session: ReviewSession, db_path: Path) -> None:
    drive(session, keys("j", "j", "ctrl+q"))
    assert reopen(session, db_path).cursor == 2


def test_resumes_where_the_reviewer_left(session: ReviewSession, db_path: Path) -> None:
    drive(session, keys("J", "J", "J", "q"))
    again = make_session_on(EN, db_path)

    async def check(app: ReviewApp, pilot: Pilot[int]) -> None:
        assert app.screen.query_one(ParagraphList).highlighted == 3

    drive(again, check)
    assert again.cursor == session.cursor


def test_impossible_actions_are_disabled(session: ReviewSession) -> None:
    async def check(app: ReviewApp, pilot: Pilot[int]) -> None:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.check_action("previous_claim", ()) is None
        assert screen.check_action("undo", ()) is None
        assert screen.check_action("redo", ()) is None
        assert screen.check_action("clear_label", ()) is None
        assert screen.check_action("search_next", (1,)) is None
        assert screen.check_action("next_claim", ()) is True
        await pilot.press("v")
        assert screen.check_action("undo", ()) is True
        await pilot.press("k")
        assert screen.check_action("clear_label", ()) is True

    drive(session, check)


def test_footer_dims_undo_until_there_is_something_to_undo(session: ReviewSession) -> None:
    """The footer shows Undo dimmed, then live once a label is given, then dimmed again."""
    states: list[bool] = []

    async def check(app: ReviewApp, pilot: Pilot[int]) -> None:
        for keys_ in ((), ("v",), ("u",)):
            await pilot.press(*keys_)
            await pilot.pause()
            undo = [key for key in app.screen.query(FooterKey) if key.action == "undo"]
            assert len(undo) == 1
            states.append(undo[0].has_class("-disabled"))

    drive(session, check)
    assert states == [True, False, True]


def test_last_claim_has_no_next(session: ReviewSession) -> None:
    session.move_to(session.claims.count() - 1)

    async def check(app: ReviewApp, pilot: Pilot[int]) -> None:
        assert app.screen.check_action("next_claim", ()) is None
        await pilot.press("j", "space")
        assert session.cursor == session.claims.count() - 1
        await pilot.press("v")  # the last claim is labelled; the cursor stays
        assert session.label(session.cursor) is Label.VERIFIED

    drive(session, check)


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    from reviewer.tui.screens.confirm import ConfirmScreen
    from reviewer.tui.screens.export import ExportScreen
    from reviewer.tui.screens.filter import FilterScreen
    from reviewer.tui.screens.goto import GotoScreen
    from reviewer.tui.screens.help import HelpScreen
    from reviewer.tui.screens.note import NoteScreen
    from reviewer.tui.widgets.search_bar import SearchInput

    owners: list[type[DOMNode]] = [ReviewApp, ReviewScreen, ConfirmScreen, ExportScreen, FilterScreen]
    owners += [GotoScreen]
    owners += [HelpScreen, NoteScreen, SearchInput]
    for owner in owners:
        for binding in owner.BINDINGS:
            assert not isinstance(binding, tuple), owner
            assert binding.id, (owner, binding)
            assert binding.tooltip, (owner, binding)
