"""``reviewer team join|grant``, ``reviewer sync``, ``reviewer docs --team``, ``reviewer open SHA``."""

from __future__ import annotations

import gzip
import json
import sys
from typing import Any

from reviewer.cli.common import Run, one_line, print_json
from reviewer.clock import utc_now
from reviewer.errors import UsageError
from reviewer.storage.atomic import atomic_write_bytes
from reviewer.storage.snapshots import load_snapshot, versions_dir
from reviewer.teamserver.background import JOINED, TEAM_ENV, team_url_of
from reviewer.teamserver.connection import TeamServerError, connect, redacted, server_errors
from reviewer.teamserver.schema import VERDICTS_SINCE, check_version


def team_url(run: Run) -> str:
    """The team server: ``$REVIEWER_TEAM``, the configuration's ``[team] server``, or the joined one."""
    url = team_url_of(run.store(), run.config.team_server)
    if not url:
        raise UsageError(
            f"no team server: run 'reviewer team join postgresql://ROLE@HOST/DB', set ${TEAM_ENV},"
            " or [team] server in the configuration"
        )
    return url


def cmd_team_server(run: Run) -> int:
    """``reviewer team join URL`` and ``reviewer team grant ROLE [--read-only]``."""
    from reviewer.teamserver.schema import SERVER_SCHEMA_VERSION, grant, install_schema

    args = run.args
    if args.action == "join":
        url = args.url
        where = redacted(url)
        connection = connect(url)
        try:
            before = install_schema(connection, where, run.reviewer)
        finally:
            connection.close()
        store = run.store()
        store.team_transaction(lambda: _joined(where))
        created = (
            "created the team schema"
            if before is None
            else (
                f"migrated the team schema to version {SERVER_SCHEMA_VERSION}"
                if before < SERVER_SCHEMA_VERSION
                else f"team schema version {before}"
            )
        )
        print(f"joined {where} ({created}); run 'reviewer sync' to exchange reviews")
        if where != url.strip():
            print("reviewer: the password in the URL was not kept: put it in ~/.pgpass", file=sys.stderr)
        return 0
    url = team_url(run)
    connection = connect(url)
    try:
        with server_errors(redacted(url), connection):
            grant(connection, args.role, reviewer=args.as_reviewer, read_only=args.read_only)
    finally:
        connection.close()
    how = "read-only" if args.read_only else f"reviewing as {args.as_reviewer or args.role}"
    print(f"granted {args.role} on {redacted(url)}: {how}")
    return 0


def _joined(where: str) -> Any:
    from reviewer.storage.store import TeamWrites

    return TeamWrites(state=[{"key": JOINED, "url": where}])


def cmd_sync(run: Run) -> int:
    """Push local changes, pull teammates'; one line (or JSON) saying what moved."""
    from reviewer.teamserver.sync import sync

    report = sync(run.store(), team_url(run), now=utc_now())
    if run.args.json:
        print_json(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print(report.summary())
    return 0


def team_documents(run: Run) -> list[dict[str, Any]]:
    """The team's documents with each reviewer's labelled claims, from the server."""
    url = team_url(run)
    connection = connect(url)
    try:
        with server_errors(redacted(url), connection), connection.cursor() as cursor:
            # Reviews only: a final verdict or a reshape is no reviewer's progress.
            reviews = (
                "AND c.kind = 'review'" if check_version(connection, redacted(url)) >= VERDICTS_SINCE else ""
            )
            cursor.execute(
                "SELECT d.doc_id, d.title, d.language, d.claim_count, d.added_by,"
                " coalesce((SELECT jsonb_object_agg(reviewer, n) FROM ("
                "   SELECT reviewer, count(*) FILTER (WHERE body ->> 'label' IS NOT NULL) AS n FROM ("
                "     SELECT DISTINCT ON (review_key) reviewer, body FROM reviewer.changes c"
                f"     WHERE c.doc_id = d.doc_id {reviews}"
                "     ORDER BY review_key, moment DESC, change_id DESC) latest"
                "   GROUP BY reviewer) per), '{}'::jsonb)"
                " FROM reviewer.documents d ORDER BY d.added_at DESC"
            )
            rows = cursor.fetchall()
    finally:
        connection.close()
    return [
        {"sha256": r[0], "title": r[1], "language": r[2], "claims": r[3], "added_by": r[4], "reviewed": r[5]}
        for r in rows
    ]


def print_team_documents(run: Run) -> int:
    """``reviewer docs --team``."""
    rows = team_documents(run)
    if run.args.json:
        print_json(json.dumps({"documents": rows}, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not rows:
        print("the team server holds no documents yet")
        return 0
    print(f"{len(rows)} team document{'' if len(rows) == 1 else 's'}")
    for row in rows:
        progress = ", ".join(f"{one_line(k)} {v}/{row['claims']}" for k, v in sorted(row["reviewed"].items()))
        print(
            f"\n{one_line(str(row['title']))}\n  sha256 {row['sha256'][:12]} · {row['language']}"
            f" · {row['claims']} claims · added by {one_line(str(row['added_by']))}"
            f"\n  {progress or 'no reviews yet'}"
        )
    return 0


def fetch_document(run: Run, prefix: str) -> str:
    """The doc_id of the team document starting with ``prefix``, its snapshot kept locally."""
    store = run.store()
    if len(prefix) < 6 or any(c not in "0123456789abcdef" for c in prefix.lower()):
        raise UsageError(f"{prefix!r}: give at least 6 hex digits of the document's sha256")
    prefix = prefix.lower()
    local = [info.doc_id for info in store.documents() if info.doc_id.startswith(prefix)]
    if len(local) == 1 and load_snapshot(store, local[0]) is not None:
        return local[0]
    url = team_url(run)
    connection = connect(url)
    try:
        with server_errors(redacted(url), connection), connection.cursor() as cursor:
            cursor.execute(
                "SELECT doc_id, snapshot::text FROM reviewer.documents WHERE doc_id LIKE %s LIMIT 2",
                (prefix + "%",),
            )
            rows = cursor.fetchall()
    finally:
        connection.close()
    if not rows:
        raise UsageError(
            f"no document {prefix} on the team server ({redacted(url)}): see 'reviewer docs --team'"
        )
    if len(rows) > 1:
        raise UsageError(f"{prefix} names several team documents: give more of the sha256")
    doc_id, snapshot = str(rows[0][0]), str(rows[0][1])
    path = versions_dir(store) / f"{doc_id}.json.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, gzip.compress(snapshot.encode("utf-8"), 1))
    return doc_id


def cmd_open(run: Run) -> int:
    """Open a team document by the start of its sha256, even one never had as a file."""
    from reviewer.review.opening import OpenedDocument
    from reviewer.review.session import ReviewSession

    doc_id = fetch_document(run, run.args.sha)
    store = run.store()
    document = load_snapshot(store, doc_id)
    if document is None:
        raise TeamServerError(f"the team's copy of {doc_id[:12]} could not be read")
    try:  # the teammates' reviews of it, before the screen opens (offline: what is here)
        from reviewer.teamserver.sync import sync

        sync(store, team_url(run), now=utc_now())
    except TeamServerError as exc:
        print(f"reviewer: warning: {one_line(str(exc))}", file=sys.stderr)
    session = ReviewSession(document, store, run.reviewer)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        counts = session.counts()
        print(f"{one_line(document.title)} · {counts.total} claims · reviewed {counts.reviewed}")
        session.close()
        return 0
    from reviewer.tui.app import run_app

    return run_app(OpenedDocument(session), opening=document.title, config=run.config, team_url=team_url(run))
