"""``reviewer export``, ``import`` and ``backup``: reviews out to a file, merged back in, kept safe."""

from __future__ import annotations

import sys
from pathlib import Path

from reviewer.cli.common import Run
from reviewer.clock import utc_now
from reviewer.errors import UsageError
from reviewer.exports import ExportOptions, exporter_for_path, get_exporter, input_at, write_export
from reviewer.model import Label, parse_label
from reviewer.review.session import ReviewSession


def cmd_export(run: Run) -> int:
    """Export a document's reviews to a file or standard output."""
    args = run.args
    to_stdout = args.output in ("-", "/dev/stdout")
    destination = None if to_stdout else Path(args.output).expanduser()
    session = run.session()
    if destination is not None:
        _refuse_overwriting_inputs(destination, session)  # first: nothing else matters then
    if args.format:
        exporter = get_exporter(args.format)
    else:
        exporter = (destination and exporter_for_path(destination)) or get_exporter("json")
        if destination is not None and destination.suffix and exporter_for_path(destination) is None:
            print(
                f"reviewer: no format is known for {destination.suffix}: writing JSON (see --format)",
                file=sys.stderr,
            )
    options = ExportOptions(bom=args.bom, only=_only(args.only), url=args.url, raw_cells=args.raw_cells)
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
    """An export must never replace the document it reads, nor any file of the database."""
    overwritten = input_at(destination, session)
    if overwritten is not None:
        raise UsageError(f"-o {destination} is {overwritten}: choose another file name for the export")


def cmd_import(run: Run) -> int:
    """Merge a JSON export into the database and list what happened."""
    from reviewer.review.importing import import_export  # deferred: only this command needs it

    report = import_export(run.store(), run.args.export, now=utc_now(), dry_run=run.args.dry_run)
    print("\n".join(report.lines()))
    return 0


def cmd_backup(run: Run) -> int:
    """Copy the whole database, its journal folded in, to DEST."""
    copy = run.store().backup(run.args.dest)
    print(
        f"backed up {copy.reviews} review(s) of {copy.documents} document(s) from {run.store().path}"
        f" to {copy.path}"
    )
    return 0
