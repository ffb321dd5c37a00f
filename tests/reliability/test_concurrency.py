"""Several processes on one database: nothing lost, and the later change to a claim wins."""

from __future__ import annotations

import select
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reviewer.model import Anchor, Label, Review
from reviewer.storage.store import ReviewStore

DOC = "c" * 64

# A worker that obeys lines on stdin ("put CLAIM NOTE" / "bulk FIRST COUNT"), acknowledging each.
_WORKER = textwrap.dedent(
    """
    import sys
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore

    store = ReviewStore(sys.argv[1], lock_timeout=60)
    name = sys.argv[2]

    def review(claim, note):
        anchor = Anchor(exact=f"claim {claim}", prefix="", suffix="", start=claim * 10, end=claim * 10 + 5)
        return Review(doc_id="DOC", reviewer="shared", anchor=anchor, label=Label.DISPUTED, note=note)

    print("ready", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "put":
            store.put_review(review(int(args[0]), args[1]))
        elif command == "bulk":
            first, count = int(args[0]), int(args[1])
            for claim in range(first, first + count):
                store.put_review(review(claim, f"{name}-{claim}"))
        print("ok", flush=True)
    """
).replace('"DOC"', repr(DOC))


class Worker:
    """A live process holding its own open store, driven line by line."""

    def __init__(self, db: Path, name: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(db), name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self._read() == "ready"

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line:
            raise AssertionError(self.process.stderr.read() if self.process.stderr else "worker died")
        return line

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_ok(self) -> None:
        assert self._read() == "ok"

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


def notes(db: Path) -> dict[int, str]:
    return {r.anchor.start // 10: r.note for r in ReviewStore(db).reviews(DOC)}


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    writers, per_writer = 3, 150
    workers = [Worker(db, f"w{i}") for i in range(writers)]
    for i, worker in enumerate(workers):
        worker.send(f"bulk {i * 1000} {per_writer}")
    for worker in workers:
        worker.wait_ok()
        worker.close()
    saved = notes(db)
    expected = {i * 1000 + n: f"w{i}-{i * 1000 + n}" for i in range(writers) for n in range(per_writer)}
    assert saved == expected


def test_the_later_change_to_a_claim_wins_and_nothing_else_is_touched(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    first, second = Worker(db, "first"), Worker(db, "second")  # both open before any write
    first.send("put 1 from-first")
    first.wait_ok()
    first.send("put 2 untouched")
    first.wait_ok()
    second.send("put 1 from-second")  # a handle that never saw the writes above
    second.wait_ok()
    assert notes(db) == {1: "from-second", 2: "untouched"}
    first.send("put 1 first-again")
    first.wait_ok()
    assert notes(db) == {1: "first-again", 2: "untouched"}
    first.close()
    second.close()


def test_two_sessions_in_one_process_see_each_other(tmp_path: Path, sample_en: Path) -> None:
    from reviewer.documents.loader import load_document
    from reviewer.review.session import ReviewSession

    document = load_document(sample_en)
    alice = ReviewSession(document, ReviewStore(tmp_path / "db.json"), "alice")
    also_alice = ReviewSession(document, ReviewStore(tmp_path / "db.json"), "alice")
    alice.set_label(Label.VERIFIED)
    also_alice.move_to(1)
    also_alice.set_label(Label.OPINION)
    also_alice.reload()
    assert [also_alice.label(0), also_alice.label(1)] == [Label.VERIFIED, Label.OPINION]
    stored = ReviewStore(tmp_path / "db.json").reviews(document.doc_id, "alice")
    assert len(stored) == 2
    assert all(isinstance(review, Review) and isinstance(review.anchor, Anchor) for review in stored)


def test_deleting_the_lock_file_while_writers_run_loses_nothing(tmp_path: Path) -> None:
    """Deleting reviews.json.lock used to let two writers in at once (49 of 1,200 writes lost)."""
    db = tmp_path / "db.json"
    writers, per_writer = 3, 200
    workers = [Worker(db, f"w{i}") for i in range(writers)]
    for i, worker in enumerate(workers):
        worker.send(f"bulk {i * 1000} {per_writer}")
    deletions = 0
    while any(_busy(worker) for worker in workers):
        # What a user (or a cleaner) removing a stale-looking lock file does, again and again.
        for leftover in (db.with_name("db.json.lock"),):
            try:
                leftover.unlink()
                deletions += 1
            except FileNotFoundError:
                pass
        time.sleep(0.0005)
    for worker in workers:
        worker.wait_ok()
        worker.close()
    expected = {i * 1000 + n: f"w{i}-{i * 1000 + n}" for i in range(writers) for n in range(per_writer)}
    assert notes(db) == expected


def _busy(worker: Worker) -> bool:
    """True until the worker has answered (its "ok" is waiting to be read)."""
    assert worker.process.stdout is not None
    ready, _, _ = select.select([worker.process.stdout], [], [], 0)
    return not ready
