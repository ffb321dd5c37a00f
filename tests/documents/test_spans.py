"""Paragraphs held as arrays behave as the tuple of Paragraph objects they stand for."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from reviewer.documents.formats.plain import split_lines, split_paragraphs
from reviewer.documents.loader import load_document
from reviewer.documents.spans import Blocks, Paragraphs, starts_of
from reviewer.model import Block, BlockKind, Paragraph


def test_paragraphs_read_like_a_tuple_of_paragraphs() -> None:
    blocks = (Block(0, 5), Block(7, 12, BlockKind.HEADING), Block(14, 20))
    paragraphs = Paragraphs.of(blocks)
    expected = (
        Paragraph(0, 0, 5),
        Paragraph(1, 7, 12, BlockKind.HEADING),
        Paragraph(2, 14, 20),
    )
    assert len(paragraphs) == 3 and paragraphs == expected and tuple(paragraphs) == expected
    assert paragraphs[-1] == expected[-1] and paragraphs[1:] == expected[1:]
    assert [p.index for p in paragraphs] == [0, 1, 2] and list(starts_of(paragraphs)) == [0, 7, 14]
    with pytest.raises(IndexError):
        paragraphs[3]
    assert Paragraphs.of(blocks) == paragraphs and Paragraphs.of(blocks[:2]) != paragraphs


def test_blocks_added_one_by_one_keep_their_kinds() -> None:
    blocks = Blocks()
    blocks.add(0, 4)
    blocks.add(6, 9, BlockKind.LIST_ITEM)
    assert tuple(blocks) == (Block(0, 4), Block(6, 9, BlockKind.LIST_ITEM))
    assert blocks[-1].kind is BlockKind.LIST_ITEM
    assert tuple(Paragraphs.of(blocks)) == (Paragraph(0, 0, 4), Paragraph(1, 6, 9, BlockKind.LIST_ITEM))


def test_a_plain_file_gives_the_paragraphs_it_gave_as_objects(tmp_path: Path) -> None:
    parts = ["Title line", "One paragraph.\nIts second line runs on."]
    parts += ["Q: a question?\nA: an answer.\nQ: more?"]
    parts += [f"Vote {n} passed." for n in range(50)] + ["- a list\n- of items\n- three"]
    path = tmp_path / "mixed.txt"
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    document = load_document(path)
    text = document.text
    as_objects = [block for start, end in split_paragraphs(text) for block in split_lines(text, start, end)]
    assert tuple(document.paragraphs) == tuple(
        Paragraph(index, block.start, block.end, block.kind) for index, block in enumerate(as_objects)
    )


def test_loading_many_paragraphs_makes_no_object_per_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "votes.txt"
    path.write_text("".join(f"Vote {n} passed.\n\n" for n in range(100_000)), encoding="utf-8")
    gc.collect()
    before = len(gc.get_objects())
    document = load_document(path)
    gc.collect()
    # A Block and a Paragraph per paragraph were 200,000 objects; arrays are none.
    assert len(document.paragraphs) == 100_000 and len(gc.get_objects()) - before < 5_000
    assert document.paragraph_text(99_999) == "Vote 99999 passed." and document.paragraphs[-1].index == 99_999
