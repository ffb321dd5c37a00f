"""A paragraph of many screens (a transcript, a one-stream PDF) is shown as a window of its claims."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reviewer.documents.loader import load_document
from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.widgets.paragraph_view import ParagraphView
from reviewer.tui.widgets.quiet_static import QuietStatic
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
        shown.append(str(view.query_one("#current", QuietStatic).render()))
        await pilot.press("v")  # labels claim 700 and moves to 701
        await pilot.pause()
        shown.append(str(view.query_one("#current", QuietStatic).render()))

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
        shown.append(str(app.screen.query_one("#current", QuietStatic).render()))

    drive(session, scenario)
    assert "…" not in shown[0] and "Sentence number 1 says" in shown[0] and "number 20 says" in shown[0]
