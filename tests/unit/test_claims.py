"""Claims segmented on first need: the same claims as segmenting everything, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.claims import ClaimSequence, ParagraphClaims, advance, known_claims, progress, segment_document
from reviewer.formats import Block
from reviewer.loader import load_document
from reviewer.model import Document
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


def test_loading_segments_nothing_and_reading_claim_one_segments_its_paragraph(long_doc: Document) -> None:
    claims = long_doc.claims
    assert isinstance(claims, ClaimSequence)
    assert known_claims(claims) == 0 and not claims.complete
    first = claims[0]
    assert first.number == 1
    segmented = len(claims.segmentation.groups)
    assert segmented <= first.paragraph + 1  # only as far as claim 1
    assert not claims.complete


def test_lazy_claims_are_exactly_the_eager_ones(long_doc: Document) -> None:
    expected_claims, expected_groups = eager(long_doc)
    claims = long_doc.claims
    # Read out of order: a middle claim, a middle paragraph, then everything.
    middle = len(expected_claims) // 2
    assert claims[middle] == expected_claims[middle]
    assert long_doc.claims_by_paragraph[len(expected_groups) - 3] == expected_groups[-3]
    assert tuple(claims) == expected_claims
    assert tuple(long_doc.claims_by_paragraph) == expected_groups
    assert [c.number for c in claims] == list(range(1, len(expected_claims) + 1))
    assert claims == expected_claims  # a lazy sequence equals the tuple it stands for


def test_len_negative_index_and_slices_segment_everything(long_doc: Document) -> None:
    expected_claims, _ = eager(long_doc)
    assert long_doc.claims[-1] == expected_claims[-1]
    assert long_doc.claims.complete  # type: ignore[attr-defined]
    assert len(long_doc.claims) == len(expected_claims)
    assert long_doc.claims[2:5] == expected_claims[2:5]


def test_reach_stops_at_the_end_without_error(long_doc: Document) -> None:
    claims = long_doc.claims
    assert isinstance(claims, ClaimSequence)
    assert claims.reach(3)
    assert not claims.complete
    assert not claims.reach(10**9)
    assert claims.complete
    with pytest.raises(IndexError):
        claims[10**9]


def test_paragraph_count_is_known_without_segmenting(long_doc: Document) -> None:
    groups = long_doc.claims_by_paragraph
    assert isinstance(groups, ParagraphClaims)
    assert len(groups) == len(long_doc.paragraphs)
    assert groups.known(len(groups) - 1) is None
    assert known_claims(long_doc.claims) == 0
    with pytest.raises(IndexError):
        groups[len(groups)]


def test_background_steps_report_every_paragraph_once_in_order(long_doc: Document) -> None:
    claims = long_doc.claims
    assert isinstance(claims, ClaimSequence)
    told: list[tuple[int, int]] = []
    claims.segmentation.on_segmented(lambda first, end: told.append((first, end)))
    seen = [progress(claims)]
    claims[5]  # a reader asks first
    steps = 0
    while not advance(claims, 4096):
        seen.append(progress(claims))
        steps += 1
    assert steps > 3  # small steps: the text took several
    covered = [p for first, end in told for p in range(first, end)]
    assert covered == list(range(len(long_doc.paragraphs)))
    assert seen == sorted(seen) and seen[0] == 0.0 and progress(claims) == 1.0


def test_iterating_while_segmenting_yields_each_claim_once(long_doc: Document) -> None:
    expected_claims, _ = eager(long_doc)
    claims = long_doc.claims
    numbers = []
    for claim in claims:
        numbers.append(claim.number)
        if claim.number % 50 == 0:
            advance(claims, 2048)  # the screen's background step runs between two reads
    assert numbers == [c.number for c in expected_claims]  # type: ignore[attr-defined]
