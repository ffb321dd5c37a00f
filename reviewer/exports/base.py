"""The exporters' interface and registry: one module per output format behind them.

An exporter has a ``name`` (what ``--format`` takes), a file ``suffix`` and a ``title`` (for
the TUI's export dialog), and renders a :class:`ReviewSession` at a given export time with
:class:`ExportOptions` into :class:`Exported` text plus an optional notice for the user (for
example how many opinions ClaimReview had to leave out). Writing the file stays with
``reviewer.exports.writing.write_export``, which replaces it atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from reviewer.errors import UsageError
from reviewer.review.filters import ClaimFilter

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession


@dataclass(frozen=True, slots=True)
class Publisher:
    """The organisation that publishes a fact check: ClaimReview's ``author`` (from the config or options)."""

    name: str = ""
    url: str = ""
    logo: str = ""  # the address of its logo image


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What the user may tune; each exporter uses the options that make sense for it."""

    bom: bool = False  # CSV/TSV: start with a UTF-8 BOM so spreadsheet programs detect UTF-8
    only: ClaimFilter = ClaimFilter.ALL  # CSV/TSV, Markdown, HTML: the claims to keep (a label, unreviewed)
    url: str | None = None  # ClaimReview: where the fact-check is published; Web Annotation: the document
    language: str | None = None  # Markdown, HTML: the report's language (en, fr); None: the document's
    raw_cells: bool = False  # CSV/TSV: write cells that start like a formula as they are (no leading ')
    hints: bool = False  # JSON: add each claim's check-worthiness hint (scoring costs ~0.5 ms a claim)
    final: bool = False  # CSV/TSV, Markdown, HTML, ClaimReview: final verdicts where there are, else reviews
    all_reviewers: bool = False  # JSON: every reviewer's reviews and the final verdicts (schema version 2)
    # ClaimReview, Web Annotation: where the reviewed article is published; None: the document's own
    # (a saved page's canonical link), if it has one.
    article_url: str | None = None
    publisher: Publisher = Publisher()  # ClaimReview: the publishing organisation (its author)


@dataclass(frozen=True, slots=True)
class Exported:
    """An export's text and a one-line notice for the user (empty when there is nothing to say)."""

    text: str
    notice: str = ""


class ExportFormat(NamedTuple):
    """What names and describes a format, known without importing its exporter."""

    name: str  # what --format takes
    suffix: str  # the file suffix that chooses it without --format
    title: str  # for --help and the TUI's export dialog


# Every format, JSON first (the lossless one). The exporters take their name, suffix and title
# from here: the CLI lists the formats at every launch (--help, --format's choices) and must not
# import eight exporter modules and what they import (about 20 ms) to do so.
EXPORT_FORMATS = (
    ExportFormat("json", ".json", "JSON (versioned, with a JSON Schema; lossless, re-importable)"),
    ExportFormat("csv", ".csv", "CSV (one row per claim, for spreadsheets)"),
    ExportFormat("tsv", ".tsv", "TSV (one row per sentence, for datasets)"),
    ExportFormat("md", ".md", "Markdown report (to read or print)"),
    ExportFormat("html", ".html", "HTML report (to read in a browser or print)"),
    ExportFormat(
        "claimreview",
        ".claimreview.jsonld",
        "ClaimReview JSON-LD (schema.org, for fact-check pages and search engines)",
    ),
    ExportFormat(
        "webannotation", ".webannotation.jsonld", "W3C Web Annotation JSON-LD (for annotation tools)"
    ),
    ExportFormat(
        "diagnosis",
        ".diagnosis.csv",
        "Diagnosis CSV (one row per claim: each reviewer's label, the status, the final verdict)",
    ),
)
FORMAT_NAMES = tuple(known.name for known in EXPORT_FORMATS)


def export_format(name: str) -> ExportFormat:
    """The format called ``name`` (an exporter's class body reads its name, suffix and title here)."""
    return next(known for known in EXPORT_FORMATS if known.name == name)


class Exporter(Protocol):
    """An output format."""

    name: str
    suffix: str
    title: str

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """The whole export as text."""
        ...


def exporters() -> tuple[Exporter, ...]:
    """An exporter of every format, in the order of ``EXPORT_FORMATS``."""
    from reviewer.exports.claimreview import ClaimReviewExporter
    from reviewer.exports.diagnosis import DiagnosisExporter
    from reviewer.exports.jsonexport import JsonExporter
    from reviewer.exports.report import HtmlReportExporter, MarkdownReportExporter
    from reviewer.exports.tabular import CsvExporter, TsvExporter
    from reviewer.exports.webannotation import WebAnnotationExporter

    return (
        JsonExporter(),
        CsvExporter(),
        TsvExporter(),
        MarkdownReportExporter(),
        HtmlReportExporter(),
        ClaimReviewExporter(),
        WebAnnotationExporter(),
        DiagnosisExporter(),
    )


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name`` (case-insensitive); a UsageError lists the valid names."""
    wanted = name.strip().lower()
    for exporter in exporters():
        if exporter.name == wanted:
            return exporter
    names = ", ".join(exporter.name for exporter in exporters())
    raise UsageError(f"unknown export format {name!r}: use one of {names}")


def exporter_for_path(path: Path) -> Exporter | None:
    """The exporter whose suffix ``path`` ends with (``notes.csv`` → csv), if any."""
    name = path.name.lower()
    # Longest first: ``x.claimreview.jsonld`` is ClaimReview, a bare ``x.jsonld`` JSON.
    for exporter in sorted(exporters(), key=lambda e: -len(e.suffix)):
        if name.endswith(exporter.suffix) and len(name) > len(exporter.suffix):
            return exporter
    aliases = {".markdown": "md", ".htm": "html", ".jsonld": "json"}
    alias = aliases.get(path.suffix.lower())
    return get_exporter(alias) if alias else None


def path_for_format(path: Path, name: str) -> Path:
    """``path`` renamed for format ``name``: its suffix (``.csv``, ``.claimreview.jsonld``) replaced."""
    current = exporter_for_path(path)
    if current is not None and path.name.lower().endswith(current.suffix):
        stem = path.name[: -len(current.suffix)]
    else:  # an alias (.markdown) or any other suffix (.txt) gives way too
        stem = path.name.removesuffix(path.suffix)
    return path.with_name(stem + get_exporter(name).suffix)


def render(
    session: ReviewSession, name: str, exported_at: str, options: ExportOptions | None = None
) -> Exported:
    """Render ``session`` in format ``name``: the one call the CLI and the TUI need."""
    return get_exporter(name).render(session, exported_at, options or ExportOptions())
