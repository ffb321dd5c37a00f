"""How labels look: symbol, word and theme style, so colour is never the only signal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Final, Protocol

from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.model import UNREVIEWED_SYMBOL, Label
from reviewer.review.verdicts import ClaimStatus

NOTE_SYMBOL: Final = "✎"


class _Active:
    """The label set the screens draw with: the session's, set once when its review screen opens.

    Widgets draw labels deep in their render paths (a list row, a badge, a status count); the
    set is fixed for a run, so they read it here rather than each being handed it.
    """

    labels: LabelSet = DEFAULT_LABELS


def use_labels(labels: LabelSet) -> None:
    """Draw labels with ``labels`` from now on (the review screen calls it with its session's)."""
    _Active.labels = labels


def active_labels() -> LabelSet:
    """The label set the screens draw with."""
    return _Active.labels


def _colour(label: str, text: str, background: str) -> str:
    """A label's style: theme variables, resolved by Textual against the active theme (and
    dropped under NO_COLOR, where the symbols still carry the meaning); a ``#rrggbb`` as it is."""
    colour = _Active.labels.get(label).colour
    if colour.startswith("#"):
        return text.format(fg=colour) + (f" on {colour} 20%" if background else "")
    if colour == "foreground":
        return text.format(fg="$foreground") + (" on $boost" if background else "")
    return text.format(fg=f"$text-{colour}") + (f" on ${colour}-muted" if background else "")


class _Styles(Mapping[str, str]):
    """Label → style, for any label name (one the set lacks is drawn in the warning colour)."""

    def __init__(self, text: str, background: bool) -> None:
        self._text = text
        self._background = "on" if background else ""

    def __getitem__(self, label: str) -> str:
        return _colour(label, self._text, self._background)

    def __iter__(self) -> Iterator[str]:
        return iter(_Active.labels.labels)

    def __len__(self) -> int:
        return len(_Active.labels)


LABEL_STYLES: Final[Mapping[str, str]] = _Styles("{fg}", background=True)
SYMBOL_STYLES: Final[Mapping[str, str]] = _Styles("bold {fg}", background=False)

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
    return _Active.labels.symbol(label) if label else UNREVIEWED_SYMBOL


def describe(label: Label | None) -> str:
    """Symbol and word, e.g. ``✔ verified`` or ``· unreviewed``."""
    return f"{symbol(label)} {label.value if label else 'unreviewed'}"


def badge_parts(labels: Sequence[Label | None]) -> list[tuple[str, Label | None]]:
    """A compact badge for a paragraph: one glyph per claim, or counts when there are many.

    Returns (text, label) pairs so the caller can colour each part.
    """
    if len(labels) <= BADGE_MAX_GLYPHS:
        return [(symbol(label), label) for label in labels]
    return badge_counts([label for label in labels if label], len(labels))


def badge_counts(labels: Sequence[Label], claims: int) -> list[tuple[str, Label | None]]:
    """The counted badge of a paragraph of ``claims`` claims whose labelled ones carry ``labels``.

    Counted in one pass over the labels, not the claims: a paragraph of 100,000 claims with a
    few labels costs a few steps.
    """
    tally = Counter(labels)
    parts: list[tuple[str, Label | None]] = [
        (f"{symbol(label)}{tally[label]}", label) for label in _Active.labels.ordered(tally)
    ]
    if claims > len(labels):
        parts.append((f"{symbol(None)}{claims - len(labels)}", None))
    return parts
