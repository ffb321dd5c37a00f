"""``reviewer reanchor``: carry an earlier version's reviews over to a changed file, headless."""

from __future__ import annotations

from reviewer.cli.common import Run, clip, one_line, print_json
from reviewer.exports.jsonexport import dumps_json
from reviewer.labelset import DEFAULT_LABELS
from reviewer.model import Review
from reviewer.review.reanchor import Status


def cmd_reanchor(run: Run) -> int:
    """Carry an earlier version's reviews over to FILE and print the summary."""
    opened = run.open(register=True, announce=False)
    result = opened.carried_over
    document = opened.session.document
    if run.args.json:
        data = result.to_dict() if result else {"doc_id": document.doc_id, "total": 0, "summary": ""}
        print_json(dumps_json(data | {"carried_over": result is not None}))
        return 0
    if result is None:
        print(
            f"nothing to carry over: {one_line(document.path)} has no other reviewed version at this path,"
            " or its reviews were carried over already (name one with --previous FILE_OR_SHA256)"
        )
        return 0
    print(one_line(opened.carry_over_line()))
    # Several reviewers may have reviewed one claim: each line says whose review it is.
    for placement in result.orphans:
        review = placement.review
        text = clip(review.anchor.exact, 90)
        hint = f" (closest: claim {placement.suggestion + 1})" if placement.suggestion is not None else ""
        print(f"  orphan: {_whose(review)}: {text}{hint}")
    for placement in result.by_status(Status.CHANGED):
        review = placement.review
        print(f"  recheck claim {placement.claim_number}: {_whose(review)}: {clip(review.anchor.exact, 80)}")
    return 0


def _whose(review: Review) -> str:
    """``alice's ✘ disputed review`` (or ``alice's note``, for a review without a label)."""
    what = f"{DEFAULT_LABELS.describe(review.label)} review" if review.label else "note"
    return f"{one_line(review.reviewer)}'s {what}"
