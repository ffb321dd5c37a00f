"""``reviewer agreement``: how far reviewers agree, on one document or on every document."""

from __future__ import annotations

from typing import Any

from reviewer.cli.common import Run, clip
from reviewer.display import printable
from reviewer.errors import UsageError
from reviewer.exports.jsonexport import document_fields, dumps_json
from reviewer.review.adjudication import Adjudication, Progress
from reviewer.review.agreement import AgreementReport, Coefficient
from reviewer.review.agreement_tables import Table, explanations, report_lines
from reviewer.review.session import ReviewSession
from reviewer.review.team import TeamReviews, document_agreement, parse_reviewers


def cmd_agreement(run: Run) -> int:
    """Agreement on FILE (α, κ matrix, labels), or one row per document with ``--all``."""
    args = run.args
    wanted = parse_reviewers(args.reviewers)
    if args.all:
        if args.file is not None:
            raise UsageError("give FILE or --all, not both")
        return _all_documents(run, wanted)
    if args.file is None:
        raise UsageError("give a FILE, or --all for every document in the database")
    session = run.session()
    document = session.document
    _, report = document_agreement(session.store, document, wanted, session.labels)
    if args.json:
        data = {
            "document": document_fields(document),
            "claims": document.claims.count(),
            "agreement": report.to_dict(),
            "explanations": explanations(report),
        }
        print(dumps_json(data), end="")
        return 0
    names = ", ".join(report.reviewers) or "none yet"
    print(printable(document.title))
    print(f"{document.path} · {document.claims.count()} claims · reviewers: {names}\n")
    print("\n".join(report_lines(report, session.labels)))
    return 0


def _all_documents(run: Run, wanted: list[str] | None) -> int:
    store = run.store()
    rows: list[dict[str, Any]] = []
    reports: list[AgreementReport] = []
    for info in store.documents():
        report = TeamReviews.load(store, info.doc_id).agreement(None, wanted, strict=False)
        reports.append(report)
        rows.append(
            {
                "title": info.title,
                "path": info.path,
                "sha256": info.doc_id,
                "claims": info.claim_count,
                "reviewers": list(report.reviewers),
                "n_reviewers": report.n_reviewers,
                "pairable": report.pairable,
                "unanimous": report.unanimous,
                "alpha": report.alpha.to_dict(),
                "percent_agreement": report.percent_agreement.to_dict(),
            }
        )
    if run.args.json:
        print(dumps_json({"database": str(store.path), "documents": rows}), end="")
        return 0
    if not rows:
        print(f"no documents yet in {store.path}")
        return 0
    print(f"{len(rows)} document{'' if len(rows) == 1 else 's'} in {store.path}\n")
    table = Table(
        ("α", "agreement", "pairable", "reviewers", "document"),
        tuple(
            (
                _short(report.alpha),
                report.percent_agreement.format_percent() if report.percent_agreement.defined else "—",
                f"{report.pairable} of {row['claims']}",
                str(report.n_reviewers),
                clip(printable(str(row["title"])), 50) + f" · {str(row['sha256'])[:12]}",
            )
            for row, report in zip(rows, reports, strict=True)
        ),
    )
    print("\n".join(table.lines()))
    return 0


def _short(coefficient: Coefficient) -> str:
    """``0.612``, or the reason in brackets when α is undefined."""
    return coefficient.format() if coefficient.defined else f"({coefficient.reason})"


def team_agreement(session: ReviewSession) -> AgreementReport | None:
    """Agreement on the session's document for ``reviewer stats``, once two reviewers have labelled it."""
    _, report = document_agreement(session.store, session.document, labels=session.labels)
    return report if report.n_reviewers >= 2 else None


def agreement_summary(report: AgreementReport | None) -> dict[str, Any] | None:
    """The headline figures for ``reviewer stats --json`` (None with fewer than two reviewers)."""
    if report is None:
        return None
    return {
        "reviewers": list(report.reviewers),
        "n_reviewers": report.n_reviewers,
        "pairable": report.pairable,
        "alpha": report.alpha.to_dict(),
        "percent_agreement": report.percent_agreement.to_dict(),
    }


def adjudication_progress(session: ReviewSession, agreement: AgreementReport | None) -> Progress | None:
    """Adjudication progress for ``reviewer stats``, once there is something to adjudicate or decided."""
    if agreement is None and not session.store.final_verdicts(session.document.doc_id):
        return None
    return Adjudication(session.document, session.store, session.reviewer, labels=session.labels).progress()
