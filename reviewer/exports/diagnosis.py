"""The diagnosis CSV: one row per claim, one column per reviewer, then its status and final verdict.

INCEpTION's curation layout, and the raw output doccano users ask for (doccano#1846): every
reviewer's label side by side, for a spreadsheet or pandas to compare. Cells follow the CSV
export's rules: one line per claim, and no cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from reviewer.exports.base import Exported, ExportOptions, export_format
from reviewer.exports.tabular import neutralised, one_line
from reviewer.review.team import TeamReviews
from reviewer.review.verdicts import claim_status

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

LEADING = ("document", "paragraph", "claim", "text")
TRAILING = ("status", "final", "adjudicated_by", "adopted_from", "final_note")
_BOM = "\ufeff"


def reviewer_columns(reviewers: tuple[str, ...]) -> list[str]:
    """A column per reviewer, named after them (``reviewer:NAME`` if the name is a fixed column's)."""
    fixed = set(LEADING) | set(TRAILING)
    return [
        f"reviewer:{name}" if name in fixed or name.startswith("reviewer:") else name for name in reviewers
    ]


class DiagnosisExporter:
    """Every reviewer's label on every claim, with agree/disagree/incomplete and the final verdict."""

    name, suffix, title = export_format("diagnosis")

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """A header, then one row per claim in document order."""
        document = session.document
        team = TeamReviews.load(session.store, document.doc_id, session.labels)
        reviewers = team.reviewers
        finals = {(v.anchor.start, v.anchor.end): v for v in session.store.final_verdicts(document.doc_id)}
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow((*LEADING, *reviewer_columns(reviewers), *TRAILING))
        cell = one_line if options.raw_cells else (lambda value: neutralised(one_line(value)))
        decided = 0
        for claim in document.claims.all():
            labels = team.labels_of(claim, reviewers)
            final = finals.get((claim.start, claim.end))
            decided += final is not None and final.label is not None
            writer.writerow(
                (
                    cell(document.path),
                    claim.paragraph + 1,
                    claim.number,
                    cell(claim.text),
                    *(session.labels.get(label).csv_value if label else "" for label in labels.values()),
                    claim_status(list(labels.values())).value,
                    session.labels.get(final.label).csv_value if final and final.label else "",
                    cell(final.adjudicated_by) if final else "",
                    cell(" | ".join(final.adopted_from)) if final else "",
                    cell(final.note) if final else "",
                )
            )
        names = ", ".join(reviewers) or "none yet"
        notice = f"reviewers: {names}; {decided} claim(s) with a final verdict"
        return Exported((_BOM if options.bom else "") + buffer.getvalue(), notice)
