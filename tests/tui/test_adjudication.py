"""Adjudication mode, blind review and the agreement screen, driven end to end in a real terminal (Pilot)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TextArea

from reviewer.model import Label, Review
from reviewer.review.adjudication import Adjudication
from reviewer.review.agreement_tables import headline
from reviewer.review.session import ReviewSession
from reviewer.review.team import document_agreement
from reviewer.storage.store import ReviewStore
from reviewer.tui.app import ReviewApp
from reviewer.tui.screens.adjudication import AdjudicationScreen
from reviewer.tui.screens.agreement import AgreementScreen
from reviewer.tui.screens.review import ReviewScreen
from reviewer.tui.widgets.claim_panel import ClaimPanel
from reviewer.tui.widgets.verdicts import VerdictColumns
from tests.tui.tui_helpers import FR, drive, make_session_on

V, D, OP = Label.VERIFIED, Label.DISPUTED, Label.OPINION
# Claim numbers (from 1) → label: claim 2 disputed between them, 5 only alice, 1 3 4 6 unanimous.
ALICE = {1: V, 2: V, 3: D, 4: OP, 5: V, 6: V}
BOB = {1: V, 2: D, 3: D, 4: OP, 6: V}


def two_reviewers(db_path: Path) -> None:
    for name, labels in (("alice", ALICE), ("bob", BOB)):
        session = make_session_on(FR, db_path, reviewer=name)
        for number, value in labels.items():
            note = f"{name} on {number}" if name == "bob" else ""
            session.edit(number - 1, label=value, note=note, sources=[f"https://example.org/{number}"])


def reviews(db_path: Path) -> list[Review]:
    store = ReviewStore(db_path)
    return sorted(store.all_reviews(), key=lambda review: review.key)


def reopened(db_path: Path) -> Adjudication:
    session = make_session_on(FR, db_path, reviewer="carol")
    return Adjudication(session.document, session.store, "carol")


def text_of(app: ReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_adjudication_end_to_end(db_path: Path) -> None:
    two_reviewers(db_path)
    before = reviews(db_path)
    carol = make_session_on(FR, db_path, reviewer="carol")
    seen: dict[str, Any] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("A")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        assert screen.cursor == 1  # claim 2, the first claim left to adjudicate
        assert "disagreements 1 · incomplete 1 · adjudicated 0 · left 2" in text_of(app, "#status-progress")
        columns = screen.query_one(VerdictColumns)
        seen["columns"] = [str(child.render()) for child in columns.children]
        await pilot.press("2")  # adopt bob's verdict; on to claim 5
        await pilot.pause()
        assert screen.cursor == 4
        seen["adopt_bob_on_5"] = screen.check_action("adopt", (2,))  # bob did not label claim 5
        await pilot.press("d", "k")  # own verdict on claim 5; back to it (claim 2 before it)
        await pilot.press("j")
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#note-text", TextArea).text = "312 mm, not 580"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "adjudicated 2 · left 0" in text_of(app, "#status-progress")
        await pilot.press("equals_sign")
        await pilot.pause()
        seen["question"] = str(app.screen.query_one("#confirm-question", Static).render())
        await pilot.press("y")
        await pilot.pause()
        seen["after_bulk"] = len(ReviewStore(db_path).final_verdicts(carol.document.doc_id))
        await pilot.press("u")  # the bulk accept, in one step
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and not isinstance(app.screen, AdjudicationScreen)

    drive(carol, scenario)
    assert seen["adopt_bob_on_5"] is None
    assert (
        seen["columns"][0].startswith("1 alice\n✔ verified")
        and "2 bob\n✘ disputed\n✎ bob on 2" in seen["columns"][1]
    )
    assert str(seen["question"]).startswith("Accept the shared label of 4 unanimous claim(s)")
    assert seen["after_bulk"] == 6
    adjudication = reopened(db_path)
    adopted, own = adjudication.final(1), adjudication.final(4)
    assert adopted is not None and (adopted.label, adopted.adopted_from, adopted.note) == (
        D,
        ("bob",),
        "bob on 2",
    )
    assert own is not None and (own.label, own.note, own.adopted_from) == (D, "312 mm, not 580", ())
    assert adjudication.unanimous_open() == [0, 2, 3, 5]  # the bulk accept was undone
    assert reviews(db_path) == before  # the reviewers' labels, notes and times are unchanged
    assert ReviewStore(db_path).reviews(carol.document.doc_id, "carol") == []  # carol reviewed nothing


def test_undo_in_the_mode_removes_the_final_verdict(db_path: Path) -> None:
    two_reviewers(db_path)
    carol = make_session_on(FR, db_path, reviewer="carol")

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("A", "1", "u")
        await pilot.pause()
        assert app.screen.cursor == 1  # type: ignore[attr-defined]
        await pilot.press("ctrl+r", "right_square_bracket")

    drive(carol, scenario)
    adjudication = reopened(db_path)
    final = adjudication.final(1)
    assert final is not None and final.adopted_from == ("alice",)
    assert adjudication.progress().left == 1


def test_blind_review_hides_the_others_until_labelled(db_path: Path) -> None:
    two_reviewers(db_path)
    dave = make_session_on(FR, db_path, reviewer="dave")
    lines: list[str] = []

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        def panel() -> str:
            return str(app.screen.query_one(ClaimPanel).render())

        lines.append(panel())
        await pilot.press("v", "k")  # label claim 1, back to it
        await pilot.pause()
        lines.append(panel())
        await pilot.press("j", "b")  # claim 2 unlabelled; blind off
        await pilot.pause()
        lines.append(panel())

    app = ReviewApp(dave, blind=True)

    async def main() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())
    assert "others: 2 hidden (blind review: label the claim" in lines[0] and "alice" not in lines[0]
    assert "others: alice ✔ verified · bob ✔ verified ✎ bob on 1" in lines[1]
    assert "others: alice ✔ verified · bob ✘ disputed ✎ bob on 2" in lines[2]


def test_blind_adjudication_hides_verdicts_until_a_final_one(db_path: Path) -> None:
    two_reviewers(db_path)
    carol = make_session_on(FR, db_path, reviewer="carol")
    seen: list[object] = []
    app = ReviewApp(carol, blind=True, adjudicate=True)

    async def main() -> None:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AdjudicationScreen)
            seen.append(str(screen.query_one(VerdictColumns).children[0].render()))
            seen.append(screen.check_action("adopt", (1,)))
            await pilot.press("1")  # refused while hidden
            await pilot.press("o", "k")
            await pilot.pause()
            seen.append(str(screen.query_one(VerdictColumns).children[0].render()))

    asyncio.run(main())
    assert "hidden (blind)" in str(seen[0]) and seen[1] is None
    assert str(seen[2]).startswith("1 alice\n✔ verified")
    final = reopened(db_path).final(1)
    assert final is not None and (final.label, final.adopted_from) == (OP, ())


def test_agreement_screen_shows_the_cli_figures(db_path: Path) -> None:
    two_reviewers(db_path)
    carol = make_session_on(FR, db_path, reviewer="carol")
    shown: dict[str, object] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AgreementScreen)
        shown["headline"] = text_of(app, "#agreement-headline")
        kappa = app.screen.query_one("#agreement-kappa", DataTable)
        shown["kappa"] = [str(cell) for cell in kappa.get_row_at(0)]
        await pilot.press("escape")

    drive(carol, scenario)
    _, report = document_agreement(carol.store, carol.document)
    assert shown["headline"] == headline(report)
    assert shown["kappa"] == ["alice", "—", f"{report.kappa('alice', 'bob').kappa.format()} · n 5"]


def test_nothing_to_adjudicate_says_so(db_path: Path) -> None:
    carol: ReviewSession = make_session_on(FR, db_path, reviewer="carol")
    messages: list[str] = []

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("A")  # nobody labelled anything
        await pilot.pause()
        assert type(app.screen) is ReviewScreen
        # Read now: a notification expires, and a loaded machine can take its timeout to get further.
        messages.extend(n.message for n in app._notifications)
        for name, labels in (("alice", {1: V}), ("bob", {1: V})):
            session = make_session_on(FR, db_path, reviewer=name)
            for number, value in labels.items():
                session.edit(number - 1, label=value)
        await pilot.press("A")  # now they agree on everything they labelled
        await pilot.pause()
        assert isinstance(app.screen, AdjudicationScreen)
        messages.extend(n.message for n in app._notifications if n.message not in messages)

    drive(carol, scenario)
    assert messages[0] == "No reviewer has labelled this document yet: there is nothing to adjudicate."
    assert messages[1].startswith("No claim needs adjudication") and "1 unanimous claim(s)" in messages[1]
