"""Segmenting a large document behind the screen, a small step between two keys."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable

from reviewer.documents.segmentation import Claims

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
