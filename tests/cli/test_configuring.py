"""``reviewer config``, ``config --init``, a broken file for every command, and who wins over the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.config import load_config
from tests.helpers import run_cli as run


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Where the default configuration file is for this test (not created)."""
    path = tmp_path / "xdg-config" / "reviewer" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


@pytest.fixture
def no_identity_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither REVIEWER_DB nor REVIEWER_NAME: the file's settings can show."""
    monkeypatch.delenv("REVIEWER_DB")
    monkeypatch.delenv("REVIEWER_NAME")


def test_config_prints_the_path_and_the_defaults(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    code, out, err = run(capsys, "config")
    assert (code, err) == (0, "")
    first, *rows = out.splitlines()
    assert first == f"# configuration file: {config_file} (default; not found: the defaults apply)"
    assert rows[0].startswith('reviewer = "tester"') and rows[0].endswith("# environment REVIEWER_NAME")
    assert rows[2].startswith('export_format = "json"') and rows[2].endswith("# default")
    assert rows[3].startswith('theme = "textual-dark"') and rows[3].endswith("# default")


def test_init_writes_a_commented_file_and_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    code, out, _ = run(capsys, "config", "--init")
    assert code == 0 and out.startswith(f"wrote {config_file}")
    text = config_file.read_text(encoding="utf-8")
    assert '# theme = "textual-dark"' in text and '# "label.verified" = "v"' in text
    assert '# "help.show" = "?,f1"' in text and '# "search.open" = "/"' in text
    config = load_config()
    assert config.exists and config.keymap == {} and config.theme is None  # everything commented out

    config_file.write_text('theme = "nord"\n', encoding="utf-8")
    code, _, err = run(capsys, "config", "--init")
    assert code == 1 and "exists and is left as it is" in err and "--force" in err
    assert config_file.read_text(encoding="utf-8") == 'theme = "nord"\n'
    code, out, _ = run(capsys, "config", "--init", "--force")
    assert code == 0 and "config.toml.bak" in out
    assert config_file.with_name("config.toml.bak").read_text(encoding="utf-8") == 'theme = "nord"\n'


def test_init_follows_config_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "mine.toml"
    assert run(capsys, "config", "--init", "--config", str(target))[0] == 0
    assert target.is_file()


@pytest.mark.parametrize(
    "argv",
    [
        ["config"],
        ["keys"],
        ["docs"],
        ["claims", "{doc}"],
        ["stats", "{doc}"],
        ["mark", "{doc}", "1", "v"],
        ["export", "{doc}"],
        ["import", "{doc}"],
        ["{doc}"],
    ],
)
def test_a_broken_file_fails_every_command_the_same_way(
    capsys: pytest.CaptureFixture[str], config_file: Path, sample_en: Path, argv: list[str]
) -> None:
    config_file.write_text('reviewer = "a"\nthem = "nord"\n', encoding="utf-8")
    code, _, err = run(capsys, *(arg.replace("{doc}", str(sample_en)) for arg in argv))
    assert code == 2
    assert err == f"reviewer: {config_file}:2: unknown key 'them'; did you mean 'theme'?\n"


def test_a_broken_file_is_one_line_and_exit_2_in_a_real_process(tmp_path: Path, sample_en: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[keymap]\n"label.verified" = \n', encoding="utf-8")
    env = {**os.environ, "REVIEWER_CONFIG": str(path)}
    result = subprocess.run(
        [sys.executable, "-m", "reviewer", "claims", str(sample_en)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"reviewer: {path}:2: not valid TOML: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_reviewer_name_option_beats_environment_beats_file(
    capsys: pytest.CaptureFixture[str], config_file: Path, monkeypatch: pytest.MonkeyPatch, sample_en: Path
) -> None:
    config_file.write_text('reviewer = "from-file"\n', encoding="utf-8")
    monkeypatch.delenv("REVIEWER_NAME")

    def name(*argv: str) -> str:
        assert run(capsys, "mark", str(sample_en), "1", "v", *argv)[0] == 0
        return str(json.loads(run(capsys, "export", str(sample_en), *argv)[1])["reviewer"])

    assert name() == "from-file"
    monkeypatch.setenv("REVIEWER_NAME", "from-env")
    assert name() == "from-env"
    assert name("--reviewer", "from-option") == "from-option"
    out = run(capsys, "config", "--reviewer", "from-option")[1]
    assert "# option --reviewer" in out.splitlines()[1]


def test_database_option_beats_environment_beats_file(
    capsys: pytest.CaptureFixture[str],
    config_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_en: Path,
    tmp_path: Path,
) -> None:
    (config_file.parent / "data").mkdir()
    config_file.write_text('db = "data/file.json"\n', encoding="utf-8")  # relative to the file
    monkeypatch.delenv("REVIEWER_DB")
    assert run(capsys, "mark", str(sample_en), "1", "v")[0] == 0
    assert (config_file.parent / "data" / "file.json").exists()
    out = run(capsys, "config")[1]
    assert f'db = "{config_file.parent / "data" / "file.json"}"' in out and "# file" in out

    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "env.json"))
    assert run(capsys, "mark", str(sample_en), "1", "v")[0] == 0
    assert (tmp_path / "env.json").exists()
    assert run(capsys, "mark", str(sample_en), "1", "v", "--db", str(tmp_path / "opt.json"))[0] == 0
    assert (tmp_path / "opt.json").exists()


def test_a_configured_database_in_a_missing_folder(
    capsys: pytest.CaptureFixture[str], config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text('\ndb = "nowhere/file.json"\n', encoding="utf-8")
    monkeypatch.delenv("REVIEWER_DB")
    code, _, err = run(capsys, "docs")
    assert code == 2 and err.startswith(f"reviewer: {config_file}:2: db: the folder ")


def test_export_format_option_suffix_environment_file(
    capsys: pytest.CaptureFixture[str],
    config_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_en: Path,
    tmp_path: Path,
) -> None:
    config_file.write_text('export_format = "csv"\n', encoding="utf-8")
    out = run(capsys, "export", str(sample_en))[1]
    assert out.startswith("document,paragraph,claim,")  # CSV's header
    monkeypatch.setenv("REVIEWER_EXPORT_FORMAT", "tsv")
    assert "\t" in run(capsys, "export", str(sample_en))[1].splitlines()[0]
    assert run(capsys, "export", str(sample_en), "--format", "json")[1].startswith("{")
    target = tmp_path / "out.json"
    assert run(capsys, "export", str(sample_en), "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("{")  # the file name's suffix says JSON
    monkeypatch.setenv("REVIEWER_EXPORT_FORMAT", "jsn")
    code, _, err = run(capsys, "export", str(sample_en))
    assert code == 2 and err.startswith("reviewer: REVIEWER_EXPORT_FORMAT: unknown export format 'jsn'")


def test_a_bad_theme_variable_is_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEXTUAL_THEME", "gruvbx")
    code, _, err = run(capsys, "docs")
    assert code == 2 and "TEXTUAL_THEME: unknown theme 'gruvbx'; did you mean 'gruvbox'?" in err


def test_keys_lists_every_id_and_the_keymap(capsys: pytest.CaptureFixture[str], config_file: Path) -> None:
    config_file.write_text('[keymap]\n"label.verified" = "y"\n"label.verifed" = "z"\n', encoding="utf-8")
    code, out, err = run(capsys, "keys")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "everywhere"
    verified = next(line for line in lines if "label.verified" in line)
    assert "y (default v)" in verified and "Label the claim verified" in verified
    assert any(line.split()[:2] == ["help.show", "?,"] for line in lines)
    assert err == (
        f'reviewer: warning: {config_file}:3: keymap: unknown binding id "label.verifed";'
        " did you mean 'label.verified'?\n"
    )
