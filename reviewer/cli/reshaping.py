"""``reviewer split``, ``join`` and ``narrow``: reshape a claim from a script, as span mode does.

Each is one session call (``ReviewSession.split``/``join``/``narrow``), saved at once. Offsets are
the document offsets ``reviewer claims --json`` prints; a text is looked up in the claim (split)
or its paragraph (narrow) and must occur there once. Anything that cannot be reshaped is one line
and exit 2, with nothing written.
"""

from __future__ import annotations

from typing import Any

from reviewer.cli.common import Run, clip, one_line, print_json
from reviewer.documents.drawn import overlay
from reviewer.errors import UsageError
from reviewer.exports.jsonexport import document_fields, dumps_json
from reviewer.model import Review
from reviewer.review.reshaping import JoinNeedsChoice, Reshape, SpanError
from reviewer.review.session import ReviewSession


def cmd_split(run: Run) -> int:
    """Split claim CLAIM in two at ``--at``."""
    session, number = _open(run)
    claim = session.current
    at = _position(run.args.at, "--at", claim.number, session.document.text, claim.start, claim.end)
    step = session.split(at)
    return _report(run, session, step, f"claim {number} split in two")


def cmd_join(run: Run) -> int:
    """Join claim CLAIM with the claim after it."""
    session, number = _open(run)
    try:
        step = session.join(keep=run.args.keep)
    except JoinNeedsChoice as exc:
        raise UsageError(f"{exc}: give --keep first (claim {number}'s) or --keep second") from None
    return _report(run, session, step, f"claims {number} and {number + 1} joined")


def cmd_narrow(run: Run) -> int:
    """Give claim CLAIM new edges (``--start``, ``--end``)."""
    args = run.args
    if args.start is None and args.end is None:
        raise UsageError("give --start, --end or both: the claim's new edges")
    session, number = _open(run)
    claim = session.current
    text = session.document.text
    paragraph = session.document.paragraphs[claim.paragraph]
    low, high = paragraph.start, paragraph.end
    start = claim.start if args.start is None else _position(args.start, "--start", number, text, low, high)
    end = claim.end
    if args.end is not None:
        end = _position(args.end, "--end", number, text, low, high, after=True)
    if end <= start:
        raise SpanError(f"claim {number}'s new end ({end}) must come after its new start ({start})")
    step = session.narrow(start, end)
    if step is None:
        if args.json:
            print_json(dumps_json(_json(session, None, claim.paragraph)))
        else:
            print(f"claim {number}: unchanged (it already runs from {start} to {end})")
        return 0
    return _report(run, session, step, f"claim {number} reshaped")


def _open(run: Run) -> tuple[ReviewSession, int]:
    try:
        number = int(run.args.claim)
    except ValueError:
        raise UsageError(f"CLAIM must be a claim number such as 12, not {run.args.claim!r}") from None
    session = run.session()
    session.goto_claim(number)
    return session, number


def _position(
    given: str, option: str, number: int, text: str, low: int, high: int, *, after: bool = False
) -> int:
    """The document offset ``given`` names: a whole number, or a text found once in ``low``…``high``.

    A text names its first character, or with ``after`` the place just past its last one.
    """
    where = f"claim {number}" if option == "--at" else f"claim {number}'s paragraph"
    if given.strip().isdigit():
        offset = int(given)
        if not low <= offset <= high:
            raise SpanError(
                f"{option} {offset}: {where} runs from offset {low} to {high}; give an"
                f" offset inside it ('reviewer claims FILE --json' prints them) or a text of it"
            )
        return offset
    if not given.strip():
        raise UsageError(f"{option} is empty: give an offset or a text of {where}")
    inside = text[low:high]
    found = inside.find(given)
    if found < 0:
        raise SpanError(f"{option} {one_line(given)!r} is not in {where}")
    if inside.find(given, found + 1) >= 0:
        raise SpanError(
            f"{option} {one_line(given)!r} occurs {inside.count(given)} times in {where}: give more of"
            " the text, or an offset"
        )
    return low + found + (len(given) if after else 0)


def _changed(session: ReviewSession, step: Reshape) -> list[int]:
    """The indexes of the claims ``step`` made (those its paragraph did not have before)."""
    claims = session.claims
    before = set(overlay(claims.segmenter_spans(step.paragraph), step.before))
    return [i for i in claims.in_paragraph(step.paragraph) if (claims[i].start, claims[i].end) not in before]


def _report(run: Run, session: ReviewSession, step: Reshape, done: str) -> int:
    # Only once the reshape is saved: a refused one leaves the database byte-identical.
    session.register()
    session.save_position()
    others = session.others_left_behind(step)
    if run.args.json:
        print_json(dumps_json(_json(session, step, step.paragraph, others)))
        return 0
    print(f"{done} (paragraph {step.paragraph + 1}; u in the review screen undoes it):")
    for index in _changed(session, step):
        claim = session.claims[index]
        review = session.review(index)
        shown = session.labels.describe(review.label if review else None)
        print(f"  claim {claim.number} ({claim.start}–{claim.end}): {shown} — {clip(claim.text, 80)}")
    for review in step.aside:
        print(
            f"  your review of “{clip(review.anchor.exact, 50)}” was set aside as a dismissed orphan"
            " (still stored; the review screen's O lists it)"
        )
    for line in others_lines(others):
        print(f"  {line}")
    return 0


def others_lines(others: list[Review]) -> list[str]:
    """What a reshape left of other reviewers' reviews, one line each."""
    return [
        f"{one_line(review.reviewer)} had reviewed the old claim “{clip(review.anchor.exact, 50)}”"
        f" ({review.label.value if review.label else 'a note'}): their review stays on that span,"
        f" among {one_line(review.reviewer)}'s orphans"
        for review in others
    ]


def _json(
    session: ReviewSession, step: Reshape | None, paragraph: int, others: list[Review] | None = None
) -> dict[str, Any]:
    claims = session.claims
    changed = set(_changed(session, step)) if step is not None else set()
    return {
        "document": document_fields(session.document),
        "reshape": step.kind if step is not None else None,
        "paragraph": paragraph + 1,
        "claim": session.current.number,
        "claims": [_claim(session, i, i in changed) for i in claims.in_paragraph(paragraph)],
        "set_aside": [_review(r) for r in (step.aside if step is not None else ())],
        "others_left_behind": [_review(r) for r in others or ()],
    }


def _claim(session: ReviewSession, index: int, changed: bool) -> dict[str, Any]:
    claim = session.claims[index]
    review = session.review(index)
    return {
        "number": claim.number,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "label": review.label.value if review and review.label else None,
        "reshaped": session.reshaped(index),
        "changed": changed,
    }


def _review(review: Review) -> dict[str, Any]:
    return {
        "reviewer": review.reviewer,
        "label": review.label.value if review.label else None,
        "note": review.note,
        "start": review.anchor.start,
        "end": review.anchor.end,
        "text": review.anchor.exact,
    }
