"""The orphans table of the review database: reviews re-anchoring could not place on a new version.

A mixin of ``ReviewStore``: an orphan record keeps the review as it was, the claim re-anchoring
suggests for it, and its fate (open, attached, dismissed); the record itself is never deleted.
"""

from __future__ import annotations

from typing import Any

from reviewer.model import OrphanStatus, Review
from reviewer.storage.records import OrphanInfo, orphan_info
from reviewer.storage.tables import Tables

_ORPHANS = "orphans"


class OrphanTable:
    """Orphaned reviews: keep them, list them by document, record what became of them."""

    def add_orphans(self: Tables, doc_id: str, orphans: list[tuple[Review, int | None]], now: str) -> None:
        """Keep reviews that could not be placed on version ``doc_id`` (with a suggested claim)."""

        def transaction() -> None:
            changes: list[tuple[str, str, dict[str, Any] | None]] = []
            for review, suggestion in orphans:
                key = f"{doc_id}|{review.key}"
                if self._get(_ORPHANS, key) is None:
                    record: dict[str, Any] = {
                        "key": key,
                        "doc_id": doc_id,
                        "review": review.to_record(),
                        "suggestion": suggestion,
                        "status": OrphanStatus.OPEN.value,
                        "since": now,
                    }
                    changes.append((_ORPHANS, key, record))
            self._apply(changes)

        self._write(transaction)

    def orphans(self: Tables, doc_id: str, reviewer: str | None = None) -> list[OrphanInfo]:
        """Orphaned reviews of version ``doc_id`` (open, attached and dismissed)."""
        found = []
        for record in self.records(_ORPHANS, doc_id):
            if record.get("doc_id") != doc_id:
                continue
            info = self._parsed(_ORPHANS, record, orphan_info)
            if reviewer is None or info.review.reviewer == reviewer:
                found.append(info)
        return found

    def resolve_orphan(self: Tables, doc_id: str, review: Review, status: OrphanStatus, now: str) -> None:
        """Mark an orphan ``attached``, ``dismissed`` or ``open`` again; the record itself is kept."""
        key = f"{doc_id}|{review.key}"

        def transaction() -> None:
            record = self._get(_ORPHANS, key) or {
                "doc_id": doc_id,
                "review": review.to_record(),
                "suggestion": None,
            }
            self._put(_ORPHANS, key, record | {"status": status.value, "resolved_at": now})

        self._write(transaction)
