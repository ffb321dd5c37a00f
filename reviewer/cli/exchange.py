"""``reviewer export``, ``import`` and ``backup``: reviews out to a file, merged back in, kept safe."""

from __future__ import annotations

import sys
from pathlib import Path

from reviewer.cli.common import Run, one_line, print_json
from reviewer.clock import utc_now
from reviewer.config.loading import web_address_problem
from reviewer.display import printable
from reviewer.errors import UsageError
from reviewer.exports import (
    ExportOptions,
    Publisher,
    exporter_for_path,
    get_exporter,
    input_at,
    write_export,
)
from reviewer.exports.claimreview import fact_check_address
from reviewer.labelset import LabelSet
from reviewer.review.filters import ClaimFilter
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
    elif destination is None or not destination.suffix:
        # The default format (--format, else $REVIEWER_EXPORT_FORMAT, the config file, JSON) for
        # standard output or a bare name.
        exporter = get_exporter(run.export_format)
    else:
        found = exporter_for_path(destination)
        if found is None:
            # Writing JSON into notes.xlsx would leave a file its own program cannot open.
            raise UsageError(
                f"-o {destination}: no export format is known for {destination.suffix}; name the"
                " file .json, .csv, .tsv, .md, .html, .claimreview.jsonld or .webannotation.jsonld,"
                " or give --format"
            )
        exporter = found
    if args.check and exporter.name != "claimreview":
        raise UsageError(
            f"--check checks a ClaimReview export, not {exporter.name}: add --format claimreview"
        )
    options = ExportOptions(
        bom=args.bom,
        only=_only(args.only, run.labels),
        url=_fact_check_url(run, exporter.name, session),
        raw_cells=args.raw_cells,
        hints=args.hints,
        final=args.final,
        all_reviewers=args.all_reviewers,
        article_url=_web_option(args.article_url, "--article-url"),
        publisher=_publisher(run),
    )
    _check_team_options(options, exporter.name)
    if args.check:
        return _check_claimreview(run, session, options, destination)
    exported = exporter.render(session, utc_now(), options)
    if destination is None:
        # The terminal gets a safe copy (JSON stays the same data, \u-escaped); -o keeps every byte.
        if exporter.suffix.endswith((".json", ".jsonld")):
            print_json(exported.text)
        else:
            sys.stdout.write(printable(exported.text, keep_lines=True))
    else:
        write_export(exported.text, destination)
        counts = session.counts()
        which = "all claims" if options.only == ClaimFilter.ALL else f"the {options.only.value} claims"
        if options.all_reviewers or exporter.name == "diagnosis":
            whose = "with every reviewer's reviews"
        elif options.final:
            whose = "with final verdicts where there are"
        else:
            whose = f"({counts.reviewed} reviewed)"
        print(
            f"exported {which} of {counts.total} {whose} as {exporter.name} to {one_line(str(destination))}",
            file=sys.stderr,
        )
    if exported.notice:
        print(f"reviewer: {exported.notice}", file=sys.stderr)
    return 0


def _web_option(value: str | None, option: str) -> str | None:
    """A web address given on the command line, or a UsageError saying what is wrong with it."""
    if value is None or not value.strip():
        return None
    problem = web_address_problem(value.strip())
    if problem:
        raise UsageError(f"{option}: {problem}")
    return value.strip()


def _fact_check_url(run: Run, format_name: str, session: ReviewSession) -> str | None:
    """``--url``, else for ClaimReview the config's ``fact_check_url`` with ``{slug}`` filled in."""
    given = _web_option(run.args.url, "--url")
    template = run.config.claimreview.fact_check_url
    if given is None and format_name == "claimreview" and template:
        return fact_check_address(template, session.document)
    return given


def _publisher(run: Run) -> Publisher:
    """The publishing organisation: --organisation, --organisation-url, --logo, else the config's."""
    args, settings = run.args, run.config.claimreview
    name = " ".join((args.organisation or "").split()) or settings.organisation
    return Publisher(
        name=name,
        url=_web_option(args.organisation_url, "--organisation-url") or settings.organisation_url,
        logo=_web_option(args.logo, "--logo") or settings.logo,
    )


def _check_claimreview(
    run: Run, session: ReviewSession, options: ExportOptions, destination: Path | None
) -> int:
    """``--check``: the checklist and what each ClaimReview lacks; with -o, the file when it passes."""
    from reviewer.exports.claimreview import ClaimReviewExporter
    from reviewer.exports.claimreview_check import check_graph

    exporter = ClaimReviewExporter()
    report = check_graph(exporter.build(session, options))
    for line in report.lines(one_line(str(run.args.file))):
        print(line)
    if destination is not None:
        if report.passed:
            write_export(exporter.render(session, utc_now(), options).text, destination)
            print(f"wrote {report.count} ClaimReview(s) to {one_line(str(destination))}", file=sys.stderr)
        else:
            print(
                f"reviewer: {one_line(str(destination))} not written: fix what is required first",
                file=sys.stderr,
            )
    return 0 if report.passed else 1


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


def _only(word: str | None, labels: LabelSet) -> ClaimFilter:
    """``--only``: a label of the set (a name or its one-letter key), unreviewed, or all."""
    if word is None:
        return ClaimFilter.ALL
    wanted = word.strip().lower()
    if wanted in ("all", "unreviewed"):
        return ClaimFilter(wanted)
    try:
        label = labels.parse(wanted)
    except ValueError:
        raise UsageError(
            f"unknown value {word!r} for --only: use {labels.choices()}, unreviewed or all"
        ) from None
    return ClaimFilter.UNREVIEWED if label is None else ClaimFilter.of(label)


def _refuse_overwriting_inputs(destination: Path, session: ReviewSession) -> None:
    """An export must never replace the document it reads, nor any file of the database."""
    overwritten = input_at(destination, session)
    if overwritten is not None:
        raise UsageError(f"-o {destination} is {overwritten}: choose another file name for the export")


def cmd_import(run: Run) -> int:
    """Merge a JSON export into the database and list what happened."""
    from reviewer.review.importing import import_export  # deferred: only this command needs it

    args = run.args
    report = import_export(
        run.store(),
        args.export,
        reviewer=run.reviewer,
        now=utc_now(),
        dry_run=args.dry_run,
        prefer=args.prefer,
        allow_other_reviewers=args.allow_other_reviewers,
    )
    for line in report.lines():
        print(printable(line))
    return 0


def cmd_backup(run: Run) -> int:
    """Copy the whole database, its journal folded in, to DEST."""
    copy = run.store().backup(run.args.dest)
    print(
        f"backed up {copy.reviews} review(s) of {copy.documents} document(s) from {run.store().path}"
        f" to {copy.path}"
    )
    return 0
