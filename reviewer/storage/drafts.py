"""The drafts table of the review database: a note being typed, autosaved apart from the review.

A mixin of ``ReviewStore``. A draft is kept until the note is saved or thrown away, so a lost
terminal loses nothing typed; the saved review beside it is never touched by a draft.
"""

from __future__ import annotations

from reviewer.model import NoteDraft
from reviewer.storage.tables import Tables

_DRAFTS = "drafts"


class DraftTable:
    """One note draft per document and reviewer."""

    def get_draft(self: Tables, doc_id: str, reviewer: str) -> NoteDraft | None:
        """The note draft ``reviewer`` was typing in version ``doc_id``, if one was kept.

        A malformed record is ignored rather than refused: a draft is a convenience, and the
        saved reviews beside it are what must never be lost.
        """
        record = self._get(_DRAFTS, f"{doc_id}:{reviewer}")
        if record is None:
            return None
        try:
            return NoteDraft.from_record(record)
        except (KeyError, ValueError, TypeError):
            return None

    def set_draft(self: Tables, doc_id: str, reviewer: str, draft: NoteDraft | None) -> None:
        """Keep ``draft`` durably (replacing any earlier one), or remove it with None."""
        key = f"{doc_id}:{reviewer}"

        def change() -> None:
            if draft is not None:
                self._put(_DRAFTS, key, draft.to_record())
            elif self._get(_DRAFTS, key) is not None:
                self._put(_DRAFTS, key, None)

        self._write(change)
