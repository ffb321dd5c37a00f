"""A process stopped (Ctrl-Z) while it holds the database's lock never freezes the screen.

The holder is a real reviewer process, stopped with SIGSTOP in the middle of a change (inside
``update_review``, under the lock). The screen used to wait 10 s per key for the lock, and
``q`` could not get through; now a key waits a few milliseconds, the change stays in memory
marked as waiting, and it is saved when the holder lets go.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.model import Label
from reviewer.tui.app import ReviewApp
from reviewer.tui.keeping import watch_database
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.screens.review import ReviewScreen
from reviewer.tui.widgets.status import SaveState
from tests.tui.tui_helpers import EN, make_session_on, reopen

KEY_GUARD = 2.0  # seconds: generous; a key used to take the whole 10 s lock wait

_HOLDER = textwrap.dedent(
    """
    import os, signal, sys
    from reviewer.storage.store import ReviewStore

    def stop_while_holding(stored):
        print("holding", flush=True)
        os.kill(os.getpid(), signal.SIGSTOP)  # Ctrl-Z in the middle of an import
        return stored

    ReviewStore(sys.argv[1]).update_review("some-key", stop_while_holding)
    """
)


@pytest.fixture
def stopped_holder(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A reviewer process holding the lock, stopped; resumed and reaped at the end."""
    make_session_on(EN, db_path).store.close()  # the database exists
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    deadline = time.monotonic() + 10
    while _process_state(holder.pid) != "T" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _process_state(holder.pid) == "T"  # stopped, lock held
    try:
        yield holder
    finally:
        holder.send_signal(signal.SIGCONT)
        holder.wait(timeout=30)


def _state(screen: ReviewScreen) -> SaveState:
    return screen.save_state  # a call: mypy would otherwise keep the first assertion's narrowing


def _process_state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_keys_never_wait_for_a_stopped_lock_holder_and_q_gets_through(
    stopped_holder: subprocess.Popen[str], db_path: Path
) -> None:
    session = make_session_on(EN, db_path)
    app = ReviewApp(session)
    timings: list[float] = []

    async def timed(pilot: object, key: str) -> None:
        started = time.monotonic()
        await pilot.press(key)  # type: ignore[attr-defined]
        timings.append(time.monotonic() - started)

    async def main() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            for key in ("v", "d", "o", "j", "backspace"):
                await timed(pilot, key)
            assert session.unsaved == {0, 1, 2}  # kept in memory, in view
            assert [session.label(i) for i in range(3)] == [Label.VERIFIED, Label.DISPUTED, Label.OPINION]
            assert _state(screen) is SaveState.WAITING
            assert "3 waiting for another process" in str(screen.query_one("#status-saved").render())
            watch_database(screen)  # the two-second retry: still held, still quick
            await timed(pilot, "q")
            assert isinstance(app.screen, ConfirmScreen)  # asks before losing the waiting changes
            await timed(pilot, "escape")  # stay
            stopped_holder.send_signal(signal.SIGCONT)  # the other process carries on and lets go
            stopped_holder.wait(timeout=30)
            watch_database(screen)
            await pilot.pause()
            assert session.unsaved == frozenset() and _state(screen) is SaveState.SAVED
            await timed(pilot, "q")

    asyncio.run(main())
    assert app.return_code == 0 and max(timings) < KEY_GUARD, timings
    again = reopen(session, db_path)
    assert [again.label(i) for i in range(3)] == [Label.VERIFIED, Label.DISPUTED, Label.OPINION]


def test_the_screen_opens_while_a_stopped_process_holds_the_lock(
    stopped_holder: subprocess.Popen[str], db_path: Path, sample_en: Path
) -> None:
    """Opening records the document, a write: it waits a moment, then leaves that for later."""
    from reviewer.review.opening import open_for_review
    from reviewer.storage.store import ReviewStore

    started = time.monotonic()
    opened = open_for_review(sample_en, ReviewStore(db_path), "tester", register=True)
    assert time.monotonic() - started < KEY_GUARD
    assert opened.register_when_segmented and not opened.session.registered  # recorded at quit
