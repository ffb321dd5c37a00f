"""``reviewer claims``, ``stats`` and ``docs``: what a document and the database hold."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from reviewer.cli.common import Run, label_cell, one_line, print_json, progress_line
from reviewer.cli.team import adjudication_progress, agreement_summary, team_agreement
from reviewer.exports.jsonexport import document_fields, dumps_json
from reviewer.hints.document import DocumentScores, score_document
from reviewer.review.agreement_tables import headline
from reviewer.review.session import ReviewSession


def cmd_claims(run: Run) -> int:
    """Print paragraphs and numbered claims."""
    session = run.session()
    if run.args.json:
        scores = score_document(session.document) if run.args.hints else None
        print_json(dumps_json(_claims_json(session, scores)))
    else:
        _print_claims(session, sys.stdout)
    return 0


def _print_claims(session: ReviewSession, out: TextIO) -> None:
    document = session.document
    claims = document.claims.all()
    out.write(
        f"{one_line(document.title)}\n{one_line(document.path)} · {document.format}"
        f" · language {one_line(document.language)}"
        f" · {len(document.paragraphs)} paragraphs · {len(claims)} claims\n"
    )
    width = len(str(len(claims)))
    for paragraph, indexes in zip(document.paragraphs, document.claims.by_paragraph(), strict=True):
        kind = "" if paragraph.kind == "text" else f" ({paragraph.kind.replace('_', ' ')})"
        out.write(f"\n¶ {paragraph.index + 1}{kind}\n")
        if not indexes:
            out.write("   [no claims]\n")
        for index in indexes:
            claim = claims[index]
            out.write(f"  {claim.number:>{width}} {label_cell(session, index)} {one_line(claim.text)}\n")


def _claims_json(session: ReviewSession, scores: DocumentScores | None) -> dict[str, Any]:
    document = session.document
    claims = document.claims.all()
    hints = {"hints": scores.to_dict()} if scores is not None else {}
    return hints | {
        "document": document_fields(document),
        "paragraphs": [
            {
                "number": paragraph.index + 1,
                "kind": paragraph.kind.value,
                "start": paragraph.start,
                "end": paragraph.end,
                "claims": [
                    {
                        "number": claims[index].number,
                        "start": claims[index].start,
                        "end": claims[index].end,
                        "text": claims[index].text,
                        "label": (label.value if (label := session.label(index)) else None),
                    }
                    | ({"hint": scores.claim_dict(index)} if scores is not None else {})
                    for index in indexes
                ],
            }
            for paragraph, indexes in zip(document.paragraphs, document.claims.by_paragraph(), strict=True)
        ],
    }


def cmd_stats(run: Run) -> int:
    """Progress and counts for one document."""
    session = run.session()
    counts = session.counts()
    others: dict[str, int] = {}
    for review in session.store.reviews(session.document.doc_id):
        if review.reviewer != session.reviewer and review.label:
            others[review.reviewer] = others.get(review.reviewer, 0) + 1
    agreement = team_agreement(session)
    adjudication = adjudication_progress(session, agreement)
    if run.args.json:
        data = {
            "document": document_fields(session.document),
            "reviewer": session.reviewer,
            "summary": counts.to_dict() | {"orphans": len(session.orphans)},
            "other_reviewers": dict(sorted(others.items())),
            "agreement": agreement_summary(agreement),
            "adjudication": adjudication.to_dict() if adjudication else None,
        }
        print_json(dumps_json(data))
        return 0
    print(f"{one_line(session.document.title)}\n{one_line(session.document.path)}")
    print(f"{one_line(session.reviewer)}: {progress_line(counts, session.labels)}")
    if counts.recheck:
        print(f"{counts.recheck} review(s) to recheck: the claim's wording changed in this version")
    if session.orphans:
        print(
            f"{len(session.orphans)} orphaned review(s): no claim of this version holds them;"
            " they are kept, exported, and listed by O in the review screen"
        )
    for name, labelled in sorted(others.items()):
        print(f"{one_line(name)}: reviewed {labelled}/{counts.total}")
    if agreement is not None:
        print(f"agreement: {headline(agreement)} (reviewer agreement FILE for more)")
    if adjudication is not None:
        print(f"adjudication: {adjudication.line()} (reviewer adjudicate FILE for more)")
    return 0


def cmd_docs(run: Run) -> int:
    """Documents in the database, with progress (``--team``: the team server's)."""
    if getattr(run.args, "team", False):
        from reviewer.cli.teamsync import print_team_documents

        return print_team_documents(run)
    store = run.store()
    reviewer = run.reviewer
    labelled = {doc_id: counts.get(reviewer, 0) for doc_id, counts in store.labelled_counts().items()}
    rows = [
        {
            "title": info.title,
            "path": info.path,
            "language": info.language,
            "sha256": info.doc_id,
            "claims": info.claim_count,
            "reviewed": labelled.get(info.doc_id, 0),
            "last_opened": info.last_opened,
        }
        for info in store.documents()
    ]
    if run.args.json:
        print_json(dumps_json({"database": str(store.path), "reviewer": reviewer, "documents": rows}))
        return 0
    database = one_line(str(store.path))
    if not rows:
        print(f"no documents yet in {database}")
        return 0
    plural = "" if len(rows) == 1 else "s"
    print(f"{len(rows)} document{plural} in {database} (progress for {one_line(reviewer)})")
    for row in rows:
        print(
            f"\n{one_line(str(row['title']))}\n  {one_line(str(row['path']))}"
            f" · {one_line(str(row['language']))} · reviewed {row['reviewed']}/{row['claims']}"
            f" · last opened {row['last_opened']}"
            f" · sha256 {str(row['sha256'])[:12]}"
        )
    return 0
