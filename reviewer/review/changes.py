"""One undoable change to a review, the fields it touches, and the conflict a change can meet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from reviewer.errors import ReviewerError
from reviewer.model import Label, OrphanStatus, Review


class Keep:
    """Marker: leave this field as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = Keep()


Fields = dict[str, Any]  # some of "label", "note", "sources", "recheck" and the claim details
EMPTY_FIELDS: Fields = {
    "label": None,
    "note": "",
    "sources": (),
    "recheck": "",
    "short_claim": "",
    "claim_author": "",
    "claim_date": "",
}


@dataclass(frozen=True, slots=True)
class LabelOverwritten:
    """Another process changed the label this session had set on a claim."""

    claim_number: int
    ours: Label | None
    theirs: Label | None


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable step: the fields it changed on claim ``claim_index``, before and after.

    Attaching or dismissing an orphan is a step too: ``orphan`` is the orphan and
    ``orphan_status`` what the step made it (attached or dismissed; undo reopens it).
    """

    claim_index: int
    before: Fields
    after: Fields
    orphan: Review | None = None
    orphan_status: OrphanStatus | None = None


class ChangedElsewhere(ReviewerError):
    """Another process changed a claim's review since this session read it: nothing was overwritten."""

    def __init__(self, claim_number: int, stored: Review | None) -> None:
        self.claim_number = claim_number
        self.stored = stored
        super().__init__(
            f"claim {claim_number} was changed in another window or process meanwhile; nothing was"
            " overwritten (its review now shows what was saved there)"
        )


def clean_sources(sources: Sequence[str]) -> tuple[str, ...]:
    """Sources as they are saved: stripped, no blank lines, each once, in order."""
    cleaned: list[str] = []
    for source in sources:
        source = source.strip()
        if source and source not in cleaned:
            cleaned.append(source)
    return tuple(cleaned)


def field_of(review: Review | None, name: str) -> Any:
    return getattr(review, name) if review is not None else EMPTY_FIELDS[name]


def same_content(a: Review, b: Review) -> bool:
    return _content(a) == _content(b)


def _content(review: Review) -> tuple[Any, ...]:
    """What a review says, whatever its times."""
    return (
        review.label,
        review.note,
        review.sources,
        review.recheck,
        review.short_claim,
        review.claim_author,
        review.claim_date,
    )
