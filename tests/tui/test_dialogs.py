"""Pilot tests: note editor, search, filter, go to, export, help, mouse, and a database that fails."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, TextArea

from reviewer.exports.jsonexport import build_json_export
from reviewer.model import Label
from reviewer.review.filters import ClaimFilter
from reviewer.review.opening import OpenedDocument
from reviewer.review.session import ReviewSession
from reviewer.tui.app import ReviewApp
from reviewer.tui.keeping import watch_database
from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.screens.help import HelpScreen
from reviewer.tui.screens.note import NoteScreen
from reviewer.tui.screens.review import ReviewScreen
from reviewer.tui.widgets.paragraph_list import ParagraphList
from reviewer.tui.widgets.status import SaveState
from tests.tui.tui_helpers import DISK_FULL, drive, fill_the_disk, keys, reopen


def review_screen(app: ReviewApp) -> ReviewScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, ReviewScreen)
    return screen


async def type_note(app: ReviewApp, pilot: Pilot[int], note: str, sources: str) -> None:
    await pilot.press("n")
    assert isinstance(app.screen, NoteScreen)
    app.screen.query_one("#note-text", TextArea).text = note
    app.screen.query_one("#note-sources", TextArea).text = sources
    await pilot.pause()


# -- note editor ----------------------------------------------------------------------


def test_note_is_saved_with_sources(session: ReviewSession, db_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await type_note(app, pilot, "Agenda checked.", "https://example.org/a\n\n  Staff report p. 12  \n")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReviewScreen)

    drive(session, scenario)
    review = reopen(session, db_path).review(0)
    assert review is not None
    assert (review.note, review.sources, review.label) == (
        "Agenda checked.",
        ("https://example.org/a", "Staff report p. 12"),
        None,
    )


def test_note_editor_opens_with_the_saved_note(session: ReviewSession) -> None:
    session.set_note("old note", ["src"])

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n")
        assert app.screen.query_one("#note-text", TextArea).text == "old note"
        assert app.screen.query_one("#note-sources", TextArea).text == "src"
        await pilot.press("escape")  # nothing changed: closes without asking
        assert isinstance(app.screen, ReviewScreen)

    drive(session, scenario)


def test_cancelling_a_changed_note_asks_first(session: ReviewSession, db_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await type_note(app, pilot, "draft", "")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one("#note-text", TextArea).text == "draft"
        await pilot.press("escape", "y")  # discard
        assert isinstance(app.screen, ReviewScreen)

    drive(session, scenario)
    assert reopen(session, db_path).review(0) is None


def test_note_undo_and_redo(session: ReviewSession, db_path: Path) -> None:
    session.set_note("first", [])

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await type_note(app, pilot, "second", "")
        await pilot.press("ctrl+s", "u")
        review = reopen(session, db_path).review(0)
        assert review is not None and review.note == "first"
        await pilot.press("ctrl+r")

    drive(session, scenario)
    review = reopen(session, db_path).review(0)
    assert review is not None and review.note == "second"


def test_note_marker_in_the_paragraph_list(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await type_note(app, pilot, "a note", "")
        await pilot.press("ctrl+s")
        assert "✎" in app.screen.query_one(ParagraphList).render_line(0).text  # row 0, as drawn

    drive(session, scenario)


# -- a database that cannot be written ---------------------------------------------------


def test_a_refused_save_is_kept_in_memory_shown_and_saved_later(
    session: ReviewSession, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        with monkeypatch.context() as patch:
            fill_the_disk(patch)
            await pilot.press("v")
            screen = review_screen(app)
            assert screen.save_state is SaveState.FAILED
            [notification] = app._notifications
            assert DISK_FULL in notification.message and "nothing was saved" in notification.message
            assert session.label(0) is Label.VERIFIED and session.unsaved == {0}  # kept, flagged
            assert session.cursor == 1  # and the reviewer carries on
            assert reopen(session, db_path).label(0) is None  # not on disk
            await pilot.press("d")
            assert session.unsaved == {0, 1}
        await pilot.press("o")  # space again: the earlier changes go in first
        assert session.unsaved == frozenset() and screen.save_state is SaveState.SAVED
        again = reopen(session, db_path)
        assert [again.label(i) for i in range(3)] == [Label.VERIFIED, Label.DISPUTED, Label.OPINION]

    drive(session, scenario)


def test_a_change_in_the_journal_is_saved_even_when_its_fold_fails(
    session: ReviewSession, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fold after a change fails (the main file cannot be replaced): saved, with a warning."""
    import errno

    from reviewer.storage import journal

    def refuse(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    session.set_label(Label.OPINION)  # the journal is started before the fault
    session.move_to(1)
    monkeypatch.setattr(journal, "MIN_COMPACT_BYTES", 0)  # fold right after every change
    monkeypatch.setattr(os, "replace", refuse)  # the atomic replace of a fold

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v")
        await pilot.pause()
        screen = review_screen(app)
        assert screen.save_state is SaveState.SAVED and session.unsaved == frozenset()
        [warning] = [n for n in app._notifications if n.severity == "warning"]
        assert warning.title == "Saved, not compacted" and "every change is saved in" in warning.message
        await pilot.press("d")  # the same failure again is not said again
        await pilot.pause()
        assert len([n for n in app._notifications if n.severity == "warning"]) == 1

    drive(session, scenario)
    monkeypatch.undo()
    again = reopen(session, db_path)
    assert [again.label(i) for i in range(3)] == [Label.OPINION, Label.VERIFIED, Label.DISPUTED]


def test_a_refused_note_is_kept_and_exportable(
    session: ReviewSession, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        with monkeypatch.context() as patch:
            fill_the_disk(patch)
            await type_note(app, pilot, "precious words", "")
            await pilot.press("ctrl+s")
            review = session.review(0)
            assert review is not None and review.note == "precious words" and session.unsaved == {0}
            data = build_json_export(session, "2026-01-02T03:04:05Z")
            assert data["claims"][0]["note"] == "precious words"

    drive(session, scenario)


def test_quitting_with_unsaved_changes_asks_first(
    session: ReviewSession, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        fill_the_disk(monkeypatch)
        await pilot.press("v", "q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # stay
        assert not isinstance(app.screen, ConfirmScreen) and app.is_running
        monkeypatch.undo()  # space again: quitting saves first, with no question
        await pilot.press("q")

    app = drive(session, scenario)
    assert app.return_code == 0
    assert reopen(session, db_path).label(0) is Label.VERIFIED


# -- search ---------------------------------------------------------------------------


def test_incremental_search_and_next_previous_match(session: ReviewSession) -> None:
    levy = [i for i, c in enumerate(session.claims.all()) if "levy" in c.text.lower()]
    assert len(levy) >= 3

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("J", "slash", "l", "e", "v", "y")
        assert session.cursor == levy[1]  # first match at or after where the search began
        await pilot.press("down")
        assert session.cursor == levy[2]
        await pilot.press("up")
        assert session.cursor == levy[1]
        await pilot.press("enter")
        assert app.focused is None  # back to the review keys
        await pilot.press("greater_than_sign")
        assert session.cursor == levy[2]
        await pilot.press("less_than_sign", "less_than_sign")
        assert session.cursor == levy[0]

    drive(session, scenario)


def test_search_escape_goes_back(session: ReviewSession) -> None:
    drive(session, keys("J", "slash", "b", "r", "i", "escape"))
    assert session.cursor == 1


def test_search_ignores_case_and_accents(make_session: object) -> None:
    from tests.tui.tui_helpers import FR

    assert callable(make_session)
    session: ReviewSession = make_session(FR)
    target = next(i for i, c in enumerate(session.claims.all()) if "sécheresse" in c.text.lower())
    drive(session, keys("slash", *"SECHERESSE", "enter"))
    assert session.cursor == target


# -- filter ---------------------------------------------------------------------------


def test_filter_by_label_moves_only_among_kept_claims(session: ReviewSession) -> None:
    for label in "dvvdvd":  # disputed: 0, 3, 5
        session.set_label({"d": Label.DISPUTED, "v": Label.VERIFIED}[label])

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("f", "d")
        screen = review_screen(app)
        assert screen.claim_filter == ClaimFilter.of(Label.DISPUTED)
        assert session.cursor == 5  # the cursor (on 6) was not kept: nearest kept claim
        await pilot.press("k")
        assert session.cursor == 3
        await pilot.press("k")
        assert session.cursor == 0
        listed = app.screen.query_one(ParagraphList)
        assert listed.row_count == len({session.claims[i].paragraph for i in (0, 3, 5)})
        await pilot.press("f", "a")
        assert screen.claim_filter == ClaimFilter.ALL

    drive(session, scenario)


def test_filter_unreviewed_label_advances_to_the_next_unreviewed(session: ReviewSession) -> None:
    session.move_to(1)
    session.set_label(Label.VERIFIED)
    session.move_to(0)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("f", "u", "o")
        assert session.label(0) is Label.OPINION
        assert session.cursor == 2  # skipped claim 1, which is labelled

    drive(session, scenario)


def test_filter_escape_keeps_the_filter(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("f", "escape")
        assert review_screen(app).claim_filter == ClaimFilter.ALL

    drive(session, scenario)


# -- go to ------------------------------------------------------------------------------


def test_goto_paragraph_and_claim(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("g", "1", "0", "enter")
        assert session.current.paragraph == 9
        await pilot.press("g", "c", "4", "0", "enter")
        assert session.current.number == 40

    drive(session, scenario)


def test_goto_rejects_what_does_not_exist(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("g", "9", "9", "9", "enter")
        assert "no paragraph 999" in str(app.screen.query_one("#goto-error").render())
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)

    drive(session, scenario)
    assert session.cursor == 0


# -- export -----------------------------------------------------------------------------


def test_export_writes_json_where_asked(session: ReviewSession, tmp_path: Path) -> None:
    out = tmp_path / "out.json"

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v", "e")
        field = app.screen.query_one("#export-path")
        field.value = str(out)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(str(out) in n.message for n in app._notifications)

    drive(session, scenario)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["labels"]["verified"] == 1
    assert data["claims"][0]["label"] == "verified"


def test_export_asks_before_replacing_a_file_and_offers_every_format(
    session: ReviewSession, tmp_path: Path
) -> None:
    out = tmp_path / "report.md"
    out.write_text("an earlier report")

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("d", "e")
        app.screen.query_one("#export-format").value = "md"  # type: ignore[attr-defined]
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        assert field.value.endswith(".reviews.md")  # type: ignore[attr-defined]
        field.value = str(out)  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep the earlier file
        assert out.read_text() == "an earlier report"
        await pilot.press("enter", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()

    drive(session, scenario)
    assert out.read_text(encoding="utf-8").startswith("# ") and "✘" in out.read_text(encoding="utf-8")


def test_export_dialog_names_each_json_ld_format_its_own_file(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("e")
        names = {}
        for name in ("claimreview", "webannotation", "json"):
            app.screen.query_one("#export-format").value = name  # type: ignore[attr-defined]
            await pilot.pause()
            names[name] = app.screen.query_one("#export-path").value  # type: ignore[attr-defined]
        assert names["claimreview"].endswith(".reviews.claimreview.jsonld")
        assert names["webannotation"].endswith(".reviews.webannotation.jsonld")
        assert names["json"].endswith(".reviews.json")
        await pilot.press("escape")

    drive(session, scenario)


def test_export_failure_is_a_notification(session: ReviewSession, tmp_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(tmp_path / "missing" / "x.json")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [n.severity for n in app._notifications] == ["error"]
        assert isinstance(app.screen, ReviewScreen)

    drive(session, scenario)


@pytest.mark.parametrize("name", ["db.json", "db.json.journal", "db.json.lock", "db.json.versions/x.json.gz"])
def test_export_refuses_every_file_of_the_database(session: ReviewSession, db_path: Path, name: str) -> None:
    session.set_label(Label.DISPUTED)  # pending in the journal: an export over it would destroy it
    session.register()  # a snapshot in db.json.versions/
    target = db_path.parent / name
    files = {path: path.read_bytes() for path in db_path.parent.rglob("*") if path.is_file()}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#export-error").render())
        assert error.startswith("that is ") and "database" in error and "choose another file name" in error
        assert not isinstance(app.screen, (ReviewScreen, ConfirmScreen))  # still in the dialog, nothing asked
        await pilot.press("escape")

    drive(session, scenario)
    assert {path: path.read_bytes() for path in db_path.parent.rglob("*") if path.is_file()} == files
    assert reopen(session, db_path).label(0) is Label.DISPUTED


# -- help -------------------------------------------------------------------------------


def test_help_lists_the_live_bindings(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        app.set_keymap({"label.verified": "t"})
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert "t" in rows and "verified" in rows["t"]
        assert "v" not in rows  # the keymap moved it
        for key in ("d", "o", "n", "u", "/", "e", "q"):
            assert key in rows, key
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("t")
        assert session.label(0) is Label.VERIFIED

    drive(session, scenario)


# -- mouse ------------------------------------------------------------------------------


def test_click_a_paragraph_then_a_claim(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.click(ParagraphList, offset=(10, 4))  # row 4: paragraph 5
        assert session.current.paragraph == 4
        view = app.screen.query_one("#current")
        for x in range(2, 40):  # find a cell of the second claim of the paragraph
            await pilot.click(view, offset=(x, view.size.height - 1))
            if session.cursor != session.document.claims.in_paragraph(4)[0]:
                break
        assert session.cursor == session.document.claims.in_paragraph(4)[1]

    drive(session, scenario)


# -- two instances on one database ----------------------------------------------------------


def test_changes_saved_by_another_instance_appear(session: ReviewSession, db_path: Path) -> None:
    other = reopen(session, db_path)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v")  # ours
        other.move_to(5)
        other.set_label(Label.DISPUTED)  # theirs, another process on the same file
        watch_database(review_screen(app))
        await pilot.pause()
        assert session.label(5) is Label.DISPUTED
        assert session.label(0) is Label.VERIFIED
        assert "✘" in app.screen.query_one(ParagraphList).render_line(2).text  # row 2, as drawn

    drive(session, scenario)
    assert labels_of(reopen(session, db_path)) == {0: Label.VERIFIED, 5: Label.DISPUTED}


def test_a_label_another_window_overwrote_is_announced(session: ReviewSession, db_path: Path) -> None:
    other = reopen(session, db_path)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v", "o")  # claims 1 and 2, ours
        other.edit(0, label=Label.DISPUTED)  # another window relabels claim 1 after us
        other.edit(7, label=Label.OPINION)  # and labels a claim we never touched
        watch_database(review_screen(app))
        await pilot.pause()
        [notification] = app._notifications
        assert notification.title == "Label changed in another window"
        assert "Claim 1: you set ✔ verified; another window set ✘ disputed." in notification.message
        assert "Claim 8" not in notification.message
        assert session.label(0) is Label.DISPUTED  # theirs is shown, as it is what is saved

    drive(session, scenario)
    assert labels_of(reopen(session, db_path)) == {0: Label.DISPUTED, 1: Label.OPINION, 7: Label.OPINION}


def labels_of(session: ReviewSession) -> dict[int, Label | None]:
    return {i: session.label(i) for i in range(session.claims.count()) if session.label(i) is not None}


# -- a document that changed: orphans -----------------------------------------------------


def test_orphans_screen_attaches_goes_to_and_dismisses(tmp_path: Path, db_path: Path) -> None:
    from reviewer.documents.loader import load_document
    from reviewer.paths import samples_dir
    from reviewer.review.carryover import carry_over
    from reviewer.storage.store import ReviewStore
    from reviewer.tui.screens.orphans import OrphansScreen

    article = tmp_path / "article.txt"
    article.write_text(
        (samples_dir() / "vignoble-secheresse.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    first = ReviewSession(load_document(article), ReviewStore(db_path), "tester")
    first.register()
    first.edit(1, label=Label.DISPUTED, note="deleted later")
    first.edit(2, label=Label.OPINION, note="also deleted")
    first.edit(3, label=Label.VERIFIED)
    text = article.read_text(encoding="utf-8")
    for claim in first.claims.all()[1:3]:
        text = text.replace(claim.text, "")
    article.write_text(text, encoding="utf-8")
    document = load_document(article)
    store = ReviewStore(db_path)
    carried = carry_over(store, document, "2026-01-02T03:04:05Z")
    session = ReviewSession(document, store, "tester")
    opened = OpenedDocument(session, carried)
    assert len(session.orphans) == 2

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        [notice] = app._notifications
        assert "3 notes: 1 in place, 0 moved, 0 changed (recheck), 2 orphaned" in notice.message
        await pilot.press("J", "O")
        assert isinstance(app.screen, OrphansScreen)
        target = session.cursor
        await pilot.press("a")  # the first orphan onto the current claim, which has a review:
        assert isinstance(app.screen, ConfirmScreen)  # it asks before replacing it
        await pilot.press("y")
        assert not isinstance(app.screen, (OrphansScreen, ConfirmScreen))
        review = session.review(target)
        assert review is not None and review.note == "deleted later"
        await pilot.press("O", "x")  # the other one set aside
        assert session.orphans == []
        await pilot.press("O")  # nothing left to list: it says so
        assert "No orphans" in list(app._notifications)[-1].message
        await pilot.press("u")  # the dismissal is undone
        assert len(session.orphans) == 1

    drive(opened, scenario)
    statuses = sorted(info.status for info in ReviewStore(db_path).orphans(document.doc_id))
    assert statuses == ["attached", "open"]  # both kept in the database


def test_quitting_while_writing_a_note_asks_first(session: ReviewSession, db_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await type_note(app, pilot, "an important note", "")
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("ctrl+s")
        assert reopen(session, db_path).review(0).note == "an important note"  # type: ignore[union-attr]

    drive(session, scenario)


def test_a_note_saved_elsewhere_meanwhile_is_not_overwritten_silently(
    session: ReviewSession, db_path: Path
) -> None:
    other = reopen(session, db_path)

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await type_note(app, pilot, "mine", "")
        other.edit(0, note="theirs")  # another window saves first
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing: nothing replaced
        assert isinstance(app.screen, NoteScreen)
        assert reopen(session, db_path).review(0).note == "theirs"  # type: ignore[union-attr]
        await pilot.press("ctrl+s", "y")  # now replace it, knowingly
        assert not isinstance(app.screen, NoteScreen)
        assert reopen(session, db_path).review(0).note == "mine"

    drive(session, scenario)


def test_next_unreviewed_says_why_under_a_label_filter(session: ReviewSession) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v", "f", "v")  # one verified claim, and only verified claims shown
        where = session.cursor
        await pilot.press("right_square_bracket")
        assert session.cursor == where  # it does not jump to a claim the filter hides
        assert "press f" in list(app._notifications)[-1].message

    drive(session, scenario)


def test_export_dialog_publishes_a_claimreview_with_its_urls_and_organisation(
    session: ReviewSession, tmp_path: Path
) -> None:
    out = tmp_path / "levy.claimreview.jsonld"

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v", "e")
        screen = app.screen
        assert not screen.query_one("#export-url").display  # JSON first: no URL to give
        screen.query_one("#export-format").value = "claimreview"  # type: ignore[attr-defined]
        await pilot.pause()
        assert screen.query_one("#export-url").display and screen.query_one("#export-organisation").display
        screen.query_one("#export-path").value = str(out)  # type: ignore[attr-defined]
        screen.query_one("#export-url").value = "not a url"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert "not a web address" in str(screen.query_one("#export-error").render())
        screen.query_one("#export-url").value = "https://factcheck.example/levy"  # type: ignore[attr-defined]
        screen.query_one("#export-article").value = "https://courier.example/levy"  # type: ignore[attr-defined]
        screen.query_one("#export-organisation").value = "Harbour Fact Check"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Check: " in n.message for n in app._notifications)

    drive(session, scenario)
    [node] = json.loads(out.read_text(encoding="utf-8"))["@graph"]
    assert node["url"] == "https://factcheck.example/levy#claim-1"
    assert node["author"] == {"@type": "Organization", "name": "Harbour Fact Check"}
    assert node["itemReviewed"]["appearance"]["url"] == "https://courier.example/levy"


def test_the_export_dialog_starts_from_what_the_last_export_asked(
    session: ReviewSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a dialog that forgot would write its default file name
    out = tmp_path / "levy.claimreview.jsonld"
    typed = {
        "#export-url": "https://factcheck.example/levy",
        "#export-article": "https://courier.example/levy",
        "#export-organisation": "Harbour Fact Check",
    }
    again: dict[str, object] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("v", "e")
        screen = app.screen
        screen.query_one("#export-format").value = "claimreview"  # type: ignore[attr-defined]
        await pilot.pause()
        screen.query_one("#export-path").value = str(out)  # type: ignore[attr-defined]
        for selector, value in typed.items():
            screen.query_one(selector).value = value  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.press("d", "e")  # one more label, and export again
        await pilot.pause()
        screen = app.screen
        again["format"] = screen.query_one("#export-format").value  # type: ignore[attr-defined]
        again["path"] = screen.query_one("#export-path").value  # type: ignore[attr-defined]
        for selector in typed:
            again[selector] = screen.query_one(selector).value  # type: ignore[attr-defined]
        await pilot.press("enter")  # the file is there: it asks, and Replace writes it
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()

    drive(session, scenario)
    assert again == {"format": "claimreview", "path": str(out), **typed}
    assert len(json.loads(out.read_text(encoding="utf-8"))["@graph"]) == 2  # both labels, one file


def test_note_editor_saves_the_claim_details_for_claimreview(session: ReviewSession, db_path: Path) -> None:
    async def scenario(app: ReviewApp, pilot: Pilot[int]) -> None:
        await pilot.press("n")
        editor = app.screen
        assert isinstance(editor, NoteScreen)
        short = editor.query_one("#note-short-claim")
        assert 0 < len(short.placeholder) < 75  # type: ignore[attr-defined]  # the default: the sentence, shortened
        short.value = "x" * 80  # type: ignore[attr-defined]
        editor.query_one("#note-claim-author").value = "Mayor Ada Quinn"  # type: ignore[attr-defined]
        editor.query_one("#note-claim-date").value = "2026-11-24"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert app.screen is editor  # refused: too long, nothing lost
        assert any("under 75" in n.message for n in app._notifications)
        short.value = "The levy rises by 12 percent"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReviewScreen)

    drive(session, scenario)
    review = reopen(session, db_path).review(0)
    assert review is not None
    assert (review.short_claim, review.claim_author, review.claim_date) == (
        "The levy rises by 12 percent",
        "Mayor Ada Quinn",
        "2026-11-24",
    )
