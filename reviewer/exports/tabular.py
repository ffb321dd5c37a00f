"""CSV and TSV: one line per claim, readable by spreadsheets and pandas, with no cell run as a formula."""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

from reviewer.exports.base import Exported, ExportOptions, export_format
from reviewer.exports.rows import claim_rows

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

COLUMNS = ("document", "paragraph", "claim", "text", "label", "note", "sources", "reviewer", "updated_at")
# With --final, whether each row's label is a final verdict ("final"), a review ("review") or none ("").
VERDICT_COLUMN = "verdict"
# Sources share one cell: a newline would break "one line per claim", so they are joined on one line.
SOURCE_SEPARATOR = " | "
# What a spreadsheet may run as a formula when a cell starts with it (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Every character that ends a line for some reader (str.splitlines' list), and the tab.
_BREAKS = re.compile(r"\s*[\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029]\s*")
_BOM = "\ufeff"


def one_line(value: str) -> str:
    """``value`` with every line break and tab, and the spaces around it, made one space."""
    return _BREAKS.sub(" ", value).strip() if _BREAKS.search(value) else value


def neutralised(value: str) -> str:
    """``value`` made safe to open in a spreadsheet: a leading ``'`` if it starts like a formula."""
    return "'" + value if value.lstrip(" ").startswith(FORMULA_STARTS) else value


class _DelimitedExporter:
    """Shared by CSV and TSV; they differ only in the delimiter."""

    name = ""
    suffix = ""
    title = ""
    delimiter = ","

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """A header row then one row per claim (or per claim with the ``only`` label)."""
        buffer = io.StringIO()
        # "\n" line ends: the csv module reads them back, pandas too, and golden files stay LF.
        writer = csv.writer(buffer, delimiter=self.delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS + ((VERDICT_COLUMN,) if options.final else ()))
        # One line per claim always; the formula guard unless the user asks for raw values.
        cell = one_line if options.raw_cells else (lambda value: neutralised(one_line(value)))
        document = session.document
        for row in claim_rows(session, options.only, final=options.final):
            review = row.review
            verdict = ("final" if row.final else "review" if review else "",) if options.final else ()
            writer.writerow(
                (
                    cell(document.path),
                    row.claim.paragraph + 1,
                    row.claim.number,
                    cell(row.claim.text),
                    session.labels.get(row.label).csv_value if row.label else "",
                    cell(review.note) if review else "",
                    cell(SOURCE_SEPARATOR.join(one_line(s) for s in review.sources)) if review else "",
                    cell(review.reviewer) if review else "",
                    review.updated_at if review else "",
                    *verdict,
                )
            )
        notice = ""
        if session.orphans:
            notice = (
                f"{len(session.orphans)} review(s) whose claim is no longer in the text are not in the"
                f" {self.name.upper()}; the JSON export keeps them"
            )
        return Exported((_BOM if options.bom else "") + buffer.getvalue(), notice)


class CsvExporter(_DelimitedExporter):
    """Comma-separated values."""

    name, suffix, title = export_format("csv")
    delimiter = ","


class TsvExporter(_DelimitedExporter):
    """Tab-separated values, one sentence per row with its label (CLEF CheckThat! style)."""

    name, suffix, title = export_format("tsv")
    delimiter = "\t"
