"""``[[labels]]`` in the configuration file: a desk's own verdicts, every mistake one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.config import ConfigError, load_config
from reviewer.labelset import DEFAULT_LABELS, Label, Rating
from tests.helpers import write_user_config as write

MISLEADING = """\
[[labels]]
name = "verified"

[[labels]]
name = "misleading"
key = "m"
symbol = "≈"
colour = "warning"
claimreview = { alternateName = "Misleading", ratingValue = 2 }
tabular = "MISLEADING"
category = "disputed"

[[labels]]
name = "disputed"
"""


def error(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config()
    message = str(raised.value)
    assert "\n" not in message and message.startswith(str(path))
    return message.removeprefix(str(path))


def test_without_labels_the_three_defaults_stay(tmp_path: Path) -> None:
    write(tmp_path, 'theme = "nord"\n')
    assert load_config().labels == DEFAULT_LABELS
    assert [item.name for item in DEFAULT_LABELS] == ["verified", "disputed", "opinion"]


def test_the_file_replaces_the_set_and_a_default_name_starts_from_its_default(tmp_path: Path) -> None:
    write(tmp_path, MISLEADING)
    labels = load_config().labels
    assert labels.labels == (Label.VERIFIED, Label("misleading"), Label.DISPUTED)  # opinion is gone
    assert labels.get("verified") == DEFAULT_LABELS.get("verified")
    misleading = labels.get("misleading")
    assert (misleading.key, misleading.symbol, misleading.colour) == ("m", "≈", "warning")
    assert (misleading.csv_value, misleading.agreement_category) == ("MISLEADING", "disputed")
    # best and worst come from the set: 5 (verified) and 1 (disputed)
    assert labels.rating("misleading") == Rating(2, "Misleading", 5, 1)
    assert labels.parse("m") is Label("misleading") and labels.parse("Misleading") is Label("misleading")
    assert labels.categories() == ("verified", "disputed")
    with pytest.raises(ValueError, match=r"use verified, misleading, disputed \(v, m, d\) or clear"):
        labels.parse("opinion")


def entry(*lines: str) -> str:
    """A ``[[labels]]`` entry named "mis" with key m and symbol ≈, then ``lines``."""
    return "\n".join(["[[labels]]", 'name = "mis"', 'key = "m"', 'symbol = "≈"', *lines]) + "\n"


VERIFIED = '[[labels]]\nname = "verified"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[labels]]\nname = "x y"\nkey = "m"\n', ":2: labels.name: 'x y' is not a word"),
        (entry('color = "red"'), ":5: labels: unknown key 'color'; did you mean 'colour'?"),
        ('[[labels]]\nname = "mis"\nsymbol = "≈"\n', ":1: labels: 'mis' has no key"),
        ('[[labels]]\nname = "mis"\nkey = "m"\n', ":1: labels: 'mis' has no symbol"),
        ('[[labels]]\nkey = "m"\n', ":1: labels: an entry has no name"),
        (entry().replace('"≈"', '"≈≈"'), ":4: labels.symbol: '≈≈': one character"),
        (entry().replace('"≈"', '"·"'), ":4: labels.symbol: '·' already means something"),
        (entry('colour = "sucess"'), ":5: labels.colour: 'sucess'; did you mean 'success'?"),
        (entry('claimreview = { alternateName = "M" }'), ":5: labels.claimreview.ratingValue: a whole"),
        (entry('claimreview = { alternateName = "M", ratingValue = 2, x = 5 }'), "unknown key 'x'"),
        (entry().replace('"mis"', '"unreviewed"'), ":2: labels.name: 'unreviewed' is a word reviewer"),
        (VERIFIED + entry().replace('"m"', '"v"'), ":5: labels.key: 'v' is already the key of 'verified'"),
        (VERIFIED + VERIFIED, ":4: labels.name: 'verified' is already the name of 'verified'"),
        ('[[labels]]\nname = "mis"\nkey = 3\n', ":3: labels.key: must be the key that gives the label"),
        ("labels = 3\n", ":1: labels: must be [[labels]] tables"),
    ],
)
def test_every_mistake_is_one_line_naming_the_file_the_line_and_the_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in error(tmp_path, text)


def test_a_broken_label_stops_every_command_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_en: Path
) -> None:
    path = write(tmp_path, entry('color = "red"'))
    assert main(["claims", str(sample_en)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reviewer: {path}:5: labels: unknown key 'color'; did you mean 'colour'?")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_config_shows_the_labels_in_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, MISLEADING)
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "# labels (file), in order:" in out
    assert "≈ misleading  key m · warning · ClaimReview 'Misleading' = 2 · CSV/TSV 'MISLEADING'" in out
    assert "✔ verified  key v · success · ClaimReview 'Verified' = 5" in out
