"""UTC timestamps in one format for every record."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """Now, as ISO 8601 UTC with a ``Z``: ``2026-11-25T04:45:11Z``."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
