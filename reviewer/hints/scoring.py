"""A document's hints, scored in small background steps (visible claims first); what to say when none."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from reviewer.hints.base import Hint, HintModel

# One background step: about as long as one step of claim segmentation (reviewer.documents.segmentation), so
# a key press never waits much more than it already does.
STEP_SECONDS = 0.010
_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}


def language_name(code: str) -> str:
    """``French (fr)`` for ``fr``; the bare code for a language we have no name for."""
    base = code.split("-")[0].lower()
    return f"{_NAMES[base]} ({base})" if base in _NAMES else base


@dataclass(frozen=True, slots=True)
class Coverage:
    """Whether a model gives hints for a document's language, and the line to show about it."""

    active: bool
    experimental: bool
    message: str  # empty when hints are active and trained for this language


def coverage(model: HintModel | None, language: str, *, why_no_model: str = "") -> Coverage:
    """What hints a document in ``language`` gets from ``model`` (None: no model could be loaded)."""
    if model is None:
        return Coverage(False, False, f"hints off: {why_no_model}" if why_no_model else "hints off")
    if not model.supports(language):
        trained = ", ".join(language_name(code) for code in model.languages)
        return Coverage(
            False,
            False,
            f"no hints for {language_name(language)}: the {model.name} model knows {trained} only",
        )
    if model.is_experimental(language):
        name = language_name(language)
        return Coverage(True, True, f"hints for {name} are experimental: {model.name} was not trained on it")
    return Coverage(True, False, "")


class DocumentHints:
    """The hints of one document's claims, by claim index, filled in as time allows.

    It never segments: the caller says how many claims exist so far (``known``) and how to get
    a claim's text, so a lazily segmented document is scored as far as it is split and no further.
    """

    def __init__(self, model: HintModel, text_of: Callable[[int], str]) -> None:
        """``text_of(i)`` returns claim ``i``'s text (0-based)."""
        self._model = model
        self._text_of = text_of
        self._hints: dict[int, Hint] = {}
        self._next = 0  # every claim before this one is scored

    @property
    def threshold(self) -> float:
        """The model's cut-off."""
        return self._model.threshold

    def get(self, index: int) -> Hint | None:
        """Claim ``index``'s hint, or None if it is not scored yet."""
        return self._hints.get(index)

    def ensure(self, start: int, stop: int) -> None:
        """Score claims ``start``…``stop - 1`` now (the visible window: a few dozen claims)."""
        for index in range(max(start, 0), stop):
            if index not in self._hints:
                self._hints[index] = self._model.score(self._text_of(index))

    def step(self, known: int, budget: float = STEP_SECONDS) -> bool:
        """Score unscored claims in order for about ``budget`` seconds; True once all ``known`` are."""
        deadline = time.perf_counter() + budget
        while self._next < known:
            if self._next not in self._hints:
                self._hints[self._next] = self._model.score(self._text_of(self._next))
            self._next += 1
            if time.perf_counter() >= deadline:
                break
        return self._next >= known

    def scored(self) -> int:
        """How many claims have a hint."""
        return len(self._hints)

    def flagged(self) -> list[int]:
        """Indexes of the flagged claims among those scored, in document order."""
        return sorted(index for index, hint in self._hints.items() if hint.flagged)

    def next_flagged(self, after: int, *, backwards: bool = False, wrap: bool = True) -> int | None:
        """The next (or previous) flagged claim after index ``after`` among those scored."""
        flagged = self.flagged()
        if not flagged:
            return None
        if backwards:
            earlier = [index for index in flagged if index < after]
            return earlier[-1] if earlier else (flagged[-1] if wrap else None)
        later = [index for index in flagged if index > after]
        return later[0] if later else (flagged[0] if wrap else None)

    def ranked(self) -> list[tuple[int, Hint]]:
        """Scored claims, best first (ties in document order): ``reviewer hints FILE --top K``."""
        return sorted(self._hints.items(), key=lambda item: (-item[1].score, item[0]))
