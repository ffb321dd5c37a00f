"""CSV and TSV: one row per claim, quoted by Python's csv module, readable by spreadsheets and pandas."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from reviewer.exports.base import Exported, ExportOptions
from reviewer.exports.rows import claim_rows

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

COLUMNS = ("document", "paragraph", "claim", "text", "label", "note", "sources", "reviewer", "updated_at")
# One source per line inside the cell: sources are single-line strings, so splitting on newlines
# gives them back exactly, and a spreadsheet shows them one under the other.
SOURCE_SEPARATOR = "\n"
_BOM = "\ufeff"


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
        writer.writerow(COLUMNS)
        document = session.document
        for row in claim_rows(session, options.only):
            review = row.review
            writer.writerow(
                (
                    document.path,
                    row.claim.paragraph + 1,
                    row.claim.number,
                    row.claim.text,
                    row.label.value if row.label else "",
                    review.note if review else "",
                    SOURCE_SEPARATOR.join(review.sources) if review else "",
                    review.reviewer if review else "",
                    review.updated_at if review else "",
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

    name = "csv"
    suffix = ".csv"
    title = "CSV (one row per claim, for spreadsheets)"
    delimiter = ","


class TsvExporter(_DelimitedExporter):
    """Tab-separated values, one sentence per row with its label (CLEF CheckThat! style)."""

    name = "tsv"
    suffix = ".tsv"
    title = "TSV (one row per sentence, for datasets)"
    delimiter = "\t"
