"""The word diff shown when a changed claim needs a recheck."""

from __future__ import annotations

from reviewer.review.worddiff import Change, Piece, word_diff


def marked(pieces: tuple[Piece, ...]) -> str:
    """``[-gone-]`` and ``{+new+}`` around changed pieces, to compare in one string."""
    wrap = {Change.SAME: "{}", Change.REMOVED: "[-{}-]", Change.ADDED: "{{+{}+}}"}
    return "".join(wrap[p.change].format(p.text) for p in pieces)


def test_changed_words_and_figures_are_marked_on_each_side() -> None:
    diff = word_diff(
        "The levy raised $12 million in 2023, staff said.",
        "The levy raised $14.5 million in 2024 staff said.",
    )
    assert marked(diff.old) == "The levy raised $[-12-] million in [-2023,-] staff said."
    assert marked(diff.new) == "The levy raised ${+14.5+} million in {+2024+} staff said."
    assert diff.changed


def test_a_reworded_claim_marks_only_the_new_word() -> None:
    diff = word_diff("Business groups are split.", "Business groups are divided.")
    assert marked(diff.old) == "Business groups are [-split-]."
    assert marked(diff.new) == "Business groups are {+divided+}."


def test_spacing_and_line_breaks_are_no_change() -> None:
    diff = word_diff("one  two\nthree", "one two three")
    assert not diff.changed and marked(diff.new) == "one two three"


def test_added_and_removed_words_at_the_ends() -> None:
    diff = word_diff("said the mayor", "the mayor said today")
    assert "".join(p.text for p in diff.old) == "said the mayor"
    assert "".join(p.text for p in diff.new) == "the mayor said today"
    assert any(p.change is Change.ADDED and "today" in p.text for p in diff.new)
    assert any(p.change is Change.REMOVED and "said" in p.text for p in diff.old)


def test_french_punctuation() -> None:
    diff = word_diff("« C’est faux », a-t-il dit.", "« C’est exact », a-t-il dit.")
    assert marked(diff.new) == "« C’est {+exact+} », a-t-il dit."
