"""Pilot tests: a document that changed under its reviews, as the review screen shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static

from reviewer.model import Label
from reviewer.review.filters import ClaimFilter
from reviewer.review.opening import OpenedDocument, open_for_review
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.info import InfoScreen
from reviewer.tui.screens.review import ReviewScreen
from reviewer.tui.widgets.claim_panel import ClaimPanel
from reviewer.tui.widgets.paragraph_list import ParagraphList
from reviewer.tui.widgets.paragraph_view import ParagraphView
from reviewer.tui.widgets.status import StatusBar
from tests.helpers import REWORDED_NEW, changed_article
from tests.tui.tui_helpers import REVIEWER, drive


@pytest.fixture
def opened(sample_en: Path, tmp_path: Path, db_path: Path) -> OpenedDocument:
    path = changed_article(sample_en, tmp_path, db_path, reviewer=REVIEWER)
    return open_for_review(path, ReviewStore(db_path), REVIEWER, register=True, segment_all=False)


def recheck_index(opened: OpenedDocument) -> int:
    session = opened.session
    return next(i for i, claim in enumerate(session.claims.all()) if claim.text.startswith(REWORDED_NEW))


def shown(widget: Static) -> str:
    return str(widget.render())


def test_the_status_line_counts_rechecks_and_orphans(opened: OpenedDocument) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        text = shown(app.screen.query_one(StatusBar).query_one("#status-progress", Static))
        assert "reviewed 3/" in text and "↻ 1 to recheck" in text and "⊘ 1 orphan" in text

    drive(opened, scenario)


def test_r_jumps_to_the_claim_to_recheck_which_shows_both_wordings(opened: OpenedDocument) -> None:
    target = recheck_index(opened)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("r")
        assert opened.session.cursor == target
        panel = app.screen.query_one(ClaimPanel)
        text = shown(panel)
        assert "↻ reworded since labelled" in text
        assert "was Business groups are split." in text and "now Business groups are divided." in text
        visual = panel.visual
        assert isinstance(visual, Content)
        spans = {visual.plain[s.start : s.end]: str(s.style) for s in visual.spans}
        assert "strike" in spans["split"] and "underline" in spans["divided"]  # not colour only
        view = app.screen.query_one(ParagraphView)
        assert "▶ ✘ ↻ ✎ Business groups are divided" in shown(view.query_one("#current", Static))
        row = app.screen.query_one(ParagraphList).render_line(opened.session.current.paragraph)
        assert "↻" in row.text
        await pilot.press("R")  # the only one: wraps back onto itself
        assert opened.session.cursor == target

    drive(opened, scenario)


def test_the_recheck_filter_and_labelling_again(opened: OpenedDocument, db_path: Path) -> None:
    target = recheck_index(opened)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("f", "r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.claim_filter == ClaimFilter.RECHECK
        assert opened.session.cursor == target
        assert screen.query_one(ParagraphList).row_count == 1
        await pilot.press("d")  # the same label again: that is the recheck
        await pilot.press("r")
        assert "No claim needs a recheck" in list(app._notifications)[-1].message

    drive(opened, scenario)
    review = ReviewStore(db_path).get_review(opened.session.review(target).key)  # type: ignore[union-attr]
    assert review is not None and review.label is Label.DISPUTED and not review.recheck


def test_the_carry_over_summary_stays_on_the_info_screen(opened: OpenedDocument) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        [notification] = app._notifications
        assert "Press i to see this again" in notification.message
        app.clear_notifications()
        await pilot.press("i")
        assert isinstance(app.screen, InfoScreen)
        cells = [shown(cell) for cell in app.screen.query("#info-rows Static").results(Static)]
        rows = dict(zip(cells[::2], cells[1::2], strict=True))
        assert "4 notes: 2 in place, 0 moved, 1 changed (recheck), 1 orphaned" in rows["Carried over"]
        assert rows["To recheck"].startswith("1 (") and rows["Orphans"].startswith("1 (")
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)

    drive(opened, scenario)
