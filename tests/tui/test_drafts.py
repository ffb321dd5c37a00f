"""Pilot tests: the note draft autosaved apart from the note, offered back; the position kept."""

from __future__ import annotations

import signal
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TextArea

from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.keeping import keep_position
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.screens.note import NoteScreen
from reviewer.tui.screens.review import ReviewScreen
from tests.tui.tui_helpers import drive, reopen


def stored_draft(session: ReviewSession, db_path: Path) -> str | None:
    draft = ReviewStore(db_path).get_draft(session.document.doc_id, session.reviewer)
    return draft.note if draft else None


def test_typing_a_note_keeps_a_draft_every_second(session: ReviewSession, db_path: Path) -> None:
    session.set_note("saved before", [])

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n", "end", *" and typed on")
        await pilot.pause(1.3)  # the editor's autosave tick, with no key pressed
        assert stored_draft(session, db_path) == "saved before and typed on"
        assert reopen(session, db_path).review(0).note == "saved before"  # type: ignore[union-attr]

    drive(session, scenario)


def test_a_draft_is_offered_back_in_its_editor_on_the_next_open(
    session: ReviewSession, db_path: Path
) -> None:
    async def lose_the_terminal(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("j", "j", "n", *"half a thought")
        assert isinstance(app.screen, NoteScreen)
        app.screen.keep_draft()  # what the tick does; the app then dies without a word

    drive(session, lose_the_terminal)
    later = reopen(session, db_path)

    async def reopened(app: ReviewApp, pilot: Pilot[int]) -> None:
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        assert screen.query_one("#note-text", TextArea).text == "half a thought"
        assert later.cursor == 2
        [notification] = app._notifications
        assert notification.title == "Draft restored" and "claim 3" in notification.message
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReviewScreen)

    drive(later, reopened)
    assert reopen(session, db_path).review(2).note == "half a thought"  # type: ignore[union-attr]
    assert stored_draft(session, db_path) is None  # saved: the draft is gone

    drive(reopen(session, db_path), lambda app, pilot: _no_editor(app))


async def _no_editor(app: ReviewApp) -> None:
    assert isinstance(app.screen, ReviewScreen)  # nothing to offer any more


def test_a_restored_draft_can_be_discarded(session: ReviewSession, db_path: Path) -> None:
    async def lose_the_terminal(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n", *"not worth keeping")
        assert isinstance(app.screen, NoteScreen)
        app.screen.keep_draft()

    drive(session, lose_the_terminal)

    async def reopened(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert isinstance(app.screen, ReviewScreen)

    drive(reopen(session, db_path), reopened)
    assert stored_draft(session, db_path) is None
    assert reopen(session, db_path).review(0) is None


def test_quitting_mid_note_keeps_the_draft(session: ReviewSession, db_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n", *"for later", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")

    app = drive(session, scenario)
    assert app.return_code == 0
    assert stored_draft(session, db_path) == "for later"


def test_the_position_is_saved_once_the_cursor_rests(session: ReviewSession, db_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        screen.position_timer.pause()  # the test ticks it, so a slow machine's own tick cannot interleave
        await pilot.press("J", "J", "j")
        keep_position(screen)  # the timer's tick: the cursor just moved, so it waits
        assert reopen(session, db_path).cursor == 0
        keep_position(screen)  # it rested a tick: saved, as a SIGKILL now would find it
        assert reopen(session, db_path).cursor == session.cursor == 4
        assert not screen.watcher.poll().reloaded  # our own write is not another window's

    drive(session, scenario)


def test_hang_up_keeps_the_draft_and_the_position_and_exits(session: ReviewSession, db_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("J", "n", *"typed as the line dropped")
        app.end_on_signal(signal.SIGHUP)
        await pilot.pause()

    app = drive(session, scenario)
    assert app.return_code == 128 + signal.SIGHUP
    assert stored_draft(session, db_path) == "typed as the line dropped"
    assert reopen(session, db_path).cursor == 1


def test_an_autosave_tick_after_saving_keeps_no_draft(session: ReviewSession, db_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n", *"saved at once")
        editor = app.screen
        assert isinstance(editor, NoteScreen)
        editor.action_save()
        editor.keep_draft()  # the tick that fires before the editor is popped
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)

    drive(session, scenario)
    assert stored_draft(session, db_path) is None
    assert reopen(session, db_path).review(0).note == "saved at once"  # type: ignore[union-attr]


def test_the_claim_details_typed_are_in_the_draft_too(session: ReviewSession, db_path: Path) -> None:
    async def lose_the_terminal(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n")
        editor = app.screen
        assert isinstance(editor, NoteScreen)
        editor.query_one("#note-claim-author").value = "Mayor Ada Quinn"  # type: ignore[attr-defined]
        editor.query_one("#note-claim-date").value = "2026-11-24"  # type: ignore[attr-defined]
        editor.keep_draft()  # what the tick does; the app then dies without a word

    drive(session, lose_the_terminal)

    async def reopened(app: ReviewApp, pilot: Pilot[int]) -> None:
        editor = app.screen
        assert isinstance(editor, NoteScreen)
        assert editor.query_one("#note-claim-author").value == "Mayor Ada Quinn"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")

    drive(reopen(session, db_path), reopened)
    review = reopen(session, db_path).review(0)
    assert review is not None and (review.claim_author, review.claim_date) == (
        "Mayor Ada Quinn",
        "2026-11-24",
    )
    assert stored_draft(session, db_path) is None
