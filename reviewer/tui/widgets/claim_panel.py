"""The claim panel: where the cursor is, the claim's label, recheck, note and sources, and the others'."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content

from reviewer.display import screen_text
from reviewer.model import RECHECK_SYMBOL, Review
from reviewer.review import search
from reviewer.review.session import ReviewSession
from reviewer.review.team import OtherReviews
from reviewer.review.worddiff import Change, Piece, word_diff
from reviewer.tui.labels import NOTE_SYMBOL, SYMBOL_STYLES, describe
from reviewer.tui.widgets.paragraph_view import MATCH_STYLE
from reviewer.tui.widgets.quiet_static import QuietStatic

# Not colour alone: words gone are struck through, new words underlined.
DIFF_STYLES = {
    Change.SAME: "",
    Change.REMOVED: "strike $text-error",
    Change.ADDED: "bold underline $text-success",
}
RECHECK_STYLE = "bold $text-warning"


@dataclass(frozen=True, slots=True)
class PanelState:
    """What else the screen asks the panel to show."""

    notes_query: str = ""  # a folded search query to mark in the note and sources


def diff_content(pieces: tuple[Piece, ...]) -> Content:
    """One side of a word diff, changed words styled."""
    return Content.assemble(*((piece.text, DIFF_STYLES[piece.change]) for piece in pieces))


def recheck_lines(review: Review, new_text: str) -> list[Content]:
    """The old and new wording of a claim to recheck, the difference marked."""
    diff = word_diff(screen_text(review.recheck), screen_text(new_text))
    what = "reworded" if diff.changed else "moved"
    head = f"{RECHECK_SYMBOL} {what} since labelled: label it again to confirm"
    return [
        Content.styled(head, RECHECK_STYLE),
        Content.assemble(("  was ", "$text-muted"), diff_content(diff.old)),
        Content.assemble(("  now ", "$text-muted"), diff_content(diff.new)),
    ]


@dataclass(frozen=True, slots=True)
class _Line:
    """A line of the note or a source, made into styled Content only if it is shown (and only as far)."""

    mark: str
    mark_style: str
    text: str
    query: str

    @property
    def cell_length(self) -> int:
        """About its width in cells: enough to count the rows it would take."""
        return len(self.mark) + len(self.text)

    def content(self, most: int) -> Content:
        """The line's first ``most`` characters, styled."""
        text = _marked(screen_text(self.text[:most]), self.query)
        return Content.assemble((self.mark, self.mark_style), text)


def _marked(text: str, folded_query: str) -> Content:
    content = Content(text)
    for start, end in search.spans(text, folded_query):
        content = content.stylize(MATCH_STYLE, start, end)
    return content


class ClaimPanel(QuietStatic):
    """Lines under the reading pane about the claim under the cursor, as many as there is room for."""

    def __init__(
        self, session: ReviewSession, *, others: OtherReviews | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._session = session
        self._shown_for: tuple[int, str, PanelState, str] | None = None
        self._others = others

    def show(self, cursor: int, mode: str = "", state: PanelState = PanelState(), hint: str = "") -> None:
        """Describe claim ``cursor``; ``mode`` names an active filter or search, ``hint`` its hint."""
        self._shown_for = (cursor, mode, state, hint)
        session = self._session
        document = session.document
        if not session.has_claims:
            self.show_content(Content(screen_text(f"{document.path}: no claims")))
            return
        claim = session.claims[cursor]
        review = session.review(cursor)
        label = review.label if review else None
        total = f"{session.claims.known}" + ("" if session.claims_known else "+")
        head: list[Content | str | tuple[str, str]] = [
            (f"claim {claim.number}/{total}", "bold"),
            f" · ¶ {claim.paragraph + 1}/{len(document.paragraphs)} · ",
            (describe(label), SYMBOL_STYLES[label]) if label else ("unreviewed", "$text-muted"),
        ]
        if cursor in session.unsaved:
            head.extend(["  ", ("NOT SAVED (kept in memory; e exports it)", "bold $text-error")])
        if mode:
            head.extend(["  ", (screen_text(mode), "$text-warning")])
        lines: list[Content | _Line] = []
        if hint:
            lines.append(Content.styled(hint, "$text-primary"))
        if review and review.recheck:
            lines.extend(recheck_lines(review, claim.text))
        if review and review.note:
            for number, line in enumerate(review.note.splitlines() or [""]):
                mark = f"{NOTE_SYMBOL} " if number == 0 else "  "
                lines.append(_Line(mark, "$text-warning", line, state.notes_query))
        for source in review.sources if review else ():
            lines.append(_Line("⚲ ", "$text-muted", source, state.notes_query))
        if self._others is not None:
            lines.extend(others_lines(self._others, cursor))
        self.show_content(self._fit(Content.assemble(*head), lines))

    def _fit(self, head: Content, lines: list[Content | _Line]) -> Content:
        """The head on one line, then the lines wrapped, cut to the room there is (saying so)."""
        width = self.content_region.width
        if width <= 0:  # not laid out yet: shown again once it is (on_resize)
            return head
        room = self._room()
        wrapped = [head.truncate(width, ellipsis=True)]
        # Only what can be shown is wrapped: a note of megabytes took seconds a key to wrap whole.
        # What is left is counted by its length, so the count of lines hidden is then an estimate.
        estimated = 0
        for line in lines:
            if len(wrapped) > room:
                estimated += max(1, -(-line.cell_length // width))
                continue
            most = (room + 1) * width
            if line.cell_length > most:
                estimated += -(-(line.cell_length - most) // width)
            shown = line.content(most) if isinstance(line, _Line) else line[:most]
            wrapped.extend(shown.wrap(width))
        if len(wrapped) > room or estimated:
            hidden = len(wrapped) - room + 1 + estimated
            about = "about " if estimated else ""
            more = f"… {about}{hidden} more line{'s' if hidden > 1 else ''} (n opens the note)"
            wrapped = [*wrapped[: room - 1], Content.styled(more, "$text-muted")]
        return Content("\n").join(wrapped)

    def _room(self) -> int:
        """Lines the panel may take: up to half the reading column (the paragraph keeps the rest)."""
        parent = self.parent
        height = parent.size.height if parent is not None and hasattr(parent, "size") else 0
        return max(4, height // 2 - 1)  # less the panel's top border

    def on_resize(self, event: events.Resize) -> None:
        if self._shown_for is not None:
            self.show(*self._shown_for)


def others_lines(others: OtherReviews, cursor: int) -> list[Content]:
    """``others: alice ✔ verified ✎ · bob ✘ disputed``, or what blind review hides (nothing if no one)."""
    hidden = others.hidden(cursor)
    if hidden:
        return [
            Content.styled(
                f"others: {hidden} hidden (blind review: label the claim to see them; b shows them)",
                "$text-muted",
            )
        ]
    visible = others.visible(cursor)
    if not visible:
        return []
    parts: list[Content | str | tuple[str, str]] = [("others: ", "$text-muted")]
    for n, review in enumerate(visible):
        if n:
            parts.append((" · ", "$text-muted"))
        parts.append((f"{review.reviewer} ", "bold"))
        label = review.label
        parts.append((describe(label), SYMBOL_STYLES[label]) if label else ("no label", "$text-muted"))
        if review.note:
            parts.append((f" {NOTE_SYMBOL} {' '.join(review.note.split())[:60]}", "$text-warning"))
    return [Content.assemble(*parts)]
