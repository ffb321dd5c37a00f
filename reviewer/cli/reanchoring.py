"""``reviewer reanchor``: carry an earlier version's reviews over to a changed file, headless."""

from __future__ import annotations

from reviewer.cli.common import Run, clip
from reviewer.exports.jsonexport import dumps_json
from reviewer.review.reanchor import Status


def cmd_reanchor(run: Run) -> int:
    """Carry an earlier version's reviews over to FILE and print the summary."""
    opened = run.open(register=True, announce=False)
    result = opened.carried_over
    document = opened.session.document
    if run.args.json:
        data = result.to_dict() if result else {"doc_id": document.doc_id, "total": 0, "summary": ""}
        print(dumps_json(data | {"carried_over": result is not None}), end="")
        return 0
    if result is None:
        print(
            f"nothing to carry over: {document.path} has no other reviewed version at this path,"
            " or its reviews were carried over already (name one with --previous FILE_OR_SHA256)"
        )
        return 0
    print(opened.carry_over_line())
    for placement in result.orphans:
        text = clip(placement.review.anchor.exact, 90)
        hint = f" (closest: claim {placement.suggestion + 1})" if placement.suggestion is not None else ""
        print(f"  orphan: {text}{hint}")
    for placement in result.by_status(Status.CHANGED):
        print(f"  recheck claim {placement.claim_number}: {clip(placement.review.anchor.exact, 80)}")
    return 0
