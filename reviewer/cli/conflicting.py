"""``reviewer conflicts``: the versions an import or a team sync set aside, to list, adopt or dismiss.

The import's (reviews) are numbered first, from 1; then those a team sync set aside other than
reviews (final verdicts and paragraphs' shapes, ``teamserver/set_aside.py``), numbered on.
"""

from __future__ import annotations

from reviewer.cli.common import Run, one_line
from reviewer.clock import utc_now
from reviewer.errors import UsageError
from reviewer.review.import_conflicts import ImportConflict, adopt_conflict, dismiss_conflict, open_conflicts
from reviewer.review.importing import describe_review
from reviewer.review.session import ReviewSession
from reviewer.teamserver.set_aside import SetAside, adopt_set_aside, dismiss_set_aside, open_set_aside


def cmd_conflicts(run: Run) -> int:
    """List FILE's open conflicts, or adopt or dismiss one of them."""
    args = run.args
    session = run.session()
    store, doc_id = session.store, session.document.doc_id
    reviews = open_conflicts(store, doc_id)
    others = open_set_aside(store, doc_id)
    number = args.adopt if args.adopt is not None else args.dismiss
    total = len(reviews) + len(others)
    if number is not None and not total:
        raise UsageError("there is no open conflict for this document (no import or team sync set one aside)")
    if number is not None and not 1 <= number <= total:
        raise UsageError(f"there is no conflict {number}: 1 to {total}")
    if number is not None and number > len(reviews):
        return _settle_set_aside(run, session, number, others[number - len(reviews) - 1])
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
    if not reviews and not others:
        print(f"no conflicts for {one_line(session.document.path)}")
        return 0
    if reviews:
        print(f"{len(reviews)} version(s) an import set aside for {one_line(session.document.path)}:")
    for number, conflict in enumerate(reviews, start=1):
        current = store.get_review(conflict.review.key)
        print(f"\n{number}. {_where(session, conflict)}: “{one_line(conflict.review.anchor.exact)}”")
        print(f"   set aside: {one_line(describe_review(conflict.review))}")
        now = one_line(describe_review(current)) if current else "no review"
        print(f"   in place:  {now} ({one_line(conflict.reason)})")
        print(f"   from {one_line(conflict.source)} on {conflict.recorded_at}")
    if others:
        print(
            f"{'' if not reviews else chr(10)}{len(others)} final verdict(s) or reshape(s) a team sync set"
            f" aside for {one_line(session.document.path)}:"
        )
    for number, entry in enumerate(others, start=len(reviews) + 1):
        print(f"\n{number}. {set_aside_where(session, entry)}")
        print(f"   set aside: {one_line(entry.describe(session.document))}")
        print(f"   in place:  {one_line(entry.in_place(store, session.document))} ({one_line(entry.reason)})")
        print(f"   from team sync on {entry.recorded_at}")
    print("\nreviewer conflicts FILE --adopt N puts version N back; --dismiss N sets it aside for good")
    return 0


def _settle_set_aside(run: Run, session: ReviewSession, number: int, entry: SetAside) -> int:
    store = session.store
    where = set_aside_where(session, entry)
    if run.args.dismiss is not None:
        dismiss_set_aside(store, entry, now=utc_now())
        print(f"dismissed conflict {number} ({where}); it stays in the database")
        return 0
    replaced = adopt_set_aside(
        store,
        entry,
        reviewer=run.reviewer,
        now=utc_now(),
        allow_other_reviewers=run.args.allow_other_reviewers,
    )
    print(f"adopted conflict {number}: {where} is now {one_line(entry.describe(session.document))}")
    if replaced:
        print(
            "  the version it replaced is kept as an open conflict:"
            f" 'reviewer conflicts {one_line(str(run.args.file))}' lists it"
        )
    return 0


def set_aside_where(session: ReviewSession, entry: SetAside) -> str:
    """``the final verdict of claim 12`` or ``the claims of paragraph 4``."""
    return entry.where(None if entry.paragraph is not None else session.index_of_span(*entry.position))


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
