"""Undo and redo stacks of steps, for any session whose steps are saved at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Step = TypeVar("Step")


class History(Generic[Step]):
    """Steps done and undone. A new step forgets what was undone; a step that fails to replay is dropped."""

    def __init__(self) -> None:
        self._done: list[Step] = []
        self._undone: list[Step] = []

    @property
    def can_undo(self) -> bool:
        """True when there is a step to undo."""
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        """True when there is an undone step to redo."""
        return bool(self._undone)

    def record(self, step: Step) -> None:
        """Remember a new step (the undone ones can no longer be redone)."""
        self._done.append(step)
        self._undone.clear()

    def remap(self, change: Callable[[Step], Step]) -> None:
        """Replace every step, done and undone, by ``change(step)`` (claims were renumbered)."""
        self._done = [change(step) for step in self._done]
        self._undone = [change(step) for step in self._undone]

    def undo(self, replay: Callable[[Step], None]) -> Step | None:
        """Take the last step back with ``replay``; None when there is none.

        If ``replay`` raises (another process changed the same thing since), the step is dropped.
        """
        if not self._done:
            return None
        step = self._done.pop()
        replay(step)
        self._undone.append(step)
        return step

    def redo(self, replay: Callable[[Step], None]) -> Step | None:
        """Do the last undone step again with ``replay``; None when there is none."""
        if not self._undone:
            return None
        step = self._undone.pop()
        replay(step)
        self._done.append(step)
        return step
