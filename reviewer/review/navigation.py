"""Moving through a session as the reviewer sees it: through a filter, by paragraph, by search.

The review screen maps keys to these calls; each move is defined once, here, and tested
without a screen. A move that finds nowhere to go returns None (or False) and leaves the
cursor where it was; nothing here segments a large document further than it must.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reviewer.review import search
from reviewer.review.filters import ClaimFilter
from reviewer.review.session import Counts, ReviewSession

# Actions that need at least one claim; everything else is always possible.
_NEEDS_CLAIMS = frozenset(
    {"next_claim", "previous_claim", "next_paragraph", "previous_paragraph", "label", "clear_label",
     "note", "next_unreviewed", "next_recheck", "next_hinted", "search", "search_next", "filter", "goto",
     "export"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FilterChange:
    """What choosing a filter did: the cursor moved (or not), and why, if nothing is left."""

    moved: bool
    empty: bool  # no claim passes the filter


class Navigator:
    """A filter and a search over one session, and the moves that respect them."""

    def __init__(self, session: ReviewSession) -> None:
        self.session = session
        self.claim_filter = ClaimFilter.ALL
        # A narrower set of claims over any filter: adjudication mode keeps the claims to decide.
        self.scope: Callable[[int], bool] | None = None
        self.search = Search(self)
        # Which claims a check-worthiness hint flags (the hinted filter): none until hints are on.
        self.hinted: Callable[[int], bool] = lambda _index: False

    # -- the filter -----------------------------------------------------------------------

    def keeps(self, index: int) -> bool:
        """True when claim ``index`` passes the filter (and the scope, if one is set)."""
        if self.scope is not None and not self.scope(index):
            return False
        if self.claim_filter == ClaimFilter.HINTED:
            return self.hinted(index)
        review = self.session.review(index)
        if review is None:
            return self.claim_filter.keeps(None)
        return self.claim_filter.keeps(review.label, recheck=bool(review.recheck))

    def listed_paragraphs(self) -> Sequence[int]:
        """The paragraphs with a claim the filter keeps (every paragraph under no filter)."""
        document = self.session.document
        if self.claim_filter == ClaimFilter.ALL and self.scope is None:
            return range(len(document.paragraphs))
        return [
            paragraph
            for paragraph, claims in enumerate(document.claims.by_paragraph())
            if any(self.keeps(index) for index in claims)
        ]

    def filter_counts(self, counts: Counts) -> dict[ClaimFilter, int]:
        """How many claims each filter would keep."""
        return {
            ClaimFilter.ALL: counts.total,
            ClaimFilter.UNREVIEWED: counts.unreviewed,
            **{ClaimFilter.of(label): count for label, count in counts.labelled},
            ClaimFilter.HINTED: sum(1 for index in range(counts.total) if self.hinted(index)),
            ClaimFilter.RECHECK: counts.recheck,
        }

    def set_filter(self, chosen: ClaimFilter) -> FilterChange:
        """Show only the claims ``chosen`` keeps; the cursor leaves a claim it hides, if it can."""
        self.claim_filter = chosen
        return self._leave_hidden(narrowed=chosen != ClaimFilter.ALL)

    def set_scope(self, scope: Callable[[int], bool] | None) -> FilterChange:
        """Keep only the claims ``scope`` keeps, whatever the filter (None: every claim again)."""
        self.scope = scope
        return self._leave_hidden(narrowed=scope is not None)

    def _leave_hidden(self, *, narrowed: bool) -> FilterChange:
        """Move the cursor off a claim the filter now hides, to the nearest kept one if any."""
        if self.keeps(self.session.cursor):
            return FilterChange(moved=False, empty=False)
        target = self.step_target(1)
        if target is None:
            target = self.step_target(-1)
        if target is None:
            return FilterChange(moved=False, empty=narrowed)
        self.session.move_to(target)
        return FilterChange(moved=True, empty=False)

    # -- what can be done now ---------------------------------------------------------------

    def possible(self, action: str) -> bool:
        """True when ``action`` (a review screen's action name) can do something now.

        A screen dims the keys of impossible actions instead of letting them fail.
        """
        session = self.session
        if action in _NEEDS_CLAIMS and not session.has_claims:
            return False
        checks: dict[str, Callable[[], bool]] = {
            "next_claim": lambda: self.step_target(1) is not None,
            "previous_claim": lambda: self.step_target(-1) is not None,
            "next_paragraph": lambda: self.paragraph_target(1) is not None,
            "previous_paragraph": lambda: self.paragraph_target(-1) is not None,
            "clear_label": lambda: session.label(session.cursor) is not None,
            "undo": lambda: session.can_undo,
            "redo": lambda: session.can_redo,
            "search_next": lambda: bool(self.search.text),
        }
        check = checks.get(action)
        return check() if check is not None else True

    # -- moves ----------------------------------------------------------------------------

    def step_target(self, step: int) -> int | None:
        """The next claim in direction ``step`` (+1 or -1) that the filter keeps."""
        claims = self.session.claims
        index = self.session.cursor + step
        while index >= 0 and claims.reach(index):
            if self.keeps(index):
                return index
            index += step
        return None

    def paragraph_target(self, step: int) -> int | None:
        """The first kept claim of the next (+1) or previous (-1) paragraph that has one."""
        session = self.session
        if not session.has_claims:
            return None
        claims = session.claims
        paragraph = session.current.paragraph + step
        while 0 <= paragraph < len(session.document.paragraphs):
            for index in claims.in_paragraph(paragraph):
                if self.keeps(index):
                    return index
            paragraph += step
        return None

    def first_kept_in(self, paragraph: int) -> int | None:
        """The first claim of ``paragraph`` that the filter keeps, if any."""
        return next((i for i in self.session.claims.in_paragraph(paragraph) if self.keeps(i)), None)

    def step(self, step: int) -> bool:
        """Go to the next (+1) or previous (-1) kept claim; False when there is none."""
        return self._go(self.step_target(step))

    def step_paragraph(self, step: int) -> bool:
        """Go to the first kept claim of the next (+1) or previous (-1) paragraph; False if none."""
        return self._go(self.paragraph_target(step))

    def go_to_paragraph(self, paragraph: int) -> None:
        """Go to ``paragraph``'s first kept claim, else to the first claim at or after it."""
        kept = self.first_kept_in(paragraph)
        if kept is not None:
            self.session.move_to(kept)
        else:
            self.session.goto_paragraph(paragraph)  # e.g. a code block: the next claims

    def next_recheck(self, direction: int = 1) -> int | None:
        """Go to the next (or previous, ``-1``) claim flagged for a recheck, wrapping; None if none is.

        Segments the whole document: a recheck may be anywhere (carry-over segmented it anyway).
        """
        session = self.session
        total = session.claims.count()
        for step in range(1, total + 1):
            index = (session.cursor + direction * step) % total
            review = session.review(index)
            if review is not None and review.recheck:
                session.move_to(index)
                return index
        return None

    def mode_text(self) -> str:
        """The filter and search in force, in a few words (empty when there are none)."""
        parts = []
        if self.claim_filter != ClaimFilter.ALL:
            parts.append(f"filter: {self.claim_filter.display_name(self.session.labels)}")
        if self.search.text:
            notes = " in notes too" if self.search.in_notes else ""
            parts.append(f"search: {self.search.text!r}{notes}")
        return " · ".join(parts)

    def hides_unreviewed(self) -> bool:
        """True when the filter shows one label only, so no unreviewed claim can be reached."""
        return not self.claim_filter.keeps(None)

    def _go(self, index: int | None) -> bool:
        if index is None:
            return False
        self.session.move_to(index)
        return True


@dataclass(frozen=True, slots=True)
class Tally:
    """How many claims match the search, and which of them the cursor is on."""

    total: int
    position: int | None  # 1-based rank of the claim under the cursor among the matches, if it is one
    complete: bool  # False while a large document is still being segmented: ``total`` is so far


class Search:
    """Search as you type over the claims' text (and, if asked, notes and sources), folded.

    ``begin`` remembers where the search started; typing moves to the first match from
    there; ``end`` either stays on the match or goes back to where it began. Case, accents,
    apostrophes and quotes are ignored (``search.fold``).
    """

    def __init__(self, navigator: Navigator) -> None:
        self._session = navigator.session
        self.text = ""  # the last search, as typed
        self.in_notes = False  # also search each claim's note and sources
        self._origin: int | None = None
        self._folded: dict[int, str] = {}  # claim index → its text folded for matching
        self._redraws = 0  # the claims' redraw count the folded texts were made at

    @property
    def folded_query(self) -> str:
        """The query as it is matched (empty when there is none)."""
        return search.fold_query(self.text) if self.text else ""

    def begin(self) -> None:
        """The search bar opened: remember where it started."""
        self._origin = self._session.cursor

    def type(self, query: str) -> bool:
        """The query is now ``query``: go to its first match from the start; True if found (or empty)."""
        self.text = query
        origin = self._session.cursor if self._origin is None else self._origin
        found = self.find(origin, 1)
        self._session.move_to(found if found is not None else origin)
        return found is not None or not query.strip()

    def toggle_notes(self) -> bool:
        """Search notes and sources too (or stop); the query is matched again. True if found."""
        self.in_notes = not self.in_notes
        return self.type(self.text)

    def end(self, *, accepted: bool) -> None:
        """The search bar closed: stay on the match, or go back and forget the query."""
        if not accepted:
            if self._origin is not None:
                self._session.move_to(self._origin)
            self.text = ""
        self._origin = None

    def step(self, direction: int) -> bool:
        """Go to the next (+1) or previous (-1) match of the last query; False when there is none."""
        found = self.find(self._session.cursor + direction, direction)
        if found is None:
            return False
        self._session.move_to(found)
        return True

    def find(self, start: int, direction: int) -> int | None:
        """First claim matching, from ``start`` (included) in ``direction``, wrapping.

        Looks at the claims on the way first: the rest of a large document is segmented only
        when the search goes that far (or wraps around, which needs the end).
        """
        folded_query = self.folded_query
        claims = self._session.claims
        if not folded_query or not self._session.has_claims:
            return None
        index = start
        while index >= 0 and claims.reach(index):
            if self.matches(index, folded_query):
                return index
            index += direction
        total = claims.count()
        wrapped = range(0, min(start, total)) if direction > 0 else range(total - 1, max(start, -1), -1)
        for index in wrapped:
            if self.matches(index, folded_query):
                return index
        return None

    def tally(self) -> Tally:
        """Count the matching claims (those segmented so far: this never segments further)."""
        folded_query = self.folded_query
        known = self._session.claims.known
        cursor = self._session.cursor
        total = 0
        position = None
        if folded_query:
            for index in range(known):
                if self.matches(index, folded_query):
                    total += 1
                    if index == cursor:
                        position = total
        return Tally(total, position, self._session.claims_known)

    def matches(self, index: int, folded_query: str | None = None) -> bool:
        """True when claim ``index`` (or, searching notes, its note or a source) holds the query."""
        folded_query = self.folded_query if folded_query is None else folded_query
        if not folded_query:
            return False
        if self._redraws != self._session.claims.redraws:  # a reshape moved claim indexes
            self._folded.clear()
            self._redraws = self._session.claims.redraws
        folded = self._folded.get(index)
        if folded is None:  # folded as the search first reaches it: the first key stays quick
            folded = self._folded[index] = search.fold(self._session.claims[index].text)[0]
        if folded_query in folded:
            return True
        if not self.in_notes:
            return False
        review = self._session.review(index)  # notes change as the reviewer works: folded each time
        if review is None:
            return False
        return any(search.contains(text, folded_query) for text in (review.note, *review.sources))
