"""``reviewer adjudicate``: the claims needing a final verdict; adopt one, write one, accept the unanimous."""

from __future__ import annotations

import sys
from typing import Any

from reviewer.cli.common import Run, clip, one_line
from reviewer.display import printable
from reviewer.errors import UsageError
from reviewer.exports.jsonexport import document_fields, dumps_json
from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.model import FinalVerdict, Label, Review
from reviewer.review.adjudication import Adjudication
from reviewer.review.session import KEEP, Keep
from reviewer.review.team import parse_reviewers
from reviewer.review.verdicts import ClaimVerdicts


def cmd_adjudicate(run: Run) -> int:
    """List what needs adjudication, or decide one claim, or accept the unanimous claims."""
    args = run.args
    deciding = args.claim is not None
    if args.accept_unanimous and deciding:
        raise UsageError("--accept-unanimous takes no CLAIM: it accepts every unanimous claim")
    if not deciding and (args.label is not None or args.adopt or args.note is not None or args.source):
        raise UsageError("give the CLAIM number to decide, e.g. reviewer adjudicate FILE 12 --adopt alice")
    session = run.session()
    adjudication = Adjudication(
        session.document,
        session.store,
        run.reviewer,
        reviewers=parse_reviewers(args.reviewers),
        labels=session.labels,
    )
    if args.accept_unanimous:
        return _accept_unanimous(adjudication, confirmed=args.yes)
    if deciding:
        return _decide(adjudication, args.claim, args)
    if args.json:
        print(dumps_json(_listing_json(adjudication)), end="")
    else:
        _print_listing(adjudication)
    return 0


def _decide(adjudication: Adjudication, claim: str, args: Any) -> int:
    try:
        number = int(claim)
    except ValueError:
        raise UsageError(f"CLAIM must be a claim number such as 12, not {claim!r}") from None
    claims = adjudication.claims
    if not 1 <= number <= len(claims):
        raise UsageError(f"there is no claim {number}: the document has claims 1 to {len(claims)}")
    index = number - 1
    if args.adopt:
        if args.label is not None or args.note is not None or args.source:
            raise UsageError(
                "--adopt takes the reviewer's label, note and sources: give no LABEL, --note or --source"
            )
        name = args.adopt
        if name.isdigit():
            name = adjudication.reviewer_at(int(name))
        elif name not in adjudication.reviewers:
            names = ", ".join(adjudication.reviewers)
            raise UsageError(f"{name} is not a reviewer of this document: reviewers are {names}")
        step = adjudication.adopt(index, name)
    else:
        if args.label is None and args.note is None and args.source is None:
            raise UsageError("give a LABEL (or --note/--source), or --adopt REVIEWER")
        label: Label | Keep | None = KEEP
        if args.label is not None:
            try:
                label = adjudication.labels.parse(args.label)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        step = adjudication.decide(
            index,
            label=label,
            note=KEEP if args.note is None else args.note,
            sources=KEEP if args.source is None else args.source,
        )
    final = adjudication.final(index)
    status = "saved" if step else "unchanged"
    shown = describe_final(final, adjudication.labels)
    print(f"claim {number}: final {shown} ({status}) — {clip(claims[index].text, 80)}")
    print(adjudication.progress().line())
    return 0


def _accept_unanimous(adjudication: Adjudication, *, confirmed: bool) -> int:
    indexes = adjudication.unanimous_open()
    if not indexes:
        print("no unanimous claim is waiting for a final verdict")
        return 0
    if not confirmed:
        # Count first, then confirm: a bulk change is never made by surprise.
        print(
            f"{len(indexes)} unanimous claim(s) have no final verdict yet; run again with --yes to accept"
            " each one's shared label as final (one step, reversible in the adjudication screen with u)"
        )
        return 0
    step = adjudication.accept_unanimous(indexes)
    accepted = len(step.changes) if step else 0
    print(f"accepted {accepted} unanimous claim(s) as final; {adjudication.progress().line()}")
    return 0


def describe_final(final: FinalVerdict | None, labels: LabelSet = DEFAULT_LABELS) -> str:
    """``✔ verified (carol, adopted from alice)``, or ``none``."""
    if final is None:
        return "none"
    label = labels.describe(final.label) if final.label else "no label"
    whose = final.adjudicated_by
    if len(final.adopted_from) == 1:
        whose += f", adopted from {final.adopted_from[0]}"
    elif final.adopted_from:
        whose += ", unanimous"
    note = " ✎" if final.note or final.sources else ""
    recheck = " · text changed — recheck" if final.recheck else ""
    return f"{label}{note} ({whose}){recheck}"


def _review_cell(review: Review | None, labels: LabelSet) -> str:
    if review is None or (review.label is None and not review.note):
        return "· not labelled"
    label = labels.describe(review.label) if review.label else "· no label"
    note = f"  ✎ {clip(review.note, 60)}" if review.note else ""
    sources = f"  ⚲ {len(review.sources)}" if review.sources else ""
    return label + note + sources


def _print_listing(adjudication: Adjudication) -> None:
    document = adjudication.document
    progress = adjudication.progress()
    numbered = ", ".join(f"{n} {name}" for n, name in enumerate(adjudication.reviewers, start=1))
    print(printable(document.title))
    print(
        f"{document.path} · adjudication by {adjudication.adjudicator} · reviewers: {numbered or 'none yet'}"
    )
    print(progress.line())
    if progress.unanimous_open:
        print(
            f"unanimous {progress.unanimous}, {progress.unanimous_open} without a final verdict"
            " (reviewer adjudicate FILE --accept-unanimous)"
        )
    width = max((len(name) for name in adjudication.reviewers), default=0)
    for index in adjudication.pending():
        verdicts = adjudication.verdicts(index)
        print(
            f"\n{verdicts.status.symbol} claim {index + 1} · {verdicts.status.value}"
            f" · final {describe_final(verdicts.final, adjudication.labels)}"
        )
        print(f"    {clip(one_line(verdicts.claim.text), 100)}")
        for n, (name, review) in enumerate(verdicts.reviews, start=1):
            print(f"    {n} {name:<{width}}  {_review_cell(review, adjudication.labels)}")
    if not adjudication.pending():
        print(
            "\nno claim needs adjudication: the reviewers agree on every claim they labelled", file=sys.stdout
        )


def _listing_json(adjudication: Adjudication) -> dict[str, Any]:
    return {
        "document": document_fields(adjudication.document),
        "adjudicator": adjudication.adjudicator,
        "reviewers": list(adjudication.reviewers),
        "progress": adjudication.progress().to_dict(),
        "claims": [verdicts_json(adjudication.verdicts(index)) for index in adjudication.pending()],
    }


def verdicts_json(verdicts: ClaimVerdicts) -> dict[str, Any]:
    """One claim needing adjudication: its reviewers' reviews and its final verdict, JSON-ready."""
    return {
        "number": verdicts.claim.number,
        "text": verdicts.claim.text,
        "status": verdicts.status.value,
        "reviews": {
            name: None
            if review is None
            else {
                "label": review.label.value if review.label else None,
                "note": review.note,
                "sources": list(review.sources),
            }
            for name, review in verdicts.reviews
        },
        "final": None if verdicts.final is None else final_json(verdicts.final),
    }


def final_json(final: FinalVerdict) -> dict[str, Any]:
    """A final verdict without its document id (the export names the document once)."""
    record = final.to_record()
    del record["doc_id"]
    return record | {"recheck": final.recheck or None}
