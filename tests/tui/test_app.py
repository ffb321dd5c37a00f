"""The app shell: opening a document in a worker, load errors, the exit code."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from reviewer.errors import LoadError
from reviewer.model import Label
from reviewer.review.opening import OpenedDocument
from reviewer.tui import app as app_module
from reviewer.tui.app import ReviewApp, run_app
from reviewer.tui.keeping import watch_database
from reviewer.tui.screens.loading import LoadingScreen
from reviewer.tui.screens.review import ReviewScreen
from tests.tui.tui_helpers import EN, make_session_on


def test_opens_in_a_worker_behind_a_loading_screen(db_path: Path) -> None:
    def slow_open() -> OpenedDocument:
        time.sleep(0.3)
        return OpenedDocument(make_session_on(EN, db_path))

    app = ReviewApp(slow_open, opening="harbour-bridge-levy.md")

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LoadingScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            await pilot.pause()  # let the new screen finish mounting
            await pilot.press("v")
            await pilot.pause()
            await pilot.press("q")

    asyncio.run(main())
    assert app.session is not None and app.session.label(0) is not None
    assert app.return_code == 0


def test_a_load_error_ends_with_one_line_and_code_1(db_path: Path) -> None:
    def broken() -> OpenedDocument:
        raise LoadError("notes.bin is not a text document")

    app = ReviewApp(broken)

    async def main() -> None:
        async with app.run_test() as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(main())
    assert app.return_code == 1
    assert app.error_message == "notes.bin is not a text document"


def test_run_app_prints_the_error_and_returns_the_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class FakeApp:
        def __init__(self, session: object, *, opening: str, **options: object) -> None:
            self.error_message = "the database x.json is damaged"
            self.return_code = 1

        def run(self) -> int:
            return 1

    monkeypatch.setattr(app_module, "ReviewApp", FakeApp)
    assert run_app(lambda: None) == 1  # type: ignore[arg-type, return-value]
    assert capsys.readouterr().err == "reviewer: the database x.json is damaged\n"


def test_a_change_made_elsewhere_then_a_key_here_is_still_shown(db_path: Path) -> None:
    """Another window labels claim 6; within two seconds a key here; the next look shows claim 6."""
    session = make_session_on(EN, db_path)
    app = ReviewApp(session)
    elsewhere = make_session_on(EN, db_path)

    async def main() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            elsewhere.move_to(5)
            elsewhere.set_label(Label.DISPUTED)
            await pilot.press("v")  # before the screen's next look at the database
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            watch_database(screen)  # what the two-second timer calls
            await pilot.pause()
            assert session.label(5) is Label.DISPUTED and session.label(0) is Label.VERIFIED
            await pilot.press("q")

    asyncio.run(main())
