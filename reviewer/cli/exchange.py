"""``reviewer export`` and ``reviewer import``: reviews out to a file, and merged back in."""

from __future__ import annotations

import sys
from pathlib import Path

from reviewer.cli.common import Run
from reviewer.clock import utc_now
from reviewer.errors import UsageError
from reviewer.exports import ExportOptions, exporter_for_path, get_exporter, write_export
from reviewer.model import Label, parse_label
from reviewer.review.session import ReviewSession


def cmd_export(run: Run) -> int:
    """Export a document's reviews to a file or standard output."""
    args = run.args
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
    options = ExportOptions(
        bom=args.bom,
        only=_only(args.only),
        url=args.url,
        raw_cells=args.raw_cells,
        final=args.final,
        all_reviewers=args.all_reviewers,
    )
    _check_team_options(options, exporter.name)
    session = run.session()
    if destination is not None:
        _refuse_overwriting_inputs(destination, session)
    exported = exporter.render(session, utc_now(), options)
    if destination is None:
        sys.stdout.write(exported.text)
    else:
        write_export(exported.text, destination)
        counts = session.counts()
        which = f"the {options.only.value} claims" if options.only else "all claims"
        if options.all_reviewers or exporter.name == "diagnosis":
            whose = "with every reviewer's reviews"
        elif options.final:
            whose = "with final verdicts where there are"
        else:
            whose = f"({counts.reviewed} reviewed)"
        print(
            f"exported {which} of {counts.total} {whose} as {exporter.name} to {destination}",
            file=sys.stderr,
        )
    if exported.notice:
        print(f"reviewer: {exported.notice}", file=sys.stderr)
    return 0


# The formats that show one verdict per claim, and so can show the final one.
_FINAL_FORMATS = ("csv", "tsv", "md", "html", "claimreview")


def _check_team_options(options: ExportOptions, name: str) -> None:
    if options.all_reviewers and name != "json":
        raise UsageError(
            f"--all-reviewers is for the JSON export, not {name};"
            " for one column per reviewer, use --format diagnosis"
        )
    if options.final and name not in _FINAL_FORMATS:
        raise UsageError(
            f"--final applies to {', '.join(_FINAL_FORMATS)}, not {name}; the JSON export holds the final"
            " verdicts with --all-reviewers, and --format diagnosis always does"
        )


def _only(word: str | None) -> Label | None:
    if not word:
        return None
    try:
        label = parse_label(word)
    except ValueError:
        label = None
    if label is None:
        raise UsageError(f"unknown label {word!r} for --only: use verified, disputed or opinion")
    return label


def _refuse_overwriting_inputs(destination: Path, session: ReviewSession) -> None:
    """An export must never replace the document it reads or the database of the reviews."""
    for name, path in (("the document", Path(session.document.path)), ("the database", session.store.path)):
        try:
            same = destination.resolve() == path.resolve()
        except OSError:
            same = False
        if same:
            raise UsageError(f"-o {destination} is {name}: choose another file name for the export")


def cmd_import(run: Run) -> int:
    """Merge a JSON export into the database and list what happened."""
    from reviewer.review.importing import import_export  # deferred: only this command needs it

    report = import_export(run.store(), run.args.export, now=utc_now(), dry_run=run.args.dry_run)
    print("\n".join(report.lines()))
    return 0
