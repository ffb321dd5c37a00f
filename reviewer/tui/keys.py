"""The review screen's keys: one table, which the screen, its help and its footer all read.

Every binding has an id (for a keymap) and a tooltip (for the help screen).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.binding import Binding, BindingsMap, BindingType

from reviewer.labelset import DEFAULT_LABELS, DEFAULTS_BY_NAME, LabelDef, LabelSet

REVIEW_BINDINGS: list[BindingType] = [
    Binding("j,down", "next_claim", "Next", show=False, id="claim.next",
            tooltip="Next claim, crossing into the next paragraph"),
    Binding("k,up", "previous_claim", "Previous", show=False, id="claim.previous",
            tooltip="Previous claim, crossing into the previous paragraph"),
    Binding("J,pagedown", "next_paragraph", "Next ¶", show=False, id="paragraph.next",
            tooltip="First claim of the next paragraph"),
    Binding("K,pageup", "previous_paragraph", "Previous ¶", show=False, id="paragraph.previous",
            tooltip="First claim of the previous paragraph"),
    # The default label set's keys; a configured set replaces them (relabelled, below).
    Binding("v", "label('verified')", "Verified", id="label.verified",
            tooltip="Label the claim verified and go to the next one"),
    Binding("d", "label('disputed')", "Disputed", id="label.disputed",
            tooltip="Label the claim disputed and go to the next one"),
    Binding("o", "label('opinion')", "Opinion", id="label.opinion",
            tooltip="Label the claim opinion and go to the next one"),
    Binding("space", "next_claim", "Skip", show=False, id="claim.skip",
            tooltip="Leave the claim as it is and go to the next one"),
    Binding("backspace", "clear_label", "Clear", show=False, id="label.clear",
            tooltip="Remove the claim's label (its note and sources stay)"),
    Binding("n", "note", "Note", id="note.edit",
            tooltip="Write a note and sources for the claim"),
    # Shown: reshaping is a core task, and nothing else on screen says it exists.
    Binding("s", "span_mode", "Span", id="span.open",
            tooltip="Span mode: split, join, narrow or widen the claim with the keyboard"),
    Binding("u", "undo", "Undo", id="history.undo",
            tooltip="Undo the last change (labels and notes), saved at once"),
    Binding("ctrl+r", "redo", "Redo", show=False, id="history.redo",
            tooltip="Redo the last undone change"),
    Binding("right_square_bracket", "next_unreviewed(1)", "Next unreviewed", show=False,
            id="claim.next-unreviewed", tooltip="Next claim without a label (wraps around)"),
    Binding("left_square_bracket", "next_unreviewed(-1)", "Previous unreviewed", show=False,
            id="claim.previous-unreviewed", tooltip="Previous claim without a label (wraps around)"),
    Binding("r", "next_recheck(1)", "Next recheck", show=False, id="claim.next-recheck",
            tooltip="Next claim whose wording changed since it was labelled (wraps around)"),
    Binding("R", "next_recheck(-1)", "Previous recheck", show=False, id="claim.previous-recheck",
            tooltip="Previous claim whose wording changed since it was labelled (wraps around)"),
    Binding("h", "next_hinted(1)", "Next hinted", show=False, id="claim.next-hinted",
        tooltip="Next claim a check-worthiness hint flags (▲); a hint, never a verdict"),
Binding("H", "toggle_hints", "Hints on/off", show=False, id="hints.toggle",
        tooltip="Show or hide the check-worthiness hints"),
Binding("slash", "search", "Search", id="search.open",
            tooltip="Search the claims (or notes too) as you type; case, accents and quotes ignored"),
    Binding("greater_than_sign", "search_next(1)", "Next match", show=False, id="search.next",
            tooltip="Next claim matching the last search"),
    Binding("less_than_sign", "search_next(-1)", "Previous match", show=False, id="search.previous",
            tooltip="Previous claim matching the last search"),
    # Hidden to leave room for Span at 80 columns (the help lists it, as it does every key).
    Binding("f", "filter", "Filter", show=False, id="filter.choose",
            tooltip="Show only unreviewed claims, claims with one label, or those to recheck"),
    Binding("g", "goto", "Go to", show=False, id="goto.paragraph",
            tooltip="Jump to paragraph N (or claim N with c, e.g. c12)"),
    Binding("e", "export", "Export", show=False, id="export.open",
            tooltip="Export the reviews of this document to a file"),
    Binding("O", "orphans", "Orphans", show=False, id="orphans.open",
            tooltip="Reviews no claim holds since the document changed: attach or dismiss them"),
    Binding("C", "import_conflicts", "Conflicts", show=False, id="conflicts.open",
            tooltip="The versions an import or a team sync set aside: compare, adopt or dismiss them"),
    Binding("i", "info", "Info", show=False, id="info.show",
            tooltip="About this document: progress, rechecks, orphans, what changed since last time"),
    Binding("b", "toggle_blind", "Blind", show=False, id="team.blind",
            tooltip="Blind review on/off: hide the other reviewers' labels and notes until you label"),
    Binding("a", "agreement", "Agreement", show=False, id="team.agreement",
            tooltip="Agreement between the reviewers: Krippendorff's α, Cohen's κ per pair, labels"),
    Binding("S", "sync_team", "Sync", show=False, id="team.sync",
            tooltip="Sync with the team server now (it also syncs by itself every few seconds)"),
    Binding("A", "adjudicate", "Adjudicate", show=False, id="team.adjudicate",
            tooltip="Adjudication mode: the claims the reviewers disagree on, to write final verdicts"),
    Binding("question_mark,f1", "help", "Help", id="help.show",
            tooltip="Every key, generated from the live bindings"),
    Binding("q", "app.quit", "Quit", id="app.quit-q",
            tooltip="Quit; everything is saved and the position remembered"),
]  # fmt: skip

# The actions whose keys the footer shows: only a change in what they allow needs a rebuild.
FOOTER_ACTIONS = tuple(
    dict.fromkeys(
        binding.action.split("(")[0]
        for binding in REVIEW_BINDINGS
        if isinstance(binding, Binding) and binding.show
    )
)


# -- label keys: one binding per label of the set, in each place that gives labels --------

# A label binding's id: ``label.verified`` (review), ``adjudicate.verified``, ``filter.verified``.
_LABEL_ACTION = re.compile(r"^(?P<action>\w+)\('(?P<name>[^']*)'\)$")
# The filter menu's own letters: a label on one of them is picked with the arrows there.
FILTER_LETTERS = frozenset("auhr")


def _made(prefix: str, action: str, item: LabelDef) -> Binding | None:
    """The binding that gives ``item`` in the place ``prefix`` names (None: no key for it there)."""
    what = f" ({item.description})" if item.description else ""
    if prefix == "label":
        description, tooltip = item.heading, f"Label the claim {item.name} and go to the next one{what}"
    elif prefix == "adjudicate":
        description = f"Final {item.symbol}"
        tooltip = f"Your own final verdict: {item.name}, and go to the next claim to adjudicate"
    else:
        if item.key in FILTER_LETTERS:
            return None
        description, tooltip = item.symbol, f"Only {item.name} claims"
    return Binding(
        item.key, f"{action}({item.name!r})", description, id=f"{prefix}.{item.name}", tooltip=tooltip
    )


def is_label_binding(binding: Binding) -> bool:
    """True for a binding that gives one default label (what :func:`relabel` replaces)."""
    found = _LABEL_ACTION.match(binding.action)
    if found is None or binding.id is None:
        return False
    name = found.group("name")
    return name in DEFAULTS_BY_NAME and binding.id.endswith(f".{name}")


def relabel(bindings: Iterable[Binding], labels: LabelSet) -> list[Binding]:
    """``bindings`` with the default labels' keys replaced by one binding per label of ``labels``.

    Each place keeps its labels where the defaults were (the footer shows them in that order).
    """
    if labels == DEFAULT_LABELS:
        return list(bindings)
    result: list[Binding] = []
    done: set[str] = set()
    for binding in bindings:
        if not is_label_binding(binding):
            result.append(binding)
            continue
        assert binding.id is not None
        prefix = binding.id.split(".")[0]
        if prefix in done:
            continue
        done.add(prefix)
        found = _LABEL_ACTION.match(binding.action)
        assert found is not None
        result += [made for item in labels if (made := _made(prefix, found.group("action"), item))]
    return result


def relabelled(bindings: BindingsMap, labels: LabelSet) -> BindingsMap:
    """A screen's bindings with its label keys from ``labels`` (the screen's own, at ``__init__``)."""
    if labels == DEFAULT_LABELS:
        return bindings
    flat = [binding for group in bindings.key_to_bindings.values() for binding in group]
    return BindingsMap(relabel(flat, labels))


def changed_label_ids(labels: LabelSet) -> dict[str, int]:
    """The label binding ids the set makes differ from the defaults, with their entry's index."""
    changed: dict[str, int] = {}
    for index, item in enumerate(labels):
        default = DEFAULTS_BY_NAME.get(item.name)
        if default is None or default.key != item.key:
            for prefix in ("label", "adjudicate", "filter"):
                changed[f"{prefix}.{item.name}"] = index
    return changed
