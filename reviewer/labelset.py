"""Labels and label sets: the verdicts a desk uses, how each looks and how each exports.

A label is stored by its name everywhere (reviews, final verdicts, exports, the team server),
so a database keeps a label the configuration in force does not define: it is shown by name
with :data:`UNKNOWN_SYMBOL` and exported as it is, never lost or refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar


class Label(str):
    """A verdict on a claim, by name (``verified``, or a desk's own ``misleading``)."""

    __slots__ = ()
    # One object per name, so labels compare by identity as the enum they replace did (and a
    # database of 10,000 reviews holds a handful of label objects, not 10,000 strings).
    _interned: ClassVar[dict[str, Label]] = {}

    def __new__(cls, value: str) -> Label:
        found = cls._interned.get(value)
        if found is None:
            found = cls._interned[value] = super().__new__(cls, value)
        return found

    VERIFIED: ClassVar[Label]
    DISPUTED: ClassVar[Label]
    OPINION: ClassVar[Label]

    @property
    def value(self) -> str:
        """The name as a plain string (what the store and the exports hold)."""
        return str(self)


Label.VERIFIED = Label("verified")
Label.DISPUTED = Label("disputed")
Label.OPINION = Label("opinion")

UNKNOWN_SYMBOL = "?"  # a stored label the configuration in force does not define
UNKNOWN_COLOUR = "warning"
# What a user may type for "no label", and words a label name may not take (filters use them).
NO_LABEL_WORDS = frozenset({"clear", "none", "unreviewed"})
RESERVED_NAMES = NO_LABEL_WORDS | {"all", "hinted", "recheck", "final", "unknown"}
# Symbols the screen already gives a meaning (unreviewed, recheck, orphan, note, hint).
RESERVED_SYMBOLS = frozenset("·↻⊘✎▲?")
# Theme colours (Textual's theme variables), usable as a label's ``colour``.
THEME_COLOURS = ("success", "error", "warning", "accent", "primary", "secondary", "foreground")
NAME_PATTERN = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True, slots=True)
class Rating:
    """A label as a point on the published rating scale (schema.org Rating)."""

    value: int  # ratingValue
    alternate_name: str  # alternateName: the textual rating search results show
    best: int  # bestRating
    worst: int  # worstRating


@dataclass(frozen=True, slots=True)
class LabelDef:
    """One label of a set: its name, key, symbol, colour, and how it exports."""

    name: str
    key: str  # the review screen's key (Textual's key name)
    symbol: str  # one character: labels keep working without colour (NO_COLOR)
    colour: str = "primary"  # a theme colour (THEME_COLOURS) or #rgb / #rrggbb
    title: str = ""  # the word people read (footer, reports); "" for the name capitalised
    alternate_name: str | None = None  # ClaimReview alternateName; None: not a rating (left out)
    rating_value: int | None = None  # ClaimReview ratingValue, with alternate_name
    tabular: str = ""  # the CSV/TSV value; "" for the name
    category: str = ""  # what agreement compares; "" for the name (two labels may share one)
    description: str = ""  # what the label means, for help and the key list

    @property
    def label(self) -> Label:
        """The label this defines."""
        return Label(self.name)

    @property
    def heading(self) -> str:
        """The word for people: ``title`` or the name capitalised."""
        return self.title or self.name[:1].upper() + self.name[1:]

    @property
    def csv_value(self) -> str:
        """What CSV and TSV write for the label."""
        return self.tabular or self.name

    @property
    def agreement_category(self) -> str:
        """What agreement compares (labels of one category agree)."""
        return self.category or self.name

    @property
    def is_rating(self) -> bool:
        """True when ClaimReview publishes the label (it is a point on the rating scale)."""
        return self.alternate_name is not None and self.rating_value is not None

    def to_dict(self) -> dict[str, Any]:
        """The definition as an export records it."""
        return {
            "name": self.name,
            "key": self.key,
            "symbol": self.symbol,
            "colour": self.colour,
            "title": self.heading,
            "claimreview": (
                {"alternateName": self.alternate_name, "ratingValue": self.rating_value}
                if self.is_rating
                else None
            ),
            "tabular": self.csv_value,
            "category": self.agreement_category,
        }


def unknown_def(name: str) -> LabelDef:
    """How a stored label the set lacks is shown and exported: by name, never a rating."""
    return LabelDef(name=name, key="", symbol=UNKNOWN_SYMBOL, colour=UNKNOWN_COLOUR)


@dataclass(frozen=True)
class LabelSet:
    """The labels in force, in order (keys, footer, counts and filters follow it)."""

    defs: tuple[LabelDef, ...]
    _by_name: dict[str, LabelDef] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {item.name: item for item in self.defs})

    def __iter__(self) -> Iterator[LabelDef]:
        return iter(self.defs)

    def __len__(self) -> int:
        return len(self.defs)

    def __contains__(self, label: object) -> bool:
        return label in self._by_name

    @property
    def labels(self) -> tuple[Label, ...]:
        """Every label of the set, in order."""
        return tuple(item.label for item in self.defs)

    def get(self, label: str) -> LabelDef:
        """The definition of ``label``; a stored label the set lacks gets :func:`unknown_def`."""
        found = self._by_name.get(label)
        return found if found is not None else unknown_def(str(label))

    def symbol(self, label: str | None, unreviewed: str = "·") -> str:
        """The glyph for ``label`` (``unreviewed`` for none)."""
        return self.get(label).symbol if label else unreviewed

    def describe(self, label: str | None) -> str:
        """``✔ verified``, ``? misleading`` (a label the set lacks) or ``· unreviewed``."""
        return f"{self.symbol(label)} {label}" if label else "· unreviewed"

    def ordered(self, labels: Iterable[str]) -> list[Label]:
        """``labels`` with the set's first, in its order, then any others by name."""
        present = set(labels)
        known = [item.label for item in self.defs if item.name in present]
        return known + sorted(Label(name) for name in present if name not in self._by_name)

    def words(self) -> dict[str, Label]:
        """What a user may type for each label: its name, and its key when that is one character."""
        found: dict[str, Label] = {}
        for item in self.defs:
            found[item.name.lower()] = item.label
            if len(item.key) == 1:
                found.setdefault(item.key.lower(), item.label)
        return found

    def parse(self, word: str) -> Label | None:
        """The label a user typed (a name or a one-letter key); None for clear/none/unreviewed.

        Raises ValueError naming the choices for any other word; the caller says where it came from.
        """
        lowered = word.strip().lower()
        if lowered in NO_LABEL_WORDS:
            return None
        found = self.words().get(lowered)
        if found is None:
            raise ValueError(f"unknown label {word!r}: use {self.choices()} or clear")
        return found

    def choices(self) -> str:
        """``verified, disputed, opinion (v, d, o)`` for messages and help."""
        names = ", ".join(item.name for item in self.defs)
        keys = ", ".join(item.key for item in self.defs if len(item.key) == 1)
        return f"{names} ({keys})" if keys else names

    def rating(self, label: str) -> Rating | None:
        """The ClaimReview rating of ``label``, or None when it is not a rating (or not in the set)."""
        item = self._by_name.get(label)
        if item is None or not item.is_rating:
            return None
        assert item.alternate_name is not None and item.rating_value is not None
        best, worst = self.rating_range()
        return Rating(item.rating_value, item.alternate_name, best, worst)

    def rating_range(self) -> tuple[int, int]:
        """bestRating and worstRating: the highest and lowest rating value of the set."""
        values = [item.rating_value for item in self.defs if item.is_rating and item.rating_value is not None]
        return (max(values), min(values)) if values else (0, 0)

    def category(self, label: str) -> str:
        """The agreement category of ``label`` (its own name when the set lacks it)."""
        return self.get(label).agreement_category

    def categories(self) -> tuple[str, ...]:
        """Every agreement category, in the set's order."""
        return tuple(dict.fromkeys(item.agreement_category for item in self.defs))

    def to_list(self) -> list[dict[str, Any]]:
        """The set as an export records it."""
        return [item.to_dict() for item in self.defs]


DEFAULT_DEFS = (
    LabelDef(
        "verified",
        "v",
        "✔",
        "success",
        alternate_name="Verified",
        rating_value=5,
        description="the claim holds up",
    ),
    LabelDef(
        "disputed",
        "d",
        "✘",
        "error",
        alternate_name="Disputed",
        rating_value=1,
        description="the claim is false or contested",
    ),
    LabelDef("opinion", "o", "◆", "accent", description="not a checkable fact; never a ClaimReview rating"),
)
DEFAULT_LABELS = LabelSet(DEFAULT_DEFS)
DEFAULTS_BY_NAME = {item.name: item for item in DEFAULT_DEFS}


def set_problems(defs: Sequence[LabelDef]) -> list[tuple[int, str, str]]:
    """What makes ``defs`` unusable as one set: (entry index, key, message) for each problem."""
    problems: list[tuple[int, str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    words: dict[str, str] = {}
    for index, item in enumerate(defs):
        for what, value in (
            ("name", item.name.lower()),
            ("key", item.key),
            ("symbol", item.symbol),
            ("tabular", item.csv_value),
        ):
            earlier = seen.get((what, value))
            if earlier is not None:
                problems.append(
                    (
                        index,
                        what,
                        f"{value!r} is already the {what} of {defs[earlier].name!r}; give each its own",
                    )
                )
            seen[(what, value)] = index
        own = {item.name.lower()} | ({item.key.lower()} if len(item.key) == 1 else set())
        for word in own:
            other = words.get(word)
            if other is not None and other != item.name:
                problems.append(
                    (index, "name", f"{word!r} would mean both {other!r} and {item.name!r} to mark")
                )
            words.setdefault(word, item.name)
    return problems
