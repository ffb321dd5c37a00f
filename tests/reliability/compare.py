"""Fault injection, our store against TinyDB's default storage, with one table of results.

    python tests/reliability/compare.py              # the counts RELIABILITY.md reports
    python tests/reliability/compare.py --trials 200 # quicker

Each row injects the same fault into both stores through the same harness: SIGKILL at
random moments, concurrent writers, a full disk (RLIMIT_FSIZE), and damaged files.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from tests.reliability.kill_harness import measure

_WRITERS = textwrap.dedent(
    """
    import sys
    from tinydb import TinyDB
    from tinydb.table import Document
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore

    kind, path, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if kind == "reviewer":
        store = ReviewStore(path, lock_timeout=120)
    else:
        table = TinyDB(path).table("reviews")
    for i in range(count):
        claim = worker * 100_000 + i
        anchor = Anchor(exact=f"claim {claim}", prefix="", suffix="", start=claim * 10, end=claim * 10 + 5)
        review = Review(doc_id="c" * 64, reviewer="r", anchor=anchor, label=Label.VERIFIED)
        if kind == "reviewer":
            store.put_review(review)
        else:
            try:
                table.upsert(Document(review.to_record(), doc_id=claim + 1))
            except ValueError:
                print("error", flush=True)  # a file another writer left half-written
    """
)

_FULL_DISK = textwrap.dedent(
    """
    import resource, signal, sys
    from tinydb import TinyDB
    from tinydb.table import Document
    from reviewer.errors import ReviewerError
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore

    kind, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    anchor = Anchor(exact="x" * 40, prefix="", suffix="", start=0, end=40)
    review = Review(doc_id="d" * 64, reviewer="r", anchor=anchor, label=Label.DISPUTED, note="n" * 20_000)
    try:
        if kind == "reviewer":
            ReviewStore(path).put_review(review)
        else:
            TinyDB(path).table("reviews").upsert(Document(review.to_record(), doc_id=1))
        print("reported saved")
    except (OSError, ReviewerError) as exc:
        print("refused:", type(exc).__name__)
    """
)


def _count_reviews(kind: str, path: Path) -> int | None:
    """How many reviews a fresh reader finds; None if the file no longer loads."""
    code = (
        "import sys\nfrom tinydb import TinyDB\nfrom reviewer.storage.store import ReviewStore\n"
        "kind, path = sys.argv[1], sys.argv[2]\n"
        "if kind == 'reviewer':\n    n = len(ReviewStore(path).reviews('c' * 64))\n"
        "else:\n    n = len(TinyDB(path).table('reviews'))\n"
        "print(n)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, kind, str(path)], capture_output=True, text=True)
    return int(result.stdout) if result.returncode == 0 else None


def concurrent_writers(kind: str, workdir: Path, writers: int, count: int, runs: int) -> dict[str, int]:
    """``runs`` times: ``writers`` processes each upsert ``count`` different claims at once."""
    lost = broken = 0
    for run in range(runs):
        path = workdir / f"{kind}-concurrent-{writers}-{run}.json"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _WRITERS, kind, str(path), str(w), str(count)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for w in range(writers)
        ]
        for proc in procs:
            proc.wait(timeout=600)
        found = _count_reviews(kind, path)
        if found is None:
            broken += 1
            lost += writers * count
        else:
            lost += writers * count - found
    return {"runs": runs, "writes": runs * writers * count, "lost_writes": lost, "broken_files": broken}


def full_disk(kind: str, workdir: Path) -> dict[str, object]:
    """A write that does not fit: is it refused, and is the old file still whole and loadable?"""
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore

    path = workdir / f"{kind}-full.json"
    old = Review(doc_id="c" * 64, reviewer="r", anchor=Anchor("old", "", "", 0, 3), label=Label.VERIFIED)
    if kind == "reviewer":
        store = ReviewStore(path)
        store.put_review(old)
        store.close()
    else:
        from tinydb import TinyDB

        with TinyDB(str(path)) as db:
            db.table("reviews").insert(old.to_record())
    before = path.read_bytes()
    limit = len(before) + 2000
    result = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, kind, str(path), str(limit)], capture_output=True, text=True
    )
    return {
        "answer": result.stdout.strip() or result.stderr.strip().splitlines()[-1],
        "file_unchanged": path.read_bytes() == before,
        "old_review_still_loads": _count_reviews(kind, path) == 1,
    }


_DAMAGED = {
    "truncated": b'{"reviews": {"1": {"note": "half',
    "garbage": b"\x00\xff garbage \x13",
    "wrong shape": b"[1, 2, 3]",
}


def damaged_files(kind: str, workdir: Path) -> dict[str, str]:
    """Open a damaged file and try one write: refused with the file untouched, or what?"""
    from reviewer.errors import ReviewerError
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore

    outcome = {}
    review = Review(doc_id="c" * 64, reviewer="r", anchor=Anchor("x", "", "", 0, 1), label=Label.VERIFIED)
    for name, content in _DAMAGED.items():
        path = workdir / f"{kind}-damaged.json"
        path.write_bytes(content)
        try:
            if kind == "reviewer":
                ReviewStore(path).put_review(review)
            else:
                from tinydb import TinyDB

                TinyDB(str(path)).table("reviews").insert(review.to_record())
            verdict = "accepted the write"
        except ReviewerError:
            verdict = "refused with a clear message"
        except Exception as exc:  # what TinyDB raises: a traceback for the user
            verdict = f"raised {type(exc).__name__}"
        untouched = path.read_bytes() == content
        outcome[name] = f"{verdict}; file {'untouched' if untouched else 'OVERWRITTEN'}"
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=1000, help="SIGKILL trials per store")
    parser.add_argument("--runs", type=int, default=5, help="runs of each concurrent-writers case")
    args = parser.parse_args()
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        report["kill"] = {
            store: measure(store, args.trials, work, seed=3).__dict__
            for store in ("reviewer", "reviewer-folding", "tinydb-default")
        }
        report["concurrent"] = {
            f"{kind}, {writers} writers x 200": concurrent_writers(kind, work, writers, 200, args.runs)
            for kind in ("reviewer", "tinydb-default")
            for writers in (2, 4)
        }
        report["full_disk"] = {kind: full_disk(kind, work) for kind in ("reviewer", "tinydb-default")}
        report["damaged"] = {kind: damaged_files(kind, work) for kind in ("reviewer", "tinydb-default")}
        report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
