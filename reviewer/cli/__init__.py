"""The command line: ``reviewer [FILE]`` and the headless commands.

Every failure the user can cause ends in one line on stderr and exit 1 (2 for usage errors);
no traceback reaches the terminal, and no escape sequence either: everything printed goes
through ``reviewer.display.printable`` (see ``PrintableStream``).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence

from reviewer.cli.common import Run, error_line, one_line, printable_streams
from reviewer.cli.parser import COMMANDS, build_parser, refuse_mistyped_command
from reviewer.display import printable
from reviewer.errors import ReviewerError, UsageError

__all__ = ["main"]

# Each command's module and function, imported when run: a command pays only for its own imports.
_HANDLERS = {
    "review": "screen:cmd_review",
    "claims": "reading:cmd_claims",
    "mark": "marking:cmd_mark",
    "split": "reshaping:cmd_split",
    "join": "reshaping:cmd_join",
    "narrow": "reshaping:cmd_narrow",
    "stats": "reading:cmd_stats",
    "docs": "reading:cmd_docs",
    "export": "exchange:cmd_export",
    "import": "exchange:cmd_import",
    "conflicts": "conflicting:cmd_conflicts",
    "reanchor": "reanchoring:cmd_reanchor",
    "hints": "hinting:cmd_hints",
    "config": "configuring:cmd_config",
    "keys": "configuring:cmd_keys",
    "backup": "exchange:cmd_backup",
    "agreement": "team:cmd_agreement",
    "adjudicate": "adjudicating:cmd_adjudicate",
    "team": "teamsync:cmd_team_server",
    "sync": "teamsync:cmd_sync",
    "open": "teamsync:cmd_open",
}


def _handler(command: str) -> Callable[[Run], int]:
    module, function = _HANDLERS[command].split(":")
    handler: Callable[[Run], int] = getattr(importlib.import_module(f"reviewer.cli.{module}"), function)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    stdout, stderr = printable_streams()  # argparse echoes arguments: filtered from the start
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "--version")):
        refuse_mistyped_command(parser, args_list)
        args_list.insert(0, "review")  # `reviewer FILE` and plain `reviewer` open a document
    run = Run(parser.parse_args(args_list))
    try:
        if run.args.command != "config":  # which reports on a broken file itself
            _ = run.config  # a broken configuration fails every command the same way
        return _handler(run.args.command)(run)
    except UsageError as exc:  # the command line asked for something that does not exist
        print(f"reviewer: {error_line(exc)}", file=sys.stderr)
        return 2
    except ReviewerError as exc:
        print(f"reviewer: {error_line(exc)}", file=sys.stderr)
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
            f"reviewer: unexpected error ({type(exc).__name__}: {one_line(str(exc))}); nothing beyond"
            " the last saved change was lost. Rerun with REVIEWER_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        return 1
    finally:
        # Fold what this run wrote into the main file; never raises. A failed fold loses
        # nothing (the journal holds every change), so it is a warning, not an error.
        warning = run.close()
        if warning:
            print(f"reviewer: warning: {printable(warning)}", file=sys.stderr)
