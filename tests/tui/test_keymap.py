"""The configuration in the app: a remapped key works and shows, mistakes are told, the theme is kept."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from reviewer.cli import main
from reviewer.config import Config, load_config
from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from reviewer.tui.keymap import catalogue, clashes, display, keymap_problems, normalized, unnamed_bindings
from reviewer.tui.screens.help import HelpScreen
from tests.helpers import write_user_config
from tests.tui.tui_helpers import Scenario, reopen

README = Path(__file__).resolve().parents[2] / "README.md"


def configured(tmp_path: Path, text: str) -> Config:
    """Write the user's config file (under the test's XDG_CONFIG_HOME) and load it as the CLI does."""
    write_user_config(tmp_path, text)
    return load_config()


def drive_with(session: ReviewSession, config: Config, scenario: Scenario) -> ReviewApp:
    app = ReviewApp(session, config=config)

    async def main() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)
            await pilot.pause()

    asyncio.run(main())
    return app


def messages(app: ReviewApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def test_a_remapped_key_labels_and_the_store_keeps_it(
    session: ReviewSession, db_path: Path, tmp_path: Path
) -> None:
    config = configured(tmp_path, '[keymap]\n"label.verified" = "y"\n"claim.next" = "l,down"\n')

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v")  # the default key no longer labels
        assert session.label(0) is None
        await pilot.press("y", "j", "l", "y")  # y labels and advances; j no longer moves, l does
        assert session.cursor == 3

    app = drive_with(session, config, scenario)
    again = reopen(session, db_path)
    assert again.label(0) is Label.VERIFIED and again.label(2) is Label.VERIFIED
    assert again.label(1) is None and messages(app) == []


def test_the_remapped_key_shows_in_help_and_footer(session: ReviewSession, tmp_path: Path) -> None:
    config = configured(tmp_path, '[keymap]\n"label.verified" = "y"\n"help.show" = "h"\n')

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        footer = {key.action: key.key for key in app.screen.query(FooterKey)}
        assert footer["label('verified')"] == "y"
        assert footer["help"] == "h"
        await pilot.press("h")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        shown = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert shown["Label the claim verified and go to the next one"] == "y"
        assert shown["Every key, generated from the live bindings"] == "h"
        order = list(shown)
        assert order.index("Label the claim verified and go to the next one") == 4  # where it is declared

    drive_with(session, config, scenario)


def test_an_unknown_id_warns_with_the_closest(session: ReviewSession, tmp_path: Path) -> None:
    config = configured(tmp_path, '[keymap]\n"label.verifed" = "y"\n')
    expected = (
        f"{config.path}:2: keymap: unknown binding id \"label.verifed\"; did you mean 'label.verified'?"
    )
    assert keymap_problems(config) == [expected]
    app = drive_with(session, config, lambda app, pilot: pilot.pause())
    assert messages(app) == [expected]


def test_the_screen_command_says_the_warning_before_the_screen_opens(
    tmp_path: Path, sample_en: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configured(tmp_path, '[keymap]\n"label.verifed" = "y"\n')
    opened: list[Config | None] = []

    def fake_run_app(document: object, *, opening: str, config: Config | None = None, **team: object) -> int:
        opened.append(config)
        return 0

    monkeypatch.setattr("reviewer.tui.app.run_app", fake_run_app)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main([str(sample_en)]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'label.verified'?" in err
    assert opened[0] is not None and opened[0].keymap == {"label.verifed": "y"}


def test_a_misspelt_key_name_warns(tmp_path: Path) -> None:
    config = configured(tmp_path, '[keymap]\n"claim.next" = "ctlr+j"\n"claim.previous" = "pgup"\n')
    problems = keymap_problems(config)
    assert "'ctlr' is not a modifier; did you mean 'ctrl'?" in problems[0]
    assert "'pgup' is not a key name; did you mean 'pageup'?" in problems[1]


def test_a_clash_is_reported(session: ReviewSession, tmp_path: Path) -> None:
    config = configured(tmp_path, '[keymap]\n"label.verified" = "d"\n')
    expected = (
        f"{config.path}:2: keymap: 'd' is the key of label.verified and label.disputed in the review screen;"
        " give each its own key"
    )
    assert keymap_problems(config) == [expected]
    app = drive_with(session, config, lambda app, pilot: pilot.pause())
    assert messages(app) == [expected]


def test_textuals_clash_hook_adds_no_second_message(
    session: ReviewSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tab is Textual's focus key on every screen: both checks see it, the user is told once."""
    config = configured(tmp_path, '[keymap]\n"claim.next" = "tab"\n"help.close" = "x"\n')
    hook_calls: list[set[Binding]] = []
    original = ReviewApp.handle_bindings_clash

    def spy(app: ReviewApp, clashed: set[Binding], node: DOMNode) -> None:
        hook_calls.append(clashed)
        original(app, clashed, node)

    monkeypatch.setattr(ReviewApp, "handle_bindings_clash", spy)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("tab", "tab", "question_mark", "x")  # help.close has 4 default keys: no self-clash
        assert not isinstance(app.screen, HelpScreen)

    app = drive_with(session, config, scenario)
    assert hook_calls  # Textual did call the hook
    assert messages(app) == [
        f"{config.path}:2: keymap: 'tab' is the key of Textual's app.focus_next and claim.next in the"
        " review screen; give each its own key"
    ]
    assert session.cursor == 2


def test_a_clash_only_textual_reports_is_told_once(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        clashed = {Binding("z", "zoom", "Zoom")}
        app.handle_bindings_clash(clashed, app.screen)
        app.handle_bindings_clash(clashed, app.screen)

    app = drive_with(session, load_config(), scenario)
    assert messages(app) == [
        "'z' is now another binding's key in the review screen, so Textual's zoom no longer answers to it;"
        " give each its own key"
    ]


def test_swapping_two_keys_is_no_clash() -> None:
    assert clashes({"label.verified": "d", "label.disputed": "v"}) == []
    # q closes help (and the agreement screen): a real clash there
    assert "help screen" in {clash.where for clash in clashes({"app.quit": "q"})}


def test_the_defaults_have_no_clash_and_every_binding_an_id() -> None:
    assert clashes({}) == []
    assert unnamed_bindings() == []
    ids = [row.id for row in catalogue()]
    assert len(ids) == len(set(ids))  # one id, one binding: a keymap entry means one thing
    assert all(row.tooltip for row in catalogue())  # what help and `reviewer keys` say it does
    assert {"app.quit", "app.quit-q", "label.verified", "help.close", "search.bar.next"} <= set(ids)


def test_the_readme_key_table_matches_the_bindings() -> None:
    """Each key in the README's review-screen table is a default key of the binding it describes."""
    text = README.read_text(encoding="utf-8")
    table = text.split("## The review screen", 1)[1].split("| key | action |", 1)[1].split("\n\n", 1)[0]
    readme_keys: set[str] = set()
    for row in table.strip().splitlines()[1:]:
        first_cell = row.split("|")[1]
        readme_keys |= {_from_readme(key) for key in re.findall(r"`([^`]+)`", first_cell)}
    bound = {
        key
        for row in catalogue()
        if row.where in ("review screen", "everywhere") and row.id not in ("app.ctrl-c",)
        for key in normalized(",".join(row.keys))
    }
    assert readme_keys == bound


def _from_readme(key: str) -> str:
    """The README's ``↓`` or ``]`` as the binding's ``down`` or ``right_square_bracket``."""
    arrows = {"↓": "down", "↑": "up"}
    return arrows.get(key) or normalized(key)[0]


def test_display_is_what_one_types() -> None:
    assert [display(key) for key in ("question_mark", "slash", "space", "ctrl+r", "comma")] == [
        "?",
        "/",
        "space",
        "ctrl+r",
        "comma",
    ]


def test_the_theme_comes_from_the_file_and_a_new_one_is_written_back(
    session: ReviewSession, tmp_path: Path
) -> None:
    config = configured(
        tmp_path, '# my settings\ntheme = "gruvbox"  # warm\n\n[keymap]\n"label.verified" = "y"\n'
    )

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        assert app.theme == "gruvbox"
        app.theme = "nord"  # what the command palette's theme picker does
        await pilot.pause()

    app = drive_with(session, config, scenario)
    assert config.path.read_text(encoding="utf-8") == (
        '# my settings\ntheme = "nord"  # warm\n\n[keymap]\n"label.verified" = "y"\n'
    )
    assert messages(app) == []


def test_without_a_file_the_theme_lasts_until_quit(session: ReviewSession, tmp_path: Path) -> None:
    config = load_config()

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        assert app.theme == "textual-dark"
        app.theme = "nord"
        await pilot.pause()
        app.theme = "dracula"
        await pilot.pause()

    app = drive_with(session, config, scenario)
    assert not config.path.exists()
    [message] = messages(app)
    assert "lasts until you quit" in message and "reviewer config --init" in message


def test_the_theme_variable_wins_over_the_file(
    session: ReviewSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = configured(tmp_path, 'theme = "gruvbox"\n')
    monkeypatch.setenv("TEXTUAL_THEME", "monokai")

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        assert app.theme == "monokai"

    drive_with(session, config, scenario)


def test_the_export_dialog_starts_on_the_configured_format(session: ReviewSession, tmp_path: Path) -> None:
    from textual.widgets import Input, Select

    config = configured(tmp_path, 'export_format = "csv"\n')

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("e")
        assert app.screen.query_one(Select).value == "csv"
        assert app.screen.query_one(Input).value.endswith(".csv")

    drive_with(session, config, scenario)


def test_ctrl_p_is_the_search_bars_previous_match_and_elsewhere_the_palette(session: ReviewSession) -> None:
    from textual.command import CommandPalette

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("slash", "t", "h", "e", "ctrl+n")
        after_next = session.cursor
        await pilot.press("ctrl+p")
        assert session.cursor < after_next and not isinstance(app.screen, CommandPalette)
        await pilot.press("enter", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")

    drive_with(session, load_config(), scenario)


def test_the_readme_example_is_a_valid_file_with_a_clean_keymap(tmp_path: Path) -> None:
    example = (
        README.read_text(encoding="utf-8").split("A complete example:\n\n```toml\n", 1)[1].split("```", 1)[0]
    )
    config = configured(tmp_path, example)
    assert config.reviewer == "alice" and config.theme == "gruvbox" and config.export_format == "md"
    assert config.keymap["claim.previous"] == "k,up,p"
    assert [item.name for item in config.labels] == ["verified", "misleading", "disputed", "satire"]
    assert config.labels.rating("misleading") is not None and config.labels.rating("satire") is None
    assert keymap_problems(config) == []
