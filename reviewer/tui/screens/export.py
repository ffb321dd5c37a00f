"""Choose an export format and a path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, Select

from reviewer.clock import utc_now
from reviewer.display import is_printable, screen_text
from reviewer.errors import ReviewerError
from reviewer.exports import (
    Exported,
    ExportOptions,
    exporters,
    get_exporter,
    input_at,
    path_for_format,
    write_export,
)
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.widgets.safe_fields import SafeInput

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen


def format_choices() -> list[tuple[str, str]]:
    """(title, name) of every export format, JSON first."""
    return [(exporter.title, exporter.name) for exporter in exporters()]


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What to write and where."""

    format: str
    path: Path
    bom: bool = False  # CSV/TSV: a UTF-8 byte order mark, so spreadsheet programs read UTF-8


# Formats a spreadsheet opens, where a byte order mark tells Excel the file is UTF-8.
BOM_FORMATS = frozenset({"csv", "tsv"})


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Format and destination; enter exports, escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.run", tooltip="Write the export"),
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close without exporting"),
    ]

    def __init__(
        self,
        suggested: Path,
        export_format: str = "json",
        overwrites: Callable[[Path], str | None] = lambda _path: None,
    ) -> None:
        """``overwrites``: what a file the export must never replace is (the document, the database…)."""
        super().__init__(classes="dialog-screen")
        self._suggested = suggested
        self._format = export_format
        self._overwrites = overwrites

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label("Export the reviews of this document", classes="title")
            yield Label("Format", classes="field-label")
            yield Select(format_choices(), value=self._format, allow_blank=False, id="export-format")
            yield Label("File (enter to export, esc to cancel)", classes="field-label")
            yield SafeInput(str(self._suggested), id="export-path")
            yield Checkbox("Start with a UTF-8 BOM (for Excel)", id="export-bom")
            yield Label("", id="export-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#export-bom", Checkbox).display = False  # JSON first: no BOM to choose
        field = self.query_one("#export-path", SafeInput)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        """Keep the file name's suffix in step with the format; offer the BOM for spreadsheets."""
        self.query_one("#export-bom", Checkbox).display = str(event.value) in BOM_FORMATS
        field = self.query_one("#export-path", SafeInput)
        if field.value:
            renamed = str(path_for_format(Path(field.value), str(event.value)))
            if renamed != field.value:
                field.value = renamed

    @on(SafeInput.Submitted, "#export-path")
    def _submitted(self, event: SafeInput.Submitted) -> None:
        self.action_export()

    def action_export(self) -> None:
        """Check the path and close with the request."""
        text = self.query_one("#export-path", SafeInput).value.strip()
        if not text:
            self.query_one("#export-error", Label).update("give a file name")
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        chosen = str(self.query_one("#export-format", Select).value)
        bom = chosen in BOM_FORMATS and self.query_one("#export-bom", Checkbox).value
        request = ExportRequest(chosen, path, bom=bom)
        if path.is_dir():
            self.query_one("#export-error", Label).update("that is a folder: give a file name")
            return
        overwritten = self._overwrites(path)
        if overwritten is not None:
            self.query_one("#export-error", Label).update(f"that is {overwritten}: choose another file name")
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


def start_export(screen: ReviewScreen) -> None:
    """Ask for a format and a file, then export the screen's session there."""
    from reviewer.tui.preferences import export_format_of

    # The suggested name is shown in a field: made of visible characters only. A working folder
    # whose own name holds control characters is left implicit (a relative name lands in it).
    name = f"{screen_text(Path(screen.session.document.path).stem) or 'document'}.reviews.json"
    suggested = Path.cwd() / name if is_printable(str(Path.cwd())) else Path(name)
    chosen_format = export_format_of(screen.app)  # the configuration's, else JSON
    suggested = path_for_format(suggested, chosen_format)

    def chosen(request: ExportRequest | None) -> None:
        if request is None:
            return
        # Rendered now, on the UI thread, so it is one consistent snapshot (unsaved changes too);
        # only the writing goes to a worker.
        try:
            exported = get_exporter(request.format).render(
                screen.session, utc_now(), ExportOptions(bom=request.bom)
            )
        except ReviewerError as exc:
            screen.notify(str(exc), title="Export failed", severity="error", timeout=12, markup=False)
            return
        _write(screen, exported, request.path)

    screen.app.push_screen(
        ExportScreen(suggested, chosen_format, lambda path: input_at(path, screen.session)), chosen
    )


@work(thread=True, exclusive=True, group="export")
def _write(screen: ReviewScreen, exported: Exported, path: Path) -> None:
    try:
        write_export(exported.text, path)
    except ReviewerError as exc:
        screen.app.call_from_thread(
            screen.notify, str(exc), title="Export failed", severity="error", timeout=12, markup=False
        )
        return
    message = f"Written to {path}" + (f"\n{exported.notice}" if exported.notice else "")
    screen.app.call_from_thread(screen.notify, message, title="Exported", timeout=8, markup=False)
