"""The claim panel: where the cursor is, the current claim's label, note and sources, and the others'."""

from __future__ import annotations

from textual.content import Content

from reviewer.review.session import ReviewSession
from reviewer.review.team import OtherReviews
from reviewer.tui.labels import NOTE_SYMBOL, SYMBOL_STYLES, describe
from reviewer.tui.widgets.quiet_static import QuietStatic


class ClaimPanel(QuietStatic):
    """A few lines under the reading pane about the claim under the cursor."""

    def __init__(
        self, session: ReviewSession, *, others: OtherReviews | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._session = session
        self._others = others

    def show(self, cursor: int, mode: str = "") -> None:
        """Describe claim ``cursor``; ``mode`` names an active filter or search."""
        session = self._session
        document = session.document
        if not session.has_claims:
            self.show_content(Content(f"{document.path}: no claims"))
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
            head.extend(["  ", (mode, "$text-warning")])
        lines = [Content.assemble(*head)]
        if review and review.recheck:
            was = " ".join(review.recheck.split())
            lines.append(Content.assemble(("text changed — recheck; it was: ", "bold $text-warning"), was))
        if review and review.note:
            note = " ".join(review.note.split())
            lines.append(Content.assemble((f"{NOTE_SYMBOL} ", "$text-warning"), note))
        if review and review.sources:
            first = review.sources[0]
            more = f" (+{len(review.sources) - 1} more)" if len(review.sources) > 1 else ""
            lines.append(Content.assemble(("⚲ ", "$text-muted"), first, (more, "$text-muted")))
        if self._others is not None:
            lines.extend(others_lines(self._others, cursor))
        self.show_content(Content("\n").join(lines))


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
