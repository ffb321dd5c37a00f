"""The argument parser: one sub-command per job, and the options every command shares."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from reviewer import __version__
from reviewer.cli import hinting
from reviewer.cli.configuring import CONFIG_COMMANDS, add_config_commands
from reviewer.cli.reshape_args import add_reshape_commands
from reviewer.config import CONFIG_ENV, EXPORT_FORMAT_ENV, THEME_ENV, config_path
from reviewer.documents import DEFAULT_MAX_MB, MAX_MB_ENV
from reviewer.exports.base import EXPORT_FORMATS, FORMAT_NAMES
from reviewer.paths import DB_ENV, LOCK_TIMEOUT_ENV, REVIEWER_ENV, default_db_path

COMMANDS = (
    "review",
    "claims",
    "mark",
    "split",
    "join",
    "narrow",
    "stats",
    "docs",
    "export",
    "import",
    "conflicts",
    "reanchor",
    "agreement",
    "adjudicate",
    "hints",
    "backup",
    "team",
    "sync",
    "open",
    *CONFIG_COMMANDS,
)
_PREVIOUS_HELP = "the earlier version to carry reviews over from: its file, or the start of its sha256"
_DESCRIPTION = """\
Review a document claim by claim: mark each sentence verified, disputed or opinion
(or your desk's own labels, [[labels]] in the configuration), with a note and sources.
Every mark is saved at once.

With no command, opens FILE for review (the bundled sample if FILE is omitted)."""
_ENVIRONMENT = (
    (CONFIG_ENV, "configuration file (default: config.toml in the user config directory)"),
    (DB_ENV, "database file (default: the config file's db, else reviews.json in the user data directory)"),
    (REVIEWER_ENV, "reviewer name (default: the config file's reviewer, else the OS user name)"),
    (EXPORT_FORMAT_ENV, "export format when --format and -o do not say (default: the config file's, json)"),
    (THEME_ENV, "the screen's theme (default: the config file's theme, textual-dark)"),
    (MAX_MB_ENV, f"largest document accepted, in MB (default: {DEFAULT_MAX_MB})"),
    (LOCK_TIMEOUT_ENV, "seconds to wait while another process holds the lock (default: 10)"),
)


def _epilog() -> str:
    try:
        database = f"\ndefault database: {default_db_path()}\nconfiguration file: {config_path().value}\n"
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
    parent.add_argument("--config", metavar="PATH", type=Path, help=f"configuration file (or ${CONFIG_ENV})")
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
    claims.add_argument(
        "--hints", action="store_true", help="with --json: each claim's check-worthiness hint (see 'hints')"
    )

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
        help="a label of the label set (by default verified, disputed, opinion, or v, d, o), or clear;"
        " omit it to change only --note/--source",
    )
    mark.add_argument("--note", help="the note (replaces any earlier note; '' removes it)")
    mark.add_argument(
        "--source",
        action="append",
        metavar="URL_OR_CITATION",
        help="a source; repeat for several (replaces earlier sources)",
    )
    mark.add_argument("--clear-sources", action="store_true", help="remove every source of the claim")
    mark.add_argument(
        "--short-claim",
        metavar="TEXT",
        help="ClaimReview: the claim in under 75 characters (default: the sentence, shortened;"
        " '' removes it)",
    )
    mark.add_argument(
        "--claim-author", metavar="NAME", help="ClaimReview: who made the claim ('' removes it)"
    )
    mark.add_argument(
        "--claim-date", metavar="YYYY-MM-DD", help="ClaimReview: when the claim was made ('' removes it)"
    )

    add_reshape_commands(commands, with_doc)

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
    docs.add_argument(
        "--team", action="store_true", help="the team server's documents, with progress per reviewer"
    )

    export = commands.add_parser(
        "export",
        parents=[with_doc],
        help="export the reviews of a document (JSON, CSV, TSV, Markdown, HTML, ClaimReview, …)",
        description="Write every claim of FILE with its review in one of the formats below.",
        epilog="formats:\n"
        + "".join(f"  {e.name:<15}{e.title}\n" for e in EXPORT_FORMATS)
        + "\nwithout --format, the suffix of -o OUT chooses (.csv, .md, …), else json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("file", metavar="FILE", type=Path)
    export.add_argument(
        "-o", "--output", metavar="OUT", default="-", help="output file, or - for standard output (default)"
    )
    export.add_argument("--format", choices=FORMAT_NAMES, help="output format")
    export.add_argument("--bom", action="store_true", help="CSV/TSV: start with a UTF-8 BOM (for Excel)")
    export.add_argument(
        "--raw-cells", action="store_true", help="CSV/TSV: no ' before cells that start with = + - @"
    )
    export.add_argument(
        "--only",
        metavar="WHICH",
        help="CSV/TSV/Markdown/HTML: only claims with this label (a label of the label set:"
        " verified, disputed, opinion by default) or the unreviewed ones",
    )
    export.add_argument(
        "--hints", action="store_true", help="JSON: add each claim's check-worthiness hint (see 'hints')"
    )
    export.add_argument(
        "--url",
        help="ClaimReview: where the fact-check is published (default: the config's"
        " [claimreview] fact_check_url); Web Annotation: where the document is",
    )
    claimreview = export.add_argument_group(
        "ClaimReview", "the publishing organisation (default: the config file's [claimreview]) and checks"
    )
    claimreview.add_argument(
        "--organisation", metavar="NAME", help="the organisation publishing the fact check"
    )
    claimreview.add_argument("--organisation-url", metavar="URL", help="the organisation's web site")
    claimreview.add_argument("--logo", metavar="URL", help="the address of the organisation's logo")
    claimreview.add_argument(
        "--article-url",
        metavar="URL",
        help="where the reviewed article is published (default: a saved page's canonical link);"
        " Web Annotation's target too",
    )
    claimreview.add_argument(
        "--check",
        action="store_true",
        help="list what Google's fact-check guidelines ask of each ClaimReview and what is missing;"
        " exit 1 if something required is; with -o, write the file only when nothing required is",
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

    hints = commands.add_parser(
        "hints",
        parents=[with_doc],
        help="claims ranked by check-worthiness: a hint, never a verdict",
        description="Rank FILE's claims by how worth checking they look, with the features that weighed"
        " most. Offline; English by default, other languages with the multilingual model"
        " (pip install 'reviewer[hints]'), labelled experimental.",
    )
    hinting.add_arguments(hints)

    imports = commands.add_parser(
        "import",
        parents=[without_doc],
        help="merge a JSON export (another reviewer's or machine's) into the database",
        description="Merge EXPORT into the database. The file is checked whole first (a bad field"
        " refuses it, naming the field); new reviews are added, and when a review changed on both"
        " sides, --prefer chooses which version stays. The other is kept: 'reviewer conflicts FILE'"
        " lists such versions and can adopt one. Another reviewer's review is never replaced"
        " without --allow-other-reviewers.",
    )
    imports.add_argument("export", metavar="EXPORT", type=Path, help="a JSON file from 'reviewer export'")
    imports.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    imports.add_argument(
        "--prefer",
        choices=("newer", "theirs", "ours"),
        default="newer",
        help="on a conflict keep the newer change (default), the export's (theirs) or the database's (ours)",
    )
    imports.add_argument(
        "--allow-other-reviewers",
        action="store_true",
        help="let the export replace other reviewers' reviews too (by default only yours change)",
    )

    conflicts = commands.add_parser(
        "conflicts",
        parents=[with_doc],
        help="versions an import or a team sync did not keep: list them, adopt or dismiss one",
        description="List the versions of FILE's reviews that an import set aside (numbered from 1),"
        " then the final verdicts and reshapes a team sync set aside (numbered on), or put one back"
        " with --adopt N (the version it replaces is kept in turn), or set one aside for good with"
        " --dismiss N.",
    )
    conflicts.add_argument("file", metavar="FILE", type=Path)
    choice = conflicts.add_mutually_exclusive_group()
    choice.add_argument("--adopt", metavar="N", type=int, help="make conflict N the review again")
    choice.add_argument("--dismiss", metavar="N", type=int, help="set conflict N aside (it stays stored)")
    conflicts.add_argument(
        "--allow-other-reviewers",
        action="store_true",
        help="let --adopt change another reviewer's review (or adjudicator's final verdict)",
    )

    backup = commands.add_parser(
        "backup",
        parents=[without_doc],
        help="copy the whole database, journal folded in, to a file",
        description="Write a consistent copy of the database to DEST: the main file with the changes its"
        " journal holds folded in, taken under the lock, so it is complete even while a review screen is"
        " open. A copy of reviews.json alone can miss the latest changes.",
    )
    backup.add_argument("dest", metavar="DEST", type=Path, help="the copy's file (or a folder to put it in)")

    _team_commands(commands, with_doc)
    add_config_commands(commands, without_doc)
    _team_server_commands(commands, without_doc)
    return parser


def _team_server_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], without_doc: argparse.ArgumentParser
) -> None:
    """The team server: join it, let a teammate in, sync, open a team document."""
    team = commands.add_parser(
        "team",
        parents=[without_doc],
        help="join a team server (PostgreSQL) or let a teammate's role in",
        description="Join a team server ('team join URL': the first join, by the database's owner,"
        " creates the schema) or, as its administrator, let a role in ('team grant ROLE')."
        " Passwords come from libpq: ~/.pgpass, PGPASSWORD or a service file; none is ever kept.",
    )
    actions = team.add_subparsers(dest="action", metavar="ACTION", required=True)
    join = actions.add_parser("join", parents=[without_doc], help="connect this database to a team server")
    join.add_argument("url", metavar="URL", help="postgresql://ROLE@HOST/DB (libpq's URL; sslmode=…)")
    grant = actions.add_parser("grant", parents=[without_doc], help="let a database role in (administrator)")
    grant.add_argument("role", metavar="ROLE")
    grant.add_argument("--read-only", action="store_true", help="may sync down but never push")
    grant.add_argument("--as", dest="as_reviewer", metavar="NAME", help="reviewer name the role writes as")
    sync = commands.add_parser(
        "sync",
        parents=[without_doc],
        help="push local changes to the team server and pull teammates'",
        description="Push every local change not yet on the team server and pull teammates' changes.",
    )
    sync.add_argument("--json", action="store_true", help="print JSON instead of text")
    opened = commands.add_parser(
        "open",
        parents=[without_doc],
        help="open a team document by the start of its sha256 (no file needed)",
        description="Open a document of the team server, even one you never had as a file.",
    )
    opened.add_argument("sha", metavar="SHA-PREFIX")


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
        "label",
        metavar="LABEL",
        nargs="?",
        help="a label of the label set (by default verified, disputed, opinion, or v, d, o), or clear",
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
