"""Storage: the journaled TinyDB store, its lock, atomic writes and version snapshots."""

from __future__ import annotations

from reviewer.storage.store import DocumentInfo, OrphanInfo, ReviewStore

__all__ = ["DocumentInfo", "OrphanInfo", "ReviewStore"]
