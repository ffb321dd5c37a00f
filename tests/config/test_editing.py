"""Writing one setting back: the user's comments and layout stay, a broken file is not touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.config import ConfigError, parse_config
from reviewer.config.editing import with_setting, write_setting


def test_an_existing_value_is_replaced_and_its_comment_kept() -> None:
    text = '# my file\ntheme = "nord"   # dark, for night shifts\nreviewer = "alice"\n[keymap]\ntheme = "x"\n'
    assert with_setting(text, "theme", "gruvbox") == (
        '# my file\ntheme = "gruvbox"   # dark, for night shifts\nreviewer = "alice"\n[keymap]\ntheme = "x"\n'
    )


def test_a_new_value_goes_under_its_commented_default() -> None:
    text = '# theme = "textual-dark"\n\n[keymap]\n'
    assert with_setting(text, "theme", "nord") == '# theme = "textual-dark"\ntheme = "nord"\n\n[keymap]\n'


def test_else_before_the_first_table_or_at_the_end() -> None:
    assert with_setting('reviewer = "a"\n[keymap]\n', "theme", "nord") == (
        'reviewer = "a"\ntheme = "nord"\n\n[keymap]\n'
    )
    assert with_setting('reviewer = "a"', "theme", "nord") == 'reviewer = "a"\ntheme = "nord"\n'
    assert with_setting("", "theme", "nord") == 'theme = "nord"\n'


def test_windows_line_ends_stay() -> None:
    assert with_setting('reviewer = "a"\r\n[keymap]\r\n', "theme", "nord") == (
        'reviewer = "a"\r\ntheme = "nord"\r\n\r\n[keymap]\r\n'
    )


def test_write_setting_changes_the_file_atomically(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# keep me\ntheme = "nord"\n[keymap]\n"label.verified" = "y"\n', encoding="utf-8")
    assert write_setting(path, "theme", "dracula")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# keep me\n") and parse_config(text, path).theme == "dracula"
    assert parse_config(text, path).keymap == {"label.verified": "y"}
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temp file left


def test_no_file_is_not_created(tmp_path: Path) -> None:
    assert not write_setting(tmp_path / "config.toml", "theme", "nord")
    assert not (tmp_path / "config.toml").exists()


def test_a_file_broken_meanwhile_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nthem = \n', encoding="utf-8")
    with pytest.raises(ConfigError, match=":2: not valid TOML"):
        write_setting(path, "theme", "dracula")
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\nthem = \n'
