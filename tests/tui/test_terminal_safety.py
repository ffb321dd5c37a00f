"""The review screen never sends other people's escape sequences to the terminal (issue 18.1).

A hostile document, reviewer name, note, source, recheck wording and orphan are shown on every
screen; the test reads what the screen draws (every segment's text) and, under tmux, the raw
bytes the terminal receives and the pane's title.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.strip import Strip

from reviewer.documents.loader import load_document
from reviewer.model import Anchor, Label, Review
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.screens.note import NoteScreen
from reviewer.tui.widgets.paragraph_view import MATCH_STYLE, ParagraphView
from reviewer.tui.widgets.safe_fields import SafeTextArea
from tests.tui.tui_helpers import FIXED_TIME, drive

# Written out here rather than imported, so the test does not share the code's mistakes.
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
TITLE = "\x1b]2;PWNED\x1b\\"
CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
HIDE = "4 dollars\x1b[9D\x1b[8m a day"
HOSTILE_TEXT = (
    f"Report {TITLE} on parking\n\n"
    f"It costs {HIDE} to park. The clipboard {CLIPBOARD} is here.\n\n"
    "Clear \x1b[2J the screen. Reversed \u202eabc\u202c text, a bell \x07 and a park bench.\n"
)
HOSTILE_NAME = "mallory\x1b]2;OWNED\x07\u202e"
NOTE = f"note {TITLE} with\ttab and {CLIPBOARD}"
SOURCE = "https://example.org/\x1b[2J"


def hostile_session(tmp_path: Path) -> ReviewSession:
    """The hostile document with a hostile note, source, recheck wording and orphan."""
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_TEXT, encoding="utf-8")
    document = load_document(path)
    store = ReviewStore(tmp_path / "db.json")
    session = ReviewSession(document, store, HOSTILE_NAME, clock=lambda: FIXED_TIME)
    session.move_to(1)
    session.edit(1, label=Label.DISPUTED, note=NOTE, sources=[SOURCE], claim_author=HOSTILE_NAME)
    third = document.claims[2]
    anchor = Anchor.for_span(document.text, third.start, third.end)
    store.put_review(
        Review(document.doc_id, HOSTILE_NAME, anchor, Label.OPINION, "", (), FIXED_TIME, FIXED_TIME, TITLE)
    )
    orphan = Anchor.for_span(document.text, third.start + 2, third.end)  # a span no claim holds
    store.put_review(
        Review(document.doc_id, HOSTILE_NAME, orphan, Label.VERIFIED, NOTE, (), FIXED_TIME, FIXED_TIME)
    )
    session.reload()
    assert session.orphans
    return session


def drawn(app: ReviewApp) -> str:
    """The text of every segment the screen would send to the terminal now."""
    update = app.screen._compositor.render_full_update()
    texts: list[str] = []
    for line in update.strips:
        strips = [line] if isinstance(line, Strip) else list(line)
        for strip in strips:
            texts.extend(segment.text for segment in strip)
    return "".join(texts)


def assert_safe(app: ReviewApp, where: str) -> str:
    text = drawn(app)
    found = UNSAFE.search(text)
    assert found is None, f"{where}: {found.group()!r} drawn in {text[max(0, found.start() - 40) :][:80]!r}"
    return text


def test_every_screen_draws_hostile_text_as_visible_characters(tmp_path: Path) -> None:
    session = hostile_session(tmp_path)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        text = assert_safe(app, "review screen")
        assert "4 dollars␛[9D␛[8m a day" in text  # hidden text shown, with its escapes visible
        assert "mallory␛]2;OWNED␇" in text and "note ␛]2;PWNED" in text
        app.screen.notify(f"failed on {TITLE}", title=HOSTILE_NAME, markup=False)  # errors quote paths
        await pilot.pause()
        [notification] = app._notifications  # what the toast shows
        assert notification.message == "failed on ␛]2;PWNED␛\\" and notification.title == "mallory␛]2;OWNED␇�"
        await pilot.press("j")  # the claim under a recheck wording
        assert "was ␛]2;PWNED" in assert_safe(app, "recheck")
        await pilot.press("k", "n")
        assert isinstance(app.screen, NoteScreen)
        text = assert_safe(app, "note editor")
        assert "tab and ␛]52;c;" in text and "mallory␛]2;OWNED␇" in text  # the note and who made the claim
        await pilot.press("escape", "O")
        assert "note ␛]2;PWNED" in assert_safe(app, "orphans")
        await pilot.press("escape", "question_mark")
        assert_safe(app, "help")
        await pilot.press("escape", "e")
        assert_safe(app, "export dialog")
        await pilot.press("escape")
        app.push_screen(ConfirmScreen(f"Replace «{NOTE}»?"))
        await pilot.pause()
        assert "Replace «note ␛]2;PWNED" in assert_safe(app, "confirm dialog")

    drive(session, scenario)


def test_a_note_left_as_shown_keeps_its_bytes_and_a_paste_is_filtered(tmp_path: Path) -> None:
    from textual import events

    session = hostile_session(tmp_path)
    db = session.store.path

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n")
        sources = app.screen.query_one("#note-sources", SafeTextArea)
        sources.text = sources.text + "\nAnnual report"  # only the sources change
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        note = app.screen.query_one("#note-text", SafeTextArea)
        note.post_message(events.Paste(f" pasted {TITLE}"))
        await pilot.pause()
        assert_safe(app, "after a paste")
        await pilot.press("ctrl+s")
        await pilot.pause()

    drive(session, scenario)
    first = ReviewStore(db).get_review(session.review(1).key)  # type: ignore[union-attr]
    assert first is not None
    assert first.sources == (SOURCE, "Annual report")  # the untouched source kept its escape
    assert first.claim_author == HOSTILE_NAME  # so did the untouched "said by" field
    # The edited note saves what the reviewer saw: its escapes are visible characters now.
    assert first.note.endswith(" pasted ␛]2;PWNED␛\\") and "\x1b" not in first.note


def highlighted(view: ParagraphView) -> list[str]:
    """The characters the reading pane styles as search matches in the current paragraph."""
    content = view._current_content
    return [content.plain[span.start : span.end] for span in content.spans if span.style == MATCH_STYLE]


def test_search_matches_are_highlighted_on_the_right_characters(tmp_path: Path) -> None:
    """Content drops BEL; a filter that kept lengths equal keeps the highlights in place."""
    session = hostile_session(tmp_path)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("slash", *"park", "enter")
        await pilot.pause()
        view = app.screen.query_one(ParagraphView)
        assert highlighted(view) == ["park"]
        await pilot.press("greater_than_sign")  # the next match: after the bell in claim 5
        assert highlighted(view) == ["park"]

    drive(session, scenario)


# -- the real terminal -------------------------------------------------------------------

HOSTILE_SEQUENCES = (b"\x1b]2;", b"\x1b]52;", b"\x1b[2J", b"\x1b[9D", b"\x1b[8m", "\u202e".encode())


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_under_tmux_no_hostile_byte_reaches_the_terminal(tmp_path: Path) -> None:
    session = hostile_session(tmp_path)
    document = Path(session.document.path)
    db = session.store.path
    session.store.close()
    raw = tmp_path / "pane.raw"
    socket = f"reviewer-safety-{os.getpid()}"  # a tmux server of our own
    name = "hostile"

    def tmux(*args: str) -> str:
        command = ["tmux", "-L", socket, "-f", os.devnull, *args]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    command = f"{sys.executable} -m reviewer {document}; sleep 5"
    environment = ("-e", f"REVIEWER_DB={db}", "-e", f"REVIEWER_NAME={HOSTILE_NAME}")
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "35", *environment, command)
    try:
        tmux("pipe-pane", "-t", name, "-o", f"cat >> {raw}")
        before = tmux("display", "-p", "-t", name, "#{pane_title}").strip()
        deadline = time.monotonic() + 20
        while "reviewed" not in tmux("capture-pane", "-p", "-t", name) and time.monotonic() < deadline:
            time.sleep(0.2)
        for key in ("j", "j", "j", "k", "n", "Escape", "O", "Escape", "?", "Escape", "e", "Escape"):
            tmux("send-keys", "-t", name, key)
            time.sleep(0.4)
        screen = tmux("capture-pane", "-p", "-t", name)
        title = tmux("display", "-p", "-t", name, "#{pane_title}").strip()
        tmux("send-keys", "-t", name, "q")
        time.sleep(0.5)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)
    output = raw.read_bytes()
    assert b"PWNED" in output  # the hostile text was drawn …
    for sequence in HOSTILE_SEQUENCES:  # … but none of its sequences was sent
        assert sequence not in output, f"{sequence!r} reached the terminal"
    # Every PWNED on the wire is visible text after a pictured ESC, never inside a sequence.
    assert output.count(b"PWNED") == output.count("␛]2;PWNED".encode())
    assert "PWNED" not in title and "OWNED" not in title and title == before
    assert "4 dollars␛[9D␛[8m a day" in screen  # the text the escapes meant to hide is on screen
