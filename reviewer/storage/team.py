"""The team-sync table of the review database: what it last exchanged with its team server.

A mixin of ``ReviewStore``. The sync state of a review or a final verdict lives in its
document's file, beside it (``partitions.py``), so a pull writes each in one append with the
record it describes; the watermark and the joined server live in the index.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from reviewer.model import FinalVerdict, Review
from reviewer.storage.partitions import TEAM
from reviewer.storage.shapes import SHAPES
from reviewer.storage.tables import Tables
from reviewer.storage.verdicts import FINAL_VERDICTS

_REVIEWS, _IMPORT_CONFLICTS = "reviews", "import_conflicts"

T = TypeVar("T")


@dataclass(slots=True)
class TeamWrites:
    """What one team-sync transaction writes: reviews to store or delete, conflicts, sync state.

    Conflict and state records are plain dicts with a unique ``key`` (an existing key is replaced).
    """

    reviews: list[Review] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # review keys
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    state: list[dict[str, Any]] = field(default_factory=list)
    verdicts: list[FinalVerdict] = field(default_factory=list)  # final verdicts to store
    deleted_verdicts: list[str] = field(default_factory=list)  # final verdict keys
    shapes: list[dict[str, Any]] = field(default_factory=list)  # shape records (with their key) to store
    deleted_shapes: list[str] = field(default_factory=list)  # shape record keys


class TeamTable:
    """Team-sync state: read one record or all, write a pull's or a push's outcome in one step."""

    def team_state(self: Tables, within: Collection[str] | None = None) -> Mapping[str, dict[str, Any]]:
        """The team-sync state records by key (watermark, last synced version of each review).

        Looking one up reads only its document's file; going through them all reads every file
        (``within``: the index and these document files only).
        """
        return TeamState(self, within)

    def team_record(self: Tables, key: str) -> dict[str, Any] | None:
        """One team-sync state record (the watermark, the joined server) without building them all."""
        return self._get(TEAM, key)

    def team_transaction(self: Tables, decide: Callable[[], TeamWrites]) -> TeamWrites:
        """One locked transaction of a team sync: ``decide`` reads fresh data; one append per file."""

        def transaction() -> TeamWrites:
            writes = decide()
            # Conflicts first: a kill keeps a prefix of each file's append, so a version set
            # aside is on disk before the version replacing it, and the sync state comes last.
            changes: list[tuple[str, str, dict[str, Any] | None]] = [
                (_IMPORT_CONFLICTS, str(r["key"]), r) for r in writes.conflicts
            ]
            changes.extend((_REVIEWS, review.key, review.to_record()) for review in writes.reviews)
            changes.extend((_REVIEWS, key, None) for key in writes.deleted)
            changes.extend((FINAL_VERDICTS, v.key, v.to_record()) for v in writes.verdicts)
            changes.extend((FINAL_VERDICTS, key, None) for key in writes.deleted_verdicts)
            # Shapes after the reviews, as a local reshape writes them: the claims a kill leaves
            # drawn never lack the reviews that came with them.
            changes.extend((SHAPES, str(r["key"]), r) for r in writes.shapes)
            changes.extend((SHAPES, key, None) for key in writes.deleted_shapes)
            changes.extend((TEAM, str(r["key"]), r) for r in writes.state)
            # Grouped by file, each file's part in this order; the watermark (index) comes last.
            self._apply(changes)
            return writes

        return self._write(transaction)


class TeamState(Mapping[str, dict[str, Any]]):
    """The team-sync state records by key: one looked up reads its document's file alone."""

    def __init__(self, store: Tables, within: Collection[str] | None) -> None:
        self._store = store
        self._within = within
        self._all: dict[str, dict[str, Any]] | None = None

    def _every(self) -> dict[str, dict[str, Any]]:
        if self._all is None:
            records = self._store.records(TEAM, within=self._within)
            self._all = {str(record["key"]): record for record in records if "key" in record}
        return self._all

    def __getitem__(self, key: str) -> dict[str, Any]:
        record = self._all.get(key) if self._all is not None else self._store._get(TEAM, key)
        if record is None:
            raise KeyError(key)
        return record

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())
