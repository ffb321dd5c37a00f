"""Claims segmented on first need: the same claims as segmenting everything, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents.base import Document
from reviewer.documents.loader import load_document
from reviewer.documents.segmentation import Claims, segment_document
from reviewer.model import Block
from tests.helpers import long_text


@pytest.fixture
def long_doc(tmp_path: Path, seed_fr: Path, sample_en: Path) -> Document:
    path = tmp_path / "long.txt"
    path.write_text(long_text(seed_fr, sample_en), encoding="utf-8")
    return load_document(path, language="fr")


def eager(document: Document) -> tuple[tuple[object, ...], tuple[tuple[int, ...], ...]]:
    blocks = [Block(p.start, p.end, p.kind) for p in document.paragraphs]
    _, claims, groups = segment_document(document.text, blocks, document.language)
    return claims, groups


def test_a_claim_is_segmented_only_as_far_as_it(long_doc: Document) -> None:
    claims = long_doc.claims
    assert isinstance(claims, Claims)
    assert claims.known == 0 and not claims.complete
    first = claims[0]
    assert first.number == 1
    segmented = claims.known
    assert claims.known_in(0) is not None and claims.known_in(len(long_doc.paragraphs) - 1) is None
    assert not claims.complete
    assert segmented < 50


def test_lazy_claims_equal_eager_ones(long_doc: Document) -> None:
    expected_claims, expected_groups = eager(long_doc)
    claims = long_doc.claims
    middle = len(expected_claims) // 2
    assert claims[middle] == expected_claims[middle]
    assert long_doc.claims.in_paragraph(len(expected_groups) - 3) == expected_groups[-3]
    assert tuple(claims.all()) == expected_claims
    assert tuple(long_doc.claims.by_paragraph()) == expected_groups
    assert [c.number for c in claims.all()] == list(range(1, len(expected_claims) + 1))
    assert claims.so_far() == expected_claims  # complete now: so far is everything


def test_all_and_count_segment_everything(long_doc: Document) -> None:
    expected_claims, _ = eager(long_doc)
    assert long_doc.claims.all()[-1] == expected_claims[-1]
    assert long_doc.claims.complete
    assert long_doc.claims.count() == len(expected_claims)
    assert long_doc.claims.all()[2:5] == expected_claims[2:5]


def test_reach_stops_at_the_end(long_doc: Document) -> None:
    claims = long_doc.claims
    assert claims.reach(3)
    assert not claims.complete
    assert not claims.reach(10**9)
    assert claims.complete
    with pytest.raises(IndexError):
        claims[10**9]
    with pytest.raises(IndexError):
        claims[-1]  # no silent "segment everything to find the last one"


def test_paragraph_count_is_known_without_segmenting(long_doc: Document) -> None:
    assert long_doc.claims.known_in(len(long_doc.paragraphs) - 1) is None
    assert long_doc.claims.known == 0
    with pytest.raises(IndexError):
        long_doc.claims.in_paragraph(len(long_doc.paragraphs))


def test_advance_steps_and_listeners_hear_every_paragraph_once(long_doc: Document) -> None:
    told: list[tuple[int, int]] = []
    claims = long_doc.claims
    unsubscribe = claims.subscribe(lambda first, end: told.append((first, end)))
    seen = [claims.progress]
    claims[5]  # a reader asks first
    steps = 0
    while not claims.advance(4096):
        seen.append(claims.progress)
        steps += 1
    assert steps > 3  # small steps: the text took several
    covered = [p for first, end in told for p in range(first, end)]
    assert covered == list(range(len(long_doc.paragraphs)))
    assert seen == sorted(seen) and seen[0] == 0.0 and claims.progress == 1.0
    unsubscribe()


def test_an_unsubscribed_listener_hears_nothing(long_doc: Document) -> None:
    told: list[tuple[int, int]] = []
    unsubscribe = long_doc.claims.subscribe(lambda first, end: told.append((first, end)))
    long_doc.claims[0]
    assert told
    unsubscribe()
    told.clear()
    long_doc.claims.finish()
    assert told == []


def test_reading_while_segmenting_yields_each_claim_once(long_doc: Document) -> None:
    expected_claims, _ = eager(long_doc)
    claims = long_doc.claims
    numbers = []
    index = 0
    while claims.reach(index):
        claim = claims[index]
        numbers.append(claim.number)
        if claim.number % 50 == 0:
            claims.advance(2048)  # the screen's background step runs between two reads
        index += 1
    assert numbers == [c.number for c in expected_claims]  # type: ignore[attr-defined]


def test_segmented_claims_are_complete_at_once(long_doc: Document) -> None:
    expected_claims, expected_groups = eager(long_doc)
    done = Claims.segmented(long_doc.text, long_doc.paragraphs, expected_claims)  # type: ignore[arg-type]
    assert done.complete and done.known == len(expected_claims)
    assert tuple(done.by_paragraph()) == expected_groups
    assert done == long_doc.claims


def test_settle_segments_a_short_document_whole(sample_en: Path) -> None:
    document = load_document(sample_en)
    assert not document.claims.complete
    document.claims.settle()
    assert document.claims.complete


def test_a_document_is_equal_and_hashed_by_its_text(tmp_path: Path, sample_en: Path) -> None:
    copy = tmp_path / "copy.md"
    copy.write_bytes(sample_en.read_bytes())
    one, two = load_document(sample_en), load_document(copy)
    assert one == two and hash(one) == hash(two) and one.path != two.path
    assert len({one, two}) == 1
