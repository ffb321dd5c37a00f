"""Command line: ``reviewer [FILE]`` and the headless commands claims, mark, stats, docs, export.

Every failure the user can cause ends in one line on stderr and exit 1 (2 for usage errors);
no traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import difflib
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from reviewer import __version__
from reviewer.claims import SEGMENT_AT_ONCE_CHARS, finish
from reviewer.clock import utc_now
from reviewer.errors import ReviewerError, UsageError
from reviewer.export import document_fields, dumps_json, write_export
from reviewer.exports import ExportOptions, exporter_for_path, exporters, get_exporter, parse_label
from reviewer.loader import DEFAULT_MAX_MB, MAX_MB_ENV, load_document, max_bytes_from_env
from reviewer.model import Document, Label
from reviewer.paths import (
    DB_ENV,
    LOCK_TIMEOUT_ENV,
    REVIEWER_ENV,
    default_db_path,
    default_sample,
    lock_timeout,
    resolve_reviewer,
)
from reviewer.review import KEEP, Counts, ReviewSession
from reviewer.store import ReviewStore
from reviewer.versions import carry_over

COMMANDS = ("review", "claims", "mark", "stats", "docs", "export", "import", "reanchor")
_PREVIOUS_HELP = "the earlier version to carry reviews over from: its file, or the start of its sha256"
_LABEL_WORDS = {
    "verified": Label.VERIFIED,
    "v": Label.VERIFIED,
    "disputed": Label.DISPUTED,
    "d": Label.DISPUTED,
    "opinion": Label.OPINION,
    "o": Label.OPINION,
    "clear": None,
    "none": None,
    "unreviewed": None,
}
_DESCRIPTION = """\
Review a document claim by claim: mark each sentence verified, disputed or opinion,
with a note and sources. Every mark is saved at once.

With no command, opens FILE for review (the bundled sample if FILE is omitted)."""
_ENVIRONMENT = (
    (DB_ENV, "database file (default: reviews.json in the user data directory)"),
    (REVIEWER_ENV, "reviewer name (default: the OS user name)"),
    (MAX_MB_ENV, f"largest document accepted, in MB (default: {DEFAULT_MAX_MB})"),
    (LOCK_TIMEOUT_ENV, "seconds to wait while another process holds the lock (default: 10)"),
)
_EPILOG = (
    "environment:\n"
    + "".join(f"  {name:<23}{meaning}\n" for name, meaning in _ENVIRONMENT)
    + "\nrun 'reviewer COMMAND --help' for a command's options."
)


def _common_options(*, document: bool) -> argparse.ArgumentParser:
    """Options accepted after any command name (``reviewer mark --db notes.json …``)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="PATH", type=Path, help=f"database file (or ${DB_ENV})")
    parent.add_argument("--reviewer", metavar="NAME", help=f"your name on every review (or ${REVIEWER_ENV})")
    if document:
        parent.add_argument(
            "--lang", metavar="CODE", help="document language, e.g. en or fr (default: detected)"
        )
        parent.add_argument(
            "--max-mb",
            metavar="MB",
            type=float,
            help=f"largest document accepted (default: {DEFAULT_MAX_MB})",
        )
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, one sub-command per job."""
    with_doc = _common_options(document=True)
    without_doc = _common_options(document=False)
    parser = argparse.ArgumentParser(
        prog="reviewer",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reviewer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    review = commands.add_parser(
        "review",
        parents=[with_doc],
        help="open a document for review (the default command)",
        description="Open FILE for review, resuming where you left off.",
    )
    review.add_argument(
        "file", metavar="FILE", nargs="?", type=Path, help="document (default: the bundled sample)"
    )
    review.add_argument("--previous", metavar="OLD", help=_PREVIOUS_HELP)

    reanchor = commands.add_parser(
        "reanchor",
        parents=[with_doc],
        help="carry the reviews of an earlier version over to a changed document",
        description="Re-attach the reviews of the earlier version of FILE (same path, or --previous) to"
        " its current text, and say what happened: in place, moved, changed (recheck) or orphaned."
        " Opening a changed file does this by itself the first time; the old reviews are kept.",
    )
    reanchor.add_argument("file", metavar="FILE", type=Path)
    reanchor.add_argument("--previous", metavar="OLD", help=_PREVIOUS_HELP)
    reanchor.add_argument("--json", action="store_true", help="print JSON instead of text")

    claims = commands.add_parser(
        "claims",
        parents=[with_doc],
        help="print paragraphs and numbered claims",
        description="Print the document's paragraphs and its claims, numbered from 1, with their labels.",
    )
    claims.add_argument("file", metavar="FILE", type=Path)
    claims.add_argument("--json", action="store_true", help="print JSON instead of text")

    mark = commands.add_parser(
        "mark",
        parents=[with_doc],
        help="label one claim (for scripts)",
        description="Label claim CLAIM (numbered as 'reviewer claims' prints) and set its note and sources.",
    )
    mark.add_argument("file", metavar="FILE", type=Path)
    mark.add_argument("claim", metavar="CLAIM", help="claim number, from 1")
    mark.add_argument(
        "label",
        metavar="LABEL",
        nargs="?",
        help="verified, disputed, opinion (or v, d, o), or clear; omit it to change only --note/--source",
    )
    mark.add_argument("--note", help="the note (replaces any earlier note; '' removes it)")
    mark.add_argument(
        "--source",
        action="append",
        metavar="URL_OR_CITATION",
        help="a source; repeat for several (replaces earlier sources)",
    )

    stats = commands.add_parser(
        "stats",
        parents=[with_doc],
        help="progress and counts for a document",
        description="Show how far the review of FILE has got, by label and by reviewer.",
    )
    stats.add_argument("file", metavar="FILE", type=Path)
    stats.add_argument("--json", action="store_true", help="print JSON instead of text")

    docs = commands.add_parser(
        "docs",
        parents=[without_doc],
        help="documents in the database, with progress",
        description="List the documents the database holds reviews for, most recent first.",
    )
    docs.add_argument("--json", action="store_true", help="print JSON instead of text")

    export = commands.add_parser(
        "export",
        parents=[with_doc],
        help="export the reviews of a document (JSON, CSV, TSV, Markdown, HTML, ClaimReview, …)",
        description="Write every claim of FILE with its review in one of the formats below.",
        epilog="formats:\n"
        + "".join(f"  {e.name:<15}{e.title}\n" for e in exporters())
        + "\nwithout --format, the suffix of -o OUT chooses (.csv, .md, …), else json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("file", metavar="FILE", type=Path)
    export.add_argument(
        "-o", "--output", metavar="OUT", default="-", help="output file, or - for standard output (default)"
    )
    export.add_argument("--format", choices=[e.name for e in exporters()], help="output format")
    export.add_argument("--bom", action="store_true", help="CSV/TSV: start with a UTF-8 BOM (for Excel)")
    export.add_argument(
        "--raw-cells", action="store_true", help="CSV/TSV: no ' before cells that start with = + - @"
    )
    export.add_argument(
        "--only", metavar="LABEL", help="CSV/TSV/Markdown/HTML: only claims with this label (or unreviewed)"
    )
    export.add_argument(
        "--url", help="ClaimReview: where the fact-check is published; Web Annotation: where the document is"
    )

    imports = commands.add_parser(
        "import",
        parents=[without_doc],
        help="merge a JSON export (another reviewer's or machine's) into the database",
        description="Merge EXPORT into the database: new reviews are added, the newer change to a claim"
        " wins, and every conflict is listed.",
    )
    imports.add_argument("export", metavar="EXPORT", type=Path, help="a JSON file from 'reviewer export'")
    imports.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "--version")):
        _refuse_mistyped_command(parser, args_list)
        args_list.insert(0, "review")  # `reviewer FILE` and plain `reviewer` open a document
    args = parser.parse_args(args_list)
    handler: Callable[[argparse.Namespace], int] = _HANDLERS[args.command]
    args.opened_stores = []
    try:
        return handler(args)
    except UsageError as exc:  # the command line asked for something that does not exist
        print(f"reviewer: {exc}", file=sys.stderr)
        return 2
    except ReviewerError as exc:
        print(f"reviewer: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reviewer: interrupted; everything marked so far is saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into e.g. `head`: the reader went away, which is not our failure.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug of ours: still one line, with a way to see more
        if os.environ.get("REVIEWER_DEBUG"):
            raise
        print(
            f"reviewer: unexpected error ({type(exc).__name__}: {exc}); nothing beyond the last"
            " saved change was lost. Rerun with REVIEWER_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        return 1
    finally:
        for store in args.opened_stores:
            store.close()  # fold the journal into the main file; never raises


def _refuse_mistyped_command(parser: argparse.ArgumentParser, args_list: list[str]) -> None:
    """``reviewer stat FILE``: a word that is no command and no file, followed by more words."""
    positional = [arg for arg in args_list if not arg.startswith("-")]
    word = args_list[0] if args_list else ""
    if len(positional) > 1 and word == positional[0] and not Path(word).exists() and word.isalpha():
        close = difflib.get_close_matches(word, COMMANDS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; commands: {', '.join(COMMANDS)}"
        parser.error(f"unknown command '{word}'{hint}")


# -- shared steps ---------------------------------------------------------------------


def _load(args: argparse.Namespace, path: Path | None = None) -> Document:
    if args.max_mb is not None and not (math.isfinite(args.max_mb) and args.max_mb > 0):
        raise UsageError("--max-mb must be a positive number of megabytes, such as 200")
    max_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb else max_bytes_from_env()
    return load_document(path or args.file, language=args.lang, max_bytes=max_bytes)


def _store(args: argparse.Namespace) -> ReviewStore:
    if args.db is not None:
        folder = args.db.expanduser().parent
        if not folder.is_dir():
            raise UsageError(
                f"--db {args.db}: the folder {folder} does not exist; create it or choose another"
            )
    store = ReviewStore(args.db.expanduser() if args.db else default_db_path(), lock_timeout=lock_timeout())
    args.opened_stores.append(store)
    return store


def _session(
    args: argparse.Namespace,
    path: Path | None = None,
    *,
    store: ReviewStore | None = None,
    register: bool = False,
    for_screen: bool = False,
) -> ReviewSession:
    """Load the document and open this reviewer's session on it.

    The first time a changed version of a document is opened, the earlier version's reviews
    are carried over to it (re-anchored), and what happened is said on standard error.
    Commands segment the whole document at once; ``for_screen`` leaves a large one to the
    review screen, which shows the first paragraphs at once and segments the rest behind them.
    """
    document = _load(args, path)
    if not for_screen or len(document.text) <= SEGMENT_AT_ONCE_CHARS:
        finish(document.claims)
    store = store or _store(args)
    carried = carry_over(store, document, utc_now(), previous=getattr(args, "previous", None))
    session = ReviewSession(document, store, resolve_reviewer(args.reviewer))
    session.carried_over = carried
    if carried is None and register and not session.claims_known:
        session.registration_deferred = True  # the screen registers it once it is segmented
    elif register or carried is not None:
        session.register()  # so the next command does not carry over again
    if carried is not None and not getattr(args, "quiet_carry_over", False):
        print(f"reviewer: {carried_over_line(session)}", file=sys.stderr)
    return session


def carried_over_line(session: ReviewSession) -> str:
    """What re-anchoring did, for the terminal and the TUI."""
    result = session.carried_over
    summary = result.summary() if result else ""
    return f"{session.document.path} changed since it was reviewed; reviews carried over: {summary}"


def _clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut at a word with an ellipsis."""
    line = _one_line(text)
    if len(line) <= width:
        return line
    return line[: width - 1].rsplit(" ", 1)[0] + "…"


def _one_line(text: str) -> str:
    """Text for one terminal line: white space folded, control characters made visible."""
    return printable(" ".join(text.split()))


# Characters that would drive the terminal (escapes) or reorder what follows (bidi controls).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with terminal control and bidi override characters shown as ``<U+202E>``."""
    return _UNSAFE.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def _label_cell(session: ReviewSession, index: int) -> str:
    review = session.review(index)
    symbol = review.label.symbol if review and review.label else " "
    marker = "✎" if review and (review.note or review.sources) else " "
    return symbol + marker


def _progress_line(counts: Counts) -> str:
    return (
        f"reviewed {counts.reviewed}/{counts.total} ({counts.percent:.0f}%)"
        f" · ✔ {counts.verified} verified · ✘ {counts.disputed} disputed"
        f" · ◆ {counts.opinion} opinion · ✎ {counts.with_notes} with notes"
    )


# -- commands -------------------------------------------------------------------------


def cmd_reanchor(args: argparse.Namespace) -> int:
    """Carry an earlier version's reviews over to FILE, headless, and print the summary."""
    args.quiet_carry_over = True
    session = _session(args, register=True)
    result = session.carried_over
    if args.json:
        data = result.to_dict() if result else {"doc_id": session.document.doc_id, "total": 0, "summary": ""}
        print(dumps_json(data | {"carried_over": result is not None}), end="")
        return 0
    if result is None:
        print(
            f"nothing to carry over: {session.document.path} has no other reviewed version at this path,"
            " or its reviews were carried over already (name one with --previous FILE_OR_SHA256)"
        )
        return 0
    print(carried_over_line(session))
    for placement in result.orphans:
        text = _clip(placement.review.anchor.exact, 90)
        hint = f" (closest: claim {placement.suggestion + 1})" if placement.suggestion is not None else ""
        print(f"  orphan: {text}{hint}")
    from reviewer.reanchor import Status

    for placement in result.by_status(Status.CHANGED):
        print(f"  recheck claim {placement.claim_number}: {_clip(placement.review.anchor.exact, 80)}")
    return 0


# Documents that load in well under a second load before the screen opens, so a bad file is
# one line on the terminal: any file up to 2 MB, and plain text or Markdown up to 32 MB (read
# and split into paragraphs at about 50 MB/s; claims are segmented later, behind the screen).
# Larger files, and large HTML, DOCX or PDF (slow to parse), load behind a loading screen.
_LOAD_BEFORE_SCREEN_BYTES = 2 * 1024 * 1024
_LOAD_TEXT_BEFORE_SCREEN_BYTES = 32 * 1024 * 1024
_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})


def cmd_review(args: argparse.Namespace) -> int:
    """Open a document in the review screen, resuming where this reviewer left off."""
    path = args.file or default_sample()
    store = _store(args)  # a damaged, locked or newer database is reported before any screen

    args.quiet_carry_over = True  # the review screen says it itself

    def open_session() -> ReviewSession:
        return _session(args, path, store=store, register=True, for_screen=True)

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
    opened: ReviewSession | Callable[[], ReviewSession] = open_session() if small else open_session
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ReviewerError(
            "the review screen needs a terminal; for scripts use 'reviewer claims', 'mark' or 'export'"
        )

    from reviewer.tui.app import run_app  # Textual is imported only when a screen is needed

    return run_app(opened, opening=path.name)


def cmd_claims(args: argparse.Namespace) -> int:
    """Print paragraphs and numbered claims."""
    session = _session(args)
    if args.json:
        print(dumps_json(_claims_json(session)), end="")
    else:
        _print_claims(session, sys.stdout)
    return 0


def _print_claims(session: ReviewSession, out: TextIO) -> None:
    document = session.document
    out.write(
        f"{printable(document.title)}\n{document.path} · {document.format} · language {document.language}"
        f" · {len(document.paragraphs)} paragraphs · {len(document.claims)} claims\n"
    )
    width = len(str(len(document.claims)))
    for paragraph, indexes in zip(document.paragraphs, document.claims_by_paragraph, strict=True):
        kind = "" if paragraph.kind == "text" else f" ({paragraph.kind.replace('_', ' ')})"
        out.write(f"\n¶ {paragraph.index + 1}{kind}\n")
        if not indexes:
            out.write("   [no claims]\n")
        for index in indexes:
            claim = document.claims[index]
            out.write(f"  {claim.number:>{width}} {_label_cell(session, index)} {_one_line(claim.text)}\n")


def _claims_json(session: ReviewSession) -> dict[str, Any]:
    document = session.document
    return {
        "document": document_fields(document),
        "paragraphs": [
            {
                "number": paragraph.index + 1,
                "kind": paragraph.kind.value,
                "start": paragraph.start,
                "end": paragraph.end,
                "claims": [
                    {
                        "number": document.claims[index].number,
                        "start": document.claims[index].start,
                        "end": document.claims[index].end,
                        "text": document.claims[index].text,
                        "label": (label.value if (label := session.label(index)) else None),
                    }
                    for index in indexes
                ],
            }
            for paragraph, indexes in zip(document.paragraphs, document.claims_by_paragraph, strict=True)
        ],
    }


def cmd_mark(args: argparse.Namespace) -> int:
    """Label one claim, optionally with a note and sources."""
    if args.label is None and args.note is None and args.source is None:
        raise UsageError("give a LABEL, or --note/--source to change only those")
    word = None if args.label is None else args.label.strip().lower()
    if word is not None and word not in _LABEL_WORDS:
        raise UsageError(f"unknown label {args.label!r}: use verified, disputed, opinion (v, d, o) or clear")
    try:
        number = int(args.claim)
    except ValueError:
        raise UsageError(f"CLAIM must be a claim number such as 12, not {args.claim!r}") from None
    session = _session(args)
    claim = session.goto_claim(number)
    change = session.edit(
        label=KEEP if word is None else _LABEL_WORDS[word],
        note=KEEP if args.note is None else args.note,
        sources=KEEP if args.source is None else args.source,
    )
    # Only once the mark is saved: a failed mark leaves the database byte-identical.
    session.register()
    session.save_position()  # the TUI resumes at the claim last marked from a script
    label = session.label(session.cursor)
    shown = f"{label.symbol} {label.value}" if label else "unreviewed"
    status = "saved" if change else "unchanged"
    print(f"claim {claim.number}: {shown} ({status}) — {_clip(claim.text, 100)}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Progress and counts for one document."""
    session = _session(args)
    counts = session.counts()
    others: dict[str, int] = {}
    for review in session.store.reviews(session.document.doc_id):
        if review.reviewer != session.reviewer and review.label:
            others[review.reviewer] = others.get(review.reviewer, 0) + 1
    if args.json:
        data = {
            "document": document_fields(session.document),
            "reviewer": session.reviewer,
            "summary": counts.to_dict() | {"orphans": len(session.orphans)},
            "other_reviewers": dict(sorted(others.items())),
        }
        print(dumps_json(data), end="")
        return 0
    print(f"{printable(session.document.title)}\n{session.document.path}")
    print(f"{session.reviewer}: {_progress_line(counts)}")
    if counts.recheck:
        print(f"{counts.recheck} review(s) to recheck: the claim's wording changed in this version")
    if session.orphans:
        print(
            f"{len(session.orphans)} orphaned review(s): no claim of this version holds them;"
            " they are kept, exported, and listed by O in the review screen"
        )
    for name, labelled in sorted(others.items()):
        print(f"{name}: reviewed {labelled}/{counts.total}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Documents in the database, with progress."""
    store = _store(args)
    reviewer = resolve_reviewer(args.reviewer)
    labelled: dict[str, int] = {}
    for review in store.all_reviews():
        if review.reviewer == reviewer and review.label:
            labelled[review.doc_id] = labelled.get(review.doc_id, 0) + 1
    rows = [
        {
            "title": info.title,
            "path": info.path,
            "language": info.language,
            "sha256": info.doc_id,
            "claims": info.claim_count,
            "reviewed": labelled.get(info.doc_id, 0),
            "last_opened": info.last_opened,
        }
        for info in store.documents()
    ]
    if args.json:
        print(dumps_json({"database": str(store.path), "reviewer": reviewer, "documents": rows}), end="")
        return 0
    if not rows:
        print(f"no documents yet in {store.path}")
        return 0
    print(f"{len(rows)} document{'' if len(rows) == 1 else 's'} in {store.path} (progress for {reviewer})")
    for row in rows:
        print(
            f"\n{printable(str(row['title']))}\n  {row['path']} · {row['language']} · reviewed"
            f" {row['reviewed']}/{row['claims']} · last opened {row['last_opened']}"
            f" · sha256 {str(row['sha256'])[:12]}"
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export a document's reviews to a file or standard output."""
    to_stdout = args.output in ("-", "/dev/stdout")
    destination = None if to_stdout else Path(args.output).expanduser()
    if args.format:
        exporter = get_exporter(args.format)
    else:
        exporter = (destination and exporter_for_path(destination)) or get_exporter("json")
        if destination is not None and destination.suffix and exporter_for_path(destination) is None:
            print(
                f"reviewer: no format is known for {destination.suffix}: writing JSON (see --format)",
                file=sys.stderr,
            )
    only = parse_label(args.only) if args.only else None
    options = ExportOptions(bom=args.bom, only=only, url=args.url, raw_cells=args.raw_cells)
    session = _session(args)
    if destination is not None:
        _refuse_overwriting_inputs(destination, args, session)
    exported = exporter.render(session, utc_now(), options)
    if destination is None:
        sys.stdout.write(exported.text)
    else:
        write_export(exported.text, destination)
        counts = session.counts()
        which = f"the {options.only.value} claims" if options.only else "all claims"
        print(
            f"exported {which} of {counts.total} ({counts.reviewed} reviewed) as {exporter.name}"
            f" to {destination}",
            file=sys.stderr,
        )
    if exported.notice:
        print(f"reviewer: {exported.notice}", file=sys.stderr)
    return 0


def _refuse_overwriting_inputs(destination: Path, args: argparse.Namespace, session: ReviewSession) -> None:
    """An export must never replace the document it reads or the database of the reviews."""
    for name, path in (("the document", Path(session.document.path)), ("the database", session.store.path)):
        try:
            same = destination.resolve() == path.resolve()
        except OSError:
            same = False
        if same:
            raise UsageError(f"-o {destination} is {name}: choose another file name for the export")


def cmd_import(args: argparse.Namespace) -> int:
    """Merge a JSON export into the database and list what happened."""
    from reviewer.merge import import_export  # deferred: only this command needs it

    report = import_export(_store(args), args.export, now=utc_now(), dry_run=args.dry_run)
    print("\n".join(report.lines()))
    return 0


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "review": cmd_review,
    "claims": cmd_claims,
    "mark": cmd_mark,
    "stats": cmd_stats,
    "docs": cmd_docs,
    "export": cmd_export,
    "import": cmd_import,
    "reanchor": cmd_reanchor,
}
