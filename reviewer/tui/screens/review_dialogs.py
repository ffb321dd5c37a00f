"""The review screen's keys that open a dialog; each dialog's flow lives beside the dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

# The dialogs are imported when first used: a launch does not pay for them.


class ReviewDialogs:
    """Mixed into ReviewScreen: note, filter, go to, export, orphans, conflicts, info, span mode and help."""

    @property
    def _screen(self) -> ReviewScreen:
        return cast("ReviewScreen", self)  # only ever mixed into ReviewScreen

    def action_note(self) -> None:
        """Open the note editor for the current claim."""
        from reviewer.tui.screens.note import edit_note

        if self._screen.saver.refuse_read_only():
            return  # before anything is typed, not after
        edit_note(self._screen, self._screen.cursor)

    def action_filter(self) -> None:
        """Choose which claims to show."""
        from reviewer.tui.screens.filter import choose_filter

        choose_filter(self._screen)

    def action_goto(self) -> None:
        """Jump to a paragraph (or claim) by number."""
        from reviewer.tui.screens.goto import go_to

        go_to(self._screen)

    def action_export(self) -> None:
        """Choose a format and a path, then export in the background."""
        from reviewer.tui.screens.export import start_export

        start_export(self._screen)

    def action_orphans(self) -> None:
        """List the orphans, to attach one to the current claim or set it aside."""
        from reviewer.tui.screens.orphans import show_orphans

        show_orphans(self._screen)

    def action_import_conflicts(self) -> None:
        """List the versions an import set aside, to adopt one or dismiss it (``reviewer conflicts``)."""
        from reviewer.tui.screens.conflicts import show_conflicts

        show_conflicts(self._screen)

    def action_info(self) -> None:
        """About this document: progress, rechecks, orphans and what the last carry-over did."""
        from reviewer.tui.screens.info import show_info

        show_info(self._screen)

    def action_help(self) -> None:
        """Show every key, generated from the live bindings."""
        from reviewer.tui.screens.help import HelpScreen

        self._screen.app.push_screen(HelpScreen(self._screen))

    def action_span_mode(self) -> None:
        """Reshape the current claim: split, join, narrow or widen it (span_mode.py)."""
        from reviewer.tui.screens.span_mode import start_span_mode

        start_span_mode(self._screen)

    def after_reshape(self) -> None:
        """Claims were split, joined or reshaped: indexes moved, so redraw what shows them."""
        screen = self._screen
        session = screen.session
        if screen.hints.reshaped(session.claims):
            screen.hints.around(session.cursor, session.claims.known)
            screen.hints.score_in_background(screen)
        if session.has_claims:
            screen.paragraph_list.refresh_paragraph(session.current.paragraph)
        screen.relist()
