"""One sync: pull teammates' changes in the server's commit order, then push ours, idempotently.

Pull reads, in one REPEATABLE READ snapshot, every change whose transaction id is at or above
the watermark, then keeps as the next watermark the oldest transaction still running
(``pg_snapshot_xmin``): a row committed late by a long transaction is never skipped, and a row
read twice is recognised by its id. Push inserts each local version not yet on the server with
``ON CONFLICT DO NOTHING``: a push cut at any moment is simply repeated. The local side of each
step is one transaction of the store (see ``ReviewStore.team_transaction``).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reviewer.model import FinalVerdict, Review
from reviewer.review.importing import conflict_record
from reviewer.storage.snapshots import versions_dir
from reviewer.storage.store import ReviewStore, TeamWrites
from reviewer.teamserver import scanning, shapesync
from reviewer.teamserver.connection import connect, redacted, server_errors
from reviewer.teamserver.schema import SHAPES_SINCE, VERDICTS_SINCE, check_version
from reviewer.teamserver.set_aside import lost_shape, lost_verdict
from reviewer.teamserver.versions import (
    REVIEW,
    SHAPE,
    VERDICT,
    Change,
    DrawnShape,
    review_version,
    shape_version,
    verdict_version,
    version_id,
)

CHANNEL = "reviewer_changes"  # notified by every push that wrote something
_WATERMARK = "watermark"
_SOURCE = "team sync"


@dataclass(slots=True)
class SyncReport:
    """What one sync moved."""

    server: str
    reviewer: str
    pushed: int = 0
    pulled: int = 0
    documents: set[str] = field(default_factory=set)
    conflicts: int = 0
    documents_pushed: int = 0
    not_pushed: int = 0  # changes this role may not push (read-only)
    read_only: bool = False  # this role may pull, not push
    verdict_conflicts: int = 0  # two final verdicts of one claim made apart: the later kept
    verdicts_waiting: int = 0  # final verdicts the server's schema cannot take yet
    shape_conflicts: int = 0  # two reshapes of one paragraph made apart: the later kept
    shapes_waiting: int = 0  # reshapes the server's schema cannot take yet
    schema: int = VERDICTS_SINCE  # the server's schema version

    def summary(self) -> str:
        """``pushed 12 · pulled 40 · 3 documents``, and any conflict or read-only note."""
        n = len(self.documents)
        line = f"pushed {self.pushed} · pulled {self.pulled} · {n} document{'' if n == 1 else 's'}"
        if self.conflicts:
            line += f" · {self.conflicts} conflict(s) kept: see 'reviewer conflicts FILE'"
        if self.verdict_conflicts:
            line += (
                f" · {self.verdict_conflicts} final verdict(s) made apart on one claim: the later kept,"
                " the other listed by 'reviewer conflicts FILE'"
            )
        if self.shape_conflicts:
            line += (
                f" · {self.shape_conflicts} paragraph(s) reshaped apart on two machines: the later"
                " reshape kept, the other listed by 'reviewer conflicts FILE'"
            )
        if self.not_pushed:
            line += f" · {self.not_pushed} change(s) not pushed: this role is read-only"
        if self.verdicts_waiting:
            line += (
                f" · {self.verdicts_waiting} final verdict(s) wait for the server's schema {VERDICTS_SINCE}:"
                " its administrator runs 'reviewer team join URL'"
            )
        if self.shapes_waiting:
            line += (
                f" · {self.shapes_waiting} reshape(s) wait for the server's schema {SHAPES_SINCE}:"
                " its administrator runs 'reviewer team join URL'"
            )
        return line

    def to_dict(self) -> dict[str, Any]:
        """The report for ``reviewer sync --json``."""
        return {
            "server": self.server,
            "reviewer": self.reviewer,
            "pushed": self.pushed,
            "pulled": self.pulled,
            "documents": sorted(self.documents),
            "conflicts": self.conflicts,
            "documents_pushed": self.documents_pushed,
            "not_pushed": self.not_pushed,
            "verdict_conflicts": self.verdict_conflicts,
            "verdicts_waiting": self.verdicts_waiting,
            "shape_conflicts": self.shape_conflicts,
            "shapes_waiting": self.shapes_waiting,
        }


def sync(
    store: ReviewStore, url: str, *, now: str, push: bool = True, connection: Any | None = None
) -> SyncReport:
    """Pull then push; raises TeamServerError (one line) if the server cannot be used.

    ``connection``: one the caller keeps open between syncs (the screen's background sync,
    which pulls every few seconds); it is left open. Without it, one is made and closed.
    A connection lost on the way raises ServerUnreachableError, like a server never reached.
    """
    where = redacted(url)
    owned = connection is None
    if connection is None:
        connection = connect(url)
    try:
        with server_errors(where, connection):
            schema = check_version(connection, where)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reviewer.me(), coalesce((SELECT read_only FROM reviewer.members"
                    " WHERE role = session_user), NOT has_table_privilege('reviewer.changes', 'INSERT'))"
                )
                me, read_only = cursor.fetchone() or (None, True)
            connection.commit()
            report = SyncReport(where, str(me), read_only=bool(read_only), schema=schema)
            _pull(store, connection, report, now)
            if push:
                _push(store, connection, report, now, read_only=bool(read_only))
            return report
    finally:
        if owned:
            connection.close()


def pending(
    store: ReviewStore, reviewer: str, now: str, *, verdicts: bool = True, within: list[str] | None = None
) -> list[Change]:
    """Every local change of ``reviewer`` the server has not acknowledged yet (final verdicts too).

    ``within``: look in these document files only (``scanning.changed_files`` names them).
    """
    state = store.team_state(within)
    changes: list[Change] = []
    present: set[str] = set()
    for review in store.all_reviews(within):
        if review.reviewer != reviewer:
            continue
        present.add(_KINDS[REVIEW].prefix + review.key)
        synced = state.get(f"v:{review.key}", {})
        if review_version(review) != synced.get("change_id"):
            changes.append(Change.of(review, synced.get("change_id")))
    if verdicts:
        for verdict in store.all_final_verdicts(within):
            if verdict.adjudicated_by != reviewer:
                continue
            present.add(_KINDS[VERDICT].prefix + verdict.key)
            synced = state.get(f"f:{verdict.key}", {})
            if verdict_version(verdict) != synced.get("change_id"):
                changes.append(Change.of_verdict(verdict, synced.get("change_id")))
    for key, record in state.items():
        kind = _KIND_OF_PREFIX.get(key[:2])
        if (
            kind in (REVIEW, VERDICT)  # shapes are not one reviewer's: shapesync.pending_shapes
            and (verdicts or kind == REVIEW)
            and record.get("reviewer") == reviewer
            and not record.get("deleted")
            and record.get("change_id")
            and key not in present
        ):
            changes.append(
                Change.removal(key[2:], str(record["doc_id"]), reviewer, record["change_id"], now, kind)
            )
    return changes


def _pull(store: ReviewStore, connection: Any, report: SyncReport, now: str) -> None:
    from psycopg import IsolationLevel

    mark = store.team_record(_WATERMARK) or {}  # one record: a pull runs every few seconds
    watermark = str(mark.get("xmin", "0")) if mark.get("server") == report.server else "0"
    connection.isolation_level = IsolationLevel.REPEATABLE_READ
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
        row = cursor.fetchone()
        next_mark = str(row[0]) if row else watermark
        kind = "kind" if report.schema >= VERDICTS_SINCE else "'review'"
        cursor.execute(
            f"SELECT change_id, doc_id, review_key, reviewer, base, moment, body, {kind}"
            " FROM reviewer.changes WHERE xid >= %s::xid8 ORDER BY seq",
            (watermark,),
        )
        rows = [Change(*r) for r in cursor.fetchall()]
    connection.isolation_level = None

    if not rows and next_mark == watermark:
        return  # nothing new: a pull every few seconds (the screen's) writes nothing locally

    def decide() -> TeamWrites:
        writes = apply_changes(store, rows, report, now)
        writes.state.append({"key": _WATERMARK, "xmin": next_mark, "server": report.server})
        return writes

    store.team_transaction(decide)


@dataclass(frozen=True, slots=True)
class _Kind:
    """How one kind of record is read, compared, written and set aside by a pull."""

    prefix: str  # of its sync-state keys
    get: Callable[[ReviewStore, str], Any]
    version: Callable[[Any], str]
    parse: Callable[[str, dict[str, Any]], Any]  # a pulled body, with its key
    keep: Callable[[TeamWrites, Any], None]  # write an incoming version
    drop: Callable[[TeamWrites, str], None]  # write a removal, by key
    # A local removal as a version to set aside when it loses (None: a removal keeps nothing).
    removed: Callable[[str, str, str, str], Any] | None = None
    alike: Callable[[Any, Any], bool] | None = None  # two versions that say the same (no conflict kept)


_KINDS = {
    REVIEW: _Kind(
        "v:",
        ReviewStore.get_review,
        review_version,
        lambda _key, body: Review.from_record(body),
        lambda w, review: w.reviews.append(review),
        lambda w, key: w.deleted.append(key),
    ),
    VERDICT: _Kind(
        "f:",
        ReviewStore.get_final_verdict,
        verdict_version,
        lambda _key, body: FinalVerdict.from_record(body),
        lambda w, verdict: w.verdicts.append(verdict),
        lambda w, key: w.deleted_verdicts.append(key),
    ),
    SHAPE: _Kind(
        shapesync.PREFIX,
        shapesync.local_shape,
        shape_version,
        DrawnShape,
        shapesync.keep_shape,
        lambda w, key: w.deleted_shapes.append(key),
        shapesync.taken_back,
        shapesync.same_claims,
    ),
}
_KIND_OF_PREFIX = {kind.prefix: name for name, kind in _KINDS.items()}


def apply_changes(store: ReviewStore, rows: list[Change], report: SyncReport, now: str) -> TeamWrites:
    """Settle each pulled change against the local version (inside the store's transaction)."""
    state = store.team_state()
    writes = TeamWrites()
    touched: dict[str, dict[str, Any]] = {}
    local: dict[str, Any] = {}
    for change in rows:
        kind = _KINDS.get(change.kind)
        if kind is None:
            continue  # a kind a newer client writes: the schema version says when to upgrade
        key = kind.prefix + change.review_key
        st = touched.get(key) or state.get(key) or _fresh_state(change, kind.prefix)
        seen = list(st.get("seen", []))
        if change.change_id in seen:
            continue
        st = st | {"seen": [*seen, change.change_id]}
        current = local[key] if key in local else kind.get(store, change.review_key)
        current_id = kind.version(current) if current else None
        synced = st.get("change_id")
        clean = current_id == synced if current else (synced is None or bool(st.get("deleted")))
        # Removed here since the last sync, not pushed yet: that removal is this machine's version
        # (pushed by this sync, at ``now``), compared like any other, never dropped unseen.
        removed_here = current is None and synced is not None and not st.get("deleted")
        if removed_here:
            current_id = version_id(change.review_key, None, str(synced))
        if current_id == change.change_id:
            touched[key] = st | {"change_id": change.change_id, "deleted": change.body is None}
            continue
        report.pulled += 1
        report.documents.add(change.doc_id)
        successor = (current is None and synced is None) or (clean and change.base == synced)
        incoming = kind.parse(change.review_key, change.body) if change.body is not None else None
        if not successor:  # changed apart (one reviewer on two machines, or two adjudicators)
            local_moment = current.updated_at if current else (now if removed_here else "")
            # The same content both ways (two machines carried the same shapes over): one wins
            # as ever, so every machine ends alike, but there is nothing to keep of the other.
            alike = kind.alike is not None and kind.alike(current, incoming)
            if not change.wins_over(local_moment, current_id or ""):
                if incoming is not None and not alike:
                    _set_aside(writes, report, incoming, "this machine's version", now, change.change_id)
                touched[key] = st
                continue
            if current is None and removed_here and kind.removed is not None:
                current = kind.removed(change.doc_id, change.review_key, report.reviewer, now)
            if current is not None and not alike:
                _set_aside(writes, report, current, "the team's version", now, current_id or "")
        if incoming is None:
            if current is not None:
                kind.drop(writes, change.review_key)
        else:
            kind.keep(writes, incoming)
        local[key] = incoming
        touched[key] = st | {
            "change_id": change.change_id,
            "deleted": incoming is None,
            "moment": change.moment,
        }
    writes.state.extend(touched.values())
    return writes


def _set_aside(
    writes: TeamWrites, report: SyncReport, lost: Any, kept: str, now: str, change_id: str
) -> None:
    """Keep the losing version: a review as an import conflict, a final verdict or shape in the sync state."""
    if isinstance(lost, Review):
        writes.conflicts.append(_aside(lost, kept, now))
        report.conflicts += 1
    elif isinstance(lost, DrawnShape):
        reason = "two reshapes of this paragraph were made apart; the later one was kept"
        writes.state.append(lost_shape(lost, kept, reason, now, change_id))
        report.shape_conflicts += 1
    else:
        reason = "two final verdicts of this claim were made apart; the later one was kept"
        writes.state.append(lost_verdict(lost, kept, reason, now, change_id))
        report.verdict_conflicts += 1


def _fresh_state(change: Change, prefix: str = "v:") -> dict[str, Any]:
    return {
        "key": prefix + change.review_key,
        "doc_id": change.doc_id,
        "reviewer": change.reviewer,
        "change_id": None,
        "seen": [],
    }


def _aside(lost: Review, kept: str, now: str) -> dict[str, Any]:
    reason = "the same reviewer changed this claim on two machines; the later change was kept"
    return conflict_record(lost, kept, reason, _SOURCE, now)


def _push(store: ReviewStore, connection: Any, report: SyncReport, now: str, *, read_only: bool) -> None:
    verdicts = report.schema >= VERDICTS_SINCE
    scan = scanning.changed_files(store, report.server)
    within = scan.within
    changes = pending(store, report.reviewer, now, verdicts=verdicts, within=within)
    if not verdicts:
        everything = pending(store, report.reviewer, now, within=within)
        report.verdicts_waiting = sum(1 for c in everything if c.kind == VERDICT)
    shapes = shapesync.pending_shapes(store, report.reviewer, now, within=within)
    if report.schema >= SHAPES_SINCE:
        changes.extend(shapes)
    else:
        report.shapes_waiting = len(shapes)
    # What waits for a newer server schema must be looked at again: then keep no stamps.
    scanned = scan.record(report.server) if verdicts and report.schema >= SHAPES_SINCE else None
    documents = _unpushed_documents(store)
    if read_only:
        report.not_pushed = len(changes)
        return
    if not changes and not documents:
        if scanned is not None and scanning.moved(store, scan, report.server):
            store.team_transaction(lambda: TeamWrites(state=[scanned]))  # the index alone
        return
    with connection.transaction(), connection.cursor() as cursor:
        if documents:
            cursor.execute(
                "INSERT INTO reviewer.documents (doc_id, title, language, claim_count, snapshot)"
                " SELECT d.doc_id, d.title, d.language, d.claim_count, d.snapshot"
                " FROM jsonb_to_recordset(%s::jsonb) AS d(doc_id text, title text, language text,"
                " claim_count int, snapshot jsonb) ON CONFLICT (doc_id) DO NOTHING RETURNING doc_id",
                (json.dumps(documents, ensure_ascii=False),),
            )
            report.documents_pushed = len(cursor.fetchall())
        if changes:
            kind = (", kind", ", c.kind", ", kind text") if verdicts else ("", "", "")
            cursor.execute(
                "INSERT INTO reviewer.changes (change_id, doc_id, review_key, reviewer, base, moment, body"
                f"{kind[0]}) SELECT c.change_id, c.doc_id, c.review_key, c.reviewer, c.base, c.moment,"
                f" c.body{kind[1]} FROM jsonb_to_recordset(%s::jsonb) AS c(change_id text, doc_id text,"
                f" review_key text, reviewer text, base text, moment text, body jsonb{kind[2]})"
                " ORDER BY c.moment ON CONFLICT (change_id) DO NOTHING RETURNING change_id",
                (json.dumps([c.row() for c in changes], ensure_ascii=False),),
            )
            report.pushed = len(cursor.fetchall())
        if report.pushed or report.documents_pushed:
            # Open screens LISTEN on this channel (background.py): they pull at once, not at
            # their next poll. Delivered at commit, so never before the rows can be read.
            cursor.execute("SELECT pg_notify(%s, '')", (CHANNEL,))
    report.documents.update(c.doc_id for c in changes)

    def decide() -> TeamWrites:
        state = store.team_state()
        writes = TeamWrites()
        for change in changes:
            prefix = _KINDS[change.kind].prefix
            st = state.get(prefix + change.review_key) or _fresh_state(change, prefix)
            writes.state.append(
                st
                | {
                    "change_id": change.change_id,
                    "deleted": change.body is None,
                    "moment": change.moment,
                    "seen": [*st.get("seen", []), change.change_id],
                }
            )
        writes.state.extend({"key": f"d:{doc['doc_id']}", "pushed": True} for doc in documents)
        if scanned is not None:
            writes.state.append(scanned)  # in the index, after every document file's part
        return writes

    store.team_transaction(decide)


def _unpushed_documents(store: ReviewStore) -> list[dict[str, Any]]:
    """The snapshots (normalised text and structure) of local documents the server may not have."""
    state = store.team_state()
    found = []
    for info in store.documents():
        if f"d:{info.doc_id}" in state:
            continue
        try:
            snapshot = json.loads(
                gzip.decompress((versions_dir(store) / f"{info.doc_id}.json.gz").read_bytes())
            )
        except (OSError, ValueError, EOFError):
            continue  # known only from an import: no text to share
        found.append(
            {
                "doc_id": info.doc_id,
                "title": info.title,
                "language": info.language,
                "claim_count": info.claim_count,
                "snapshot": snapshot,
            }
        )
    return found
