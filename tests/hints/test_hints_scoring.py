"""Hints over a whole document: background steps in order, the visible window first, coverage messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents import load_document
from reviewer.hints import DocumentHints, HintModel, coverage, load_model
from reviewer.hints.embedding import EmbeddingHintModel


@pytest.fixture(scope="module")
def model() -> HintModel:
    return load_model()


def test_coverage_says_when_there_are_no_hints(model: HintModel) -> None:
    assert coverage(model, "en").active and coverage(model, "en").message == ""
    french = coverage(model, "fr")
    assert not french.active
    assert french.message == "no hints for French (fr): the en-linear model knows English (en) only"
    assert coverage(None, "en", why_no_model="hint model x.json: no such file").message.startswith(
        "hints off"
    )


def test_coverage_labels_experimental_languages() -> None:
    import json

    from reviewer.hints import MULTILINGUAL_MODEL, model_path

    payload = json.loads(model_path(MULTILINGUAL_MODEL).read_text(encoding="utf-8"))
    multi = EmbeddingHintModel(payload, embed=lambda text: [0.0] * len(payload["embedding_weights"]))
    french = coverage(multi, "fr")
    assert french.active and french.experimental and "experimental" in french.message
    assert coverage(multi, "en").message == ""


def test_steps_score_in_order_and_the_window_first(model: HintModel, sample_en: Path) -> None:
    document = load_document(sample_en)
    claims = document.claims
    hints = DocumentHints(model, lambda i: claims[i].text)
    hints.ensure(40, 45)  # the visible window, before any background step
    assert hints.scored() == 5 and hints.get(40) is not None and hints.get(0) is None
    total = claims.count()
    steps = 0
    while not hints.step(claims.known, budget=0.0):  # one claim per step at worst
        steps += 1
    assert hints.scored() == total and steps >= total - 6
    for index, claim in enumerate(claims.all()):
        assert hints.get(index) == model.score(claim.text)


def test_next_flagged_and_ranking(model: HintModel, sample_en: Path) -> None:
    document = load_document(sample_en)
    claims = document.claims
    hints = DocumentHints(model, lambda i: claims[i].text)
    hints.step(claims.count(), budget=60.0)
    flagged = hints.flagged()
    assert flagged and all(hints.get(i).flagged for i in flagged)  # type: ignore[union-attr]
    assert hints.next_flagged(-1) == flagged[0]
    assert hints.next_flagged(flagged[0]) == flagged[1]
    assert hints.next_flagged(flagged[-1]) == flagged[0]  # wraps
    assert hints.next_flagged(flagged[-1], wrap=False) is None
    assert hints.next_flagged(flagged[0], backwards=True) == flagged[-1]
    ranked = hints.ranked()
    assert [hint.score for _i, hint in ranked] == sorted((hint.score for _i, hint in ranked), reverse=True)


def test_french_sample_gets_no_hints_from_the_english_model(model: HintModel, sample_fr: Path) -> None:
    document = load_document(sample_fr)
    assert document.language == "fr"
    assert not coverage(model, document.language).active


@pytest.mark.slow
def test_background_steps_stay_small_on_a_long_document(model: HintModel, sample_en: Path) -> None:
    """Scale guard (generous): 20,000 claims in 10 ms steps; no step runs away, none is slow per claim."""
    import time

    base = [claim.text for claim in load_document(sample_en).claims.all()]
    texts = [f"{base[i % len(base)]} ({i})" for i in range(20_000)]  # no two alike: no cache helps
    hints = DocumentHints(model, texts.__getitem__)
    longest = 0.0
    started = time.perf_counter()
    done = False
    while not done:
        t0 = time.perf_counter()
        done = hints.step(len(texts), budget=0.01)
        longest = max(longest, time.perf_counter() - t0)
    per_claim = (time.perf_counter() - started) / len(texts)
    assert hints.scored() == len(texts)
    assert longest < 0.5  # a step overruns its 10 ms budget by one claim at most
    assert per_claim < 0.005
