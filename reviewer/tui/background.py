"""Segmenting a large document behind the screen, a small step between two keys."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.css.query import NoMatches

from reviewer.documents.segmentation import Claims
from reviewer.errors import DatabaseLockedError, StoreError

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

PROGRESS_SECONDS = 0.25  # how often the progress of a large document's segmentation is shown


async def segment_behind(claims: Claims, *, alive: Callable[[], bool], progress: Callable[[], None]) -> bool:
    """Segment the rest of ``claims`` a step at a time; True when done, False if ``alive()`` fails.

    ``progress`` is called about every quarter second so the screen can show how far it got.
    """
    shown = time.monotonic()
    while not claims.advance():
        # A step's new claims would otherwise pile up until a full collection walks them all
        # (measured: one 19 ms pause among 3 ms steps at 10 MB); frozen, no step exceeds 5 ms.
        # Collect first, or garbage of the moment (a closed dialog) would be frozen for good;
        # with everything older frozen, that collection walks one step's objects (under 1 ms).
        gc.collect()
        gc.freeze()
        await asyncio.sleep(0)  # let keys and redraws through between steps
        if not alive():
            return False  # the app is closing; quitting registers the document itself
        if time.monotonic() - shown >= PROGRESS_SECONDS:
            shown = time.monotonic()
            progress()
    return True


async def segment_rest(screen: ReviewScreen) -> None:
    """Segment the rest of the screen's document behind it, showing progress, then finish up."""

    def progress() -> None:
        # New badges in the list, new totals in the status line and panel; the reading pane stays put.
        try:
            screen.paragraph_list.refresh_rows()
            screen.show_status()
            screen.show_panel()
        except NoMatches:
            pass  # the app is closing and has removed some of the screen's widgets already

    alive = screen.paragraph_list
    if await segment_behind(screen.session.claims, alive=lambda: alive.is_attached, progress=progress):
        screen.paragraph_list.refresh_rows()
        screen.refresh_view()
        segmented(screen)


def segmented(screen: ReviewScreen) -> None:
    """Every claim is known: record the document as opened and keep a snapshot of this version."""
    gc.freeze()  # the new claims need no garbage collection passes either (see ReviewApp)
    opened, session = screen.opened, screen.session
    if opened.register_when_segmented and not session.registered and not screen.saver.read_only:
        try:
            session.register(snapshot=False)
        except DatabaseLockedError:
            return  # bookkeeping: done at quit instead
        except StoreError as exc:
            screen.notify(str(exc), title="Cannot record the document", severity="error", markup=False)
            return
        _save_snapshot(screen)


@work(thread=True, exclusive=True, group="snapshot", exit_on_error=False)
def _save_snapshot(screen: ReviewScreen) -> None:
    """Compress and write the snapshot (a few hundred ms at 10 MB) off the UI thread."""
    from reviewer.storage.snapshots import save_snapshot

    save_snapshot(screen.session.store, screen.session.document)  # failures only cost re-anchoring hints
