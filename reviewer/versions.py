"""Document versions: keep a snapshot of each reviewed version, and carry reviews to a new one.

When a document changes (same path, new sha256), its reviews are re-anchored onto the new
text (``reanchor.py``) the first time the new version is opened. Placed reviews are copied
onto the new version, those whose wording changed are flagged for a recheck, and the rest
become orphans of the new version. The old version's reviews are never touched, so a wrong
result loses nothing.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer.atomic import atomic_write_bytes
from reviewer.errors import UsageError
from reviewer.model import BlockKind, Claim, Document, Paragraph, Review
from reviewer.store import ReviewStore, absolute_path

if TYPE_CHECKING:
    from reviewer.reanchor import Reanchoring


def versions_dir(store: ReviewStore) -> Path:
    """Where snapshots of reviewed versions live, beside the database."""
    return store.path.with_name(store.path.name + ".versions")


def save_snapshot(store: ReviewStore, document: Document) -> None:
    """Keep this version's text and structure (once), so a later version can be compared with it.

    A snapshot that cannot be written only makes later re-anchoring a little less sure, so
    failures are ignored.
    """
    path = versions_dir(store) / f"{document.doc_id}.json.gz"
    try:
        if path.exists():
            return
    except OSError:
        return  # an unreadable folder: nothing can be kept there
    data = {
        "doc_id": document.doc_id,
        "path": document.path,
        "title": document.title,
        "language": document.language,
        "format": document.format,
        "text": document.text,
        "paragraphs": [[p.start, p.end, p.kind.value] for p in document.paragraphs],
        "claims": [[c.paragraph, c.start, c.end] for c in document.claims],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Level 1: a 10 MB document compresses in a tenth of the default level's time.
        atomic_write_bytes(path, gzip.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 1))
    except OSError:
        pass


def load_snapshot(store: ReviewStore, doc_id: str) -> Document | None:
    """The snapshot of version ``doc_id``, if one was kept and reads back whole."""
    try:
        data: dict[str, Any] = json.loads(
            gzip.decompress((versions_dir(store) / f"{doc_id}.json.gz").read_bytes())
        )
        text = str(data["text"])
        claims = tuple(
            Claim(number, int(p), int(s), int(e), text[int(s) : int(e)])
            for number, (p, s, e) in enumerate(data["claims"], start=1)
        )
        paragraphs = tuple(
            Paragraph(i, int(s), int(e), BlockKind(kind)) for i, (s, e, kind) in enumerate(data["paragraphs"])
        )
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
    groups: list[list[int]] = [[] for _ in paragraphs]
    for index, claim in enumerate(claims):
        groups[claim.paragraph].append(index)
    return Document(
        doc_id=str(data["doc_id"]),
        path=str(data["path"]),
        title=str(data["title"]),
        language=str(data["language"]),
        format=str(data["format"]),
        text=text,
        paragraphs=paragraphs,
        claims=claims,
        claims_by_paragraph=tuple(tuple(group) for group in groups),
    )


def previous_version(store: ReviewStore, document: Document, previous: str | None = None) -> str | None:
    """The doc_id whose reviews should move to ``document``, or None when there is nothing to do.

    With ``previous`` (a file path or the start of a sha256), that version; without, the
    latest other version seen at the same path, but only the first time ``document`` is opened.
    """
    if previous is not None:
        matches = [info.doc_id for info in store.find_documents(previous) if info.doc_id != document.doc_id]
        if not matches and Path(previous).is_file():
            # A file never opened at that path: its content may still be a reviewed version.
            from reviewer.loader import load_document  # deferred: the loader is only needed here

            old = load_document(previous, language=document.language)
            if old.doc_id != document.doc_id and store.reviews(old.doc_id):
                save_snapshot(store, old)
                matches = [old.doc_id]
        if not matches:
            raise UsageError(
                f"--previous {previous}: no other version of a document with that path or sha256 is in"
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
    from reviewer.reanchor import Status, reanchor  # deferred: only a changed document needs it

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
    store.add_orphans(document.doc_id, [(p.review, p.suggestion) for p in result.orphans], now)
    _carry_positions(store, old_id, document, now)
    return result


def _carry_positions(store: ReviewStore, old_id: str, document: Document, now: str) -> None:
    """Each reviewer resumes on the same sentence in the new version (or as far in, if it is gone)."""
    old = load_snapshot(store, old_id)
    first_claim_with: dict[str, int] = {}
    for position, claim in enumerate(document.claims):
        first_claim_with.setdefault(claim.text, position)
    for reviewer, number in store.positions(old_id).items():
        if store.get_position(document.doc_id, reviewer) is not None or not document.claims:
            continue
        index = 0
        if old is not None and 1 <= number <= len(old.claims):
            same = first_claim_with.get(old.claims[number - 1].text)
            index = same if same is not None else round((number - 1) * len(document.claims) / len(old.claims))
        store.set_position(document.doc_id, reviewer, min(index, len(document.claims) - 1) + 1, now)
