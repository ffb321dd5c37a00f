"""Carry claim shapes to a new version of a document, before its reviews are re-anchored.

A drawn span is found again by its exact text, the occurrence whose context (the anchor's
prefix and suffix) matches best and, between equals, the one nearest where it was. A span
whose text was edited, or that no longer lies within one paragraph, is not carried: the
claims there are the segmenter's again, and the review on it is re-anchored like any other
(onto the sentence that holds it, flagged for a recheck, or kept as an orphan).
"""

from __future__ import annotations

import bisect

from reviewer.documents.base import Document
from reviewer.documents.spans import starts_of
from reviewer.model import Anchor
from reviewer.storage.store import ReviewStore

_WINDOW = 4096  # characters around the old position searched first
_MAX_OCCURRENCES = 64  # exact-text candidates compared, whatever the size of the document


def carry_shapes(store: ReviewStore, old_id: str, document: Document, now: str) -> int:
    """Find ``old_id``'s drawn spans in ``document``, save and draw them there; return how many."""
    old = store.shapes(old_id)
    if not old:
        return 0
    starts = starts_of(document.paragraphs)
    found: dict[int, list[Anchor]] = {}
    for anchors in old.values():
        for anchor in anchors:
            start = _find(document.text, anchor)
            if start is None:
                continue
            end = start + len(anchor.exact)
            paragraph = bisect.bisect_right(starts, start) - 1
            if paragraph < 0 or end > document.paragraphs[paragraph].end:
                continue
            found.setdefault(paragraph, []).append(Anchor.for_span(document.text, start, end))
    shapes: dict[int, tuple[Anchor, ...]] = {}
    for paragraph, candidates in found.items():
        kept: list[Anchor] = []
        for anchor in sorted(candidates, key=lambda a: (a.start, a.end)):
            if not kept or kept[-1].end <= anchor.start:  # two old spans found overlapping: the first stays
                kept.append(anchor)
        shapes[paragraph] = tuple(kept)
    store.put_shapes(document.doc_id, shapes, "carried over", now)
    for paragraph, anchors in store.shapes(document.doc_id).items():  # what is stored now wins
        document.claims.redraw(paragraph, [(a.start, a.end) for a in anchors])
    return sum(len(anchors) for anchors in shapes.values())


def _find(text: str, anchor: Anchor) -> int | None:
    """Where ``anchor``'s exact text now starts, or None when it is nowhere."""
    exact = anchor.exact
    if not exact:
        return None
    low = max(0, anchor.start - _WINDOW)
    candidates = _occurrences(text, exact, low, anchor.end + _WINDOW)
    if not candidates:
        candidates = _occurrences(text, exact, 0, len(text))
    if not candidates:
        return None

    def score(start: int) -> tuple[int, int]:
        before = text[max(0, start - len(anchor.prefix)) : start]
        after = text[start + len(exact) : start + len(exact) + len(anchor.suffix)]
        context = _common(before[::-1], anchor.prefix[::-1]) + _common(after, anchor.suffix)
        return context, -abs(start - anchor.start)

    return max(candidates, key=score)


def _common(one: str, other: str) -> int:
    """How many characters ``one`` and ``other`` share from their start."""
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count


def _occurrences(text: str, exact: str, low: int, high: int) -> list[int]:
    found: list[int] = []
    at = text.find(exact, low, high)
    while at >= 0 and len(found) < _MAX_OCCURRENCES:
        found.append(at)
        at = text.find(exact, at + 1, high)
    return found
