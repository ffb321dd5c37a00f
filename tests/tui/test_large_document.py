"""A document too long to segment before the first screen: it shows at once, the rest follows."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reviewer.documents.segmentation import SEGMENT_AT_ONCE_CHARS
from reviewer.model import Label
from reviewer.review.opening import OpenedDocument, open_for_review
from reviewer.review.session import ReviewSession
from reviewer.storage.snapshots import versions_dir
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens import review as review_screen
from reviewer.tui.screens.review import ReviewScreen
from reviewer.tui.widgets.paragraph_list import ParagraphList
from tests.helpers import long_text


@pytest.fixture
def long_path(tmp_path: Path, seed_fr: Path, sample_en: Path) -> Path:
    path = tmp_path / "rapport-long.txt"
    path.write_text(long_text(seed_fr, sample_en, copies=60), encoding="utf-8")
    assert path.stat().st_size > 2 * SEGMENT_AT_ONCE_CHARS
    return path


def open_for_screen(path: Path, db_path: Path) -> OpenedDocument:
    """What ``reviewer FILE`` hands the screen."""
    return open_for_review(path, ReviewStore(db_path), "tester", register=True, segment_all=False)


def run(opened: OpenedDocument, scenario) -> ReviewApp:  # type: ignore[no-untyped-def]
    app = ReviewApp(opened)

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await scenario(app, pilot)

    asyncio.run(main())
    return app


async def until_segmented(session: ReviewSession, pilot: Pilot[int]) -> None:
    for _ in range(500):
        if session.claims_known:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert session.claims_known


def test_a_short_document_is_all_segmented_and_registered_first(sample_en: Path, db_path: Path) -> None:
    opened = open_for_screen(sample_en, db_path)
    session = opened.session
    assert session.claims_known and session.registered and not opened.register_when_segmented
    assert session.store.is_registered(session.document.doc_id)


def test_the_first_screen_comes_before_the_rest_is_segmented(long_path: Path, db_path: Path) -> None:
    opened = open_for_screen(long_path, db_path)
    session = opened.session
    assert not session.claims_known and opened.register_when_segmented and not session.registered
    assert not session.store.is_registered(session.document.doc_id)
    seen: dict[str, str] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.pause()
        seen["claim"] = str(app.screen.query_one("#claim").render())
        await until_segmented(session, pilot)
        seen["progress"] = str(app.screen.query_one("#status-progress").render())
        seen["last row"] = app.screen.query_one(ParagraphList).render_line(0).text

    run(opened, scenario)
    assert "claim 1/" in seen["claim"]
    total = session.claims.count()
    assert f"reviewed 0/{total} " in seen["progress"] and "reading" not in seen["progress"]
    assert "…" not in seen["last row"].split()[1]  # the badge, once segmented
    store = session.store
    assert store.is_registered(session.document.doc_id)
    assert (versions_dir(store) / f"{session.document.doc_id}.json.gz").is_file()
    assert session.registered


def test_keys_work_while_the_rest_is_segmented(long_path: Path, db_path: Path) -> None:
    opened = open_for_screen(long_path, db_path)
    session = opened.session

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v", "d", "J", "o")
        await until_segmented(session, pilot)
        await pilot.press("q")

    run(opened, scenario)
    again = ReviewSession(session.document, ReviewStore(db_path), "tester")
    labels = {index: again.label(index) for index in range(8)}
    assert labels[0] is Label.VERIFIED and labels[1] is Label.DISPUTED
    assert Label.OPINION in labels.values()


def test_quitting_at_once_still_records_the_document(long_path: Path, db_path: Path) -> None:
    opened = open_for_screen(long_path, db_path)
    session = opened.session

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("q")

    run(opened, scenario)
    assert session.store.is_registered(session.document.doc_id)
    assert session.registered


@pytest.mark.parametrize(
    "keys",
    [
        ("j", "j", "v", "k"),
        ("slash", "l", "a", "enter", "greater_than_sign"),  # matches nearby
        ("j", "j", "left_square_bracket", "right_square_bracket"),
        ("g", "c", "3", "enter"),
        ("J", "J", "K"),
    ],
    ids=["move-and-label", "search", "unreviewed", "goto-claim", "paragraphs"],
)
def test_keys_near_the_start_do_not_wait_for_the_whole_document(
    long_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch, keys: tuple[str, ...]
) -> None:
    # No background segmentation, to see what the keys themselves segment.
    async def no_background(screen: ReviewScreen) -> None:
        return None

    monkeypatch.setattr(review_screen, "segment_rest", no_background)
    opened = open_for_screen(long_path, db_path)
    session = opened.session

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert not session.claims_known, keys
        assert session.claims.known < 200

    run(opened, scenario)


def test_closing_the_app_while_it_segments_behind_the_screen_is_clean(tmp_path: Path, db_path: Path) -> None:
    """The app removes the screen's widgets one by one as it closes; a progress step in between waits."""
    path = tmp_path / "votes.txt"
    path.write_text("".join(f"Vote {n} passed.\n\n" for n in range(150_000)), encoding="utf-8")
    for _ in range(3):  # the step must fall between two widgets' removal: give it a few chances
        opened = open_for_screen(path, db_path)

        async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
            await pilot.pause(0.27)  # progress is shown every quarter second
            assert not app.opened.session.claims_known  # type: ignore[union-attr]

        run(opened, scenario)  # raised WorkerFailed (NoMatches: the status bar was gone) before
