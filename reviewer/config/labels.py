"""The ``[[labels]]`` entries: a desk's own verdicts, checked field by field with one-line errors."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from reviewer.config.base import ConfigError
from reviewer.labelset import (
    DEFAULTS_BY_NAME,
    HEX_COLOUR,
    NAME_PATTERN,
    RESERVED_NAMES,
    RESERVED_SYMBOLS,
    THEME_COLOURS,
    LabelDef,
    LabelSet,
    set_problems,
)

# Every key an entry may hold, with what its value must be (said in messages).
LABEL_KEYS = {
    "name": 'a word such as "misleading" (letters, digits, - and _)',
    "key": 'the key that gives the label, such as "m"',
    "symbol": 'one character, such as "≈"',
    "colour": f"a theme colour ({', '.join(THEME_COLOURS)}) or #rrggbb",
    "title": "the word people read, a string",
    "description": "what the label means, a string",
    "claimreview": '{ alternateName = "…", ratingValue = N }, or false when it is not a rating',
    "tabular": "the CSV/TSV value, a string",
    "category": "the agreement category, a string",
}
CLAIMREVIEW_FIELDS = ("alternateName", "ratingValue")


def did_you_mean(word: str, choices: Any) -> str:
    """The loader's "did you mean" (imported late: the loader imports this module)."""
    from reviewer.config.loading import did_you_mean as near

    return near(word, choices)


Where = Callable[..., str]  # ("labels", "0", "key") → "FILE:LINE"
Kind = Callable[[object], str]  # a TOML value in words


def parse_labels(value: object, where: Where, kind: Kind) -> LabelSet:
    """The label set ``[[labels]]`` defines; raises ConfigError (file, line, key) at the first mistake.

    An entry named like a default label (verified, disputed, opinion) starts from that label's
    fields, so keeping the defaults and adding one takes a ``name = "…"`` line for each.
    """
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{where('labels')}: labels: must be [[labels]] tables, each with a name and a key")
    defs: list[LabelDef] = []
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise ConfigError(f"{where('labels')}: labels: must be [[labels]] tables, not {kind(entry)}")
        defs.append(_entry(entry, index, where, kind))
    for index, key, message in set_problems(defs):
        raise ConfigError(f"{where('labels', str(index), key)}: labels.{key}: {message}")
    return LabelSet(tuple(defs))


def _entry(entry: dict[str, Any], index: int, where: Where, kind: Kind) -> LabelDef:
    def place(key: str = "") -> str:
        return where("labels", str(index), *([key] if key else []))

    for key in entry:
        if key not in LABEL_KEYS:
            raise ConfigError(
                f"{place(key)}: labels: unknown key {key!r}{did_you_mean(key, LABEL_KEYS)}"
                f" (keys: {', '.join(LABEL_KEYS)})"
            )
    for key, setting in entry.items():
        if key != "claimreview" and not isinstance(setting, str):
            raise ConfigError(f"{place(key)}: labels.{key}: must be {LABEL_KEYS[key]}, not {kind(setting)}")
    if "name" not in entry:
        raise ConfigError(f'{place()}: labels: an entry has no name; add name = "…"')
    name = entry["name"].strip()
    if not NAME_PATTERN.match(name):
        raise ConfigError(f"{place('name')}: labels.name: {name!r} is not {LABEL_KEYS['name']}")
    if name.lower() in RESERVED_NAMES:
        raise ConfigError(f"{place('name')}: labels.name: {name!r} is a word reviewer keeps for itself")
    base = DEFAULTS_BY_NAME.get(name)
    fields: dict[str, Any] = {}
    if base is not None:
        fields = {
            "key": base.key,
            "symbol": base.symbol,
            "colour": base.colour,
            "description": base.description,
            "alternate_name": base.alternate_name,
            "rating_value": base.rating_value,
        }
    for key in ("title", "description", "tabular", "category"):
        if key in entry:
            fields[key] = entry[key].strip()
    if "key" in entry:
        fields["key"] = _key(entry["key"], place("key"))
    if "key" not in fields:
        raise ConfigError(f'{place()}: labels: {name!r} has no key; add key = "…"')
    fields["symbol"] = (
        _symbol(entry["symbol"], place("symbol")) if "symbol" in entry else fields.get("symbol")
    )
    if not fields.get("symbol"):
        raise ConfigError(f'{place()}: labels: {name!r} has no symbol; add symbol = "…" (one character)')
    if "colour" in entry:
        fields["colour"] = _colour(entry["colour"], place("colour"))
    if "claimreview" in entry:
        fields["alternate_name"], fields["rating_value"] = _claimreview(
            entry["claimreview"], place("claimreview"), kind
        )
    tabular = fields.get("tabular", "")
    if tabular and any(character in tabular for character in "\t\r\n"):
        raise ConfigError(f"{place('tabular')}: labels.tabular: {tabular!r}: no tabs or line breaks")
    return LabelDef(name=name, **fields)


def _key(value: str, place: str) -> str:
    key = value.strip()
    if not key or " " in key or ("," in key and key != ","):
        raise ConfigError(f'{place}: labels.key: {value!r}: one key, such as "m" or "ctrl+m"')
    return key


def _symbol(value: str, place: str) -> str:
    symbol = value.strip()
    if len(symbol) != 1 or not symbol.isprintable() or unicodedata.east_asian_width(symbol) in "WF":
        raise ConfigError(
            f'{place}: labels.symbol: {value!r}: one character one column wide, such as "≈"'
            " (it marks claims where there is no colour)"
        )
    if symbol in RESERVED_SYMBOLS:
        raise ConfigError(
            f"{place}: labels.symbol: {symbol!r} already means something on screen; choose another"
        )
    return symbol


def _colour(value: str, place: str) -> str:
    colour = value.strip().removeprefix("$")
    if colour in THEME_COLOURS or HEX_COLOUR.match(colour):
        return colour
    raise ConfigError(
        f"{place}: labels.colour: {value!r}{did_you_mean(colour, THEME_COLOURS)}"
        f" (a theme colour: {', '.join(THEME_COLOURS)}; or #rrggbb)"
    )


def _claimreview(value: object, place: str, kind: Kind) -> tuple[str | None, int | None]:
    """``{alternateName, ratingValue}`` → both; ``false`` → not a rating (left out of ClaimReview)."""
    if value is False:
        return None, None
    if not isinstance(value, dict):
        raise ConfigError(
            f"{place}: labels.claimreview: must be {LABEL_KEYS['claimreview']}, not {kind(value)}"
        )
    for key in value:
        if key not in CLAIMREVIEW_FIELDS:
            raise ConfigError(
                f"{place}: labels.claimreview: unknown key {key!r}{did_you_mean(key, CLAIMREVIEW_FIELDS)}"
                f" (keys: {', '.join(CLAIMREVIEW_FIELDS)})"
            )
    name, rating = value.get("alternateName"), value.get("ratingValue")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{place}: labels.claimreview.alternateName: must be the rating's words, a string")
    if type(rating) is not int:
        found = "missing" if rating is None else f"not {kind(rating)}"
        raise ConfigError(f"{place}: labels.claimreview.ratingValue: a whole number such as 2, {found}")
    return name.strip(), rating
