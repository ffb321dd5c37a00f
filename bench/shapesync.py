"""Team sync of reshapes: the push's scan for shapes, and a pull of shapes against one of reviews.

Run: python bench/shapesync.py  (local part only), or with
REVIEWER_BENCH_PG=postgresql://ADMIN@HOST/DB (a database the role owns; its reviewer schema is
dropped and re-created; roles alice and bob, password their name, are created if missing).

Local: a database of 50,000 synced reviews and 2,000 reshaped paragraphs; every push scans both
(``pending`` for reviews, ``pending_shapes`` for shapes): the shapes' scan as a ratio of the
reviews' one, measured in the same run. Server: 2,000 shapes pushed and pulled, against 2,000
reviews pushed and pulled in the same run.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from reviewer.model import Anchor, Label, Review
from reviewer.storage.store import ReviewStore, TeamWrites
from reviewer.teamserver.shapesync import pending_shapes
from reviewer.teamserver.sync import pending
from reviewer.teamserver.versions import review_version

REVIEWS, SHAPES = 50_000, 2_000
DOC = "ab" * 32


def _median(run: Callable[[], object], times: int = 5) -> float:
    samples = []
    for _ in range(times):
        begin = time.perf_counter()
        run()
        samples.append(time.perf_counter() - begin)
    return statistics.median(samples)


def _reviews(reviewer: str, n: int, doc: str = DOC) -> list[Review]:
    return [
        Review(
            doc,
            reviewer,
            Anchor(f"c{i}", "", "", i * 10, i * 10 + 5),
            Label.VERIFIED,
            updated_at="2026-01-01T00:00:00Z",
        )
        for i in range(n)
    ]


def _shapes(n: int) -> dict[int, tuple[Anchor, ...]]:
    return {p: (Anchor(f"part {p}", "", "", p * 20, p * 20 + 6),) for p in range(n)}


def local(tmp: Path) -> None:
    store = ReviewStore(tmp / "local.json")
    reviews = _reviews("alice", REVIEWS)
    store.add_reviews(reviews)
    synced = [
        {"key": "v:" + r.key, "doc_id": DOC, "reviewer": "alice", "change_id": review_version(r), "seen": []}
        for r in reviews
    ]
    store.team_transaction(lambda: TeamWrites(state=synced))
    store.put_shapes(DOC, _shapes(SHAPES), "alice", "2026-01-01T00:00:00Z")
    base = _median(lambda: pending(store, "alice", "now"))
    shapes = _median(lambda: pending_shapes(store, "alice", "now"))
    print(f"push scan, {REVIEWS:,} synced reviews + {SHAPES:,} shapes: reviews {base * 1000:.0f} ms,")
    print(f"  shapes {shapes * 1000:.0f} ms (ratio {shapes / base:.2f}: what reshapes add to every push)")
    store.close()


def _url(admin: str, role: str) -> str:
    parts = urlsplit(admin)
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{role}:{role}@{parts.hostname}{port}"))


def server(tmp: Path, admin: str) -> None:
    import psycopg

    from reviewer.teamserver import connect, install_schema, sync
    from reviewer.teamserver.schema import grant

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS reviewer CASCADE")
        for name in ("alice", "bob"):
            if not connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                connection.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{name}'")
    with connect(admin) as connection:
        install_schema(connection, "bench", "admin")
        for name in ("alice", "bob"):
            grant(connection, name, reviewer=None, read_only=False)
    timings: dict[str, float] = {}
    for what, fill in (
        ("reviews", lambda s: s.add_reviews(_reviews("alice", SHAPES, "cd" * 32))),
        ("shapes", lambda s: s.put_shapes("ef" * 32, _shapes(SHAPES), "alice", "2026-01-01T00:00:00Z")),
    ):
        alice = ReviewStore(tmp / f"alice-{what}.json")
        fill(alice)
        begin = time.perf_counter()
        assert sync(alice, _url(admin, "alice"), now="t").pushed == SHAPES
        timings[f"push {what}"] = time.perf_counter() - begin
        bob = ReviewStore(tmp / f"bob-{what}.json")
        begin = time.perf_counter()
        assert sync(bob, _url(admin, "bob"), now="t").pulled == SHAPES
        timings[f"pull {what}"] = time.perf_counter() - begin
        with connect(admin) as connection:  # the next pull starts from an empty server
            connection.execute("TRUNCATE reviewer.changes")
            connection.commit()
    for verb in ("push", "pull"):
        base, shapes = timings[f"{verb} reviews"], timings[f"{verb} shapes"]
        print(
            f"{verb} of {SHAPES:,} changes: reviews {base * 1000:.0f} ms, shapes {shapes * 1000:.0f} ms"
            f" (ratio {shapes / base:.2f})"
        )


def main() -> None:
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, {platform.platform()}")
    tmp = Path(tempfile.mkdtemp())
    local(tmp)
    admin = os.environ.get("REVIEWER_BENCH_PG", "").strip()
    if admin:
        server(tmp, admin)
    else:
        print("server part skipped: set REVIEWER_BENCH_PG")


if __name__ == "__main__":
    main()
