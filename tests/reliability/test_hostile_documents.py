"""Real oddities in documents: control characters, huge paragraphs, huge files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reviewer.documents.base import Document
from reviewer.documents.loader import load_document
from reviewer.errors import LoadError


def assert_offsets(document: Document) -> None:
    for claim in document.claims.all():
        assert document.text[claim.start : claim.end] == claim.text


def test_zero_width_and_bidi_controls_are_kept_and_offsets_hold(tmp_path: Path) -> None:
    text = (
        "Le taux est de 12\u200b% selon l’INSEE.\u200d Le ministre l’a confirmé.\n\n"
        "\u202eCette phrase est inversée.\u202c Puis une autre\u2066 isolée\u2069. Fin\ufeff du texte."
    )
    path = tmp_path / "controls.txt"
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    assert_offsets(document)
    assert "\u202e" in document.text and "\u200b" in document.text  # nothing silently dropped
    assert document.claims.count() >= 4


def test_mixed_newlines_and_lone_surrogate_utf16(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(b"One.\r\nTwo.\rThree.\n\r\nFour.\r\rFive.")
    document = load_document(mixed)
    assert [document.paragraph_text(p.index) for p in document.paragraphs] == [
        "One.\nTwo.\nThree.",
        "Four.",
        "Five.",
    ]
    surrogate = tmp_path / "surrogate.txt"
    surrogate.write_bytes(
        b"\xff\xfe" + "Texte ".encode("utf-16-le") + b"\x00\xdc" + "suite.".encode("utf-16-le")
    )
    with pytest.raises(LoadError, match="UTF-16"):
        load_document(surrogate)


@pytest.mark.parametrize(
    "paragraph",
    [
        "This sentence never ends and it has no blank line " * 40_000,  # 2 MB, one sentence
        "Une phrase courte. " * 110_000,  # 2 MB, 110,000 claims
        "M. " * 700_000,  # 2 MB of abbreviations the repair pass must merge in linear time
    ],
    ids=["one-sentence", "many-sentences", "abbreviations"],
)
def test_a_two_megabyte_paragraph_with_no_blank_line(tmp_path: Path, paragraph: str) -> None:
    path = tmp_path / "huge-paragraph.txt"
    path.write_text(paragraph, encoding="utf-8")
    started = time.perf_counter()
    document = load_document(path)
    assert time.perf_counter() - started < 60  # a generous scale guard, not a benchmark
    assert len(document.paragraphs) == 1
    assert_offsets(document)


@pytest.mark.slow
def test_a_fifty_megabyte_file_loads_within_the_default_limit(tmp_path: Path, sample_fr: Path) -> None:
    article = sample_fr.read_text(encoding="utf-8")
    path = tmp_path / "fifty.txt"
    with path.open("w", encoding="utf-8") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(article + "\n\n")
    document = load_document(path)
    assert document.claims.count() > 200_000
    assert_offsets(document)


def test_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with path.open("wb") as handle:  # a sparse 200 MB file: refused from its size alone
        handle.truncate(200 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(LoadError, match="over the 100 MB limit"):
        load_document(path)
    assert time.perf_counter() - started < 5
