"""The status line's team item: synced hh:mm, syncing…, offline with changes waiting, or the error."""

from __future__ import annotations

import re

from textual.content import Content

from reviewer.display import screen_text
from reviewer.teamserver.background import TeamPhase, TeamStatus

SYMBOL = "⇅"
ERROR_CELLS = 48  # an error's line is cut here in the status line; the notification says it whole
_WHERE = re.compile(r"^team server \S+?:? ")  # the URL is the same in every message: the line drops it


def team_content(status: TeamStatus | None, *, compact: bool = False) -> Content:
    """The team item, words as well as colour (``compact``: a narrow terminal's shorter words)."""
    if status is None:
        return Content("")
    phase = status.phase
    if phase is TeamPhase.STARTING:
        return Content.styled(f"{SYMBOL} connecting…", "$text-muted")
    if phase is TeamPhase.SYNCING:
        return Content.styled(f"{SYMBOL} syncing…", "$text-muted")
    if phase is TeamPhase.OFFLINE:
        if not status.waiting:
            return Content.styled(f"{SYMBOL} offline", "$text-warning")
        waiting = f"{status.waiting} waiting" if compact else _changes_waiting(status.waiting)
        return Content.styled(f"{SYMBOL} offline — {waiting}", "bold $text-warning")
    if phase is TeamPhase.ERROR:
        if compact:  # no room for the reason: its notification said it, and S says it again
            return Content.styled(f"{SYMBOL} sync error", "bold $text-error")
        line = _WHERE.sub("", screen_text(status.message)) or "refused"
        if len(line) > ERROR_CELLS:
            line = line[: ERROR_CELLS - 1].rstrip() + "…"
        return Content.styled(f"{SYMBOL} error: {line}", "bold $text-error")
    when = status.synced_at.strftime("%H:%M") if status.synced_at else "?"
    if status.read_only and status.waiting:
        return Content.styled(
            f"{SYMBOL} synced {when} · {status.waiting} not pushed (read-only)", "$text-warning"
        )
    suffix = " (read-only)" if status.read_only and not compact else ""
    return Content.styled(f"{SYMBOL} synced {when}{suffix}", "$text-success")


def _changes_waiting(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'} waiting"
