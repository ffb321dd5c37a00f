"""The Textual app: one session (or a way to open one) in, an exit code out."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import sys
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reviewer.config import Config
from reviewer.display import screen_text
from reviewer.errors import DatabaseLockedError, ReviewerError, StoreError
from reviewer.review.opening import OpenedDocument
from reviewer.review.session import ReviewSession
from reviewer.tui.preferences import Preferences
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.screens.review import ReviewScreen
from reviewer.tui.syncing import TeamLink, TeamStatusChanged

OpenDocument = Callable[[], OpenedDocument]
_QUIT_LOCK_WAIT = 0.5  # seconds


class ReviewApp(App[int]):
    """Review one document; the CLI (or a test) opens it, with its store and session.

    Pass an opened document (or a bare session), or a callable that opens one: it then runs
    in a worker thread behind a loading screen, so a large file never freezes the terminal.
    """

    CSS_PATH = "app.tcss"
    TITLE = "reviewer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit",
                tooltip="Quit; everything is saved and the position remembered"),
        # Not a priority key: the search bar's ctrl+p (previous match) must win while it has focus.
        Binding("ctrl+p", "command_palette", "Commands", show=False,
                id="app.command-palette", tooltip="Commands: change the theme, show keys, quit"),
        Binding("ctrl+c", "help_quit", show=False, system=True, id="app.ctrl-c",
                tooltip="Say how to quit"),
    ]  # fmt: skip

    def __init__(
        self,
        opened: OpenedDocument | ReviewSession | OpenDocument,
        *,
        opening: str = "the document",
        config: Config | None = None,
        handle_signals: bool = False,
        blind: bool = False,
        adjudicate: bool = False,
        team_url: str | None = None,
    ) -> None:
        super().__init__()
        self.team = TeamLink(self, team_url)  # background sync with the team server, when there is one
        self.preferences = Preferences(self, config)  # theme, keymap (reviewer.config)
        self._handle_signals = handle_signals  # run_app's: a test's process keeps its own handlers
        self.blind = blind  # hide the other reviewers' reviews until this reviewer labels a claim
        self.adjudicate = adjudicate  # open in adjudication mode
        if isinstance(opened, ReviewSession):
            opened = OpenedDocument(opened)
        self.opened: OpenedDocument | None = opened if isinstance(opened, OpenedDocument) else None
        self._open = None if isinstance(opened, OpenedDocument) else opened
        self._opening = opening
        self.error_message: str | None = None  # printed by run_app after the screen is gone

    @property
    def session(self) -> ReviewSession | None:
        """The session under review, once the document is open."""
        return self.opened.session if self.opened is not None else None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, from every screen, through the printable filter (errors quote paths)."""
        super().notify(
            screen_text(message), title=screen_text(title), severity=severity, timeout=timeout, markup=markup
        )

    def get_default_screen(self) -> Screen[None]:
        if self.opened is not None:
            return ReviewScreen(self.opened, blind=self.blind)
        from reviewer.tui.screens.loading import LoadingScreen  # only a large file needs it

        return LoadingScreen(self._opening)

    def on_mount(self) -> None:
        self.preferences.apply()
        if self._handle_signals:
            loop = asyncio.get_running_loop()
            for number in _ENDING_SIGNALS:
                loop.add_signal_handler(number, self.end_on_signal, number)
        if self._open is not None:
            self._load(self._open)
        else:
            gc.freeze()  # the loaded document's objects need no garbage collection passes
            self._start_mode()

    def on_team_status_changed(self, message: TeamStatusChanged) -> None:
        self.team.show(message.status)

    def on_unmount(self) -> None:
        self.team.stop()  # a change not pushed yet gets a last try of a few seconds

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.team.url:
            yield SystemCommand(
                "Sync with the team", "Push and pull the team's reviews now", self.team.sync_now
            )

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """A keymap gave a key that was already taken: say so (once), never silently."""
        self.preferences.report_clash(clashed_bindings, node)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, open_document: OpenDocument) -> None:
        try:
            opened = open_document()
        except ReviewerError as exc:
            self.call_from_thread(self._load_failed, str(exc))
        else:
            self.call_from_thread(self._loaded, opened)

    def _loaded(self, opened: OpenedDocument) -> None:
        gc.freeze()  # 10⁵ claims re-traversed by every full collection would stall keys
        self.opened = opened
        self.push_screen(ReviewScreen(opened, blind=self.blind))
        self._start_mode()

    def _start_mode(self) -> None:
        """Enter adjudication mode once the review screen is up, when asked to."""
        if self.adjudicate:
            self.call_after_refresh(self._adjudicate_now)

    def _adjudicate_now(self) -> None:
        # The teammates' reviews to adjudicate may still be on their way from the team server.
        self.team.after_first_sync(self._adjudicate_synced)

    def _adjudicate_synced(self) -> None:
        if isinstance(self.screen, ReviewScreen):
            self.screen.action_adjudicate()

    def _load_failed(self, message: str) -> None:
        self.error_message = message
        self.exit(1, return_code=1)

    async def action_quit(self) -> None:
        """Remember the position, then leave; every label and note is already saved.

        If some changes could not be saved, try once more, then ask before losing them.
        """
        session = self.session
        if session is None:
            self.exit(0)
            return
        from reviewer.tui.screens.note import NoteScreen

        screen = self.screen
        if isinstance(screen, NoteScreen) and screen.changed:
            question = (
                "Quit without saving the note you are writing? It is kept as a draft and offered"
                " again when you reopen this document (ctrl+s in the editor saves it now)."
            )
            self.push_screen(ConfirmScreen(question, yes="Quit", no="Keep editing"), self._quit_despite_note)
            return
        await self._quit_saved()

    async def _quit_despite_note(self, answer: bool | None) -> None:
        if answer:
            self._keep_note_draft()
            await self._quit_saved()

    def _keep_note_draft(self) -> None:
        """Write what the note editor holds as a draft now (it autosaves every second anyway)."""
        from reviewer.tui.screens.note import NoteScreen

        for screen in self.screen_stack:
            if isinstance(screen, NoteScreen):
                screen.keep_draft()

    def end_on_signal(self, number: int) -> None:
        """SIGHUP (the terminal or SSH connection is gone) or SIGTERM: save what can be saved, exit.

        Labels and saved notes are on disk already; this keeps the note being typed as a draft,
        retries unsaved changes once and remembers the position. Nothing asks: no one is there.
        """
        session = self.session
        if session is not None:
            self._keep_note_draft()
            with contextlib.suppress(StoreError):
                session.flush()  # what the store still refuses cannot be kept: no one is there to export it
            with contextlib.suppress(StoreError):
                session.save_position()
        self.exit(128 + number, return_code=128 + number)

    async def _quit_saved(self) -> None:
        session = self.session
        assert session is not None
        try:
            session.flush()
        except DatabaseLockedError:
            question = (
                f"{len(session.unsaved)} change(s) wait for another process, which holds the"
                " database's lock (busy, or stopped with Ctrl-Z).\n\n"
                "Quit and lose them? Say no to wait, or press e to export them."
            )
            self.push_screen(ConfirmScreen(question, yes="Quit anyway", no="Stay"), self._quit_anyway)
            return
        except StoreError as exc:
            question = (
                f"{len(session.unsaved)} change(s) could not be saved: {exc}\n\n"
                "Quit and lose them? Say no, then press e to export them to a file."
            )
            self.push_screen(ConfirmScreen(question, yes="Quit anyway", no="Stay"), self._quit_anyway)
            return
        self._leave()

    def _quit_anyway(self, answer: bool | None) -> None:
        if answer:
            self._leave()

    def _leave(self) -> None:
        if self.opened is not None:
            try:
                # A busy lock may hold quitting up a little, never for long (a stopped holder).
                with self.opened.session.store.waiting(_QUIT_LOCK_WAIT):
                    self.opened.register_if_due()  # quit before a large document was all segmented
                    self.opened.session.save_position()
            except StoreError as exc:
                self.error_message = f"the position was not remembered: {exc}"
        self.exit(0)


_ENDING_SIGNALS = (signal.SIGHUP, signal.SIGTERM)


def run_app(
    opened: OpenedDocument | OpenDocument,
    *,
    opening: str = "the document",
    config: Config | None = None,
    blind: bool = False,
    adjudicate: bool = False,
    team_url: str | None = None,
) -> int:
    """Run the review app until the user quits; return the exit code.

    ``opened`` is an opened document, or a callable that opens one in a worker (``opening``
    names it on the loading screen; ``config``: the configuration file's theme and keymap). A
    load error ends the app with its one-line message on standard error and exit code 1.
    ``blind`` and ``adjudicate``: see :class:`ReviewApp`; ``team_url``: the team server it syncs
    with in the background (None: none).
    """
    app = ReviewApp(
        opened,
        opening=opening,
        config=config,
        handle_signals=True,
        blind=blind,
        adjudicate=adjudicate,
        team_url=team_url,
    )
    result = app.run()
    if app.error_message:
        with contextlib.suppress(OSError):  # after a hang-up there is no terminal to print on
            print(f"reviewer: {app.error_message}", file=sys.stderr)
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else 0
