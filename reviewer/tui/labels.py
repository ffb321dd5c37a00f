"""How labels look: symbol, word and theme style, so colour is never the only signal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final, Protocol

from reviewer.model import UNREVIEWED_SYMBOL, Label
from reviewer.review.verdicts import ClaimStatus

NOTE_SYMBOL: Final = "✎"

# Theme variables, resolved by Textual against the active theme (and dropped under NO_COLOR,
# where the symbols still carry the meaning).
LABEL_STYLES: Final[dict[Label, str]] = {
    Label.VERIFIED: "$text-success on $success-muted",
    Label.DISPUTED: "$text-error on $error-muted",
    Label.OPINION: "$text-accent on $accent-muted",
}
SYMBOL_STYLES: Final[dict[Label, str]] = {
    Label.VERIFIED: "bold $text-success",
    Label.DISPUTED: "bold $text-error",
    Label.OPINION: "bold $text-accent",
}

BADGE_MAX_GLYPHS: Final = 6

# Agree / disagree / incomplete: a colour and a symbol (``ClaimStatus.symbol``) each.
STATUS_STYLES: Final[dict[ClaimStatus, str]] = {
    ClaimStatus.UNREVIEWED: "$text-muted",
    ClaimStatus.AGREE: "bold $text-success",
    ClaimStatus.DISAGREE: "bold $text-error",
    ClaimStatus.INCOMPLETE: "bold $text-warning",
}


class Marked(Protocol):
    """What the list and the reading pane show of a claim: a review, or a final verdict."""

    @property
    def label(self) -> Label | None:
        """The label, if any."""
        ...

    @property
    def note(self) -> str:
        """The note ("" for none)."""
        ...

    @property
    def recheck(self) -> str:
        """The old wording when the document changed under it ("" when it did not)."""
        ...

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources."""
        ...


# Claim index → what to show on it; the review screen shows the reviewer's own reviews.
Marks = Callable[[int], Marked | None]


def symbol(label: Label | None) -> str:
    """The glyph for ``label``; a middle dot for an unreviewed claim."""
    return label.symbol if label else UNREVIEWED_SYMBOL


def describe(label: Label | None) -> str:
    """Symbol and word, e.g. ``✔ verified`` or ``· unreviewed``."""
    return f"{symbol(label)} {label.value if label else 'unreviewed'}"


def badge_parts(labels: Sequence[Label | None]) -> list[tuple[str, Label | None]]:
    """A compact badge for a paragraph: one glyph per claim, or counts when there are many.

    Returns (text, label) pairs so the caller can colour each part.
    """
    if len(labels) <= BADGE_MAX_GLYPHS:
        return [(symbol(label), label) for label in labels]
    parts: list[tuple[str, Label | None]] = []
    for label in (Label.VERIFIED, Label.DISPUTED, Label.OPINION, None):
        count = sum(1 for item in labels if item == label)
        if count:
            parts.append((f"{symbol(label)}{count}", label))
    return parts
