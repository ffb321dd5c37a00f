"""The app's background team sync, shown on whichever review screen is up.

The thread (reviewer/teamserver/background.py) never touches the screen: it posts a message
(thread-safe), and the app's handler shows the state in each review screen's status line. A
sync that brought teammates' reviews in runs the screen's database watcher at once, the same
path that shows what another window saved, instead of waiting for its next look.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

from reviewer.teamserver.background import BackgroundSync, TeamPhase, TeamStatus
from reviewer.tui.keeping import watch_database
from reviewer.tui.widgets.status import StatusBar

if TYPE_CHECKING:
    from textual.app import App

    from reviewer.tui.screens.review import ReviewScreen


class TeamStatusChanged(Message):
    """The background sync has a new state (posted from its thread)."""

    def __init__(self, status: TeamStatus) -> None:
        super().__init__()
        self.status = status


class TeamLink:
    """The review app's link to its team server: None of it runs without a URL.

    The first review screen to mount starts the sync; every review screen shows its state;
    :meth:`changed` after each saved change pushes it soon; :meth:`stop` when the app ends.
    """

    def __init__(self, app: App[int], url: str | None) -> None:
        self._app = app
        self.url = url
        self._sync: BackgroundSync | None = None
        self._errors_told: set[str] = set()
        self._answered = False  # the first sync has come back (synced, offline or refused)
        self._after_first: list[Callable[[], object]] = []

    @property
    def status(self) -> TeamStatus | None:
        """The latest state, or None when no sync runs."""
        return self._sync.status if self._sync is not None else None

    def attach(self, screen: ReviewScreen) -> None:
        """``screen`` is up: start syncing (once per app) and show the state in its status line."""
        session = screen.session
        if self.url and self._sync is None and session.read_only is None:
            self._sync = BackgroundSync(session.store.path, self.url, session.reviewer, self._heard)
            self._sync.start()
        if self._sync is not None:
            screen.query_one(StatusBar).show_team(self._sync.status)

    def after_first_sync(self, then: Callable[[], object]) -> None:
        """Run ``then`` once the first sync has come back (at once if it has, or if none runs).

        Opening straight into adjudication needs the teammates' reviews the first sync brings.
        """
        if self._sync is None or self._answered:
            then()
        else:
            self._after_first.append(then)

    def _heard(self, status: TeamStatus) -> None:
        self._app.post_message(TeamStatusChanged(status))  # from the sync's thread: post is thread-safe

    def changed(self) -> None:
        """A change was saved on screen: push it soon."""
        if self._sync is not None:
            self._sync.changed()

    def sync_now(self) -> bool:
        """Sync at once; False (and a line saying why) when no team server is set."""
        if self._sync is None:
            self._app.notify(
                "No team server: run 'reviewer team join postgresql://ROLE@HOST/DB' (or set"
                " REVIEWER_TEAM, or [team] server in the configuration), then open the document again.",
                title="Team",
                markup=False,
            )
            return False
        self._errors_told.clear()  # asked for: an error that persists is said again
        self._sync.sync_now()
        return True

    def stop(self) -> None:
        """Stop syncing; a change not pushed yet gets a last try of a few seconds."""
        if self._sync is not None:
            self._sync.stop()

    def show(self, status: TeamStatus) -> None:
        """Show ``status`` on every review screen; redraw the top one when reviews came in."""
        from reviewer.tui.screens.review import ReviewScreen

        screens = [s for s in self._app.screen_stack if isinstance(s, ReviewScreen)]
        for screen in screens:
            for bar in screen.query(StatusBar):
                bar.show_team(status)
        if status.pulled and screens:
            # Only this reviewer's own reviews can be replaced: by their change on another machine.
            watch_database(screens[-1], "your other machine")
        if status.phase not in (TeamPhase.STARTING, TeamPhase.SYNCING) and not self._answered:
            self._answered = True
            waiting, self._after_first = self._after_first, []
            for then in waiting:
                then()
        if status.set_aside:
            # Something this machine had was replaced by a version made apart (a reshape, a
            # verdict, one's own review elsewhere): say so, and where it was kept.
            self._app.notify(
                f"{status.set_aside} version(s) made apart on another machine: the later one is shown,"
                " the other kept (C lists them).",
                title="Team sync",
                severity="warning",
                timeout=10,
                markup=False,
            )
        # Offline is normal and only shown in the line; a refusal is worth saying once, in words.
        if status.phase is TeamPhase.ERROR and status.message not in self._errors_told:
            self._errors_told.add(status.message)
            self._app.notify(status.message, title="Team sync", severity="warning", timeout=10, markup=False)


def team_link(screen: ReviewScreen) -> TeamLink | None:
    """The app's team link (a review screen under another app, as some tests build, has none)."""
    link = getattr(screen.app, "team", None)
    return link if isinstance(link, TeamLink) else None
