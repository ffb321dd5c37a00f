"""Reading the configuration file: where it is, what it may hold, one line naming each mistake."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from reviewer.config import TEXTUAL_THEMES, ConfigError, Source, config_path, load_config
from reviewer.config.loading import key_lines
from reviewer.config.template import KeyRow, render_template
from reviewer.labelset import DEFAULT_LABELS, Rating
from tests.helpers import write_user_config as write


def error(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config()
    message = str(raised.value)
    assert "\n" not in message and message.startswith(str(path))
    return message.removeprefix(str(path))


def test_the_file_is_in_the_user_config_directory(tmp_path: Path) -> None:
    found = config_path()
    assert found.value == tmp_path / "xdg-config" / "reviewer" / "config.toml"
    assert found.source is Source.DEFAULT


def test_the_variable_and_the_option_choose_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_CONFIG", str(tmp_path / "env.toml"))
    assert config_path().value == tmp_path / "env.toml"
    assert config_path().origin() == "environment REVIEWER_CONFIG"
    assert config_path(tmp_path / "opt.toml").value == tmp_path / "opt.toml"
    assert config_path(tmp_path / "opt.toml").origin() == "option --config"


def test_a_missing_file_means_defaults() -> None:
    config = load_config()
    assert not config.exists
    assert (config.reviewer, config.db, config.export_format, config.theme, config.keymap) == (
        None,
        None,
        None,
        None,
        {},
    )


def test_settings_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'reviewer = " alice "\ndb = "notes/reviews.json"\nexport_format = "csv"\ntheme = "gruvbox"\n'
        '[keymap]\n"label.verified" = "y"\n"claim.next" = ["j", "ctrl+n"]\n',
    )
    config = load_config()
    assert config.exists and config.reviewer == "alice"
    assert config.db == path.parent / "notes" / "reviews.json"  # relative to the file, not the cwd
    assert (config.export_format, config.theme) == ("csv", "gruvbox")
    assert config.keymap == {"label.verified": "y", "claim.next": "j,ctrl+n"}
    assert config.where("keymap.claim.next") == f"{path}:7"


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    message = error(tmp_path, 'reviewer = "a"\n\ntheme "gruvbox"\n')
    assert message.startswith(":3: not valid TOML: ")
    assert "'theme \"gruvbox\"'" in message


def test_unknown_key_with_a_near_miss(tmp_path: Path) -> None:
    message = error(tmp_path, 'reviewer = "a"\nthem = "nord"\n')
    assert message == ":2: unknown key 'them'; did you mean 'theme'?"
    assert error(tmp_path, "colour = 1\n") == ":1: unknown key 'colour'"


def test_wrong_types(tmp_path: Path) -> None:
    assert error(tmp_path, "theme = 3\n") == ":1: theme: must be a theme's name, a string, not a number"
    assert (
        error(tmp_path, '\n[reviewer]\nname = "a"\n')
        == ":2: reviewer: must be your name, a string, not a table"
    )
    assert (
        error(tmp_path, 'keymap = "y"\n')
        == ":1: keymap: must be a table of binding ids and keys, not a string"
    )
    assert error(tmp_path, '[keymap]\n"label.verified" = true\n') == (
        ':2: keymap: "label.verified" must be keys such as "j,down", not true/false'
    )
    assert error(tmp_path, '[keymap]\n"claim.next" = "j,,down"\n').endswith("a key is missing between commas")
    assert error(tmp_path, 'reviewer = "  "\n').startswith(":1: reviewer: empty")


def test_unknown_theme_and_format_list_the_names(tmp_path: Path) -> None:
    message = error(tmp_path, 'theme = "gruvbx"\n')
    assert message.startswith(
        ":1: theme: unknown theme 'gruvbx'; did you mean 'gruvbox'? (themes: textual-dark, "
    )
    message = error(tmp_path, 'export_format = "cvs"\n')
    assert message.startswith(":1: export_format: unknown export format 'cvs'; did you mean 'csv'?")
    assert "claimreview" in message


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    path.write_bytes(b'reviewer = "a"\nreviewer = "\xe9"\n')
    with pytest.raises(ConfigError, match=r":2: not UTF-8 text"):
        load_config()


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    path.unlink()
    path.mkdir()  # a folder where the file should be
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config()


def test_a_bom_is_tolerated(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    path.write_bytes(b'\xef\xbb\xbftheme = "nord"\n')
    assert load_config().theme == "nord"


def test_the_theme_list_is_textuals() -> None:
    from textual.theme import BUILTIN_THEMES

    assert list(TEXTUAL_THEMES) == list(BUILTIN_THEMES)


def test_key_lines_follow_tables_dotted_and_quoted_keys() -> None:
    text = (
        'theme = "nord"\n'
        'keymap."claim.next" = "j"\n'
        'note = """\nfake = 1\n"""\n'
        "[keymap]\n"
        "'label.verified' = 'y'  # comment\n"
        "[[labels]]\n"
        'name = "a"\n'
        "[[labels]]\n"
        'name = "b"\n'
    )
    lines = key_lines(text)
    assert lines[("theme",)] == 1
    assert lines[("keymap", "claim.next")] == 2
    assert ("fake",) not in lines
    assert lines[("keymap",)] == 6 and lines[("keymap", "label.verified")] == 7
    assert lines[("labels", "0", "name")] == 9 and lines[("labels", "1", "name")] == 11


def _template() -> str:
    rows = [
        KeyRow("review screen", "claim.next", "j,down", "Next claim"),
        KeyRow("review screen", "help.show", "?,f1", "Help"),
    ]
    return render_template(
        reviewer="alice", db=Path("/data/reviews.json"), formats=["json", "csv"], keys=rows
    )


def test_the_template_is_all_defaults(tmp_path: Path) -> None:
    write(tmp_path, _template())
    config = load_config()
    assert config.exists and (config.reviewer, config.theme, config.keymap) == (None, None, {})


def test_uncommenting_every_line_of_the_template_is_valid(tmp_path: Path) -> None:
    lines = []
    for line in _template().splitlines():
        setting = line.removeprefix("# ")
        is_setting = (
            line.startswith("# ") and " = " in setting and not setting.startswith(("Keys", "The"))
        ) or setting.startswith("[[labels]]")
        lines.append(setting if is_setting else line)
    write(tmp_path, "\n".join(lines))
    config = load_config()
    assert config.reviewer == "alice" and config.db == Path("/data/reviews.json")
    assert (config.export_format, config.theme) == ("json", "textual-dark")
    assert config.keymap == {"claim.next": "j,down", "help.show": "?,f1"}
    assert tomllib.loads("\n".join(lines))["keymap"]["help.show"] == "?,f1"
    # The defaults as written, and the example label between them and the keys.
    assert [item.name for item in config.labels] == ["verified", "disputed", "opinion", "misleading"]
    assert config.labels.get("verified") == DEFAULT_LABELS.get("verified")
    assert config.labels.rating("misleading") == Rating(2, "Misleading", 5, 1)


def test_load_config_never_writes(tmp_path: Path) -> None:
    load_config()
    assert not (tmp_path / "xdg-config").exists()
    assert os.environ["XDG_CONFIG_HOME"] == str(tmp_path / "xdg-config")
