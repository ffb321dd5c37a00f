"""Open a document for review: load it, carry an earlier version's reviews over, start a session.

The one way every caller opens a document (the CLI's commands, the review screen's loader,
the tests), so the size policy, carry-over and registration happen the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.clock import utc_now
from reviewer.documents.loader import load_document
from reviewer.errors import DatabaseLockedError
from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.review.carryover import carry_over
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore

if TYPE_CHECKING:
    from reviewer.review.reanchor import Reanchoring

_BOOKKEEPING_WAIT = 0.5  # seconds: a stopped process holding the lock must not hold up an opening


@dataclass(frozen=True, slots=True)
class OpenedDocument:
    """What opening a document gave: the session, and what happened on the way."""

    session: ReviewSession
    # What re-anchoring did when an earlier version's reviews moved to this one, else None.
    carried_over: Reanchoring | None = None
    # A long document opened for a screen is recorded once it is all segmented (its record
    # counts every claim and its snapshot needs them): the screen does it then, or at quit.
    register_when_segmented: bool = False

    def carry_over_line(self) -> str:
        """What re-anchoring did, in one line for the terminal and the screen."""
        summary = self.carried_over.summary() if self.carried_over else ""
        return f"{self.session.document.path} changed since it was reviewed; reviews carried over: {summary}"

    def about(self) -> list[tuple[str, str]]:
        """What the reviewer may want to know of this document, as (heading, text) pairs.

        Counts every claim (a large document is segmented to the end first).
        """
        session = self.session
        document = session.document
        counts = session.counts()
        rows = [
            ("Document", document.title),
            ("File", document.path),
            ("Version", f"sha256 {document.doc_id[:12]}…, language {document.language}"),
            ("Claims", f"{counts.total} in {len(document.paragraphs)} paragraphs"),
            (
                session.reviewer,
                f"reviewed {counts.reviewed}/{counts.total}: {counts.per_label(session.labels)};"
                f" {counts.with_notes} with a note or sources",
            ),
            ("To recheck", f"{counts.recheck} (their wording changed since they were labelled)"),
            ("Orphans", f"{counts.orphans} (reviews whose claim this version no longer has)"),
        ]
        if self.carried_over is not None:
            rows.append(("Carried over", f"the document changed: {self.carried_over.summary()}"))
        return rows

    def register_if_due(self, *, snapshot: bool = True) -> bool:
        """Record the document now if that was left for later; True if it was recorded now.

        The screen calls it once the document is all segmented (and writes the snapshot itself,
        off the UI thread), and at quit.
        """
        if not self.register_when_segmented or self.session.registered:
            return False
        self.session.register(snapshot=snapshot)
        return True


def open_for_review(
    path: str | Path,
    store: ReviewStore,
    reviewer: str,
    *,
    language: str | None = None,
    max_bytes: int | None = None,
    previous: str | None = None,
    register: bool = False,
    segment_all: bool = True,
    clock: Callable[[], str] = utc_now,
    labels: LabelSet = DEFAULT_LABELS,
) -> OpenedDocument:
    """Load ``path``, carry reviews over from its earlier version if it changed, open a session.

    ``register`` records the document in the store (``reviewer docs`` lists it). With
    ``segment_all`` (commands report on every claim), the whole document is segmented now;
    without (a screen), only a short one is, and a long one grows behind the first paragraphs.
    ``previous`` names the earlier version (a file or the start of a sha256); by default it
    is the last other version seen at the same path, the first time this one is opened.
    In a read-only database nothing is recorded. Raises LoadError, StoreError or
    UnknownVersionError with one readable line.
    """
    document = load_document(path, language=language, max_bytes=max_bytes)
    if segment_all:
        document.claims.finish()
    else:
        document.claims.settle()
    carried = carry_over(store, document, clock(), previous=previous)
    session = ReviewSession(document, store, reviewer, clock=clock, labels=labels)
    deferred = register and carried is None and not session.claims_known and store.read_only is None
    if (register or carried is not None) and not deferred:
        # Recording the opening alone is bookkeeping: it waits little for a busy lock, then later.
        wait = store.lock_timeout if carried is not None else min(store.lock_timeout, _BOOKKEEPING_WAIT)
        try:
            with store.waiting(wait):
                session.register()  # after a carry-over too, so the next command does not carry over again
        except DatabaseLockedError:
            if carried is not None:
                raise
            deferred = True  # bookkeeping can wait for a busy lock: the screen records it later
    return OpenedDocument(session, carried, register_when_segmented=deferred)
