"""Kill-at-any-moment harness: a child keeps marking claims, the parent SIGKILLs it at random.

Each trial forks a writer that upserts reviews through a store and reports every write the
store acknowledged (the call returned) on a pipe. The parent kills it after a random delay,
then opens the file: it must parse and hold every acknowledged write. The same harness runs
against TinyDB's default JSONStorage for comparison.

    python tests/reliability/kill_harness.py --trials 1000     # full run, prints a table
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tinydb import TinyDB
from tinydb.table import Document

from reviewer.errors import ReviewerError
from reviewer.model import Anchor, Label, Review
from reviewer.storage import journal
from reviewer.storage.store import ReviewStore

DOC_ID = "d" * 64
PRELOADED = 200  # notes already in the DB, so each write rewrites a realistic file
CLAIMS = 40  # writes cycle over these claims, each time with a note of a new length


def _note(version: int) -> str:
    # Lengths vary, so half the rewrites shrink the file: the window where an in-place
    # writer (write, then truncate) leaves new text followed by a stale tail.
    return f"v{version} " + "n" * ((version * 7919) % 600)


def _review(claim: int, version: int) -> Review:
    anchor = Anchor(
        exact=f"claim {claim} « vérifié »",
        prefix="p" * 32,
        suffix="s" * 32,
        start=claim * 50,
        end=claim * 50 + 20,
    )
    return Review(DOC_ID, "killer", anchor, Label.VERIFIED, note=_note(version), sources=("https://example.org",),
                  created_at="2026-11-25T10:00:00Z", updated_at="2026-11-25T10:00:00Z")  # fmt: skip


def _versions(notes: dict[int, str]) -> dict[int, int]:
    return {claim: int(note.split(" ", 1)[0][1:]) for claim, note in notes.items()}


# -- the two stores under test: write version v of a claim, read back each claim's version --


def ours_write(path: Path) -> Callable[[int, int], None]:
    store = ReviewStore(path, lock_timeout=30)
    return lambda claim, version: store.put_review(_review(claim, version))


def ours_folding_write(path: Path) -> Callable[[int, int], None]:
    """Our store made to fold its journal every few writes, so kills land in folds too.

    Only ever called in a forked child: the changed thresholds die with it.
    """
    journal.MIN_COMPACT_BYTES, journal.COMPACT_RATIO = 0, 0.05
    return ours_write(path)


def ours_read(path: Path) -> dict[int, int]:
    return _versions({r.anchor.start // 50: r.note for r in ReviewStore(path).reviews(DOC_ID)})


def tinydb_write(path: Path) -> Callable[[int, int], None]:
    table = TinyDB(str(path)).table("reviews")

    def write(claim: int, version: int) -> None:
        table.upsert(Document(_review(claim, version).to_record(), doc_id=claim + 1))

    return write


def tinydb_read(path: Path) -> dict[int, int]:
    with TinyDB(str(path)) as db:
        records = db.table("reviews").all()
    return _versions({int(r["anchor"]["start"]) // 50: str(r["note"]) for r in records})


Writer = Callable[[Path], Callable[[int, int], None]]
Reader = Callable[[Path], dict[int, int]]
STORES: dict[str, tuple[Writer, Reader]] = {
    "reviewer": (ours_write, ours_read),
    "reviewer-folding": (ours_folding_write, ours_read),
    "tinydb-default": (tinydb_write, tinydb_read),
}


@dataclass
class Outcome:
    """What one store did over many trials."""

    trials: int = 0
    acknowledged: int = 0
    broken_files: int = 0
    lost_writes: int = 0
    trials_losing_writes: int = 0


def _child(store: str, path: Path, write_fd: int, first_version: int) -> None:
    """In the forked child: write until killed, acknowledging each write the store returned from."""
    try:
        write = STORES[store][0](path)
        for version in range(first_version, first_version + 100_000):
            claim = version % CLAIMS
            write(claim, version)
            os.write(write_fd, f"{claim} {version}\n".encode())
    finally:
        os._exit(0)


def run_trial(store: str, path: Path, rng: random.Random, max_delay: float) -> tuple[int, bool, int]:
    """One fork-write-kill cycle; returns (writes acknowledged, file broken, writes lost)."""
    read_fd, write_fd = os.pipe()
    first_version = PRELOADED + rng.randrange(1, 10**6) * 1000
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        _child(store, path, write_fd, first_version)
    os.close(write_fd)
    time.sleep(rng.uniform(0, max_delay))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    acknowledged = _drain(read_fd)
    try:
        saved = STORES[store][1](path)
    except (ValueError, ReviewerError, KeyError, TypeError):
        return len(acknowledged), True, len(acknowledged)
    # A write is lost when its claim holds an older version than the one acknowledged.
    lost = sum(1 for claim, version in acknowledged if saved.get(claim, -1) < version)
    return len(acknowledged), False, lost


def _drain(read_fd: int) -> list[tuple[int, int]]:
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    lines = b"".join(chunks).decode().split("\n")[:-1]  # the last line may be cut by the kill
    return [(int(claim), int(version)) for claim, version in (line.split() for line in lines)]


def measure(store: str, trials: int, workdir: Path, *, seed: int = 1, max_delay: float = 0.06) -> Outcome:
    """Run ``trials`` kill trials on fresh files, each preloaded with ``PRELOADED`` notes."""
    rng = random.Random(seed)
    outcome = Outcome()
    seed_file = workdir / f"{store}-seed.json"
    # Seed in this process with the plain writer (the folding one changes module settings).
    write = (ours_write if store.startswith("reviewer") else STORES[store][0])(seed_file)
    for claim in range(PRELOADED):
        write(claim, claim)
    if store.startswith("reviewer"):
        ReviewStore(seed_file).close()  # fold the journal: the template is the main file alone
    template = seed_file.read_bytes()
    # Our database is the index and a folder of document files: each trial starts with both.
    documents = seed_file.with_name(seed_file.name + ".d")
    for trial in range(trials):
        path = workdir / f"{store}-{trial}.json"
        path.write_bytes(template)
        if documents.is_dir():
            shutil.copytree(documents, path.with_name(path.name + ".d"))
        acknowledged, broken, lost = run_trial(store, path, rng, max_delay)
        outcome.trials += 1
        outcome.acknowledged += acknowledged
        outcome.broken_files += broken
        outcome.lost_writes += lost
        outcome.trials_losing_writes += bool(lost)
        for leftover in (path, path.with_name(path.name + ".journal"), path.with_name(path.name + ".lock")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(path.with_name(path.name + ".d"), ignore_errors=True)
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for store in STORES:
            started = time.perf_counter()
            outcome = measure(store, args.trials, Path(tmp), seed=args.seed)
            results[store] = outcome.__dict__ | {"seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
