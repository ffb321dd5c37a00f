"""Autosave: the note being typed and the cursor, so a lost terminal loses neither."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.model import NoteDraft
from reviewer.review.changes import clean_sources
from reviewer.review.session import ReviewSession


@dataclass(frozen=True, slots=True)
class PendingDraft:
    """A draft left by an earlier run, on a claim of this version."""

    claim_index: int
    note: str
    sources: tuple[str, ...]
    saved_at: str
    details: tuple[str, str, str] = ("", "", "")  # short claim, claim author, claim date as typed


class DraftKeeper:
    """Keeps the note draft of one session in the store, apart from the saved review.

    The editor calls :meth:`keep` every second or so while open (a write only when the text
    changed since the last one), :meth:`discard` once the note is saved or thrown away; the
    next run finds what was left with :meth:`pending`.
    """

    def __init__(self, session: ReviewSession) -> None:
        self._session = session
        self._written: tuple[int, str, tuple[str, ...], tuple[str, str, str]] | None = None
        self._stored = False  # a draft of ours (or an earlier run's) may be in the store

    def pending(self) -> PendingDraft | None:
        """The draft an earlier run left on a claim of this version, if it differs from the saved note.

        A draft whose claim is gone, or that says what is saved already, is not offered.
        Raises StoreError when the database cannot be read.
        """
        session = self._session
        draft = session.store.get_draft(session.document.doc_id, session.reviewer)
        if draft is None or not session.has_claims:
            return None
        self._stored = True
        index = session.index_of_span(draft.start, draft.end)
        if index is None:
            return None
        review = session.review(index)
        saved = (review.note, review.sources) if review else ("", ())
        saved_details = (
            (review.short_claim, review.claim_author, review.claim_date) if review else ("", "", "")
        )
        typed_details = tuple(" ".join(value.split()) for value in draft.details)
        if (draft.note.strip(), clean_sources(draft.sources)) == saved and (
            not any(draft.details) or typed_details == saved_details
        ):
            return None
        return PendingDraft(index, draft.note, draft.sources, draft.saved_at, draft.details)

    def keep(
        self, index: int, note: str, sources: Sequence[str], details: tuple[str, str, str] = ("", "", "")
    ) -> bool:
        """Write the draft of claim ``index`` if it changed since the last write; True if written.

        Raises StoreError when the store refuses (the editor still holds the text).
        """
        state = (index, note, tuple(sources), details)
        if state == self._written:
            return False
        session = self._session
        claim = session.claims[index]
        draft = NoteDraft(
            doc_id=session.document.doc_id,
            reviewer=session.reviewer,
            start=claim.start,
            end=claim.end,
            note=note,
            sources=tuple(sources),
            saved_at=session.now(),
            details=details,
        )
        session.store.set_draft(draft.doc_id, draft.reviewer, draft)
        self._written = state
        self._stored = True
        return True

    def discard(self) -> None:
        """Forget the draft: the note was saved, or the reviewer threw it away (no write if none)."""
        if not self._stored:
            return
        session = self._session
        session.store.set_draft(session.document.doc_id, session.reviewer, None)
        self._written = None
        self._stored = False


class PositionKeeper:
    """Saves the cursor once it rests, so the next run resumes there even after a kill.

    Called on a timer: a cursor that moved since the last call is still moving (keys held
    down write nothing); one that stayed put and differs from what was saved is written.
    """

    def __init__(self, session: ReviewSession) -> None:
        self._session = session
        self._saved = session.cursor
        self._seen = session.cursor

    def tick(self) -> bool:
        """Save the cursor if it has rested since the last tick; True when it was written.

        Raises StoreError when the store refuses.
        """
        cursor = self._session.cursor
        resting = cursor == self._seen
        self._seen = cursor
        if not resting or cursor == self._saved:
            return False
        self.save()
        return True

    def save(self) -> None:
        """Save the cursor now (at quit, on a hang-up)."""
        self._session.save_position()
        self._saved = self._session.cursor
