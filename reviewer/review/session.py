"""ReviewSession: everything a reviewer can do to a document, as pure state transitions.

Every change goes through the store before the session's own state moves, so what the
session shows is what is on disk. The TUI and the headless CLI both drive this class.
"""

from __future__ import annotations

from collections.abc import Callable

from reviewer.clock import utc_now
from reviewer.documents.base import Document
from reviewer.documents.segmentation import Claims
from reviewer.errors import StoreError, UsageError
from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.model import Anchor, Claim, Label, OrphanStatus, Review, review_key
from reviewer.review.changes import (
    KEEP,
    Change,
    ChangedElsewhere,
    Fields,
    Keep,
    LabelOverwritten,
    clean_sources,
    field_of,
    same_content,
)
from reviewer.review.claim_reviews import ClaimReviews
from reviewer.review.history import History
from reviewer.review.progress import Counts
from reviewer.review.reshaping import Reshape
from reviewer.review.span_editing import SpanEditing
from reviewer.storage.snapshots import save_snapshot
from reviewer.storage.store import ReviewStore

# The session's own names, and the change types callers of its methods meet.
__all__ = [
    "KEEP",
    "Change",
    "ChangedElsewhere",
    "Counts",
    "Fields",
    "Keep",
    "LabelOverwritten",
    "ReviewSession",
]


class ReviewSession(SpanEditing):
    """A reviewer's pass over one document: a cursor, labels, notes, reshapes, undo and redo."""

    def __init__(
        self,
        document: Document,
        store: ReviewStore,
        reviewer: str,
        *,
        clock: Callable[[], str] = utc_now,
        labels: LabelSet = DEFAULT_LABELS,
    ) -> None:
        self.document = document
        self.store = store
        self.reviewer = reviewer
        self.labels = labels  # the configured set: keys, counts' order, exports; any stored label stays
        self._clock = clock
        self._history: History[Change | Reshape] = History()
        self._placed = ClaimReviews(document)
        self._unsaved: dict[int, Fields] = {}
        self.registered = False  # True once this session recorded the document in the store
        # The label this session last saved on each claim it labelled (or cleared): a reload
        # that finds another one there means another process overwrote it.
        self._labelled_here: dict[int, Label | None] = {}
        self._unsubscribe = document.claims.subscribe(self._placed.place_pending)
        self.cursor = 0
        self.reload()
        remembered = store.get_position(document.doc_id, reviewer)
        self.cursor = self._clamp((remembered or 1) - 1)

    # -- reading ------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read this reviewer's reviews from the store (another process may have written).

        Segments nothing: a review whose paragraph is not segmented yet is placed when it is.
        Claim shapes another process saved are drawn first.
        """
        self._sync_shapes()
        stored_orphans = self.store.orphans(self.document.doc_id, self.reviewer)
        self._placed.load(self.store.reviews(self.document.doc_id, self.reviewer), stored_orphans)
        for index, fields in self._unsaved.items():  # what could not be saved stays in view
            self._remember(index, self._merged(index, self._reviews.get(index), fields, self._clock()))

    @property
    def _reviews(self) -> dict[int, Review]:
        return self._placed.reviews

    @property
    def orphans(self) -> list[Review]:
        """Reviews of this document that no claim holds (open orphans)."""
        return self._placed.orphans

    @property
    def orphan_suggestions(self) -> dict[str, int]:
        """Orphan key → the index of the closest claim, where one was found."""
        return self._placed.suggestions

    def overwritten_labels(self) -> list[LabelOverwritten]:
        """Claims whose label this session set and another process changed since (after a reload).

        Each is reported once: the claim is then no longer counted as labelled here.
        """
        found = []
        for index, ours in sorted(self._labelled_here.items()):
            theirs = self.label(index)
            if theirs != ours and index not in self._unsaved:
                found.append(LabelOverwritten(self.claims[index].number, ours, theirs))
                del self._labelled_here[index]
        return found

    def index_of_span(self, start: int, end: int) -> int | None:
        """The index of the claim spanning exactly ``start``…``end``, if there is one."""
        return self._placed.index_of_span(start, end)

    def now(self) -> str:
        """The session's clock (fixed in tests)."""
        return self._clock()

    def close(self) -> None:
        """Stop following the document's segmentation (the session is no longer used)."""
        self._unsubscribe()

    @property
    def claims(self) -> Claims:
        """All claims of the document in order (segmented as far as they are read)."""
        return self.document.claims

    @property
    def claims_known(self) -> bool:
        """True once every claim of the document is segmented."""
        return self.document.claims.complete

    @property
    def has_claims(self) -> bool:
        """True when the document has at least one claim (segmenting up to the first)."""
        return self.claims.reach(0)

    @property
    def current(self) -> Claim:
        """The claim under the cursor."""
        if not self.has_claims:
            raise UsageError(f"{self.document.path} has no claims to review")
        return self.claims[self.cursor]

    def review(self, index: int) -> Review | None:
        """The review of claim ``index`` (0-based), if any."""
        if self._placed.pending:
            self.claims.reach(index)  # segmenting up to it places its review
        return self._reviews.get(index)

    def reviews_between(self, first: int, last: int) -> list[Review]:
        """The reviews of claims ``first``…``last`` (inclusive), unordered: see ``ClaimReviews.between``."""
        if self._placed.pending:
            self.claims.reach(last)  # segmenting up to it places the reviews of the range
        return self._placed.between(first, last)

    def label(self, index: int) -> Label | None:
        """The label of claim ``index``, or None when unreviewed."""
        review = self.review(index)
        return review.label if review else None

    def counts(self, *, so_far: bool = False) -> Counts:
        """Claims per label and how many carry a note or sources.

        With ``so_far``, counts only the claims segmented until now (a screen showing a large
        document while it is segmented); otherwise segments the whole document first.
        """
        if not so_far:
            self.claims.finish()
        return Counts(
            total=self.claims.known,
            complete=self.claims_known,
            labelled=Counts.tally(self.labels, (review.label for review in self._reviews.values())),
            with_notes=sum(1 for r in self._reviews.values() if r.note or r.sources),
            recheck=sum(1 for r in self._reviews.values() if r.recheck),
            orphans=len(self.orphans),
        )

    @property
    def can_undo(self) -> bool:
        """True when there is a change to undo."""
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        """True when there is an undone change to redo."""
        return self._history.can_redo

    # -- moving -------------------------------------------------------------------------

    def _clamp(self, index: int) -> int:
        if index <= 0 or self.claims.reach(index):
            return max(0, index)
        return max(0, self.claims.known - 1)  # past the end: the document is all segmented now

    def move_to(self, index: int) -> int:
        """Put the cursor on claim ``index`` (clamped); return where it landed."""
        self.cursor = self._clamp(index)
        return self.cursor

    def move(self, delta: int) -> int:
        """Move the cursor by ``delta`` claims, across paragraphs."""
        return self.move_to(self.cursor + delta)

    def goto_claim(self, number: int) -> Claim:
        """Put the cursor on claim ``number`` (1-based, as ``reviewer claims`` prints)."""
        if not self.has_claims:
            raise UsageError(f"{self.document.path} has no claims to review")
        if number < 1 or not self.claims.reach(number - 1):
            raise UsageError(
                f"there is no claim {number}: {self.document.path} has claims 1 to {self.claims.count()}"
            )
        self.cursor = number - 1
        return self.current

    def goto_paragraph(self, paragraph: int) -> int:
        """Go to the first claim at or after paragraph ``paragraph`` (0-based)."""
        claims = self.document.claims
        for target in range(max(0, paragraph), len(self.document.paragraphs)):
            if group := claims.in_paragraph(target):
                self.cursor = group[0]
                break
        return self.cursor

    def next_unreviewed(self, direction: int = 1) -> int | None:
        """Move to the next (or previous, ``-1``) unlabelled claim, wrapping; None if all done."""
        # Most often a claim nearby: look there before segmenting the rest of the document.
        index = self.cursor + direction
        while index >= 0 and self.claims.reach(index):
            if self.label(index) is None:
                self.cursor = index
                return index
            index += direction
        total = self.claims.count()
        for step in range(1, total + 1):
            index = (self.cursor + direction * step) % total
            if self.label(index) is None:
                self.cursor = index
                return index
        return None

    # -- changing -----------------------------------------------------------------------

    def edit(
        self,
        index: int | None = None,
        *,
        label: Label | Keep | None = KEEP,
        note: str | Keep = KEEP,
        sources: tuple[str, ...] | list[str] | Keep = KEEP,
        expect: Fields | None = None,
        short_claim: str | Keep = KEEP,
        claim_author: str | Keep = KEEP,
        claim_date: str | Keep = KEEP,
    ) -> Change | None:
        """Change the label, note and/or sources of a claim as one saved, undoable step.

        The claim's details for a published fact check (``short_claim``, ``claim_author``,
        ``claim_date``) change in the same step; check them first with
        :func:`reviewer.review.claim_details.check_details`.

        Returns None when nothing would change. With ``expect`` (field values the caller saw,
        e.g. when an editor opened), raises ChangedElsewhere instead of overwriting values
        another process changed meanwhile. Raises StoreError when the change could not be
        saved: the session then keeps it in memory, marked unsaved (see :meth:`flush`), except
        in a read-only database, where ReadOnlyDatabaseError refuses it and nothing changes.
        """
        self.refuse_if_read_only()
        index = self.cursor if index is None else index
        fields: Fields = {}
        if not isinstance(label, Keep):
            fields["label"] = label
        if not isinstance(note, Keep):
            fields["note"] = note.strip()
        if not isinstance(sources, Keep):
            fields["sources"] = clean_sources(sources)
        for name, value in (
            ("short_claim", short_claim),
            ("claim_author", claim_author),
            ("claim_date", claim_date),
        ):
            if not isinstance(value, Keep):
                fields[name] = " ".join(value.split())  # one line: each is shown and published as one
        known = self._reviews.get(index)
        if known is not None and known.recheck and fields.get("label") is not None:
            fields["recheck"] = ""  # labelling the claim again is the recheck (undo brings it back)
        if {name: field_of(known, name) for name in fields} == fields:
            return None
        try:
            stored_before = self._commit(index, fields, expect=expect)
        except StoreError:
            # Kept in memory as unsaved; undo returns to what this session last knew.
            self._history.record(Change(index, {name: field_of(known, name) for name in fields}, fields))
            raise
        # Undo restores what the store held just before this change, whoever wrote it.
        change = Change(index, {name: field_of(stored_before, name) for name in fields}, fields)
        self._history.record(change)
        return change

    def set_label(self, label: Label, *, advance: bool = True) -> Change | None:
        """Label the current claim and, by default, step to the next one."""
        change = self.edit(label=label)
        if advance:
            self.move(1)
        return change

    def clear_label(self) -> Change | None:
        """Remove the current claim's label (its note and sources stay)."""
        return self.edit(label=None)

    def set_note(self, note: str, sources: tuple[str, ...] | list[str]) -> Change | None:
        """Replace the current claim's note and sources."""
        return self.edit(note=note, sources=sources)

    def undo(self) -> Change | Reshape | None:
        """Revert the last change (saved at once); the cursor goes to its claim.

        If another process changed the same fields since, nothing is overwritten: the step
        is dropped and ChangedElsewhere says so.
        """
        if not self._history.can_undo:
            return None
        self.refuse_if_read_only()
        return self._history.undo(
            lambda change: (
                self._replay_reshape(change, undo=True)
                if isinstance(change, Reshape)
                else self._step(change, change.before, expect=change.after, orphan_status=OrphanStatus.OPEN)
            )
        )

    def redo(self) -> Change | Reshape | None:
        """Re-apply the last undone change (unless another process changed it since)."""
        if not self._history.can_redo:
            return None
        self.refuse_if_read_only()
        return self._history.redo(
            lambda change: (
                self._replay_reshape(change, undo=False)
                if isinstance(change, Reshape)
                else self._step(
                    change, change.after, expect=change.before, orphan_status=change.orphan_status
                )
            )
        )

    def _step(
        self, change: Change, fields: Fields, *, expect: Fields, orphan_status: OrphanStatus | None
    ) -> None:
        self.cursor = change.claim_index
        if fields:
            # A change that never reached the store cannot have been changed there since.
            guard = None if change.claim_index in self._unsaved else expect
            self._commit(change.claim_index, fields, expect=guard)
        if change.orphan is not None and orphan_status is not None:
            self._set_orphan(change.orphan, orphan_status)

    @property
    def read_only(self) -> str | None:
        """Why the database cannot be written (every change is then refused), or None."""
        return self.store.read_only

    def refuse_if_read_only(self) -> None:
        """Raise ReadOnlyDatabaseError, saying why, when the database cannot be written."""
        self.store.refuse_if_read_only()

    @property
    def unsaved(self) -> frozenset[int]:
        """Claims whose latest change is only in memory because the store refused it."""
        return frozenset(self._unsaved)

    def flush(self) -> int:
        """Try again to save every unsaved change; return how many are still unsaved.

        Raises StoreError if the store still refuses (the changes stay in memory).
        """
        for index in sorted(self._unsaved):
            self._commit(index, {})
        return len(self._unsaved)

    def _commit(self, index: int, fields: Fields, *, expect: Fields | None = None) -> Review | None:
        """Save ``fields`` (plus anything still unsaved) on claim ``index``, merged in the store.

        The merge happens under the store's lock on the freshly read record, so fields this
        session did not touch keep what another process saved there; with ``expect``, fields
        that no longer hold those values stop the change (ChangedElsewhere). Returns the
        review as it was stored just before.
        """
        claim = self.claims[index]
        key = review_key(self.document.doc_id, claim.start, claim.end, self.reviewer)
        pending = self._unsaved.get(index, {}) | fields
        now = self._clock()
        conflict: list[Review | None] = []

        def merge(stored: Review | None) -> Review | None:
            if expect is not None and any(field_of(stored, k) != v for k, v in expect.items()):
                conflict.append(stored)
                return stored
            return self._merged(index, stored, pending, now)

        try:
            before, saved = self.store.update_review(key, merge)
        except StoreError:
            self._unsaved[index] = pending
            self._remember(index, self._merged(index, self._reviews.get(index), fields, now))
            raise
        self._remember(index, saved)
        if conflict:
            raise ChangedElsewhere(claim.number, conflict[0])
        self._unsaved.pop(index, None)
        if "label" in pending:
            self._labelled_here[index] = saved.label if saved is not None else None
        return before

    def _merged(self, index: int, stored: Review | None, fields: Fields, now: str) -> Review | None:
        """``stored`` with ``fields`` applied; the same object when nothing changes."""
        claim = self.claims[index]
        base = stored or Review(
            doc_id=self.document.doc_id,
            reviewer=self.reviewer,
            anchor=Anchor.for_span(self.document.text, claim.start, claim.end),
            created_at=now,
        )
        after = base.evolve(**fields)
        if stored is not None and same_content(stored, after):
            return stored
        return None if after.is_empty else after.evolve(updated_at=now)

    def _remember(self, index: int, review: Review | None) -> None:
        self._placed.remember(index, review)

    def register(self, *, snapshot: bool = True) -> None:
        """Record in the store that this document was opened (``reviewer docs`` lists it).

        With ``snapshot`` (the default), also keep a snapshot of this version for comparing a
        later one; a screen passes False and writes it in the background (``save_snapshot``).
        Bookkeeping only: in a read-only database it is skipped.
        """
        if self.store.read_only is not None:
            return
        self.claims.finish()  # the record counts every claim: segment now, not under the store's lock
        self.store.register_document(self.document, self._clock())
        self.registered = True
        if snapshot:
            save_snapshot(self.store, self.document)

    def attach_orphan(self, orphan: Review, index: int | None = None) -> Change:
        """Put an orphan's label, note and sources on claim ``index``: one undoable step."""
        self.refuse_if_read_only()
        index = self.cursor if index is None else index
        fields: Fields = {"label": orphan.label, "note": orphan.note, "sources": orphan.sources}
        known = self._reviews.get(index)
        if known is not None and known.recheck:
            fields["recheck"] = ""
        stored_before = self._commit(index, fields)
        change = Change(
            index,
            {name: field_of(stored_before, name) for name in fields},
            fields,
            orphan,
            OrphanStatus.ATTACHED,
        )
        self._set_orphan(orphan, OrphanStatus.ATTACHED)
        self._history.record(change)
        return change

    def dismiss_orphan(self, orphan: Review) -> Change:
        """Set an orphan aside (it stays in the database): an undoable step."""
        self.refuse_if_read_only()
        self._set_orphan(orphan, OrphanStatus.DISMISSED)
        change = Change(self.cursor, {}, {}, orphan, OrphanStatus.DISMISSED)
        self._history.record(change)
        return change

    def _set_orphan(self, orphan: Review, status: OrphanStatus) -> None:
        self.store.resolve_orphan(self.document.doc_id, orphan, status, self._clock())
        self._placed.set_orphan_status(orphan, status)

    def save_position(self) -> None:
        """Remember the cursor for this document and reviewer (not in a read-only database)."""
        if self.has_claims and self.store.read_only is None:
            self.store.set_position(self.document.doc_id, self.reviewer, self.cursor + 1, self._clock())
