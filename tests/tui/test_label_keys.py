"""A desk's label set on the screen: its keys label, show in the footer, help and filter; any label shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from reviewer.config import Config, load_config
from reviewer.labelset import DEFAULT_LABELS, Label
from reviewer.review.filters import ClaimFilter
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.keymap import catalogue, keymap_problems
from reviewer.tui.screens.filter import FilterScreen
from reviewer.tui.screens.help import HelpScreen
from reviewer.tui.screens.review import ReviewScreen
from tests.helpers import write_user_config
from tests.tui.tui_helpers import EN, FIXED_TIME, REVIEWER, Scenario, sample

LABELS = """\
[[labels]]
name = "verified"

[[labels]]
name = "misleading"
key = "m"
symbol = "≈"
colour = "warning"
claimreview = { alternateName = "Misleading", ratingValue = 2 }

[[labels]]
name = "disputed"
"""


def configured(tmp_path: Path, text: str) -> Config:
    """The user's config file under the test's XDG_CONFIG_HOME, loaded as the CLI does."""
    write_user_config(tmp_path, text)
    return load_config()


def session_with(config: Config, db_path: Path) -> ReviewSession:
    return ReviewSession(
        sample(EN), ReviewStore(db_path), REVIEWER, clock=lambda: FIXED_TIME, labels=config.labels
    )


def drive_with(session: ReviewSession, config: Config, scenario: Scenario) -> ReviewApp:
    app = ReviewApp(session, config=config)

    async def main() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)
            await pilot.pause()

    asyncio.run(main())
    return app


def test_the_configured_key_labels_a_claim_and_the_reopened_store_has_it(
    tmp_path: Path, db_path: Path
) -> None:
    config = configured(tmp_path, LABELS)
    session = session_with(config, db_path)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        footer = {key.action: (key.key, key.description) for key in app.screen.query(FooterKey)}
        assert footer["label('misleading')"] == ("m", "Misleading")
        assert "label('opinion')" not in footer  # the file's set replaced the defaults
        await pilot.press("m", "o", "v")  # m labels and advances; o is no key any more
        assert session.cursor == 2
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert rows["Label the claim misleading and go to the next one"] == "m"

    app = drive_with(session, config, scenario)
    again = ReviewSession(session.document, ReviewStore(db_path), REVIEWER)  # another run, defaults
    assert again.label(0) is Label("misleading") and again.label(1) is Label.VERIFIED
    assert [n.message for n in app._notifications] == []


def test_the_filter_menu_lists_each_label_and_its_key_picks_it(tmp_path: Path, db_path: Path) -> None:
    config = configured(tmp_path, LABELS)
    session = session_with(config, db_path)
    session.edit(2, label=Label("misleading"))

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        options = app.screen.query_one("#filter-options")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]  # type: ignore[attr-defined]
        assert any(prompt.startswith("m   ≈ misleading only  (1)") for prompt in prompts), prompts
        assert not any("opinion" in prompt for prompt in prompts)
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.claim_filter == ClaimFilter.of(Label("misleading")) and session.cursor == 2

    drive_with(session, config, scenario)


def test_a_label_the_configuration_lacks_shows_by_name_and_stays(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # the symbol and the name carry it without colour
    theirs = session_with(configured(tmp_path, LABELS), db_path)
    theirs.edit(0, label=Label("misleading"))
    theirs.store.close()
    (tmp_path / "xdg-config" / "reviewer" / "config.toml").unlink()  # a colleague's defaults
    config = load_config()
    assert config.labels == DEFAULT_LABELS
    session = ReviewSession(sample(EN), ReviewStore(db_path), REVIEWER, labels=config.labels)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        panel = str(app.screen.query_one("#claim").render())
        assert "? misleading" in panel
        status = str(app.screen.query_one("#status-progress").render())
        assert "? 1" in status and "✔ 0" in status
        await pilot.press("j", "v")  # another claim, another label: the unknown one is untouched
        assert session.label(0) is Label("misleading")

    drive_with(session, config, scenario)
    assert ReviewSession(session.document, ReviewStore(db_path), REVIEWER).label(0) is Label("misleading")


def test_label_keys_are_listed_and_checked_like_the_keymap(tmp_path: Path) -> None:
    config = configured(tmp_path, LABELS.replace('key = "m"', 'key = "n"'))  # n: the note key
    ids = {row.id: row.keys for row in catalogue(config.labels)}
    assert ids["label.misleading"] == ("n",) and ids["adjudicate.misleading"] == ("n",)
    assert "label.opinion" not in ids and ids["label.verified"] == ("v",)
    problems = keymap_problems(config)
    assert any(
        ":6: labels: 'n' is the key of" in problem
        and "label.misleading" in problem
        and "note.edit" in problem
        for problem in problems
    ), problems
    config = configured(tmp_path, LABELS.replace('key = "m"', 'key = "ctrl+mm"'))
    assert any(
        "labels.key: 'ctrl+mm': 'mm' is not a key name" in problem for problem in keymap_problems(config)
    )


def test_adjudication_takes_the_sets_keys_and_the_reopened_store_has_the_final_verdict(
    tmp_path: Path, db_path: Path
) -> None:
    from reviewer.tui.screens.adjudication import AdjudicationScreen

    config = configured(tmp_path, LABELS)
    for name, label in (("alice", "misleading"), ("bob", "disputed")):  # they disagree on claim 1
        reviewer = ReviewSession(sample(EN), ReviewStore(db_path), name, labels=config.labels)
        reviewer.edit(0, label=config.labels.parse(label))
    carol = ReviewSession(sample(EN), ReviewStore(db_path), "carol", labels=config.labels)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("A")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        assert screen.cursor == 0
        footer = {key.action: key.key for key in screen.query(FooterKey)}
        assert footer.get("label('misleading')") == "m"
        await pilot.press("m")  # the adjudicator's own verdict, with the desk's key
        await pilot.pause()

    drive_with(carol, config, scenario)
    [verdict] = ReviewStore(db_path).final_verdicts(carol.document.doc_id)
    assert verdict.label == "misleading"
    assert verdict.adjudicated_by == "carol"
