"""The records a ReviewStore keeps, and the ids they are stored under."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reviewer.model import OrphanStatus, Review


def record_id(key: str) -> int:
    """TinyDB's int id for one of our string keys: the same in every process, no counter.

    48 bits of SHA-256 stay exact in JavaScript too; the key itself is stored in the record
    and checked on read.
    """
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:6], "big")


def numeric_ids(rows: dict[str, dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Schema 1's first layout used our keys as TinyDB ids: the numeric id of each, the key inside."""
    for doc_id, record in rows.items():
        if doc_id.isdigit():
            yield doc_id, record
        else:
            yield str(record_id(doc_id)), {"key": doc_id} | record


@dataclass(frozen=True, slots=True)
class OrphanInfo:
    """A review re-anchoring could not place: the review as it was, a hint, and its fate."""

    review: Review
    suggestion: int | None  # 0-based claim index of the closest claim, if any came near
    status: OrphanStatus


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the store remembers of a document it has seen."""

    doc_id: str
    path: str
    title: str
    language: str
    claim_count: int
    first_seen: str
    last_opened: str
    url: str = ""  # where the document is published, when known


def document_info(doc: dict[str, Any]) -> DocumentInfo:
    """A ``documents`` record as a DocumentInfo (KeyError, ValueError, TypeError if malformed)."""
    return DocumentInfo(
        doc_id=str(doc["doc_id"]),
        path=str(doc.get("path", "")),
        title=str(doc.get("title", "")),
        language=str(doc.get("language", "")),
        claim_count=int(doc.get("claim_count", 0)),
        first_seen=str(doc.get("first_seen", "")),
        last_opened=str(doc.get("last_opened", "")),
        url=str(doc.get("url") or ""),
    )


def orphan_info(record: dict[str, Any]) -> OrphanInfo:
    """An ``orphans`` record as an OrphanInfo (KeyError, ValueError, TypeError if malformed)."""
    suggestion = record.get("suggestion")
    return OrphanInfo(
        Review.from_record(record["review"]),
        suggestion if isinstance(suggestion, int) else None,
        OrphanStatus(record["status"]),
    )
