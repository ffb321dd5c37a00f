"""The storage faults of issue 18, measured many times: lock deletion, damage, read-only, stopped holder.

    python tests/reliability/storage_faults.py            # the counts RELIABILITY.md reports (~3 min)
    python tests/reliability/storage_faults.py --quick    # a few trials of each

Every fault is real: writer processes, a loop deleting ``reviews.json.lock``, bytes changed in
the journal, ``chmod`` with root's capabilities dropped (``setpriv``), a process stopped with
SIGSTOP while it holds the lock.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_docs" / "harbour-bridge-levy.md"

_WRITER = textwrap.dedent(
    """
    import sys
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage import journal
    from reviewer.storage.store import ReviewStore

    if sys.argv[4] == "lock file":  # the earlier design, for comparison: a flock on reviews.json.lock
        from filelock import FileLock, Timeout
        from reviewer.storage.locking import LockBusy

        class LockFile:
            def __init__(self, _journal, lock_path):
                self._lock = FileLock(str(lock_path))

            def acquire(self, timeout):
                try:
                    self._lock.acquire(timeout=timeout)
                except Timeout:
                    raise LockBusy from None

            def release(self):
                self._lock.release()

        journal.DatabaseLock = LockFile

    store = ReviewStore(sys.argv[1], lock_timeout=120)
    worker, count = int(sys.argv[2]), int(sys.argv[3])
    for i in range(count):
        claim = worker * 100_000 + i
        anchor = Anchor(exact=f"c{claim}", prefix="", suffix="", start=claim * 10, end=claim * 10 + 5)
        store.put_review(Review("c" * 64, "r", anchor, Label.VERIFIED, note=f"w{worker}-{i}"))
        print(claim, flush=True)
    """
)

_COUNT = (
    "import sys\nfrom reviewer.storage.store import ReviewStore\n"
    "print(len(ReviewStore(sys.argv[1]).reviews('c' * 64)))"
)


@contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="reviewer-faults-") as folder:
        yield Path(folder)


def _env() -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(REPO), "REVIEWER_NAME": "alice"}


def lock_deletion(runs: int, writers: int, per_writer: int, design: str) -> dict[str, int]:
    """Writers run while a loop deletes reviews.json.lock; count acknowledged writes lost.

    ``design``: "journal" (ours: the flock is on the journal) or "lock file" (the earlier one).
    The lock file is put back between deletions, so there is always one to delete.
    """
    totals = {"runs": runs, "writes": 0, "lost": 0, "broken": 0, "deletions": 0}
    for _ in range(runs):
        with scratch() as folder:
            db = folder / "reviews.json"
            procs = [
                subprocess.Popen(
                    [sys.executable, "-c", _WRITER, str(db), str(w), str(per_writer), design],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,  # the earlier design's writers die of the damage
                    text=True,
                    env=_env(),
                )
                for w in range(writers)
            ]
            lock_file = folder / "reviews.json.lock"
            while any(p.poll() is None for p in procs):
                try:
                    lock_file.unlink()
                    totals["deletions"] += 1
                except FileNotFoundError:
                    lock_file.touch()  # a leftover of an earlier version, or any other process's file
                time.sleep(0.0005)
            acknowledged = sum(len(p.communicate()[0].split()) for p in procs)
            found = subprocess.run(
                [sys.executable, "-c", _COUNT, str(db)], capture_output=True, text=True, env=_env()
            )
            totals["writes"] += acknowledged
            if found.returncode != 0:
                totals["broken"] += 1
                totals["lost"] += acknowledged
            else:
                totals["lost"] += acknowledged - int(found.stdout)
    return totals


def damage(trials: int, seed: int = 18) -> dict[str, int]:
    """Change one byte of the journal's header or last complete line; count silent openings."""
    from reviewer.errors import CorruptDatabaseError
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore

    rng = random.Random(seed)
    totals = {"trials": trials, "refused with the right offset": 0, "opened silently": 0, "files changed": 0}
    for trial in range(trials):
        with scratch() as folder:
            db = folder / "reviews.json"
            store = ReviewStore(db)
            for i in range(rng.randint(1, 30)):
                anchor = Anchor(exact=f"c{i}", prefix="", suffix="", start=i * 10, end=i * 10 + 5)
                store.put_review(
                    Review("c" * 64, "r", anchor, Label.DISPUTED, note="n" * rng.randint(0, 200))
                )
            # The reviews are in the document's own file (reviews.json.d/): damage its journal.
            journal = folder / "reviews.json.d" / f"{'c' * 64}.json.journal"
            data = bytearray(journal.read_bytes())
            lines = bytes(data).split(b"\n")[:-1]
            header = trial % 2 == 0
            start = 0 if header else len(data) - len(lines[-1]) - 1
            length = len(lines[0]) if header else len(lines[-1])
            # Half the trials change one hex digit of the CRC, the other half any byte of the line.
            where = start + rng.randrange(8 if trial % 4 < 2 else length)
            data[where] = rng.choice([b for b in b'0123456789abcdef{}":, x' if b != data[where]])
            journal.write_bytes(bytes(data))
            before = (db.read_bytes(), journal.read_bytes())
            try:
                ReviewStore(db).put_review(Review("c" * 64, "r", Anchor("x", "", "", 0, 1), Label.OPINION))
                totals["opened silently"] += 1
            except CorruptDatabaseError as exc:
                if re.search(rf"damaged at byte {start}\b", str(exc)):
                    totals["refused with the right offset"] += 1
            if (db.read_bytes(), journal.read_bytes()) != before:
                totals["files changed"] += 1
    return totals


_READING = [["claims", "{doc}"], ["stats", "{doc}"], ["docs"], ["export", "{doc}", "-o", "{out}/n.json"],
            ["backup", "{out}/copy.json"], ["import", "{out}/n.json", "--dry-run"]]  # fmt: skip
_WRITING = [["mark", "{doc}", "5", "v"], ["import", "{out}/n.json"]]


def read_only(rounds: int) -> dict[str, int]:
    """Each read-only case × each command, as root without its powers: right outcomes, files kept."""
    totals = {"runs": 0, "right outcome": 0, "files changed": 0}
    if shutil.which("setpriv") is None:
        return totals
    for _ in range(rounds):
        for case in ("file", "journal", "folder"):
            with scratch() as folder:
                data, out = folder / "data", folder / "out"
                data.mkdir()
                out.mkdir()
                db = data / "reviews.json"
                for claim, label in (("1", "v"), ("2", "d")):
                    _reviewer("mark", str(SAMPLE), claim, label, "--db", str(db), powers=True)
                _reviewer("export", str(SAMPLE), "-o", str(out / "n.json"), "--db", str(db), powers=True)
                target = {"file": db, "journal": db.with_name("reviews.json.journal"), "folder": data}[case]
                target.chmod(0o555 if case == "folder" else 0o444)
                before = _files(data)
                try:
                    for argv, expected in [(a, 0) for a in _READING] + [(a, 1) for a in _WRITING]:
                        words = [w.format(doc=SAMPLE, out=out) for w in argv]
                        result = _reviewer(*words, "--db", str(db))
                        totals["runs"] += 1
                        one_line = result.stderr.count("\n") <= 1 and "Traceback" not in result.stderr
                        said = expected == 0 or "cannot be written" in result.stderr
                        totals["right outcome"] += result.returncode == expected and one_line and said
                        totals["files changed"] += _files(data) != before
                finally:
                    target.chmod(0o755 if case == "folder" else 0o644)
    return totals


def _reviewer(*argv: str, powers: bool = False) -> subprocess.CompletedProcess[str]:
    drop = [] if powers else ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]
    return subprocess.run(
        [*drop, sys.executable, "-m", "reviewer", *argv],
        capture_output=True, text=True, env=_env(), stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


_HOLDER = textwrap.dedent(
    """
    import os, signal, sys
    from reviewer.storage.store import ReviewStore

    def stop(stored):
        print("holding", flush=True)
        os.kill(os.getpid(), signal.SIGSTOP)
        return stored

    ReviewStore(sys.argv[1]).update_review("k", stop)
    """
)


def stopped_holder(trials: int, keys: int) -> dict[str, float]:
    """A screen's store (50 ms lock wait) labels claims while a stopped process holds the lock."""
    from reviewer.documents.loader import load_document
    from reviewer.errors import DatabaseLockedError
    from reviewer.model import Label
    from reviewer.review.session import ReviewSession
    from reviewer.storage.store import ReviewStore
    from reviewer.tui.saving import SCREEN_LOCK_WAIT

    document = load_document(SAMPLE)
    totals: dict[str, float] = {
        "trials": trials,
        "keys": 0,
        "kept": 0,
        "saved after resume": 0,
        "slowest ms": 0,
    }
    for _ in range(trials):
        with scratch() as folder:
            db = folder / "reviews.json"
            command = [sys.executable, "-c", _HOLDER, str(db)]
            holder = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_env())
            assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
            session = ReviewSession(document, ReviewStore(db, lock_timeout=SCREEN_LOCK_WAIT), "alice")
            for key in range(keys):
                started = time.monotonic()
                session.move_to(key)
                try:
                    session.set_label(Label.VERIFIED, advance=False)
                except DatabaseLockedError:
                    totals["kept"] += key in session.unsaved
                totals["slowest ms"] = max(totals["slowest ms"], 1000 * (time.monotonic() - started))
                totals["keys"] += 1
            holder.send_signal(signal.SIGCONT)
            holder.wait(timeout=60)
            session.flush()
            again = ReviewSession(document, ReviewStore(db), "alice")
            totals["saved after resume"] += sum(again.label(i) is Label.VERIFIED for i in range(keys))
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="a few trials of each")
    quick = parser.parse_args().quick
    sys.path.insert(0, str(REPO))
    runs, per_writer = (2, 40) if quick else (10, 400)
    results: dict[str, dict[str, int] | dict[str, float]] = {
        "lock file deleted in a loop, 3 writers × 400": lock_deletion(runs, 3, per_writer, "journal"),
        "the same, the earlier lock-file design": lock_deletion(runs, 3, per_writer, "lock file"),
        "one byte of the journal's header or last complete line changed": damage(20 if quick else 1000),
        "read-only file / journal / folder × 8 commands": read_only(1 if quick else 3),
        "a process stopped with the lock, 5 keys each": stopped_holder(2 if quick else 20, 5),
    }
    for name, counts in results.items():
        print(f"{name}: " + ", ".join(f"{key} {value:g}" for key, value in counts.items()))


if __name__ == "__main__":
    main()
