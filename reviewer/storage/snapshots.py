"""Snapshots of each reviewed version of a document, kept beside the database.

A later version of the document is compared with its snapshot when reviews are carried over
(``reviewer.review.carryover``), which makes re-anchoring surer than the reviews' anchors alone.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from reviewer.documents.base import Document
from reviewer.documents.segmentation import Claims
from reviewer.model import BlockKind, Claim, Paragraph
from reviewer.storage.atomic import atomic_write_bytes
from reviewer.storage.store import ReviewStore


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
        "url": document.url,
        "text": document.text,
        "paragraphs": [[p.start, p.end, p.kind.value] for p in document.paragraphs],
        "claims": [[c.paragraph, c.start, c.end] for c in document.claims.all()],
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
    return Document(
        doc_id=str(data["doc_id"]),
        path=str(data["path"]),
        title=str(data["title"]),
        language=str(data["language"]),
        format=str(data["format"]),
        url=str(data.get("url") or ""),  # snapshots written before the URL was kept have none
        text=text,
        paragraphs=paragraphs,
        claims=Claims.segmented(text, paragraphs, claims),
    )
