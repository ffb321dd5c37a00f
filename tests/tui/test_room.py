"""Pilot tests: the screen uses the room it has, dialogs show all they say, small keys behave."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Static, TextArea

from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.screens.note import NoteScreen
from reviewer.tui.widgets.claim_panel import ClaimPanel
from reviewer.tui.widgets.clamped import ClampedText
from reviewer.tui.widgets.paragraph_view import ParagraphView
from tests.tui.tui_helpers import drive, reopen


def shown(widget: Static) -> str:
    return str(widget.render())


def flat(text: str) -> str:
    """Text on one line, without the ▲ hint markers drawn before hinted claims."""
    return " ".join(text.replace("▲ ", "").split())


def test_context_paragraphs_fill_a_tall_screen(session: ReviewSession) -> None:
    document = session.document
    session.goto_paragraph(3)  # claims 4…: paragraph 4, between two long ones

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        view = app.screen.query_one(ParagraphView)
        before = flat(shown(view.query_one("#before", Static)))
        after = flat(shown(view.query_one("#after", Static)))
        # Whole neighbours, not "a few lines …": the one before, and two after (the rows are there).
        assert flat(document.paragraph_text(2)) in before
        assert flat(document.paragraph_text(4)) in after
        assert flat(document.paragraph_text(5))[:40] in after

    drive(session, scenario, size=(120, 35))


def test_context_still_shows_on_a_small_screen(session: ReviewSession) -> None:
    session.goto_paragraph(3)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        view = app.screen.query_one(ParagraphView)
        assert shown(view.query_one("#before", Static)).strip()
        assert shown(view.query_one("#after", Static)).strip()

    drive(session, scenario, size=(80, 24))


def test_the_claim_panel_shows_the_whole_note_and_every_source(session: ReviewSession) -> None:
    note = "The agenda lists the vote for Sept. 14; the clerk confirmed it by phone on Monday.\nSecond line."
    session.edit(0, note=note, sources=["https://example.org/agenda", "Council minutes, p. 3"])

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        text = shown(app.screen.query_one(ClaimPanel))
        assert "confirmed it by phone on Monday." in flat(text) and "Second line." in text
        assert "https://example.org/agenda" in text and "Council minutes, p. 3" in text
        assert "more" not in text

    drive(session, scenario, size=(120, 35))


def test_a_long_note_is_cut_to_half_the_column_and_says_so(session: ReviewSession) -> None:
    session.edit(0, note="\n".join(f"line {n}" for n in range(40)))

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        panel = app.screen.query_one(ClaimPanel)
        text = shown(panel)
        assert "line 0" in text and "line 39" not in text
        assert "more lines (n opens the note)" in text
        assert panel.size.height <= app.screen.query_one("#reader").size.height // 2

    drive(session, scenario, size=(80, 24))


def test_a_note_of_megabytes_shows_its_start_and_costs_a_key_no_more_than_a_short_one(
    session: ReviewSession,
) -> None:
    # Scale guard, as a ratio within one run: the panel wrapped the whole note on every show
    # (a 5 MB note: seconds a key, and 13 s before the first screen).
    session.edit(0, note="The levy figure comes from the staff report. " * 110_000)  # 5 MB on one line
    session.edit(2, note="short")
    costs: dict[str, list[float]] = {"big": [], "short": []}
    seen: dict[str, str] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        for _ in range(3):
            for key, onto in (("k", "big"), ("j", "x"), ("j", "short"), ("k", "x")):
                began = time.process_time()
                await pilot.press(key)
                if onto in costs:
                    costs[onto].append(time.process_time() - began)
        await pilot.press("k")  # onto the claim with the big note
        seen["panel"] = shown(app.screen.query_one(ClaimPanel))

    session.move_to(1)
    drive(session, scenario)
    panel = seen["panel"]
    assert "The levy figure comes from the staff report." in panel
    assert "more lines (n opens the note)" in panel
    assert len(panel) < 20_000
    assert statistics.median(costs["big"]) < 10 * statistics.median(costs["short"]) + 0.05, costs


def test_the_note_box_is_usable_at_80x24(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("J", "J", "n")  # a claim of three lines
        assert isinstance(app.screen, NoteScreen)
        await pilot.pause()
        assert app.screen.query_one("#note-text", TextArea).content_region.height >= 6

    drive(session, scenario, size=(80, 24))


def test_the_note_editor_says_when_the_claim_is_cut_and_shows_it_whole_when_it_fits(
    session: ReviewSession,
) -> None:
    claim = session.claims[4]  # "Under a proposal … 6:30 p.m.": three rows at 80×24, two at 120×35
    seen: dict[tuple[int, int], list[str]] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.pause()
        widget = app.screen.query_one("#note-claim", ClampedText)
        rows = str(widget.render()).split("\n")
        assert widget.content_region.height == len(rows)
        seen[app.size.width, app.size.height] = rows

    for size in ((80, 24), (120, 35)):
        session.move_to(4)
        drive(session, scenario, size=size)
    small, large = seen[80, 24], seen[120, 35]
    assert len(small) == 2 and small[-1].endswith("…")  # cut, and it says so
    assert flat(" ".join(small)).removesuffix("…").strip() in f"Claim 5: {claim.text}"
    assert flat(" ".join(large)) == f"Claim 5: {claim.text}" and "…" not in large[-1]


def test_ctrl_a_in_the_note_editor_selects_all(session: ReviewSession, db_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n", *"first try", "ctrl+a", *"second")
        assert isinstance(app.screen, NoteScreen) and app.is_running
        assert app.screen.query_one("#note-text", TextArea).text == "second"
        await pilot.press("ctrl+s")

    drive(session, scenario)
    assert reopen(session, db_path).review(0).note == "second"  # type: ignore[union-attr]


def test_a_long_question_wraps_and_its_buttons_are_whole(session: ReviewSession) -> None:
    question = (
        "harbour-bridge-levy.claimreview.jsonld already exists in /home/someone/projects/newsroom/"
        "fact-checks/2026/september. Replace it?"
    )

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        app.push_screen(ConfirmScreen(question, yes="Replace", no="Keep editing"))
        await pilot.pause()
        label = app.screen.query_one("#confirm-question", Static)
        assert flat(shown(label)) == question and label.size.height >= 2
        assert label.size.width <= app.screen.query_one("#confirm-dialog").size.width
        for button in app.screen.query(Button):
            assert button.size.width >= len(str(button.label)) + 2

    drive(session, scenario, size=(80, 24))


def test_the_export_dialog_offers_the_csv_bom(session: ReviewSession, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v", "e")
        bom = app.screen.query_one("#export-bom", Checkbox)
        assert not bom.display  # JSON: nothing to choose
        app.screen.query_one("#export-format").value = "csv"  # type: ignore[attr-defined]
        await pilot.pause()
        assert bom.display
        bom.value = True
        app.screen.query_one("#export-path").value = str(out)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()

    drive(session, scenario)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_last_label_says_every_claim_has_one_and_so_do_the_unreviewed_keys(
    session: ReviewSession,
) -> None:
    total = session.claims.count()
    for index in range(total - 1):
        session.edit(index, label=Label.VERIFIED)
    session.move_to(total - 1)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("d")
        [done] = app._notifications
        assert done.message == f"Every claim has a label: {total} reviewed."
        app.clear_notifications()
        await pilot.press("right_square_bracket")
        [again] = app._notifications
        assert again.message == "Every claim has a label."
        app.clear_notifications()
        await pilot.press("k", "o")  # relabelling a claim is no news
        assert not app._notifications

    drive(session, scenario)
