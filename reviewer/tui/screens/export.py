"""Choose an export format and a path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, Select

from reviewer.clock import utc_now
from reviewer.config import Config
from reviewer.config.base import ClaimReviewSettings
from reviewer.config.loading import web_address_problem
from reviewer.display import is_printable, screen_text
from reviewer.errors import ReviewerError
from reviewer.exports import (
    Exported,
    ExportOptions,
    Publisher,
    exporters,
    get_exporter,
    input_at,
    path_for_format,
    write_export,
)
from reviewer.exports.claimreview import ClaimReviewExporter, fact_check_address
from reviewer.exports.claimreview_check import check_graph
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
    url: str = ""  # ClaimReview: the fact check's page; Web Annotation: the document's
    article_url: str = ""  # ClaimReview: where the reviewed article is published
    organisation: str = ""  # ClaimReview: the organisation that publishes the fact check


@dataclass(frozen=True, slots=True)
class Publishing:
    """What the dialog's ClaimReview fields start with: from the configuration and the document."""

    url: str = ""
    article_url: str = ""
    organisation: str = ""


# Formats a spreadsheet opens, where a byte order mark tells Excel the file is UTF-8.
BOM_FORMATS = frozenset({"csv", "tsv"})
# The fields each format uses beyond the file name.
URL_FORMATS = frozenset({"claimreview", "webannotation"})
PUBLISHING_FIELDS = ("#export-url-label", "#export-url", "#export-article-label", "#export-article")
CLAIMREVIEW_ONLY = (
    "#export-article-label",
    "#export-article",
    "#export-organisation-label",
    "#export-organisation",
)


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
        publishing: Publishing = Publishing(),
    ) -> None:
        """``overwrites``: what a file the export must never replace is (the document, the database…)."""
        super().__init__(classes="dialog-screen")
        self._suggested = suggested
        self._format = export_format
        self._overwrites = overwrites
        self._publishing = publishing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label("Export the reviews of this document", classes="title")
            yield Label("Format", classes="field-label")
            yield Select(format_choices(), value=self._format, allow_blank=False, id="export-format")
            yield Label("File (enter to export, esc to cancel)", classes="field-label")
            yield SafeInput(str(self._suggested), id="export-path")
            yield Checkbox("Start with a UTF-8 BOM (for Excel)", id="export-bom")
            publishing = self._publishing
            yield Label(
                "Fact-check page URL (each claim gets #claim-N)", classes="field-label", id="export-url-label"
            )
            yield SafeInput(publishing.url, id="export-url", placeholder="https://factcheck.example/checks/…")
            yield Label(
                "Article URL (where the claims appeared)", classes="field-label", id="export-article-label"
            )
            yield SafeInput(publishing.article_url, id="export-article", placeholder="https://…")
            yield Label(
                "Organisation publishing the fact check",
                classes="field-label",
                id="export-organisation-label",
            )
            yield SafeInput(publishing.organisation, id="export-organisation")
            yield Label("", id="export-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#export-bom", Checkbox).display = False  # JSON first: no BOM to choose
        self._show_fields(self._format)
        field = self.query_one("#export-path", SafeInput)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        """Keep the file name's suffix in step with the format; offer the BOM for spreadsheets."""
        self.query_one("#export-bom", Checkbox).display = str(event.value) in BOM_FORMATS
        self._show_fields(str(event.value))
        field = self.query_one("#export-path", SafeInput)
        if field.value:
            renamed = str(path_for_format(Path(field.value), str(event.value)))
            if renamed != field.value:
                field.value = renamed

    def _show_fields(self, name: str) -> None:
        """The URL fields for the JSON-LD formats; the article and organisation for ClaimReview."""
        for selector in (*PUBLISHING_FIELDS, *CLAIMREVIEW_ONLY):
            shown = name == "claimreview" or (name in URL_FORMATS and selector not in CLAIMREVIEW_ONLY)
            self.query_one(selector).display = shown
        if name == "webannotation":
            self.query_one("#export-url-label", Label).update("Document URL (where the article is published)")
            self.query_one("#export-url", SafeInput).value = self._publishing.article_url
        elif name == "claimreview":
            self.query_one("#export-url-label", Label).update(
                "Fact-check page URL (each claim gets #claim-N)"
            )
            self.query_one("#export-url", SafeInput).value = self._publishing.url

    def _value(self, selector: str) -> str:
        field = self.query_one(selector, SafeInput)
        return field.value.strip() if field.display else ""

    @on(SafeInput.Submitted)
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
        for selector in ("#export-url", "#export-article"):
            problem = web_address_problem(self._value(selector)) if self._value(selector) else ""
            if problem:
                self.query_one("#export-error", Label).update(problem)
                return
        request = ExportRequest(
            chosen,
            path,
            bom=bom,
            url=self._value("#export-url"),
            article_url=self._value("#export-article"),
            organisation=self._value("#export-organisation"),
        )
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


# What the screen's last export asked for: the next dialog starts from it (format, file, URLs,
# organisation), so exporting again after a few more labels is one key, not four fields retyped.
_LAST_REQUEST: WeakKeyDictionary[ReviewScreen, ExportRequest] = WeakKeyDictionary()


def _remembered(publishing: Publishing, last: ExportRequest) -> Publishing:
    """``publishing`` with what the last export typed (its URL field means what its format meant)."""
    if last.format == "claimreview":
        return replace(
            publishing,
            url=last.url or publishing.url,
            article_url=last.article_url or publishing.article_url,
            organisation=last.organisation or publishing.organisation,
        )
    if last.format == "webannotation":
        return replace(publishing, article_url=last.url or publishing.article_url)
    return publishing


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
        _LAST_REQUEST[screen] = request
        # Rendered now, on the UI thread, so it is one consistent snapshot (unsaved changes too);
        # only the writing goes to a worker.
        settings = publishing_settings(screen)
        options = ExportOptions(
            bom=request.bom,
            url=request.url or None,
            article_url=request.article_url or None,
            publisher=Publisher(request.organisation, settings.organisation_url, settings.logo),
        )
        try:
            exported = get_exporter(request.format).render(screen.session, utc_now(), options)
            if request.format == "claimreview":
                exported = _with_check(screen, options, exported)
        except ReviewerError as exc:
            screen.notify(str(exc), title="Export failed", severity="error", timeout=12, markup=False)
            return
        _write(screen, exported, request.path)

    settings = publishing_settings(screen)
    document = screen.session.document
    publishing = Publishing(
        url=fact_check_address(settings.fact_check_url, document) if settings.fact_check_url else "",
        article_url=document.url,
        organisation=settings.organisation,
    )
    last = _LAST_REQUEST.get(screen)
    if last is not None:
        chosen_format, suggested, publishing = last.format, last.path, _remembered(publishing, last)
    screen.app.push_screen(
        ExportScreen(suggested, chosen_format, lambda path: input_at(path, screen.session), publishing),
        chosen,
    )


def publishing_settings(screen: ReviewScreen) -> ClaimReviewSettings:
    """The configuration's ``[claimreview]`` table (empty for an app without a configuration)."""
    preferences = getattr(screen.app, "preferences", None)
    config = getattr(preferences, "config", None)
    return config.claimreview if isinstance(config, Config) else ClaimReviewSettings()


def _with_check(screen: ReviewScreen, options: ExportOptions, exported: Exported) -> Exported:
    """The ClaimReview export with the check's verdict as its notice: ready, or what is missing."""
    report = check_graph(ClaimReviewExporter().build(screen.session, options))
    verdict = report.lines(screen.session.document.path)[-1].removeprefix("result: ")
    missing = sorted({item.requirement.name for item in report.missing if item.requirement.required})
    if missing:
        verdict += " — missing: " + ", ".join(missing)
    return Exported(exported.text, f"{exported.notice}\nCheck: {verdict}")


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
