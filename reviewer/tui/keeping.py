"""Keeping the review screen and the disk in step: other processes' changes and the resting cursor."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from reviewer.errors import StoreError
from reviewer.review.session import LabelOverwritten
from reviewer.tui.labels import describe

if TYPE_CHECKING:
    from reviewer.tui.screens.review import ReviewScreen

WATCH_SECONDS = 2.0  # how often to retry unsaved changes and look for other processes' changes
POSITION_SECONDS = 1.0  # how often to look whether the cursor rests somewhere new


def overwritten_message(changes: tuple[LabelOverwritten, ...], where: str = "another window") -> str:
    """``Claim 12: you set ✔ verified, another window set ✘ disputed.`` (a few, then a count)."""
    lines = [
        f"Claim {c.claim_number}: you set {describe(c.ours)}; {where} set {describe(c.theirs)}."
        for c in changes[:3]
    ]
    if len(changes) > 3:
        lines.append(f"… and {len(changes) - 3} more.")
    lines.append("Theirs is what is saved now; label the claim again to put yours back.")
    return "\n".join(lines)


def watch_database(screen: ReviewScreen, where: str = "another window") -> None:
    """Retry unsaved changes; show what another process saved (a cheap stat when nothing did).

    ``where`` names who changed a label this screen had set (a team sync: another machine).
    """
    try:
        poll = screen.watcher.poll()
    except StoreError as exc:
        screen.notify(str(exc), title="Cannot read the database", severity="error", markup=False)
        return
    screen.saver.saved_after_all(poll.saved_after_all)
    if poll.refused is not None:
        screen.saver.refused_again(poll.refused)
        screen.show_status()
    if poll.reloaded:
        screen.others.reload()
        screen.relist()
    elif poll.saved_after_all:
        screen.refresh_view()
    if poll.overwritten:
        screen.notify(
            overwritten_message(poll.overwritten, where),
            title=f"Label changed in {where}",
            severity="warning",
            timeout=15,
            markup=False,
        )


def keep_position(screen: ReviewScreen) -> None:
    """Save the cursor once it rests, so a lost terminal resumes there (quitting saves it too)."""
    # The saved indicator speaks for labels and notes; quitting tries the position again.
    with contextlib.suppress(StoreError):
        screen.positions.tick()
