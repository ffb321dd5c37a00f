"""What the commands share: one run's store and document, and text fit for one terminal line."""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from pathlib import Path

from reviewer.documents import max_bytes_from_env
from reviewer.errors import ReviewerError, StoreError, UsageError
from reviewer.paths import DB_ENV, default_db_path, lock_timeout, resolve_reviewer
from reviewer.review.carryover import UnknownVersionError
from reviewer.review.opening import OpenedDocument, open_for_review
from reviewer.review.session import Counts, ReviewSession
from reviewer.storage.store import ReviewStore


class Run:
    """One command's run: its arguments, and the store it opened (closed when the run ends)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._store: ReviewStore | None = None
        self._sessions: list[ReviewSession] = []

    @property
    def reviewer(self) -> str:
        """Whose reviews this run reads and writes."""
        return resolve_reviewer(self.args.reviewer)

    def store(self) -> ReviewStore:
        """The database of ``--db`` (or ``$REVIEWER_DB``, or the default), opened once for the run."""
        if self._store is None:
            self._store = ReviewStore(self._db_path(), lock_timeout=lock_timeout())
        return self._store

    def _db_path(self) -> Path:
        db: Path | None = self.args.db
        if db is None and os.environ.get(DB_ENV, "").strip():
            db, named = default_db_path(), f"${DB_ENV}"
        elif db is not None:
            db, named = db.expanduser(), "--db"
        else:
            path = default_db_path()
            try:  # the user data folder: ours to create, the first time
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder {path.parent} for the database ({exc.strerror or exc}):"
                    " choose another place with --db"
                ) from None
            return path
        folder = db.parent
        if not folder.is_dir():
            raise UsageError(f"{named} {db}: the folder {folder} does not exist; create it or choose another")
        return db

    def open(
        self,
        path: Path | None = None,
        *,
        register: bool = False,
        segment_all: bool = True,
        announce: bool = True,
    ) -> OpenedDocument:
        """Open ``path`` (default: the FILE argument) for this reviewer.

        With ``announce``, a carry-over of an earlier version's reviews is said on stderr.
        """
        previous = getattr(self.args, "previous", None)
        try:
            opened = open_for_review(
                path or self.args.file,
                self.store(),
                self.reviewer,
                language=self.args.lang,
                max_bytes=self._max_bytes(),
                previous=previous,
                register=register,
                segment_all=segment_all,
            )
        except UnknownVersionError as exc:
            raise UsageError(f"--previous {exc}") from None
        self._sessions.append(opened.session)
        if announce and opened.carried_over is not None:
            print(f"reviewer: {opened.carry_over_line()}", file=sys.stderr)
        return opened

    def session(self) -> ReviewSession:
        """Open FILE, segmented whole, for a command that reads or changes it."""
        return self.open().session

    def _max_bytes(self) -> int:
        max_mb = self.args.max_mb
        if max_mb is None:
            return max_bytes_from_env()
        if not (math.isfinite(max_mb) and max_mb > 0):
            raise UsageError("--max-mb must be a positive number of megabytes, such as 200")
        return int(max_mb * 1024 * 1024)

    def close(self) -> str | None:
        """End the run's sessions and fold what it wrote into the main file; never raises.

        Returns a warning when that fold failed (every change is still saved, in the journal).
        """
        for session in self._sessions:
            session.close()
        return self._store.close() if self._store is not None else None


def error_line(exc: ReviewerError) -> str:
    """The error's one line, plus the command-line way round it when another database would do."""
    message = printable(str(exc))
    if isinstance(exc, StoreError) and exc.another_database and "--db" not in message:
        message += " (or choose another database with --db)"
    return message


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut at a word with an ellipsis."""
    line = one_line(text)
    if len(line) <= width:
        return line
    return line[: width - 1].rsplit(" ", 1)[0] + "…"


def one_line(text: str) -> str:
    """Text for one terminal line: white space folded, control characters made visible."""
    return printable(" ".join(text.split()))


# Characters that would drive the terminal (escapes) or reorder what follows (bidi controls).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with terminal control and bidi override characters shown as ``<U+202E>``."""
    return _UNSAFE.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def label_cell(session: ReviewSession, index: int) -> str:
    """The label's symbol and ✎ when the claim has a note or sources."""
    review = session.review(index)
    symbol = review.label.symbol if review and review.label else " "
    marker = "✎" if review and (review.note or review.sources) else " "
    return symbol + marker


def progress_line(counts: Counts) -> str:
    """``reviewed 4/6 (67%) · ✔ 1 verified · …``."""
    return (
        f"reviewed {counts.reviewed}/{counts.total} ({counts.percent:.0f}%)"
        f" · ✔ {counts.verified} verified · ✘ {counts.disputed} disputed"
        f" · ◆ {counts.opinion} opinion · ✎ {counts.with_notes} with notes"
    )
