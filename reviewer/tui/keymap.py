"""Every key binding of the app, found in its classes: what ``reviewer keys`` lists, what a keymap may name.

Nothing is hand-kept: the catalogue walks ``reviewer.tui`` for classes that declare
``BINDINGS``, so a new screen's keys are listed, remappable and checked as soon as it exists.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, Keys, key_to_character

from reviewer.config import Config, did_you_mean
from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.tui.keys import changed_label_ids, relabel

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_KEY_NAMES = frozenset(key.value.rsplit("+", 1)[-1] for key in Keys if not key.value.startswith("<"))


@dataclass(frozen=True, slots=True)
class KeyBinding:
    """One binding id of one class: where it works, its default keys, what it does."""

    owner: type[DOMNode]
    id: str
    keys: tuple[str, ...]
    description: str
    tooltip: str

    @property
    def where(self) -> str:
        """``review screen``, ``note screen``, ``everywhere`` (the app's own keys)."""
        return where_name(self.owner)


def where_name(owner: type[DOMNode]) -> str:
    """A class as a place the user knows: ``ReviewScreen`` → ``review screen``."""
    if issubclass(owner, App):
        return "everywhere"
    return " ".join(re.findall(r"[A-Z][a-z]*", owner.__name__)).lower()


@cache
def binding_classes() -> tuple[type[DOMNode], ...]:
    """The app, then every class of ``reviewer.tui`` declaring its own ``BINDINGS`` (screens first)."""
    import reviewer.tui
    from reviewer.tui.app import ReviewApp
    from reviewer.tui.screens.review import ReviewScreen

    found: list[type[DOMNode]] = [ReviewApp, ReviewScreen]
    for module in pkgutil.walk_packages(reviewer.tui.__path__, "reviewer.tui."):
        for value in vars(importlib.import_module(module.name)).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.name
                and "BINDINGS" in vars(value)
                and value not in found
            ):
                found.append(value)
    return tuple(found)


def catalogue(labels: LabelSet = DEFAULT_LABELS) -> list[KeyBinding]:
    """Every binding with an id, class by class in declared order (what the user can remap).

    The label keys are those of ``labels`` (the configured set): one binding per label in each
    place that gives labels, as the screens make them.

    A binding a screen takes over from another (adjudication mode keeps the review screen's
    moves) is listed once, where it was declared: one id is one thing to remap.
    """
    rows: list[KeyBinding] = []
    seen: set[str] = set()
    for owner in binding_classes():
        grouped: dict[str, list[Binding]] = {}
        for binding in relabel(Binding.make_bindings(vars(owner)["BINDINGS"]), labels):
            if binding.id is not None and binding.id not in seen:
                grouped.setdefault(binding.id, []).append(binding)
        seen.update(grouped)
        for binding_id, bindings in grouped.items():
            first = bindings[0]
            keys = tuple(binding.key for binding in bindings)
            rows.append(KeyBinding(owner, binding_id, keys, first.description, first.tooltip))
    return rows


def unnamed_bindings() -> list[tuple[type[DOMNode], Binding]]:
    """Bindings our classes declare without an id (there should be none: they could not be remapped)."""
    return [
        (owner, binding)
        for owner in binding_classes()
        for binding in Binding.make_bindings(vars(owner)["BINDINGS"])
        if binding.id is None
    ]


def normalized(keys: str) -> list[str]:
    """Keys as Textual matches them (``?`` → ``question_mark``), as ``App.set_keymap`` does."""
    return App._normalize_keymap({"keys": keys})["keys"].split(",")


def key_problem(key: str) -> str | None:
    """Why Textual would never fire ``key`` (a misspelt name or modifier), or None."""
    *modifiers, base = key.split("+") if key != "+" else [key]
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return (
                f"{modifier!r} is not a modifier{did_you_mean(modifier, MODIFIERS)} ({', '.join(MODIFIERS)})"
            )
    if len(base) == 1 or base in _KEY_NAMES or _character(base) is not None:
        return None
    return f"{base!r} is not a key name{did_you_mean(base, sorted(_KEY_NAMES))}"


def display(key: str) -> str:
    """A key as one types it in a keymap: ``question_mark`` → ``?``, ``slash`` → ``/``; names stay."""
    character = _character(key)
    if character is None or not character.isprintable() or character in " ,+":
        return key  # space, and the two characters a key list cannot hold as themselves
    return character


def _character(key: str) -> str | None:
    """The character a key name stands for (``slash`` is Textual's name for ``solidus``)."""
    return key_to_character(REPLACED_KEYS.get(key, key))


def keymap_problems(config: Config) -> list[str]:
    """One line per keymap mistake: an unknown binding id, a key name Textual does not know, a clash.

    The label set's keys are checked the same way (a misspelt key name, a key another binding has).
    """
    known = {row.id for row in catalogue(config.labels)}
    problems: list[str] = []
    for index, item in enumerate(config.labels):
        for key in normalized(item.key):
            problem = key_problem(key)
            if problem:
                problems.append(f"{config.where(f'labels.{index}.key')}: labels.key: {item.key!r}: {problem}")
    for binding_id, keys in config.keymap.items():
        place = config.where(f"keymap.{binding_id}")
        if binding_id not in known:
            hint = did_you_mean(binding_id, sorted(known)) or "; 'reviewer keys' lists the ids"
            problems.append(f'{place}: keymap: unknown binding id "{binding_id}"{hint}')
            continue
        for key in normalized(keys):
            problem = key_problem(key)
            if problem:
                problems.append(f'{place}: keymap: "{binding_id}" = {keys!r}: {problem}')
    from_labels = changed_label_ids(config.labels)
    for clash in clashes(config.keymap, config.labels):
        if clash.remapped in config.keymap or clash.remapped not in from_labels:
            problems.append(f"{config.where(f'keymap.{clash.remapped}')}: keymap: {clash}")
        else:
            index = from_labels[clash.remapped]
            problems.append(f"{config.where(f'labels.{index}.key')}: labels: {clash}")
    return problems


@dataclass(frozen=True, slots=True)
class Clash:
    """One key that two bindings of one place would both answer to."""

    where: str
    key: str
    names: tuple[str, ...]
    remapped: str  # the user's binding id that caused it, for the message's line

    def __str__(self) -> str:
        names = " and ".join(self.names)
        return f"{self.key!r} is the key of {names} in the {self.where}; give each its own key"


def clashes(keymap: Mapping[str, str], labels: LabelSet = DEFAULT_LABELS) -> list[Clash]:
    """Keys the keymap (or the label set) gives to two bindings of one screen (with the app's keys).

    Only clashes that involve a binding the keymap changes, or a label key the set adds or moves,
    are reported: Textual's own default overlaps (ctrl+c is copy and the quit hint) are by design.
    """
    from reviewer.tui.app import ReviewApp

    remapped = {binding_id: normalized(keys) for binding_id, keys in keymap.items()}
    # A label's key the set adds or moves counts as changed, as a keymap entry would.
    for binding_id in changed_label_ids(labels):
        if binding_id not in remapped:
            remapped[binding_id] = []
    app_scope = _effective(_merged(ReviewApp, labels), remapped)
    app_names = {name for _, name, _, _ in app_scope}
    found: dict[tuple[str, frozenset[str]], Clash] = {}
    for owner in binding_classes():
        scope = app_scope if owner is ReviewApp else _effective(_merged(owner, labels), remapped) + app_scope
        by_key: dict[str, dict[str, bool]] = {}
        actions: dict[str, set[str]] = {}
        for key, name, action, changed in scope:
            names = by_key.setdefault(key, {})
            names[name] = names.get(name, False) or changed
            actions.setdefault(key, set()).add(action)
        for key, names in by_key.items():
            changers = [name for name, changed in names.items() if changed]
            if len(names) < 2 or not changers or len(actions[key]) < 2:
                continue  # one key for two ids of the same action (q and ctrl+q both quit) is fine
            where = "app (everywhere)" if set(names) <= app_names else where_name(owner)
            clash = Clash(where, key, tuple(names), changers[0])
            found.setdefault((key, frozenset(names)), clash)
    return list(found.values())


def _merged(owner: type[DOMNode], labels: LabelSet = DEFAULT_LABELS) -> list[Binding]:
    """The bindings an instance of ``owner`` has, merged as Textual does (a subclass's key wins),
    with the label keys of ``labels`` as the screen makes them."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(owner.__mro__):
        if isinstance(base, type) and issubclass(base, DOMNode):
            if not getattr(base, "_inherit_bindings", True):
                keys.clear()
            keys.update(BindingsMap(vars(base).get("BINDINGS", [])).key_to_bindings)
    return relabel([binding for bindings in keys.values() for binding in bindings], labels)


def _effective(
    bindings: Iterable[Binding], remapped: Mapping[str, list[str]]
) -> list[tuple[str, str, str, bool]]:
    """(key, binding, action, changed by the keymap) for each binding once the keymap is applied."""
    result: list[tuple[str, str, str, bool]] = []
    for binding in bindings:
        action = binding.action.removeprefix("app.")
        if binding.id is not None and binding.id in remapped:
            keys = remapped[binding.id] or normalized(binding.key)  # [] marks a label the set moved
            result += [(key, binding.id, action, True) for key in keys]
        else:
            name = binding.id or f"Textual's {binding.action}"
            result += [(key, name, action, False) for key in normalized(binding.key)]
    return result
