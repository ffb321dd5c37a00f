"""The footer: Textual's own, without the key widgets it would otherwise keep alive after each rebuild."""

from __future__ import annotations

from textual import widgets


class Footer(widgets.Footer):
    """Textual's Footer, minus a leak (Textual issue 6666, open in the pinned 8.2.8).

    The footer rebuilds its keys whenever the bindings may have changed: when focus moves (the
    search bar opens or closes) and when a key it shows is enabled or dimmed (Undo). Each
    key widget binds ``compact`` to the footer with ``data_bind``, which leaves a watcher
    pointing at it on the footer; Textual prunes those only when ``compact`` changes, which it
    never does. So every rebuild kept the old keys, their styles and their rendered lines
    alive: measured, 400 key presses left 440,000 more objects for the garbage collector, and
    full collections grew from 10 ms to 290 ms, a stall that got worse the longer one worked.
    After each rebuild the watchers of removed keys are dropped.
    """

    async def recompose(self) -> None:
        await super().recompose()
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries if _alive(node)]


def _alive(node: object) -> bool:
    """False for a widget that has been removed (the test Textual itself uses when it prunes)."""
    return not (getattr(node, "_closing", False) or getattr(node, "_closed", False))
