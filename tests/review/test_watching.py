"""The database watcher: what another process saved is shown, whatever this session wrote since."""

from __future__ import annotations

from pathlib import Path

from reviewer.documents.loader import load_document
from reviewer.model import Label
from reviewer.review.session import LabelOverwritten, ReviewSession
from reviewer.review.watching import DatabaseWatcher
from reviewer.storage.store import ReviewStore


def test_a_label_another_process_overwrote_is_reported_once(sample_en: Path, db_path: Path) -> None:
    document = load_document(sample_en)
    ours = ReviewSession(document, ReviewStore(db_path), "alice")
    watcher = DatabaseWatcher(ours)
    ours.edit(0, label=Label.VERIFIED)
    ours.edit(1, label=Label.OPINION)
    theirs = ReviewSession(document, ReviewStore(db_path), "alice")  # a second window
    theirs.edit(0, label=Label.DISPUTED)
    theirs.edit(2, label=Label.DISPUTED)  # a claim the first window never labelled
    poll = watcher.poll()
    assert poll.reloaded
    assert poll.overwritten == (LabelOverwritten(1, Label.VERIFIED, Label.DISPUTED),)
    assert ours.label(0) is Label.DISPUTED and ours.label(2) is Label.DISPUTED
    theirs.edit(0, label=None)
    assert watcher.poll().overwritten == ()  # reported once: claim 1 is theirs now


def test_own_writes_are_not_news_but_hide_no_earlier_change(sample_en: Path, db_path: Path) -> None:
    document = load_document(sample_en)
    ours = ReviewSession(document, ReviewStore(db_path), "alice")
    watcher = DatabaseWatcher(ours)
    ours.edit(0, label=Label.VERIFIED)
    assert not watcher.poll().reloaded
    ReviewSession(document, ReviewStore(db_path), "alice").edit(0, label=Label.OPINION)
    ours.edit(5, label=Label.VERIFIED)  # after the other window's write, before a poll
    poll = watcher.poll()
    assert poll.reloaded and ours.label(0) is Label.OPINION
    assert poll.overwritten == (LabelOverwritten(1, Label.VERIFIED, Label.OPINION),)


def test_a_change_made_elsewhere_just_before_our_own_write_is_shown(db_path: Path, sample_en: Path) -> None:
    """The old watcher took the file stamp after our own write for ours: the other change was never shown."""
    document = load_document(sample_en)
    ours = ReviewSession(document, ReviewStore(db_path), "alice")
    watcher = DatabaseWatcher(ours)
    elsewhere = ReviewSession(document, ReviewStore(db_path), "alice")  # another window, same reviewer
    elsewhere.move_to(5)
    elsewhere.set_label(Label.DISPUTED)
    ours.set_label(Label.VERIFIED)  # a key in the screen before its next look (every 2 s)
    poll = watcher.poll()
    assert poll.reloaded and ours.label(5) is Label.DISPUTED and ours.label(0) is Label.VERIFIED


def test_our_own_writes_and_a_quiet_database_are_not_news(db_path: Path, sample_en: Path) -> None:
    document = load_document(sample_en)
    ours = ReviewSession(document, ReviewStore(db_path), "alice")
    watcher = DatabaseWatcher(ours)
    assert not watcher.poll().reloaded
    for label in (Label.VERIFIED, Label.OPINION):
        ours.set_label(label)
        assert not watcher.poll().reloaded
    ours.store.close()  # our own fold: a new main file and journal, still ours
    ours.set_label(Label.DISPUTED)
    assert not watcher.poll().reloaded


def test_a_fold_elsewhere_is_seen_and_so_are_changes_in_both_orders(db_path: Path, sample_en: Path) -> None:
    document = load_document(sample_en)
    ours = ReviewSession(document, ReviewStore(db_path), "alice")
    watcher = DatabaseWatcher(ours)
    elsewhere = ReviewSession(document, ReviewStore(db_path), "alice")
    elsewhere.move_to(3)
    elsewhere.set_label(Label.OPINION)
    elsewhere.store.close()  # another process folds on exit
    assert watcher.poll().reloaded and ours.label(3) is Label.OPINION
    ours.move_to(7)
    ours.set_label(Label.VERIFIED)
    other = ReviewSession(document, ReviewStore(db_path), "alice")
    other.move_to(9)
    other.set_label(Label.DISPUTED)  # after ours this time
    assert watcher.poll().reloaded and ours.label(9) is Label.DISPUTED
    assert not watcher.poll().reloaded
