"""Claim hints on the review screen: the model loads off the UI thread, claims are scored behind it.

The visible claims are scored first (a few dozen), then the rest a short step at a time on a
timer, so a 10 MB document never makes a key wait. Hints are a ranking aid: a marker, a key to the next
hinted claim, a filter, and the why on the claim panel; ``H`` switches them off and on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer.hints import Coverage, DocumentHints, Hint, HintModel, HintModelError, coverage, load_model

if TYPE_CHECKING:
    from textual.timer import Timer

    from reviewer.documents.segmentation import Claims
    from reviewer.tui.screens.review import ReviewScreen

HINT_SYMBOL = "▲"
# The model loads this long after the screen opens: parsing its weights holds the interpreter
# for about 0.2 s, which would otherwise delay the first paint.
LOAD_AFTER_SECONDS = 0.5
WINDOW = 40  # claims on each side of the cursor scored before anything else
STEP_SECONDS = 0.005  # one background scoring step (the reading pane's claims are scored first)
STEP_EVERY = 0.04  # seconds between two steps: scoring takes at most about an eighth of the time


class ScreenHints:
    """The hints of one screen's document, as far as they are scored."""

    def __init__(self) -> None:
        self.enabled = True
        self.coverage: Coverage | None = None  # None while the model loads
        self._hints: DocumentHints | None = None
        self._redraws = 0  # the claims' redraw count the hints were scored at
        self._model: HintModel | None = None
        self.scored_all = False  # True once every claim of the document is scored
        self._scoring: Timer | None = None  # the background scoring, while it runs

    @property
    def active(self) -> bool:
        """True when hints are on and the model gives them for this document's language."""
        return self.enabled and self._hints is not None

    def start(self, model: HintModel | None, language: str, screen: ReviewScreen, why: str = "") -> None:
        """The model is loaded (or could not be): say what hints this document gets."""
        self.coverage = coverage(model, language, why_no_model=why)
        if model is not None and self.coverage.active:
            self._model = model
            claims = screen.session.claims
            self._redraws = claims.redraws
            self._hints = DocumentHints(model, lambda index: claims[index].text)

    def score_in_background(self, screen: ReviewScreen) -> None:
        """Score every claim behind the keys, a short step at a time (again after a reshape)."""
        if not self.active:
            return
        if self._scoring is not None:
            self._scoring.stop()

        def step() -> None:
            claims = screen.session.claims
            if self.step(claims.known, claims.complete) and self._scoring is not None:
                self._scoring.stop()

        self._scoring = screen.set_interval(STEP_EVERY, step)

    def reshaped(self, claims: Claims) -> bool:
        """Claims were split, joined or narrowed: score them again from the start (indexes moved).

        True when the scores were dropped, so the caller scores the visible claims at once and
        starts the background scoring again.
        """
        if self._hints is not None and self._model is not None and claims.redraws != self._redraws:
            self._redraws = claims.redraws
            self._hints = DocumentHints(self._model, lambda index: claims[index].text)
            self.scored_all = False
            return True
        return False

    def get(self, index: int) -> Hint | None:
        """Claim ``index``'s hint if hints are on and it is scored (the visible ones always are)."""
        return self._hints.get(index) if self.active and self._hints is not None else None

    def flagged(self, index: int) -> bool:
        """True when claim ``index`` is hinted: scored over the model's cut-off."""
        hint = self.get(index)
        return hint is not None and hint.flagged

    def around(self, cursor: int, known: int) -> None:
        """Score the claims near the cursor now (a few dozen, well under a frame); nothing when off."""
        if self.enabled and self._hints is not None:
            self._hints.ensure(max(0, cursor - WINDOW), min(known, cursor + WINDOW))

    def next_flagged(self, cursor: int, direction: int) -> int | None:
        """The next (1) or previous (-1) hinted claim among those scored, wrapping."""
        if not self.active or self._hints is None:
            return None
        return self._hints.next_flagged(cursor, backwards=direction < 0)

    def step(self, known: int, complete: bool) -> bool:
        """One short scoring step of the claims segmented so far; True once every claim is scored.

        Called by a timer on the UI thread, a few milliseconds at a time: in a thread, or in a
        loop that only yields, scoring kept the app from being idle (measured: a key took 2 s
        at 15,000 claims, every hop of its handling waiting for the interpreter).
        """
        if self._hints is None:
            return True
        if not self.enabled:  # switched off: no work at all; switched on again, it goes on from here
            return False
        self.scored_all = self._hints.step(known, STEP_SECONDS) and complete
        return self.scored_all

    def panel_line(self, index: int) -> str:
        """The claim panel's line about claim ``index``'s hint (empty when there is nothing to say)."""
        if not self.enabled:
            return "hints off (H turns them on)"
        if self.coverage is None:
            return ""
        if self._hints is None:
            return self.coverage.message
        hint = self._hints.get(index)
        if hint is None:
            return ""
        why = " · ".join(hint.reasons)
        head = f"{HINT_SYMBOL} worth checking" if hint.flagged else "hint"
        note = f" ({self.coverage.message})" if self.coverage.message else ""
        return f"{head} {hint.score:.2f}" + (f": {why}" if why else "") + note


def load_hint_model() -> tuple[HintModel | None, str]:
    """The default hint model, or None and why it could not be loaded (the app runs without)."""
    try:
        return load_model(behind_a_screen=True), ""
    except HintModelError as exc:
        return None, str(exc)


def load_hints(screen: ReviewScreen) -> None:
    """Load the hint model off the UI thread (a fraction of a second), then score behind the keys."""

    def loaded(model: HintModel | None, why: str) -> None:
        screen.hints.start(model, screen.session.document.language, screen, why)
        screen.refresh_view()
        screen.hints.score_in_background(screen)

    def load() -> None:
        model, why = load_hint_model()
        screen.app.call_from_thread(loaded, model, why)

    screen.run_worker(load, thread=True, exclusive=True, group="hint-model", exit_on_error=False)
