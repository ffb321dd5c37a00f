"""The argument parser: one sub-command per job, and the options every command shares."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from reviewer import __version__
from reviewer.documents import DEFAULT_MAX_MB, MAX_MB_ENV
from reviewer.exports import exporters
from reviewer.paths import DB_ENV, LOCK_TIMEOUT_ENV, REVIEWER_ENV, default_db_path

COMMANDS = (
    "review",
    "claims",
    "mark",
    "stats",
    "docs",
    "export",
    "import",
    "reanchor",
    "agreement",
    "adjudicate",
)
_PREVIOUS_HELP = "the earlier version to carry reviews over from: its file, or the start of its sha256"
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


def _epilog() -> str:
    try:
        database = f"\ndefault database: {default_db_path()}\n"
    except OSError:  # no home directory: the help still prints
        database = ""
    return (
        "environment:\n"
        + "".join(f"  {name:<23}{meaning}\n" for name, meaning in _ENVIRONMENT)
        + database
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
        epilog=_epilog(),
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
    review.add_argument(
        "--blind",
        action="store_true",
        help="blind review: hide the other reviewers' labels and notes until you label a claim (b toggles)",
    )
    review.add_argument(
        "--adjudicate",
        action="store_true",
        help="open in adjudication mode: the claims the reviewers disagree on, to write final verdicts (A)",
    )

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
    export.add_argument(
        "--final",
        action="store_true",
        help="CSV/TSV/Markdown/HTML/ClaimReview: final verdicts where there are (see reviewer adjudicate)",
    )
    export.add_argument(
        "--all-reviewers",
        action="store_true",
        help="JSON: every reviewer's reviews and the final verdicts (schema version 2)",
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
    _team_commands(commands, with_doc)
    return parser


def _team_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], with_doc: argparse.ArgumentParser
) -> None:
    """Team review: agreement between reviewers, and adjudication."""
    agreement = commands.add_parser(
        "agreement",
        parents=[with_doc],
        help="how far reviewers agree: Krippendorff's alpha, Cohen's kappa per pair, confused labels",
        description="Agreement between the reviewers of FILE (or of every document with --all):"
        " Krippendorff's alpha (nominal) over every reviewer, with the claims it rests on, the"
        " percent agreement and the number of reviewers; Cohen's kappa for each pair of reviewers;"
        " and which labels are confused with which. Undefined figures say why.",
    )
    agreement.add_argument("file", metavar="FILE", nargs="?", type=Path)
    agreement.add_argument("--all", action="store_true", help="one row per document in the database")
    agreement.add_argument(
        "--reviewers", metavar="A,B,…", help="only these reviewers (default: everyone with a label)"
    )
    agreement.add_argument("--json", action="store_true", help="print JSON instead of text")

    adjudicate = commands.add_parser(
        "adjudicate",
        parents=[with_doc],
        help="final verdicts: claims the reviewers disagree on, adopt one reviewer's verdict or write one",
        description="Without CLAIM, list the claims of FILE whose reviewers disagree or that some reviewers"
        " have not labelled, with every reviewer's label and note, and the progress. With CLAIM, write"
        " its final verdict (--reviewer is the adjudicator): --adopt NAME (or its number) takes that"
        " reviewer's label, note and sources; a LABEL (with --note/--source) is your own. The reviewers'"
        " own reviews are never changed.",
    )
    adjudicate.add_argument("file", metavar="FILE", type=Path)
    adjudicate.add_argument("claim", metavar="CLAIM", nargs="?", help="claim number, from 1")
    adjudicate.add_argument(
        "label", metavar="LABEL", nargs="?", help="verified, disputed, opinion (v, d, o), or clear"
    )
    adjudicate.add_argument("--adopt", metavar="REVIEWER", help="make this reviewer's verdict final")
    adjudicate.add_argument("--note", help="the final verdict's note ('' removes it)")
    adjudicate.add_argument(
        "--source", action="append", metavar="URL_OR_CITATION", help="a source; repeat for several"
    )
    adjudicate.add_argument(
        "--accept-unanimous",
        action="store_true",
        help="accept the shared label of every unanimous claim as final (says how many; --yes does it)",
    )
    adjudicate.add_argument("--yes", action="store_true", help="with --accept-unanimous: go ahead")
    adjudicate.add_argument(
        "--reviewers", metavar="A,B,…", help="only these reviewers (default: everyone with a label)"
    )
    adjudicate.add_argument("--json", action="store_true", help="print JSON instead of text")


def refuse_mistyped_command(parser: argparse.ArgumentParser, args_list: list[str]) -> None:
    """``reviewer stat FILE``: a word that is no command and no file, followed by more words."""
    positional = [arg for arg in args_list if not arg.startswith("-")]
    word = args_list[0] if args_list else ""
    if len(positional) > 1 and word == positional[0] and not Path(word).exists() and word.isalpha():
        close = difflib.get_close_matches(word, COMMANDS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; commands: {', '.join(COMMANDS)}"
        parser.error(f"unknown command '{word}'{hint}")
