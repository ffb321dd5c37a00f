"""A paragraph of many screens (a transcript, a one-stream PDF) is shown as a window of its claims."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reviewer.documents.loader import load_document
from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.hinting import LOAD_AFTER_SECONDS
from reviewer.tui.widgets.paragraph_view import ParagraphView
from reviewer.tui.widgets.wrapped_text import WrappedText
from tests.tui.tui_helpers import REVIEWER, drive, reopen

SENTENCE = "Sentence number {n} says the levy raised {n} dollars in {year}."


def one_paragraph(path: Path, sentences: int = 1500) -> Path:
    text = " ".join(SENTENCE.format(n=n, year=1900 + n % 120) for n in range(1, sentences + 1))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_the_current_claim_of_a_huge_paragraph_shows_in_a_window(tmp_path: Path) -> None:
    document = load_document(one_paragraph(tmp_path / "transcript.txt"))
    assert len(document.paragraphs) == 1 and len(document.text) > 90_000
    db_path = tmp_path / "db.json"
    session = ReviewSession(document, ReviewStore(db_path), REVIEWER)
    session.goto_claim(700)
    shown: list[str] = []

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        view = app.screen.query_one(ParagraphView)
        shown.append(str(view.query_one("#current", WrappedText).render()))
        await pilot.press("v")  # labels claim 700 and moves to 701
        await pilot.pause()
        shown.append(str(view.query_one("#current", WrappedText).render()))

    drive(session, scenario)
    first, after = shown
    # A few screens of text around the cursor, cut with an ellipsis at both ends, not 90 KB.
    assert len(first) < 20_000
    assert first.startswith("… ") and first.endswith(" …")
    assert "Sentence number 700 says" in first and "Sentence number 1 says" not in first
    assert "Sentence number 701 says" in after
    again = reopen(session, db_path)
    assert again.label(699) is Label.VERIFIED and again.label(700) is None


def test_a_paragraph_of_one_screen_is_shown_whole(tmp_path: Path) -> None:
    document = load_document(one_paragraph(tmp_path / "short.txt", sentences=20))
    session = ReviewSession(document, ReviewStore(tmp_path / "db.json"), REVIEWER)
    shown: list[str] = []

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        shown.append(str(app.screen.query_one("#current", WrappedText).render()))

    drive(session, scenario)
    assert "…" not in shown[0] and "Sentence number 1 says" in shown[0] and "number 20 says" in shown[0]


def test_a_window_is_wrapped_as_the_whole_text_and_stays_put_between_pages(tmp_path: Path) -> None:
    """Keys inside a page redraw the claims they change, not the window; the lines are the text's wrap."""
    document = load_document(one_paragraph(tmp_path / "transcript.txt"))
    db_path = tmp_path / "db.json"
    session = ReviewSession(document, ReviewStore(db_path), REVIEWER)
    session.goto_claim(720)
    seen: dict[str, object] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        view = app.screen.query_one(ParagraphView)
        current = view.query_one("#current", WrappedText)
        drawn: list[int] = []
        render_line = current.render_line

        def counted(y: int):  # type: ignore[no-untyped-def]
            drawn.append(y)
            return render_line(y)

        current.render_line = counted  # type: ignore[method-assign]
        # Hints off once their model has loaded: flagging claims as it scores them redraws them.
        await pilot.pause(LOAD_AFTER_SECONDS + 0.2)
        await app.workers.wait_for_complete()
        await pilot.press("H")
        starts, rows, scrolls = [], [], []
        for key in ("j", "j", "v", "k"):
            drawn.clear()
            await pilot.press(key)
            await pilot.pause()
            width = current.size.width
            whole = current.shown.wrap(width)
            lines = current.lines_at(width)
            assert [(a.plain, a.spans) for a in lines] == [(b.plain, b.spans) for b in whole]
            starts.append(current.shown.plain[:80])
            rows.append(len(set(drawn)))
            scrolls.append(view.scroll_offset.y)
        seen.update(starts=starts, rows=rows, scrolls=scrolls, height=len(lines))

    drive(session, scenario)
    # A page holds a screen of text (some twenty claims here): four keys cross at most one page
    # boundary. Between two, the window and the text on the screen stay put, and each key draws
    # again the few lines of the two claims whose marks moved, not the window's.
    starts, rows, scrolls = seen["starts"], seen["rows"], seen["scrolls"]
    assert isinstance(starts, list) and isinstance(rows, list) and isinstance(scrolls, list)
    still = [n for n in range(1, 4) if starts[n] == starts[n - 1]]
    assert len(still) >= 2
    assert all(scrolls[n] == scrolls[n - 1] and rows[n] <= 8 for n in still)
    assert rows[still[0]] < seen["height"]
    again = reopen(session, db_path)
    assert again.label(721) is Label.VERIFIED


def test_the_list_row_of_a_huge_paragraph_counts_its_labels(tmp_path: Path) -> None:
    from reviewer.tui.widgets.paragraph_list import paragraph_prompt

    document = load_document(one_paragraph(tmp_path / "transcript.txt"))
    db_path = tmp_path / "db.json"
    session = ReviewSession(document, ReviewStore(db_path), REVIEWER)
    for number, label in ((3, Label.VERIFIED), (900, Label.VERIFIED), (1400, Label.DISPUTED)):
        session.goto_claim(number)
        session.set_label(label)
    session.set_note("checked", ())
    row = paragraph_prompt(reopen(session, db_path), 0, 1).plain
    assert "✔2✘1·1497" in row.replace(" ", "") and "✎" in row


def test_a_new_theme_draws_every_line_again(tmp_path: Path) -> None:
    """Lines are kept drawn while they only move; a theme changes how each one looks."""
    document = load_document(one_paragraph(tmp_path / "short.txt", sentences=20))
    session = ReviewSession(document, ReviewStore(tmp_path / "db.json"), REVIEWER)
    drawn: list[object] = []

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        current = app.screen.query_one("#current", WrappedText)
        drawn.append(tuple(current.render_line(1)))
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        drawn.append(tuple(current.render_line(1)))

    drive(session, scenario)
    assert drawn[0] != drawn[1]
