"""Span mode's draft: caret moves by word, character and clause; edges set and nudged."""

from __future__ import annotations

from reviewer.model import Claim, Paragraph
from reviewer.review.span_draft import SpanDraft

TEXT = "Le chômage a baissé de 2 %, et c’est grâce au gouvernement. Voilà."


def draft() -> SpanDraft:
    end = TEXT.index(" Voilà")
    return SpanDraft.of(TEXT, Paragraph(0, 0, len(TEXT)), Claim(1, 0, 0, end, TEXT[:end]))


def test_the_caret_moves_by_word_character_and_clause() -> None:
    d = draft()
    d.word(1)
    assert TEXT[d.caret :].startswith("chômage")
    d.char(1)
    assert TEXT[d.caret :].startswith("hômage")
    d.clause(1)
    assert TEXT[d.caret :].startswith("et c’est")
    d.clause(-1)
    assert d.caret == 0
    d.finish()
    assert TEXT[: d.caret].endswith("gouvernement.")
    d.word(-1)
    assert TEXT[d.caret :].startswith("gouvernement.")
    d.char(-100)
    assert d.caret == 0


def test_edges_set_at_the_caret_and_nudged_by_a_word() -> None:
    d = draft()
    d.clause(1)
    assert d.set_end() is None and TEXT[d.start : d.end] == "Le chômage a baissé de 2 %, "
    assert d.changed
    d.nudge_end(-1)
    assert TEXT[d.start : d.end] == "Le chômage a baissé de 2"
    d.nudge_start(1)
    assert TEXT[d.start : d.end] == "chômage a baissé de 2"
    d.caret = d.end + 5
    assert d.set_start() is not None  # past the end: refused, nothing moves
    assert TEXT[d.start : d.end] == "chômage a baissé de 2"
