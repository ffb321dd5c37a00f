"""The agreement screen: the figures ``reviewer agreement`` prints, for the document under review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.review.agreement import AgreementReport
from reviewer.review.agreement_tables import (
    KAPPA_HEADING,
    LABELS_HEADING,
    Table,
    counts_line,
    explanations,
    headline,
    kappa_table,
    label_table,
)
from reviewer.review.team import document_agreement
from reviewer.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen


class AgreementScreen(ModalScreen[None]):
    """Krippendorff's α with what it rests on, Cohen's κ per pair, the labels confused, and why undefined."""

    BINDINGS = [
        Binding("escape,a,q", "close", "Close", id="agreement.close", tooltip="Back to the document"),
    ]

    def __init__(self, report: AgreementReport, title: str, labels: LabelSet = DEFAULT_LABELS) -> None:
        self._labels = labels
        super().__init__(classes="dialog-screen")
        self._report = report
        self._title = title

    def compose(self) -> ComposeResult:
        report = self._report
        with Vertical(classes="dialog", id="agreement-dialog"):
            yield Static(Content.styled(f"Agreement · {self._title}", "bold"), id="agreement-title")
            with VerticalScroll(id="agreement-body"):
                yield Static(Content.styled(headline(report), "bold $text-accent"), id="agreement-headline")
                yield Static(Content.styled(counts_line(report), "$text-muted"), id="agreement-counts")
                if report.n_reviewers >= 2:
                    yield Label(KAPPA_HEADING, classes="field-label")
                    yield self._table(kappa_table(report), "agreement-kappa")
                if report.pairable:
                    yield Label(LABELS_HEADING, classes="field-label")
                    yield self._table(label_table(report, self._labels), "agreement-labels")
                notes = explanations(report)
                if notes:
                    yield Static("\n".join(notes), id="agreement-notes", markup=False)
        yield Footer()

    @staticmethod
    def _table(table: Table, id: str) -> DataTable[Text]:
        widget: DataTable[Text] = DataTable(id=id, cursor_type="none", zebra_stripes=True, show_cursor=False)
        widget.add_columns(*table.header)
        for row in table.rows:
            widget.add_row(*(Text(cell, style="bold" if i == 0 else "") for i, cell in enumerate(row)))
        return widget

    def action_close(self) -> None:
        """Back to the document."""
        self.dismiss(None)


def show_agreement(screen: ReviewScreen) -> None:
    """Open the agreement screen over ``screen``, from what the store holds now."""
    session = screen.session
    session.claims.finish()  # agreement is over every claim
    _, report = document_agreement(session.store, session.document, labels=session.labels)
    screen.app.push_screen(AgreementScreen(report, session.document.title, session.labels))
