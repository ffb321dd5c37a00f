"""Choose an export format and a path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from reviewer.exports import exporters, path_for_format
from reviewer.tui.screens.confirm import ConfirmScreen


def format_choices() -> list[tuple[str, str]]:
    """(title, name) of every export format, JSON first."""
    return [(exporter.title, exporter.name) for exporter in exporters()]


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What to write and where."""

    format: str
    path: Path


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Format and destination; enter exports, escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.run", tooltip="Write the export"),
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close without exporting"),
    ]

    def __init__(self, suggested: Path) -> None:
        super().__init__(classes="dialog-screen")
        self._suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label("Export the reviews of this document", classes="title")
            yield Label("Format", classes="field-label")
            yield Select(format_choices(), value="json", allow_blank=False, id="export-format")
            yield Label("File (enter to export, esc to cancel)", classes="field-label")
            yield Input(str(self._suggested), id="export-path")
            yield Label("", id="export-error", classes="error")

    def on_mount(self) -> None:
        field = self.query_one("#export-path", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        """Keep the file name's suffix in step with the format."""
        field = self.query_one("#export-path", Input)
        if field.value:
            renamed = str(path_for_format(Path(field.value), str(event.value)))
            if renamed != field.value:
                field.value = renamed

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_export()

    def action_export(self) -> None:
        """Check the path and close with the request."""
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.query_one("#export-error", Label).update("give a file name")
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        request = ExportRequest(str(self.query_one("#export-format", Select).value), path)
        if path.is_dir():
            self.query_one("#export-error", Label).update("that is a folder: give a file name")
            return
        if path.exists():

            def answered(replace: bool | None) -> None:
                if replace:
                    self.dismiss(request)

            question = f"{path.name} already exists in {path.parent}. Replace it?"
            self.app.push_screen(ConfirmScreen(question, yes="Replace", no="Keep it"), answered)
            return
        self.dismiss(request)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
