"""Pick which claims to show: all, unreviewed, one label, or those to recheck."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.review.filters import ClaimFilter
from reviewer.tui.keys import relabelled

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen


class FilterOption(Option):
    """An option carrying its filter."""

    def __init__(self, claim_filter: ClaimFilter, count: int, current: bool, labels: LabelSet) -> None:
        mark = "●" if current else " "
        key = claim_filter.key(labels)
        prompt = Content.assemble(
            (f"{key:<{max(1, len(key))}} ", "bold $accent"),
            f"{mark} {claim_filter.display_name(labels)}",
            (f"  ({count})", "$text-muted"),
        )
        super().__init__(prompt, id=claim_filter.value)
        self.claim_filter = claim_filter


class FilterScreen(ModalScreen[ClaimFilter | None]):
    """A short menu; a letter picks directly."""

    BINDINGS = [
        Binding("a", "pick('all')", "All", id="filter.all", tooltip="Show every claim"),
        Binding("u", "pick('unreviewed')", "Unreviewed", id="filter.unreviewed",
                tooltip="Only claims without a label"),
        Binding("v", "pick('verified')", "✔", id="filter.verified", tooltip="Only verified claims"),
        Binding("d", "pick('disputed')", "✘", id="filter.disputed", tooltip="Only disputed claims"),
        Binding("o", "pick('opinion')", "◆", id="filter.opinion", tooltip="Only opinion claims"),
        Binding("h", "pick('hinted')", "▲", id="filter.hinted",
                tooltip="Only claims a check-worthiness hint flags"),
        Binding("r", "pick('recheck')", "↻", id="filter.recheck",
                tooltip="Only claims whose wording changed since they were labelled"),
        Binding("escape", "cancel", "Cancel", id="filter.cancel", tooltip="Keep the current filter"),
    ]  # fmt: skip

    def __init__(
        self, current: ClaimFilter, counts: dict[ClaimFilter, int], labels: LabelSet = DEFAULT_LABELS
    ) -> None:
        super().__init__(classes="dialog-screen")
        self._current = current
        self._counts = counts
        self._labels = labels
        self._choices = ClaimFilter.choices(labels)
        self._bindings = relabelled(self._bindings, labels)  # a key per label of the set

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="filter-dialog"):
            yield Label("Show which claims?")
            yield OptionList(
                *(
                    FilterOption(f, self._counts.get(f, 0), f == self._current, self._labels)
                    for f in self._choices
                ),
                id="filter-options",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        choices = list(self._choices)
        options.highlighted = choices.index(self._current) if self._current in choices else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, FilterOption):
            self.dismiss(event.option.claim_filter)

    def action_pick(self, value: str) -> None:
        """Choose a filter by its letter."""
        self.dismiss(ClaimFilter(value))

    def action_cancel(self) -> None:
        """Keep the filter as it was."""
        self.dismiss(None)


def choose_filter(screen: ReviewScreen) -> None:
    """Ask which claims to show, then list only those."""
    screen.session.claims.finish()  # a filter counts and lists every claim
    screen.refresh_view()
    counts = screen.navigator.filter_counts(screen.session.counts(so_far=True))

    def chosen(choice: ClaimFilter | None) -> None:
        if choice is None:
            return
        if screen.navigator.set_filter(choice).empty:
            what = "to recheck" if choice == ClaimFilter.RECHECK else choice.value
            screen.notify(f"No claim is {what}.", severity="warning")
        screen.relist()

    screen.app.push_screen(FilterScreen(screen.claim_filter, counts, screen.session.labels), chosen)
