"""``reviewer conflicts``: the versions an import set aside, to list, adopt or dismiss."""

from __future__ import annotations

from reviewer.cli.common import Run, one_line
from reviewer.clock import utc_now
from reviewer.review.import_conflicts import ImportConflict, adopt_conflict, dismiss_conflict, open_conflicts
from reviewer.review.importing import describe_review
from reviewer.review.session import ReviewSession


def cmd_conflicts(run: Run) -> int:
    """List FILE's open import conflicts, or adopt or dismiss one of them."""
    args = run.args
    session = run.session()
    store, doc_id = session.store, session.document.doc_id
    if args.adopt is not None:
        chosen, replaced = adopt_conflict(
            store,
            doc_id,
            args.adopt,
            reviewer=run.reviewer,
            now=utc_now(),
            allow_other_reviewers=args.allow_other_reviewers,
        )
        what = describe_review(chosen.review)
        print(f"adopted conflict {args.adopt}: {_where(session, chosen)} is now {what}")
        if replaced is not None:
            print(
                f"  the version it replaced ({describe_review(replaced)}) is kept as an open conflict:"
                f" 'reviewer conflicts {one_line(str(args.file))}' lists it"
            )
        return 0
    if args.dismiss is not None:
        chosen = dismiss_conflict(store, doc_id, args.dismiss, now=utc_now())
        print(f"dismissed conflict {args.dismiss} ({_where(session, chosen)}); it stays in the database")
        return 0
    conflicts = open_conflicts(store, doc_id)
    if not conflicts:
        print(f"no import conflicts for {one_line(session.document.path)}")
        return 0
    print(f"{len(conflicts)} version(s) an import set aside for {one_line(session.document.path)}:")
    for number, conflict in enumerate(conflicts, start=1):
        current = store.get_review(conflict.review.key)
        print(f"\n{number}. {_where(session, conflict)}: “{one_line(conflict.review.anchor.exact)}”")
        print(f"   set aside: {one_line(describe_review(conflict.review))}")
        now = one_line(describe_review(current)) if current else "no review"
        print(f"   in place:  {now} ({one_line(conflict.reason)})")
        print(f"   from {one_line(conflict.source)} on {conflict.recorded_at}")
    print("\nreviewer conflicts FILE --adopt N puts version N back; --dismiss N sets it aside for good")
    return 0


def _where(session: ReviewSession, conflict: ImportConflict) -> str:
    """``alice's review of claim 12`` (or of an orphaned review, when no claim has its span)."""
    anchor = conflict.review.anchor
    number = next(
        (
            claim.number
            for claim in session.document.claims.all()
            if (claim.start, claim.end) == (anchor.start, anchor.end)
        ),
        None,
    )
    claim = f"claim {number}" if number is not None else "a claim no longer in the text"
    return f"{one_line(conflict.review.reviewer)}'s review of {claim}"
