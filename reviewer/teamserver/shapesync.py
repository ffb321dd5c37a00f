"""Paragraphs' shapes in a team sync: which local shapes to push, and where a pulled one is written.

A shape is the document's, not one reviewer's (see docs/TEAM-SERVER.md, "Reshaped claims"):
every local shape version the server has not acknowledged is pushed under the syncing role's
name, whoever drew it, and a pulled version is settled like a review's (one deterministic
winner, the other kept and listed). The reviews a reshape moved travel as their reviewer's own
review changes; other reviewers' reviews of the old spans are never touched.
"""

from __future__ import annotations

from reviewer.storage.store import ReviewStore, TeamWrites
from reviewer.teamserver.versions import SHAPE, Change, DrawnShape, shape_version

PREFIX = "s:"  # of the shapes' sync-state keys


def pending_shapes(
    store: ReviewStore, author: str, now: str, *, within: list[str] | None = None
) -> list[Change]:
    """Every local shape change the server has not acknowledged, as ``author``'s (removals too).

    ``within``: look in these document files only (``scanning.changed_files`` names them).
    """
    state = store.team_state(within)
    changes: list[Change] = []
    present: set[str] = set()
    for record in store.shape_records(within):
        shape = DrawnShape.of(record)
        assert shape is not None
        present.add(PREFIX + shape.key)
        synced = state.get(PREFIX + shape.key, {}).get("change_id")
        if shape_version(shape) != synced:
            changes.append(Change.of_shape(shape, synced, author))
    for key, record in state.items():
        if (
            key.startswith(PREFIX)
            and key not in present
            and record.get("change_id")
            and not record.get("deleted")
        ):
            # The paragraph's drawn claims were taken back (its segmenter claims again).
            changes.append(
                Change.removal(
                    key[len(PREFIX) :], str(record["doc_id"]), author, record["change_id"], now, SHAPE
                )
            )
    return changes


def local_shape(store: ReviewStore, key: str) -> DrawnShape | None:
    """The paragraph's shape as stored here now."""
    return DrawnShape.of(store.shape_record(key))


def keep_shape(writes: TeamWrites, shape: DrawnShape) -> None:
    """Write a pulled shape (its paragraph's claims redraw at the open screen's next reload)."""
    writes.shapes.append(shape.to_record())


def taken_back(doc_id: str, key: str, by: str, now: str) -> DrawnShape:
    """A paragraph's drawn claims taken back (the segmenter's again), as a shape with no spans.

    So a local take-back that loses to a reshape made apart is kept and listed like any shape,
    and adopting it takes the drawn claims back again.
    """
    paragraph = int(key.rsplit(":", 1)[1])
    return DrawnShape(
        key, {"doc_id": doc_id, "paragraph": paragraph, "spans": [], "by": by, "updated_at": now}
    )


def same_claims(one: DrawnShape | None, other: DrawnShape | None) -> bool:
    """Two shapes of a paragraph that draw the same claims (whoever drew them, whenever)."""
    return one is not None and other is not None and one.body.get("spans") == other.body.get("spans")
