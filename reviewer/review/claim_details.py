"""The claim's details a published fact check carries: a short claim, who made the claim, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reviewer.errors import UsageError
from reviewer.model import Review

# Google's ClaimReview guidelines: keep claimReviewed "less than 75 characters" (mobile results).
SHORT_CLAIM_LIMIT = 75
_ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class ClaimDetails:
    """A review's short claim, the claim's author (who said it) and date (``YYYY-MM-DD``); "" when unset."""

    short_claim: str = ""
    claim_author: str = ""
    claim_date: str = ""

    @classmethod
    def of(cls, review: Review | None) -> ClaimDetails:
        """The details ``review`` holds (all empty for no review)."""
        if review is None:
            return cls()
        return cls(review.short_claim, review.claim_author, review.claim_date)


def fits(text: str) -> bool:
    """True when ``text`` is short enough for ``claimReviewed`` (under 75 characters)."""
    return len(text) < SHORT_CLAIM_LIMIT


def shortened(sentence: str) -> str:
    """``sentence`` on one line, cut at a word to under 75 characters with an ellipsis when longer."""
    text = " ".join(sentence.split())
    if fits(text):
        return text
    room = SHORT_CLAIM_LIMIT - 1 - len(_ELLIPSIS)  # the ellipsis fits under the limit too
    cut = text[: room + 1].rsplit(" ", 1)[0] if " " in text[: room + 1] else text[:room]
    return cut[:room].rstrip(" ,;:–—-") + _ELLIPSIS


def check_details(short_claim: str = "", claim_author: str = "", claim_date: str = "") -> ClaimDetails:
    """The details as they are saved (one line each), or a UsageError naming the one that is wrong."""
    short = " ".join(short_claim.split())
    if not fits(short):
        raise UsageError(
            f"the short claim has {len(short)} characters: ClaimReview asks for under {SHORT_CLAIM_LIMIT}"
        )
    when = claim_date.strip()
    if when:
        try:
            date.fromisoformat(when)
        except ValueError:
            raise UsageError(
                f"the claim's date {when!r} is not a date such as 2026-11-25 (year-month-day)"
            ) from None
        if len(when) != len("2026-11-25"):  # fromisoformat also takes 20261125
            raise UsageError(f"the claim's date {when!r}: write it as year-month-day, such as 2026-11-25")
    return ClaimDetails(short, " ".join(claim_author.split()), when)
