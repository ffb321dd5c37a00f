"""Scale guards: 5,000 paragraphs open and answer a key quickly; a long session keeps no dead widgets."""

from __future__ import annotations

import asyncio
import gc
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from reviewer.documents.loader import load_document
from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from tests.tui.tui_helpers import drive

PARAGRAPHS = 5_000
# Generous: measured ~0.7 s and ~0.2 s here; a ListView of 5,000 items took 19 s and 1.5 s.
MAX_START_SECONDS = 8.0
MAX_KEY_SECONDS = 1.0
MAX_WIDGETS = 200  # one widget per paragraph would be thousands


@pytest.mark.slow
def test_five_thousand_paragraphs(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    source.write_text(
        "\n\n".join(
            f"Paragraph {i} says the levy is {i} dollars. It was approved in {1900 + i % 100}."
            " Critics disagree."
            for i in range(PARAGRAPHS)
        ),
        encoding="utf-8",
    )
    document = load_document(source, language="en")
    assert len(document.paragraphs) == PARAGRAPHS
    session = ReviewSession(document, ReviewStore(tmp_path / "db.json"), "tester")
    app = ReviewApp(session)
    timings: dict[str, float] = {}

    async def main() -> None:
        started = time.perf_counter()
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            timings["start"] = time.perf_counter() - started
            assert len(list(app.screen.walk_children())) < MAX_WIDGETS
            for key in ("j", "v", "J"):
                before = time.perf_counter()
                await pilot.press(key)
                timings[key] = time.perf_counter() - before

    asyncio.run(main())
    assert session.label(1) is Label.VERIFIED
    assert timings["start"] < MAX_START_SECONDS, timings
    for key in ("j", "v", "J"):
        assert timings[key] < MAX_KEY_SECONDS, timings


def _live_footer_keys() -> int:
    gc.unfreeze()  # frozen objects are invisible to get_objects(): a frozen dead key must count too
    gc.collect()
    count = sum(1 for obj in gc.get_objects() if isinstance(obj, FooterKey))
    gc.freeze()  # as the app had it
    return count


@pytest.mark.slow  # 60 footer rebuilds with full collections: about 13 s
def test_footer_rebuilds_release_their_keys(session: ReviewSession) -> None:
    """A long session must not accumulate widgets: every footer rebuild used to keep the old keys.

    Labelling then undoing rebuilds the footer on every key ("Undo" is enabled, then dimmed), as
    opening and closing the search bar does too. Without the fix, 20 keys left about 180 dead
    footer keys alive, and full garbage collections grew with every key.
    """
    counts: list[int] = []

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await app.workers.wait_for_complete()
        for _round in range(3):
            for _ in range(10):
                await pilot.press("v", "u")
            await pilot.pause()
            counts.append(_live_footer_keys())

    drive(session, scenario)
    assert session.label(0) is None and not session.can_undo  # every label was undone
    shown = counts[0]
    assert 0 < shown < 40, counts  # the keys of one footer (and a rebuild in flight), not hundreds
    assert counts[-1] <= counts[0] + 20, counts  # flat: three rounds of 20 rebuilds leave no trail
