"""``reviewer [FILE]``: open a document in the review screen."""

from __future__ import annotations

import sys
from collections.abc import Callable

from reviewer.cli.common import Run
from reviewer.errors import ReviewerError
from reviewer.paths import default_sample
from reviewer.review.opening import OpenedDocument
from reviewer.teamserver.background import team_url_of

# Documents that load in well under a second load before the screen opens, so a bad file is
# one line on the terminal: any file up to 2 MB, and plain text or Markdown up to 32 MB (read
# and split into paragraphs at about 50 MB/s; claims are segmented later, behind the screen).
# Larger files, and large HTML, DOCX or PDF (slow to parse), load behind a loading screen.
_LOAD_BEFORE_SCREEN_BYTES = 2 * 1024 * 1024
_LOAD_TEXT_BEFORE_SCREEN_BYTES = 32 * 1024 * 1024
_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})


def cmd_review(run: Run) -> int:
    """Open a document in the review screen, resuming where this reviewer left off."""
    path = run.args.file or default_sample()
    run.store()  # a damaged, locked or newer database is reported before any screen

    def open_document() -> OpenedDocument:
        # The review screen says itself what a carry-over did.
        return run.open(path, register=True, segment_all=False, announce=False)

    try:
        size = path.stat().st_size
        limit = (
            _LOAD_TEXT_BEFORE_SCREEN_BYTES
            if path.suffix.lower() in _TEXT_SUFFIXES
            else _LOAD_BEFORE_SCREEN_BYTES
        )
        small = size <= limit
    except OSError:
        small = True  # let the loader say what is wrong with the path
    opened: OpenedDocument | Callable[[], OpenedDocument] = open_document() if small else open_document
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ReviewerError(
            "the review screen needs a terminal; for scripts use 'reviewer claims', 'mark' or 'export'"
        )

    from reviewer.tui.app import run_app  # Textual is imported only when a screen is needed

    if run.config.own_keys:  # said here too: the screen hides the terminal until it closes
        from reviewer.tui.keymap import keymap_problems

        for problem in keymap_problems(run.config):
            print(f"reviewer: warning: {problem}", file=sys.stderr)
    return run_app(
        opened,
        opening=path.name,
        config=run.config,
        blind=run.args.blind,
        adjudicate=run.args.adjudicate,
        team_url=team_url_of(run.store(), run.config.team_server),
    )
