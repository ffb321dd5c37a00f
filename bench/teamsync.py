"""Team server bench: 20 reviewer processes × 500 marks then sync, and one document's pull at 1M rows.

Run: REVIEWER_BENCH_PG=postgresql://ADMIN@HOST/DB python bench/teamsync.py  (the URL of a database
the role owns; its reviewer schema is dropped and re-created). Roles r00…r19 are created with
their name as password if the admin role may create roles.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from reviewer.storage.store import ReviewStore
from reviewer.teamserver import connect, install_schema, sync
from reviewer.teamserver.schema import grant

REVIEWERS, MARKS = 20, 500
DOC = "cd" * 32

_CHILD = """
import sys, time
from reviewer.model import Anchor, Label, Review
from reviewer.storage.store import ReviewStore
from reviewer.teamserver import sync
db, url, name, n, doc = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
store = ReviewStore(db)
labels = (Label.VERIFIED, Label.DISPUTED, Label.OPINION)
for i in range(n):
    store.put_review(Review(doc, name, Anchor(f"c{i}", "", "", i * 10, i * 10 + 5), labels[i % 3],
                            updated_at="2026-01-01T00:00:00Z"))
times = []
for _ in range(3):
    start = time.perf_counter(); sync(store, url, now="t"); times.append(time.perf_counter() - start)
print(" ".join(f"{t:.4f}" for t in times), len(store.all_reviews()))
store.close()
"""


def _url(admin: str, role: str) -> str:
    parts = urlsplit(admin)
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{role}:{role}@{parts.hostname}{port}"))


def main() -> None:
    admin = os.environ["REVIEWER_BENCH_PG"]
    names = [f"r{i:02d}" for i in range(REVIEWERS)]
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS reviewer CASCADE")
        for name in names:
            if not connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                connection.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{name}'")
    with connect(admin) as connection:
        install_schema(connection, "bench", "admin")
        for name in names:
            grant(connection, name, reviewer=None, read_only=False)
    tmp = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(tmp / f"{n}.json"), _url(admin, n), n, str(MARKS), DOC],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in names
    ]
    syncs: list[float] = []
    for child in children:
        out, _ = child.communicate()
        *times, _count = out.split()
        syncs.extend(float(t) for t in times)
    # Convergence: one more sync each, then every client holds every review.
    for n in names:
        store = ReviewStore(tmp / f"{n}.json")
        begin = time.perf_counter()
        sync(store, _url(admin, n), now="t")
        syncs.append(time.perf_counter() - begin)
        assert len(store.all_reviews()) == REVIEWERS * MARKS, len(store.all_reviews())
        store.close()
    converged = time.perf_counter() - start
    with connect(admin) as connection:
        rows = connection.execute("SELECT count(*) FROM reviewer.changes").fetchone()[0]
    syncs.sort()
    p99 = syncs[min(len(syncs) - 1, int(len(syncs) * 0.99))]
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, {platform.platform()}")
    print(f"{REVIEWERS} reviewers × {MARKS} marks: converged in {converged:.1f} s (marking included),")
    print(f"  one sync p50 {statistics.median(syncs) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms; server rows {rows}")
    # One document's pull from a server holding 1,000,000 reviews (200 documents × 500 claims × 10).
    with connect(admin) as connection:
        # Generated rows are written by the owner for many reviewers: row-level security is
        # lifted for this one statement (the owner may), and forced again after.
        connection.execute("ALTER TABLE reviewer.changes NO FORCE ROW LEVEL SECURITY")
        connection.execute(
            "INSERT INTO reviewer.changes (change_id, doc_id, review_key, reviewer, moment, body, pushed_by)"
            " SELECT md5(g::text) || md5((g + 1)::text), lpad(to_hex(g % 200), 64, '0'), g::text,"
            " 'r' || lpad((g % 10)::text, 2, '0'), '2026', jsonb_build_object('label', 'verified'), 'admin'"
            " FROM generate_series(1, 1000000) g"
        )
        connection.commit()
        connection.execute("ALTER TABLE reviewer.changes FORCE ROW LEVEL SECURITY")
        connection.commit()
        connection.execute("ANALYZE reviewer.changes")
        doc = "0" * 63 + "7"
        begin = time.perf_counter()
        got = connection.execute(
            "SELECT change_id, body FROM reviewer.changes WHERE doc_id = %s AND xid >= '0'::xid8 ORDER BY seq",
            (doc,),
        ).fetchall()
        pull = time.perf_counter() - begin
        begin = time.perf_counter()
        everything = connection.execute("SELECT count(*) FROM reviewer.changes").fetchone()[0]
        scan = time.perf_counter() - begin
    print(f"pull of one document ({len(got)} rows) from {everything} rows: {pull * 1000:.0f} ms"
          f" (a count over every row, the scan baseline: {scan * 1000:.0f} ms; ratio {scan / pull:.1f}×)")


if __name__ == "__main__":
    main()
