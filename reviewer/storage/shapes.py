"""The claim shapes table: spans reviewers drew over the segmenter's claims, one record per paragraph.

A mixin of ``ReviewStore``. Shapes belong to a version of a document, not to a reviewer: a
second reviewer opening it sees the same claims. Each drawn span is kept as an ``Anchor``
(offsets and the W3C TextQuoteSelector), so it can be found again in a new version. A reshape
is one locked transaction that also moves the reshaping reviewer's reviews to their new spans;
it names the paragraph's drawn spans it was computed from, and another process having changed
them meanwhile refuses it whole (nothing is written, nothing lost).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from reviewer.errors import CorruptDatabaseError, ReviewerError
from reviewer.model import Anchor, OrphanStatus, Review, review_key

SHAPES = "shapes"
# The store's orphans table (store.py), where a review a join did not keep is set aside.
_ORPHANS = "orphans"

T = TypeVar("T")
Span = tuple[int, int]


class ReshapedElsewhere(ReviewerError):
    """Another process reshaped the same paragraph since this one read it: nothing was changed."""

    def __init__(self, paragraph: int) -> None:
        self.paragraph = paragraph
        super().__init__(
            f"paragraph {paragraph + 1} was reshaped in another window or process meanwhile; nothing"
            " was changed (it now shows the claims saved there)"
        )


class _Tables(Protocol):
    """What the mixin needs of the store."""

    path: Path

    def records(
        self, table: str, doc_id: str | None = None, within: Collection[str] | None = None
    ) -> list[dict[str, Any]]: ...

    def _get(self, table: str, key: str) -> dict[str, Any] | None: ...

    def _apply(self, changes: Sequence[tuple[str, str, dict[str, Any] | None]]) -> None: ...

    def _file_of(self, table: str, record: dict[str, Any]) -> Path: ...

    def _write(self, change: Callable[[], T]) -> T: ...


@dataclass(frozen=True, slots=True)
class ReshapeWrite:
    """One reshape of one paragraph, as the store applies it.

    ``moves`` take ``reviewer``'s review from one span to another (whatever it holds when the
    lock is taken: a label another window set meanwhile moves with it). ``set_aside`` spans lose
    their review to the orphans table (dismissed, so it stays stored and listed); ``restore``
    puts such reviews back and removes their orphan record (undoing a set-aside).
    """

    doc_id: str
    paragraph: int
    reviewer: str
    expect: tuple[Span, ...]  # the paragraph's drawn spans the reshape was computed from
    spans: tuple[Anchor, ...]  # its drawn spans after
    moves: tuple[tuple[Span, Anchor], ...] = ()
    set_aside: tuple[Span, ...] = ()
    restore: tuple[Review, ...] = ()
    now: str = ""


@dataclass(slots=True)
class ReshapeResult:
    """What a reshape found and wrote: reviews by their new span, and the reviews set aside."""

    moved: dict[Span, Review] = field(default_factory=dict)
    set_aside: list[Review] = field(default_factory=list)


def shape_key(doc_id: str, paragraph: int) -> str:
    """The id of one paragraph's shape record."""
    return f"{doc_id}:shape:{paragraph}"


def _spans_of(store: _Tables, record: dict[str, Any]) -> tuple[Anchor, ...]:
    try:
        return tuple(Anchor.from_dict(anchor) for anchor in record["spans"])
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise CorruptDatabaseError(
            f"{store._file_of(SHAPES, record)}: record {record.get('key', '?')!r} in table {SHAPES!r}"
            " is malformed"
            f" ({type(exc).__name__}: {exc}); it was left untouched: fix or remove it, or use another --db"
        ) from None


class ShapeTable:
    """Claim shapes: read a document's, reshape one paragraph under the lock."""

    def shapes(self: _Tables, doc_id: str) -> dict[int, tuple[Anchor, ...]]:
        """The drawn spans of version ``doc_id``, by paragraph index (paragraphs with none left out)."""
        found: dict[int, tuple[Anchor, ...]] = {}
        for record in self.records(SHAPES, doc_id):
            paragraph = record.get("paragraph")
            if (
                record.get("doc_id") == doc_id
                and isinstance(paragraph, int)
                and (spans := _spans_of(self, record))
            ):
                found[paragraph] = spans
        return found

    def shape_records(self: _Tables, within: Collection[str] | None = None) -> list[dict[str, Any]]:
        """Every paragraph's shape record as stored (key, doc_id, paragraph, spans, by, updated_at).

        ``within``: of these document files only (``ReviewStore.change_stamps`` names them).
        """
        records = self.records(SHAPES, within=within)
        return [dict(record) for record in records if isinstance(record.get("key"), str)]

    def shape_record(self: _Tables, key: str) -> dict[str, Any] | None:
        """One paragraph's shape record by its key (``shape_key``), or None."""
        return self._get(SHAPES, key)

    def reviews_on(self: _Tables, doc_id: str, spans: Collection[Span]) -> list[Review]:
        """Every reviewer's reviews of version ``doc_id`` whose anchor is one of ``spans``.

        Only the matching records are parsed: a reshape asks this of a few spans in a store of
        many reviews.
        """
        wanted = set(spans)
        found = []
        for record in self.records("reviews", doc_id):
            anchor = record.get("anchor")
            if (
                record.get("doc_id") == doc_id
                and isinstance(anchor, dict)
                and (anchor.get("start"), anchor.get("end")) in wanted
            ):
                found.append(_review(self, record))
        return found

    def put_shapes(
        self: _Tables, doc_id: str, shapes: dict[int, tuple[Anchor, ...]], by: str, now: str
    ) -> None:
        """Store the drawn spans of paragraphs of a version that has none yet (a carry-over)."""

        def transaction() -> None:
            changes: list[tuple[str, str, dict[str, Any] | None]] = []
            for paragraph, spans in sorted(shapes.items()):
                key = shape_key(doc_id, paragraph)
                if spans and self._get(SHAPES, key) is None:
                    record = _shape_record(doc_id, paragraph, spans, by, now)
                    changes.append((SHAPES, key, record))
            self._apply(changes)

        self._write(transaction)

    def reshape(self: _Tables, write: ReshapeWrite) -> ReshapeResult:
        """Apply one reshape in one locked, durable append; ReshapedElsewhere if the paragraph moved on.

        The append is ordered so that a kill, which keeps a prefix of it, loses nothing: reviews
        set aside reach the orphans table before they leave their claim, and a moved review is
        written at its new span before it leaves the old one; the shape record comes last.
        """
        doc_id, reviewer = write.doc_id, write.reviewer
        key = shape_key(doc_id, write.paragraph)

        def review_at(span: Span) -> Review | None:
            record = self._get("reviews", review_key(doc_id, span[0], span[1], reviewer))
            return Review.from_record(record) if record else None

        def transaction() -> ReshapeResult:
            record = self._get(SHAPES, key)
            stored = tuple((a.start, a.end) for a in _spans_of(self, record)) if record else ()
            if stored != write.expect:
                raise ReshapedElsewhere(write.paragraph)
            result = ReshapeResult()
            orphans: list[tuple[str, str, dict[str, Any] | None]] = []
            puts: list[tuple[str, str, dict[str, Any] | None]] = []
            deletes: list[tuple[str, str, dict[str, Any] | None]] = []
            for span in write.set_aside:
                if (review := review_at(span)) is not None:
                    orphan_key = f"{doc_id}|{review.key}"
                    orphan = {
                        "key": orphan_key,
                        "doc_id": doc_id,
                        "review": review.to_record(),
                        "suggestion": None,
                        "status": OrphanStatus.DISMISSED.value,
                        "since": write.now,
                        "resolved_at": write.now,
                    }
                    orphans.append((_ORPHANS, orphan_key, orphan))
                    deletes.append(("reviews", review.key, None))
                    result.set_aside.append(review)
            for review in write.restore:
                puts.append(("reviews", review.key, review.to_record()))
                deletes.append((_ORPHANS, f"{doc_id}|{review.key}", None))
                result.moved[(review.anchor.start, review.anchor.end)] = review
            moving = [(span, anchor, review_at(span)) for span, anchor in write.moves]
            leaving = {span for span, _, review in moving if review is not None}
            for _span, anchor, review in moving:
                if review is None:
                    continue
                target = (anchor.start, anchor.end)
                # A review already at the target that is not moving away is kept, as an open orphan.
                if target not in leaving and (there := review_at(target)) is not None:
                    orphan_key = f"{doc_id}|{there.key}"
                    orphan = {
                        "key": orphan_key,
                        "doc_id": doc_id,
                        "review": there.to_record(),
                        "suggestion": None,
                        "status": OrphanStatus.OPEN.value,
                        "since": write.now,
                    }
                    orphans.append((_ORPHANS, orphan_key, orphan))
                moved = review.evolve(anchor=anchor)
                puts.append(("reviews", moved.key, moved.to_record()))
                deletes.append(("reviews", review.key, None))
                result.moved[target] = moved
            shape: dict[str, Any] | None = None
            if write.spans:
                shape = _shape_record(doc_id, write.paragraph, write.spans, reviewer, write.now)
            # A delete of a key something is also written to must not undo that write.
            written = {entry[1] for entry in puts}
            deletes = [entry for entry in deletes if entry[0] != "reviews" or entry[1] not in written]
            self._apply(orphans + puts + deletes + [(SHAPES, key, shape)])
            return result

        return self._write(transaction)


def _review(store: _Tables, record: dict[str, Any]) -> Review:
    try:
        return Review.from_record(record)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise CorruptDatabaseError(
            f"{store._file_of('reviews', record)}: record {record.get('key', '?')!r} in table 'reviews'"
            " is malformed"
            f" ({type(exc).__name__}: {exc}); it was left untouched: fix or remove it, or use another --db"
        ) from None


def _shape_record(doc_id: str, paragraph: int, spans: Sequence[Anchor], by: str, now: str) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "paragraph": paragraph,
        "spans": [anchor.to_dict() for anchor in spans],
        "by": by,
        "updated_at": now,
    }
