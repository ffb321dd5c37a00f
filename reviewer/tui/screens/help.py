"""Help: every key of the screen below, generated from its live bindings (keymap included)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

from reviewer.display import screen_text
from reviewer.tui.widgets.footer import Footer


@dataclass(frozen=True, slots=True)
class HelpRow:
    """One action: its keys, short name and what it does."""

    keys: str
    description: str
    tooltip: str
    enabled: bool


def help_rows(screen: Screen[None]) -> list[HelpRow]:
    """The active bindings of ``screen``, one row per binding id, keys joined, in declared order."""
    app = screen.app
    grouped: dict[str, tuple[list[str], Binding, bool]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system or binding.id is None:
            continue  # Textual's own focus/copy keys carry no id and are not ours to explain
        group = binding.id or binding.action
        keys, _, enabled = grouped.setdefault(group, ([], binding, active.enabled))
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
        grouped[group] = (keys, binding, enabled or active.enabled)
    # A keymap's bindings come last in active_bindings; the help keeps the order they are declared in.
    declared: dict[str | None, int] = {}
    for binding in Binding.make_bindings(getattr(type(screen), "BINDINGS", [])):
        declared.setdefault(binding.id, len(declared))
    rows = sorted(grouped.values(), key=lambda row: declared.get(row[1].id, len(declared)))
    return [
        # A user keymap can name any key: shown through the same filter as everything else.
        HelpRow(
            screen_text(" ".join(keys)),
            screen_text(binding.description or binding.action),
            screen_text(binding.tooltip),
            enabled,
        )
        for keys, binding, enabled in rows
    ]


LEGEND = (
    "✔ verified · ✘ disputed · ◆ opinion · · unreviewed · ✎ note or sources · ▶ current claim ·"
    " ↻ reworded since labelled: recheck (r) · ⊘ orphan: a review whose claim is gone (O) ·"
    " i: about the document"
)


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys."""

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, source: Screen[None]) -> None:
        super().__init__(classes="dialog-screen")
        self._rows = help_rows(source)
        self._legend = str(getattr(source, "LEGEND", LEGEND))  # a screen may add its own symbols

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static(self._legend, id="help-legend", markup=False)  # wraps on a narrow terminal
            yield Label("Keys (dimmed: not possible right now)", classes="title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "What it does")
        for row in self._rows:
            style = "" if row.enabled else "dim"
            table.add_row(
                Text(row.keys, style=f"bold {style}"), Text(row.tooltip or row.description, style=style)
            )
        table.focus()

    def action_close(self) -> None:
        """Back to the review."""
        self.dismiss(None)
