"""Helpers for the TUI tests: build sessions, drive the app headless, reopen the database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path

from textual.pilot import Pilot

from reviewer.documents.base import Document
from reviewer.documents.loader import load_document
from reviewer.paths import samples_dir
from reviewer.review.opening import OpenedDocument
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.hinting import LOAD_AFTER_SECONDS

REVIEWER = "tester"
FIXED_TIME = "2026-01-02T03:04:05Z"
EN = "harbour-bridge-levy.md"
FR = "vignoble-secheresse.txt"

Scenario = Callable[[ReviewApp, Pilot[int]], Awaitable[None]]


@cache
def sample(name: str) -> Document:
    """A bundled sample, loaded once: language detection makes the first load slow."""
    return load_document(samples_dir() / name)


def make_session_on(name: str, db_path: Path, reviewer: str = REVIEWER) -> ReviewSession:
    """A session on sample ``name`` over the database at ``db_path`` with a fixed clock."""
    return ReviewSession(sample(name), ReviewStore(db_path), reviewer, clock=lambda: FIXED_TIME)


def reopen(session: ReviewSession, db_path: Path) -> ReviewSession:
    """A new session on a new store over the same file: what the next run would see."""
    return ReviewSession(session.document, ReviewStore(db_path), session.reviewer)


def drive(
    session: ReviewSession | OpenedDocument, scenario: Scenario, size: tuple[int, int] = (120, 35)
) -> ReviewApp:
    """Run the app on ``session`` (or an opened document) headless, play ``scenario``, return the app."""
    app = ReviewApp(session)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)
            await pilot.pause()

    asyncio.run(main())
    return app


def keys(*pressed: str) -> Scenario:
    """A scenario that only presses keys."""

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press(*pressed)

    return scenario


DISK_FULL = "No space left on device"


def fill_the_disk(monkeypatch: object) -> None:
    """Make every journal fsync fail with ENOSPC, as on a full disk (a fault at the OS boundary)."""
    import errno
    import os

    from reviewer.storage import journal

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(journal.os, "fsync", full)  # type: ignore[attr-defined]


async def hints_ready(pilot: Pilot[int]) -> None:
    """Wait for the hint model, which loads after the first paint, so every run shows the same."""
    await pilot.pause(LOAD_AFTER_SECONDS + 0.1)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    hints = getattr(pilot.app.screen, "hints", None)  # a review screen's: scored in steps, on a timer
    for _ in range(200):  # a loaded machine takes longer; counts on screen need every claim scored
        if hints is None or not hints.active or hints.scored_all:
            break
        await pilot.pause(0.05)
    await pilot.pause()
