"""What the commands share: one run's store and document, and text fit for one terminal line."""

from __future__ import annotations

import argparse
import io
import math
import sys
from pathlib import Path
from typing import Any, TextIO, cast

from reviewer.config import Config, ConfigError, Source, load_config
from reviewer.config import resolve as settings
from reviewer.display import json_escaped, printable
from reviewer.documents import max_bytes_from_env
from reviewer.documents.loader import megabytes_to_bytes
from reviewer.errors import ReviewerError, StoreError, UsageError
from reviewer.labelset import LabelSet
from reviewer.paths import DB_ENV, lock_timeout
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
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        """The configuration file's settings (``--config``, ``$REVIEWER_CONFIG`` or the default file).

        Raises ConfigError (exit 2) for a broken file or setting variable, whatever the command.
        """
        if self._config is None:
            config = load_config(getattr(self.args, "config", None))
            settings.export_format(config)  # a bad $REVIEWER_EXPORT_FORMAT or $TEXTUAL_THEME fails
            settings.theme(config)  # here too, the same way for every command
            self._config = config
        return self._config

    @property
    def reviewer(self) -> str:
        """Whose reviews this run reads and writes: option, environment, file, OS user name."""
        return settings.reviewer_name(self.config, self.args.reviewer).value

    @property
    def labels(self) -> LabelSet:
        """The label set in force: the configuration's ``[[labels]]``, else the three defaults."""
        return self.config.labels

    @property
    def export_format(self) -> str:
        """The export format when the command line does not say: environment, file, JSON."""
        return settings.export_format(self.config).value

    def store(self) -> ReviewStore:
        """The database of ``--db`` (or ``$REVIEWER_DB``, or the default), opened once for the run."""
        if self._store is None:
            self._store = ReviewStore(self._db_path(), lock_timeout=lock_timeout())
        return self._store

    def _db_path(self) -> Path:
        """Where the database is: ``--db``, ``$REVIEWER_DB``, the configuration's ``db``, the default."""
        db = settings.database(self.config, self.args.db)
        path = db.value
        if db.source is Source.DEFAULT:
            try:  # the user data folder: ours to create, the first time
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder {path.parent} for the database ({exc.strerror or exc}):"
                    " choose another place with --db"
                ) from None
            return path
        folder = path.parent
        if not folder.is_dir():
            if db.source is Source.FILE:
                raise ConfigError(
                    f"{self.config.where('db')}: db: the folder {folder} does not exist;"
                    " create it or fix the path"
                )
            named = "--db" if db.source is Source.OPTION else f"${DB_ENV}"
            raise UsageError(
                f"{named} {path}: the folder {folder} does not exist; create it or choose another"
            )
        return path

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
                max_bytes=self.max_bytes(),
                previous=previous,
                register=register,
                segment_all=segment_all,
                labels=self.labels,
            )
        except UnknownVersionError as exc:
            raise UsageError(f"--previous {exc}") from None
        self._sessions.append(opened.session)
        for warning in opened.session.document.warnings:  # e.g. a few bad bytes replaced
            print(f"reviewer: warning: {one_line(warning)}", file=sys.stderr)
        if announce and opened.carried_over is not None:
            print(f"reviewer: {one_line(opened.carry_over_line())}", file=sys.stderr)
        return opened

    def session(self) -> ReviewSession:
        """Open FILE, segmented whole, for a command that reads or changes it."""
        return self.open().session

    def max_bytes(self) -> int:
        """The largest document accepted: ``--max-mb``, else the environment, else the default."""
        max_mb = self.args.max_mb
        if max_mb is None:
            return max_bytes_from_env()
        if not (math.isfinite(max_mb) and max_mb > 0):
            raise UsageError("--max-mb must be a positive number of megabytes, such as 200")
        return megabytes_to_bytes(max_mb)

    def close(self) -> str | None:
        """End the run's sessions and fold what it wrote into the main file; never raises.

        Returns a warning when that fold failed (every change is still saved, in the journal).
        """
        for session in self._sessions:
            session.close()
        return self._store.close() if self._store is not None else None


def error_line(exc: ReviewerError) -> str:
    """The error's one line, plus the command-line way round it when another database would do."""
    message = one_line(str(exc))
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


def print_json(text: str) -> None:
    """Print JSON text on standard output with unsafe characters as ``\\u`` escapes (the same data)."""
    sys.stdout.write(json_escaped(text))


class PrintableStream(io.TextIOBase):
    """A text stream that passes everything through :func:`printable` (lines kept) to ``target``.

    ``main`` puts one over standard output and standard error for the whole run: names, paths,
    titles, notes and exception messages come from other people's files, and whatever prints
    them, no escape sequence reaches the terminal. Files written with ``-o`` do not go through it.
    """

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(printable(text, keep_lines=True))
        return len(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The target's encoding (``print`` and argparse ask for it)."""
        return str(getattr(self.target, "encoding", "utf-8"))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)


def printable_streams() -> tuple[TextIO, TextIO]:
    """Put a :class:`PrintableStream` over stdout and stderr; return the originals to restore."""
    originals = (sys.stdout, sys.stderr)
    sys.stdout = cast(TextIO, PrintableStream(sys.stdout))
    sys.stderr = cast(TextIO, PrintableStream(sys.stderr))
    return originals


def label_cell(session: ReviewSession, index: int) -> str:
    """The label's symbol and ✎ when the claim has a note or sources."""
    review = session.review(index)
    symbol = session.labels.symbol(review.label) if review and review.label else " "
    marker = "✎" if review and (review.note or review.sources) else " "
    return symbol + marker


def progress_line(counts: Counts, labels: LabelSet) -> str:
    """``reviewed 4/6 (67%) · ✔ 1 verified · …``, a count for each label of ``labels`` (and any other)."""
    return (
        f"reviewed {counts.reviewed}/{counts.total} ({counts.percent:.0f}%)"
        f" · {counts.per_label(labels, symbols=True, separator=' · ')} · ✎ {counts.with_notes} with notes"
    )
