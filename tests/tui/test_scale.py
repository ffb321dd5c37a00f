"""Scale guard: 5,000 paragraphs must open and answer a key quickly (the list stays virtualized)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from reviewer.loader import load_document
from reviewer.model import Label
from reviewer.review import ReviewSession
from reviewer.store import ReviewStore
from reviewer.tui.app import ReviewApp

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
