"""The search flow of the review screen: the bar's messages mapped to the core search, a match count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from reviewer.review.navigation import Search, Tally
from reviewer.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

# The count walks every claim: it waits until typing pauses, so a key never pays for it.
TALLY_DELAY = 0.15


def tally_text(tally: Tally) -> str:
    """``3/12``, ``12 matches`` when the cursor is on none, ``12+ so far`` while segmenting."""
    if not tally.total:
        return "no match" if tally.complete else "no match so far"
    total = f"{tally.total}" if tally.complete else f"{tally.total}+ so far"
    if tally.position is not None:
        return f"{tally.position}/{total}"
    return f"{total} match{'es' if tally.total != 1 or not tally.complete else ''}"


class SearchFlow:
    """What the screen does when the search bar opens, changes, steps and closes."""

    def __init__(self, screen: ReviewScreen) -> None:
        self._screen = screen
        self._timer: Timer | None = None

    @property
    def _search(self) -> Search:
        return self._screen.navigator.search

    @property
    def _bar(self) -> SearchBar:
        return self._screen.query_one(SearchBar)

    def open(self) -> None:
        """Show the bar with the last query, ready to be typed over."""
        self._search.begin()
        self._bar.open(self._search.text, in_notes=self._search.in_notes)
        self._count_later()

    def typed(self, query: str) -> None:
        """The query changed: go to its first match from where the search began."""
        self._shown(self._search.type(query))

    def toggle_notes(self) -> None:
        """Search notes and sources too, or claims only again."""
        found = self._search.toggle_notes()
        self._bar.show_scope(self._search.in_notes)
        self._shown(found)

    def step(self, direction: int) -> None:
        """Next (or previous) match of the last search."""
        search = self._search
        if not search.step(direction):
            where = "claim, note or source" if search.in_notes else "claim"
            self._screen.notify(f"No {where} contains {search.text!r}.", severity="warning", markup=False)
        self._screen.refresh_view()
        if self._bar.display:
            self._count_later()

    def closed(self, *, accepted: bool) -> None:
        """The bar closed: stay on the match or go back."""
        self._search.end(accepted=accepted)
        self._screen.refresh_view()

    def _shown(self, found: bool) -> None:
        self._bar.show_result(found)
        self._screen.refresh_view()
        self._count_later()

    def _count_later(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._screen.set_timer(TALLY_DELAY, self._count)

    def _count(self) -> None:
        self._timer = None
        if self._bar.display:
            self._bar.show_tally(tally_text(self._search.tally()) if self._search.folded_query else "")
