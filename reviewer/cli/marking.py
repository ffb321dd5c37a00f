"""``reviewer mark``: label one claim, and set its note and sources, from a script."""

from __future__ import annotations

from reviewer.cli.common import Run, clip
from reviewer.errors import UsageError
from reviewer.model import Label, Review
from reviewer.review.claim_details import check_details
from reviewer.review.session import KEEP, Keep


def cmd_mark(run: Run) -> int:
    """Label one claim, optionally with a note and sources."""
    args = run.args
    given = {
        "short_claim": args.short_claim,
        "claim_author": args.claim_author,
        "claim_date": args.claim_date,
    }
    if (
        args.label is None
        and args.note is None
        and args.source is None
        and not args.clear_sources
        and all(value is None for value in given.values())
    ):
        raise UsageError(
            "give a LABEL, or --note/--source/--clear-sources/--short-claim/--claim-author/--claim-date"
            " to change only those"
        )
    # Checked before the document is even read: a bad value changes nothing.
    checked = check_details(**{name: value or "" for name, value in given.items()})
    details: dict[str, str | Keep] = {
        name: KEEP if given[name] is None else getattr(checked, name) for name in given
    }
    if args.source is not None and args.clear_sources:
        raise UsageError("give --source or --clear-sources, not both")
    for source in args.source or ():
        if not source.strip():
            # An empty source used to clear every source without a word.
            raise UsageError(
                "--source is empty: give a URL or a citation (to remove every source, use --clear-sources)"
            )
    label: Label | Keep | None = KEEP
    if args.label is not None:
        try:
            label = run.labels.parse(args.label)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    try:
        number = int(args.claim)
    except ValueError:
        raise UsageError(f"CLAIM must be a claim number such as 12, not {args.claim!r}") from None
    session = run.session()
    claim = session.goto_claim(number)
    change = session.edit(
        label=label,
        note=KEEP if args.note is None else args.note,
        sources=[] if args.clear_sources else (KEEP if args.source is None else args.source),
        short_claim=details["short_claim"],
        claim_author=details["claim_author"],
        claim_date=details["claim_date"],
    )
    # Only once the mark is saved: a failed mark leaves the database byte-identical.
    session.register()
    session.save_position()  # the TUI resumes at the claim last marked from a script
    saved = session.label(session.cursor)
    shown = session.labels.describe(saved) if saved else "unreviewed"
    status = "saved" if change else "unchanged"
    print(f"claim {claim.number}: {shown} ({status}) — {clip(claim.text, 100)}")
    review = session.review(session.cursor)
    if review is not None and any(value is not None for value in given.values()):
        print(f"  for ClaimReview: {describe_details(review)}")
    return 0


def describe_details(review: Review) -> str:
    """``short claim “…” · said by … · on 2026-11-25``, or what is unset."""
    parts = [
        f"short claim “{review.short_claim}”"
        if review.short_claim
        else "no short claim (the sentence, shortened)"
    ]
    parts.append(f"said by {review.claim_author}" if review.claim_author else "no claim author")
    parts.append(f"on {review.claim_date}" if review.claim_date else "no claim date")
    return " · ".join(parts)
