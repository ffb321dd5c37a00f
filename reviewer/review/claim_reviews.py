"""Which claim each stored review sits on, and which reviews no claim holds.

A review is stored by its anchor (a span of the document's text); the session shows it on the
claim with exactly that span. Segmentation is lazy, so a review whose paragraph is not segmented
yet waits until it is; a review whose span no claim has is an orphan, listed until the reviewer
attaches or dismisses it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from reviewer.documents.base import Document
from reviewer.documents.spans import starts_of
from reviewer.model import Anchor, OrphanStatus, Review
from reviewer.storage.store import OrphanInfo


class ClaimReviews:
    """The reviews of one reviewer on one document, by claim index, plus the orphans."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._paragraph_starts = starts_of(document.paragraphs)
        self.reviews: dict[int, Review] = {}  # claim index → its review
        # Reviews whose paragraph is not segmented yet, by paragraph: placed when it is.
        self.pending: dict[int, list[Review]] = {}
        self.orphans: list[Review] = []  # reviews of this document that no claim holds
        self.suggestions: dict[str, int] = {}  # orphan key → the closest claim index
        self._resolved: set[str] = set()  # keys of orphans attached or dismissed

    def load(self, reviews: Iterable[Review], stored_orphans: list[OrphanInfo]) -> None:
        """Start again from the store's reviews and orphan records. Segments nothing."""
        self._resolved = {info.review.key for info in stored_orphans if info.status is not OrphanStatus.OPEN}
        self.reviews = {}
        self.pending = {}
        self.orphans = []
        # Suggestions were computed on this very version when its reviews were carried over.
        self.suggestions = {
            info.review.key: info.suggestion
            for info in stored_orphans
            if info.status is OrphanStatus.OPEN and info.suggestion is not None and info.suggestion >= 0
        }
        claims = self._document.claims
        for review in reviews:
            paragraph = self.paragraph_at(review.anchor.start)
            if paragraph is None:
                self.add_orphan(review)
            elif (group := claims.known_in(paragraph)) is None:
                self.pending.setdefault(paragraph, []).append(review)
            else:
                self._place(review, group)
        for info in stored_orphans:
            if info.status is OrphanStatus.OPEN:  # left over when an earlier version's reviews moved here
                self.add_orphan(info.review)

    def place_pending(self, first: int, end: int) -> None:
        """Paragraphs ``first``…``end - 1`` were just segmented: put their reviews on their claims."""
        if not self.pending:
            return
        claims = self._document.claims
        for paragraph in [p for p in self.pending if first <= p < end]:
            for review in self.pending.pop(paragraph):
                self._place(review, claims.in_paragraph(paragraph))

    def remember(self, index: int, review: Review | None) -> None:
        """Claim ``index`` now holds ``review`` (None: no review)."""
        if review is None:
            self.reviews.pop(index, None)
        else:
            self.reviews[index] = review

    def between(self, first: int, last: int) -> list[Review]:
        """The reviews of claims ``first``…``last`` (inclusive), in no particular order.

        Walks the reviews or the range, whichever is shorter: a paragraph of 100,000 claims
        with a few reviews costs a few steps (its list row is drawn again on every label).
        """
        reviews = self.reviews
        if len(reviews) <= last - first:
            return [review for index, review in reviews.items() if first <= index <= last]
        return [review for index in range(first, last + 1) if (review := reviews.get(index)) is not None]

    def index_of_span(self, start: int, end: int) -> int | None:
        """The index of the claim spanning exactly ``start``…``end``, if there is one."""
        paragraph = self.paragraph_at(start)
        if paragraph is None or paragraph >= len(self._document.paragraphs):
            return None
        return self._claim_in(self._document.claims.in_paragraph(paragraph), Anchor("", "", "", start, end))

    def paragraph_at(self, offset: int) -> int | None:
        """The paragraph whose text starts at or before ``offset`` (None before the first)."""
        paragraph = bisect.bisect_right(self._paragraph_starts, offset) - 1
        return paragraph if paragraph >= 0 else None

    def add_orphan(self, review: Review) -> None:
        """List ``review`` as an orphan once, unless it was attached or dismissed."""
        if review.key in self._resolved:
            return
        if any(o.key == review.key and o.doc_id == review.doc_id for o in self.orphans):
            return  # a span orphan reopened by an undo is both a review and an open orphan
        self.orphans.append(review)

    def set_orphan_status(self, orphan: Review, status: OrphanStatus) -> None:
        """Reopen (OPEN) or set aside (attached, dismissed) an orphan in this view."""
        if status is OrphanStatus.OPEN:
            self._resolved.discard(orphan.key)
            if orphan not in self.orphans:
                self.orphans.append(orphan)
        else:
            self._resolved.add(orphan.key)
            self.orphans = [review for review in self.orphans if review != orphan]

    def _claim_in(self, group: tuple[int, ...], anchor: Anchor) -> int | None:
        """The claim of ``group`` whose span is exactly the anchor's, if any."""
        claims = self._document.claims
        for index in group:
            claim = claims[index]
            if claim.start == anchor.start and claim.end == anchor.end:
                return index
        return None

    def _place(self, review: Review, group: tuple[int, ...]) -> None:
        """Put a stored review on its claim of ``group``, or among the orphans if none has its span."""
        index = self._claim_in(group, review.anchor)
        if index is None:
            self.add_orphan(review)  # its span is no claim now (e.g. after a --lang change)
        else:
            self.reviews.setdefault(index, review)  # a change made since it was read is newer
