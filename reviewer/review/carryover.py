"""Carry reviews over to a new version of a document.

When a document changes (same path, new sha256), its reviews are re-anchored onto the new
text (``reanchor.py``) the first time the new version is opened. Placed reviews are copied
onto the new version, those whose wording changed are flagged for a recheck, and the rest
become orphans of the new version. The old version's reviews are never touched, so a wrong
result loses nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.documents.base import Document
from reviewer.errors import ReadOnlyDatabaseError, UsageError
from reviewer.model import Review
from reviewer.storage.snapshots import load_snapshot, save_snapshot
from reviewer.storage.store import ReviewStore, absolute_path

if TYPE_CHECKING:
    from reviewer.review.reanchor import Reanchoring


class UnknownVersionError(UsageError):
    """The earlier version named to carry reviews over from is not in the database."""


def previous_version(store: ReviewStore, document: Document, previous: str | None = None) -> str | None:
    """The doc_id whose reviews should move to ``document``, or None when there is nothing to do.

    With ``previous`` (a file path or the start of a sha256), that version; without, the
    latest other version seen at the same path, but only the first time ``document`` is opened.
    """
    if previous is not None:
        matches = [info.doc_id for info in store.find_documents(previous) if info.doc_id != document.doc_id]
        if not matches and Path(previous).is_file():
            # A file never opened at that path: its content may still be a reviewed version.
            from reviewer.documents.loader import load_document  # deferred: the loader is only needed here

            old = load_document(previous, language=document.language)
            if old.doc_id != document.doc_id and store.reviews(old.doc_id):
                if store.read_only is None:
                    save_snapshot(store, old)
                matches = [old.doc_id]
        if not matches:
            raise UnknownVersionError(
                f"{previous}: no other version of a document with that path or sha256 is in"
                f" {store.path}; see 'reviewer docs'"
            )
        return matches[0]
    if store.is_registered(document.doc_id):
        return None
    here = absolute_path(document.path)
    for info in store.documents():  # most recently opened first
        if info.path == here and info.doc_id != document.doc_id and store.reviews(info.doc_id):
            return info.doc_id
    return None


def carry_over(
    store: ReviewStore, document: Document, now: str, *, previous: str | None = None
) -> Reanchoring | None:
    """Re-anchor an earlier version's reviews onto ``document`` and save the result.

    Returns what happened (for the "140 notes: 131 in place, …" line), or None when there
    was no earlier version to carry over from.
    """
    old_id = previous_version(store, document, previous)
    if old_id is None:
        return None
    if store.read_only is not None:
        raise ReadOnlyDatabaseError(
            f"{document.path} changed since it was reviewed, and carrying its reviews over to this"
            f" version writes to the database {store.path}, which cannot be written ({store.read_only})",
            another_database=True,
        )
    from reviewer.review.reanchor import Status, reanchor  # deferred: only a changed document needs it
    from reviewer.review.shape_carryover import carry_shapes
    from reviewer.review.verdicts import carry_final_verdicts

    carry_shapes(store, old_id, document, now)  # first: reviews of reshaped claims go to their spans
    old_reviews = store.reviews(old_id)
    result = reanchor(old_reviews, document, previous=load_snapshot(store, old_id))
    placed: list[Review] = []
    for placement in result.placements:
        rebased = placement.rebased(document)
        if rebased is None:
            continue
        if placement.status is Status.CHANGED:
            rebased = rebased.evolve(recheck=placement.review.anchor.exact)
        placed.append(rebased)
    store.add_reviews(placed)  # a review already made on the new version is kept as it is
    carry_final_verdicts(store, old_id, document)  # adjudicated verdicts move the same way
    store.add_orphans(document.doc_id, [(p.review, p.suggestion) for p in result.orphans], now)
    _carry_positions(store, old_id, document, now)
    return result


def _carry_positions(store: ReviewStore, old_id: str, document: Document, now: str) -> None:
    """Each reviewer resumes on the same sentence in the new version (or as far in, if it is gone)."""
    old = load_snapshot(store, old_id)
    claims = document.claims.all()
    old_claims = old.claims.all() if old is not None else ()
    first_claim_with: dict[str, int] = {}
    for position, claim in enumerate(claims):
        first_claim_with.setdefault(claim.text, position)
    for reviewer, number in store.positions(old_id).items():
        if store.get_position(document.doc_id, reviewer) is not None or not claims:
            continue
        index = 0
        if 1 <= number <= len(old_claims):
            same = first_claim_with.get(old_claims[number - 1].text)
            index = same if same is not None else round((number - 1) * len(claims) / len(old_claims))
        store.set_position(document.doc_id, reviewer, min(index, len(claims) - 1) + 1, now)
