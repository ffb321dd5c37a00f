"""The label set: labels by name, their order, ratings, categories and what a user may type."""

from __future__ import annotations

import pytest

from reviewer.labelset import DEFAULT_LABELS, UNKNOWN_SYMBOL, Label, LabelDef, LabelSet, set_problems
from reviewer.model import Anchor, Review
from reviewer.review.progress import Counts


def test_a_label_is_its_name_and_one_object_per_name() -> None:
    assert Label("verified") is Label.VERIFIED and Label.VERIFIED == "verified"
    assert Label("misleading").value == "misleading" and Label("misleading") is Label("misleading")


def test_a_stored_label_the_set_lacks_is_kept_and_shown_by_name() -> None:
    record = Review("d", "alice", Anchor("x", "", "", 0, 1), label=Label("misleading")).to_record()
    assert record["label"] == "misleading"
    assert Review.from_record(record).label is Label("misleading")
    assert DEFAULT_LABELS.describe(Label("misleading")) == f"{UNKNOWN_SYMBOL} misleading"
    assert (
        DEFAULT_LABELS.rating("misleading") is None and DEFAULT_LABELS.category("misleading") == "misleading"
    )
    with pytest.raises(ValueError, match="is not a label"):
        Review.from_record(record | {"label": 3})


def test_counts_follow_the_set_then_any_other_label() -> None:
    found = [Label("misleading"), Label.OPINION, None, Label.OPINION]
    counts = Counts(4, labelled=Counts.tally(DEFAULT_LABELS, found))
    assert counts.labelled == (("verified", 0), ("disputed", 0), ("opinion", 2), ("misleading", 1))
    assert (counts.reviewed, counts.unreviewed, counts.count("opinion")) == (3, 1, 2)
    assert (
        counts.per_label(DEFAULT_LABELS, symbols=True)
        == "✔ 0 verified, ✘ 0 disputed, ◆ 2 opinion, ? 1 misleading"
    )


def test_the_default_scale_and_what_a_user_may_type() -> None:
    verified, disputed = DEFAULT_LABELS.rating("verified"), DEFAULT_LABELS.rating("disputed")
    assert verified is not None and disputed is not None
    assert (verified.value, verified.best, verified.worst, disputed.value) == (5, 5, 1, 1)
    assert DEFAULT_LABELS.rating("opinion") is None
    assert DEFAULT_LABELS.parse(" D ") is Label.DISPUTED and DEFAULT_LABELS.parse("none") is None
    with pytest.raises(ValueError, match=r"use verified, disputed, opinion \(v, d, o\) or clear"):
        DEFAULT_LABELS.parse("false")


def test_a_set_with_two_labels_on_one_key_or_symbol_is_refused() -> None:
    defs = (LabelDef("true", "t", "✔"), LabelDef("false", "t", "✘"), LabelDef("fake", "f", "✔"))
    problems = {(index, key) for index, key, _ in set_problems(defs)}
    assert problems == {(1, "key"), (1, "name"), (2, "symbol")}  # t would also mean both to mark
    shared = LabelSet(
        (LabelDef("false", "f", "✘", category="false"), LabelDef("pants", "p", "!", category="false"))
    )
    assert shared.categories() == ("false",)
