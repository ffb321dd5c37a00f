"""The database watcher: another process's changes, and labels it overwrote."""

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
    watcher.own_write()
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
    with watcher.writing():
        ours.edit(0, label=Label.VERIFIED)
    assert not watcher.poll().reloaded
    ReviewSession(document, ReviewStore(db_path), "alice").edit(0, label=Label.OPINION)
    with watcher.writing():
        ours.edit(5, label=Label.VERIFIED)  # after the other window's write, before a poll
    poll = watcher.poll()
    assert poll.reloaded and ours.label(0) is Label.OPINION
    assert poll.overwritten == (LabelOverwritten(1, Label.VERIFIED, Label.OPINION),)
