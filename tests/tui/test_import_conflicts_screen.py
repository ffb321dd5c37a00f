"""Pilot tests: the versions an import set aside, listed on the screen, adopted and dismissed there."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from reviewer.review.import_conflicts import open_conflicts
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.conflicts import ConflictsScreen
from reviewer.tui.screens.review import ReviewScreen
from tests.helpers import run_cli as run
from tests.tui.tui_helpers import EN, drive, make_session_on, reopen, sample

OFFICE_NOTE = "The council's own figure is 12,400 crossings a day, not the 9,000 the article gives."


def an_import_that_set_a_version_aside(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    """Claim 4 disputed at the office, verified later on the laptop, then the office export imported."""
    document = str(Path(sample(EN).path))
    office = str(tmp_path / "office.json")
    run(capsys, "mark", document, "4", "disputed", "--note", OFFICE_NOTE, "--db", office)
    exported = tmp_path / "office-export.json"
    run(capsys, "export", document, "--db", office, "-o", str(exported))
    run(capsys, "mark", document, "4", "verified", "--note", "checked again", "--db", str(db_path))
    code, out, err = run(capsys, "import", str(exported), "--db", str(db_path))
    assert code == 0 and "1 kept" in out, err


def test_import_conflicts_are_listed_adopted_and_dismissed_on_the_screen(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    an_import_that_set_a_version_aside(capsys, db_path, tmp_path)
    session = make_session_on(EN, db_path)
    seen: dict[str, object] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("C")
        listing = app.screen
        assert isinstance(listing, ConflictsScreen)
        option = str(listing.query_one(OptionList).get_option_at_index(0).prompt)
        seen["listed"] = option
        await pilot.press("a")  # our own version: adopted at once
        assert isinstance(app.screen, ReviewScreen)
        seen["adopted"] = session.review(3)
        seen["told"] = list(app._notifications)[-1].message
        await pilot.press("C")  # the version it replaced is a conflict in turn
        seen["replaced"] = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("x")
        await pilot.press("C")
        seen["none"] = list(app._notifications)[-1].message

    drive(session, scenario)
    listed = str(seen["listed"])
    assert "tester's review of claim 4" in listed and OFFICE_NOTE in listed and "checked again" in listed
    assert seen["adopted"] is not None and seen["adopted"].note == OFFICE_NOTE  # type: ignore[attr-defined]
    assert "Conflict 1 adopted" in str(seen["told"]) and "claim 4" in str(seen["told"])
    assert "set aside: ✔ verified, note “checked again”" in str(seen["replaced"])
    assert "No conflicts" in str(seen["none"])
    again = reopen(session, db_path)
    assert again.review(3).note == OFFICE_NOTE  # type: ignore[union-attr]  # saved, not only shown
    assert open_conflicts(again.store, again.document.doc_id) == []


def test_another_reviewers_version_is_adopted_only_when_asked_twice(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    an_import_that_set_a_version_aside(capsys, db_path, tmp_path)
    carol = make_session_on(EN, db_path, reviewer="carol")

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("C", "a")
        assert "theirs to change" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")  # not adopted
        assert isinstance(app.screen, ReviewScreen)

    drive(carol, scenario)
    tester = make_session_on(EN, db_path)
    assert tester.review(3).note == "checked again"  # type: ignore[union-attr]
    assert len(open_conflicts(tester.store, tester.document.doc_id)) == 1


def test_a_reshape_a_team_sync_set_aside_is_listed_and_adopted_on_the_screen(db_path: Path) -> None:
    from reviewer.model import Anchor
    from reviewer.storage.shapes import shape_key
    from reviewer.storage.store import TeamWrites
    from reviewer.teamserver.set_aside import lost_shape, open_set_aside
    from reviewer.teamserver.versions import DrawnShape

    session = make_session_on(EN, db_path)
    document = session.document
    claim = session.claims[1]  # claim 2: "Council votes … on a plan to charge drivers who cross …"
    cut = document.text.index("who cross", claim.start)
    spans = [
        Anchor.for_span(document.text, claim.start, cut - 1),
        Anchor.for_span(document.text, cut, claim.end),
    ]
    body = {
        "doc_id": document.doc_id,
        "paragraph": claim.paragraph,
        "spans": [a.to_dict() for a in spans],
        "by": "alice",
        "updated_at": "2026-12-01T10:05:00Z",
    }
    shape = DrawnShape(shape_key(document.doc_id, claim.paragraph), body)
    # As a sync writes it when alice's reshape lost to the segmenter's claims coming back.
    record = lost_shape(
        shape, "the team's version", "two reshapes were made apart", "2026-12-01T11:00:00Z", "c1"
    )
    session.store.team_transaction(lambda: TeamWrites(state=[record]))
    before = session.claims.count()
    seen: dict[str, object] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("C")
        assert isinstance(app.screen, ConflictsScreen)
        seen["title"] = str(app.screen.query_one(".title").render())
        seen["listed"] = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("a")  # a reshape is the document's: adopted at once
        assert isinstance(app.screen, ReviewScreen)
        seen["count"] = session.claims.count()
        seen["told"] = list(app._notifications)[-1].message

    drive(session, scenario)
    assert "1 final verdict(s) or reshape(s) a team sync set aside" in str(seen["title"])
    listed = " ".join(str(seen["listed"]).split())
    assert f"1. the claims of paragraph {claim.paragraph + 1}" in listed
    assert (
        "set aside: 2 drawn claim(s) by alice" in listed
        and "in place: the sentence splitter's claims" in listed
    )
    assert seen["count"] == before + 1
    assert "Conflict 1 adopted: it is in place at claim 2" in str(seen["told"])
    again = reopen(session, db_path)
    assert again.claims[2].text.startswith("who cross")
    assert open_set_aside(again.store, document.doc_id) == []
