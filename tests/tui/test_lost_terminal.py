"""A lost terminal, for real: the app under tmux, killed mid-note (SIGKILL, SIGHUP), then reopened."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.paths import samples_dir
from reviewer.storage.store import ReviewStore

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

REVIEWER = "tester"
WAIT = 20.0  # seconds for the app to show something on a busy machine


# Runs the app as a child and writes its pid, then its exit status (negative: killed by that
# signal). tmux's own #{pane_dead_status} is not enough: its server sometimes marks the pane
# dead on the terminal's close and leaves the process unreaped, with no status, for a while.
WRAPPER = """
import subprocess, sys
status, pid, *command = sys.argv[1:]
child = subprocess.Popen(command)
open(pid, "w").write(str(child.pid))
open(status, "w").write(str(child.wait()))
"""


class Pane:
    """The review app in a detached tmux session of its own."""

    def __init__(self, name: str, db: Path, document: Path, folder: Path) -> None:
        self.name = name
        self.status_file = folder / f"{name}.status"
        pid_file = folder / f"{name}.pid"
        command = [sys.executable, "-c", WRAPPER, str(self.status_file), str(pid_file)]
        command += [sys.executable, "-m", "reviewer", str(document)]
        env = [f"-e{k}={v}" for k, v in {"REVIEWER_DB": str(db), "REVIEWER_NAME": REVIEWER}.items()]
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "30", *env, "--", *command],
            check=True,
        )
        deadline = time.monotonic() + WAIT
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.05)
        self.pid = int(pid_file.read_text())

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout.strip()

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def kill(self, number: int) -> int:
        """Send signal ``number`` to the app; return its exit status (``-number``: killed by it)."""
        os.kill(self.pid, number)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.status_file.exists() and self.status_file.read_text():
                return int(self.status_file.read_text())
            time.sleep(0.1)
        raise AssertionError(f"the app did not end on signal {number}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def panes(tmp_path: Path) -> Iterator[list[Pane]]:
    started: list[Pane] = []
    yield started
    for pane in started:
        pane.close()


def test_a_killed_or_hung_up_terminal_keeps_the_draft_and_the_position(
    tmp_path: Path, panes: list[Pane]
) -> None:
    document = tmp_path / "article.md"
    shutil.copy(samples_dir() / "harbour-bridge-levy.md", document)
    db = tmp_path / "db.json"
    doc_id = load_document(document).doc_id
    name = f"reviewer-test-{os.getpid()}-{tmp_path.name}"

    # SIGKILL mid-note, after the editor had a second to autosave: nothing ran at the end.
    pane = Pane(f"{name}-kill", db, document, tmp_path)
    panes.append(pane)
    pane.wait_for("reviewed 0/")
    pane.keys("j", "j", "j", "n")
    pane.wait_for("Sources")
    pane.type("The levy figure is from the 2025 staff report")
    time.sleep(2.5)  # the draft is kept every second; the resting cursor too
    assert pane.kill(signal.SIGKILL) == -signal.SIGKILL
    store = ReviewStore(db)
    draft = store.get_draft(doc_id, REVIEWER)
    assert draft is not None and draft.note == "The levy figure is from the 2025 staff report"
    assert store.get_position(doc_id, REVIEWER) == 4  # not claim 1
    assert store.reviews(doc_id) == []  # a draft is not a saved note
    store.close()

    # Reopened: the editor opens on claim 4 with the draft, and says so.
    pane = Pane(f"{name}-hup", db, document, tmp_path)
    panes.append(pane)
    shown = pane.wait_for("Draft restored")
    assert "Claim 4:" in shown and "The levy figure is from the 2025 staff report" in shown
    # Typing on, then the SSH connection drops before the next autosave: SIGHUP saves it.
    pane.keys("End")
    pane.type(", p. 12")
    time.sleep(0.3)
    assert pane.kill(signal.SIGHUP) == 128 + signal.SIGHUP  # it exited by itself, cleanly
    store = ReviewStore(db)
    draft = store.get_draft(doc_id, REVIEWER)
    assert draft is not None and draft.note == "The levy figure is from the 2025 staff report, p. 12"
    assert store.get_position(doc_id, REVIEWER) == 4
    # The journals were folded on the way out: the index's and the document file's.
    assert not store.storage.has_pending_journal()
    assert not store.document_storage(doc_id).has_pending_journal()
