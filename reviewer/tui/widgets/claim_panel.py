"""The claim panel: where the cursor is, the current claim's label, note and sources."""

from __future__ import annotations

from textual.content import Content

from reviewer.display import screen_text
from reviewer.review.session import ReviewSession
from reviewer.tui.labels import NOTE_SYMBOL, SYMBOL_STYLES, describe
from reviewer.tui.widgets.quiet_static import QuietStatic


class ClaimPanel(QuietStatic):
    """A few lines under the reading pane about the claim under the cursor."""

    def __init__(self, session: ReviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._session = session

    def show(self, cursor: int, mode: str = "", hint: str = "") -> None:
        """Describe claim ``cursor``; ``mode`` names an active filter or search, ``hint`` its hint."""
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
        lines = [Content.assemble(*head)]
        if hint:
            lines.append(Content.styled(hint, "$text-primary"))
        if review and review.recheck:
            was = screen_text(" ".join(review.recheck.split()))
            lines.append(Content.assemble(("text changed — recheck; it was: ", "bold $text-warning"), was))
        if review and review.note:
            note = screen_text(" ".join(review.note.split()))
            lines.append(Content.assemble((f"{NOTE_SYMBOL} ", "$text-warning"), note))
        if review and review.sources:
            first = screen_text(review.sources[0])
            more = f" (+{len(review.sources) - 1} more)" if len(review.sources) > 1 else ""
            lines.append(Content.assemble(("⚲ ", "$text-muted"), first, (more, "$text-muted")))
        self.show_content(Content("\n").join(lines))
