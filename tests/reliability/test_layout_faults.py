"""Writes that span the index and several document files: two writers, and kills at any moment."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reviewer.storage.store import ReviewStore

DOCS = ("a" * 64, "b" * 64, "c" * 64)

# Each step: a review in one document, a position in the index, then one team transaction
# writing sync state in all three document files and the watermark in the index; "ack N" once
# all of step N is saved.
_WRITER = textwrap.dedent(
    """
    import sys
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore, TeamWrites

    DOCS = ("a" * 64, "b" * 64, "c" * 64)
    store = ReviewStore(sys.argv[1], lock_timeout=60)
    name, count = sys.argv[2], int(sys.argv[3])
    for n in range(count):
        doc = DOCS[n % 3]
        anchor = Anchor(exact=f"c{n}", prefix="", suffix="", start=n * 10, end=n * 10 + 5)
        store.put_review(Review(doc, name, anchor, Label.VERIFIED, note=f"{name}-{n}"))
        store.set_position(doc, name, n, "now")
        state = [{"key": f"v:{d}:{n}-{n}:{name}", "doc_id": d, "reviewer": name, "step": n} for d in DOCS]
        store.team_transaction(lambda: TeamWrites(state=[*state, {"key": f"mark:{name}", "step": n}]))
        print("ack", n, flush=True)
    """
)


def _steps(db: Path, name: str) -> tuple[set[int], set[int], int]:
    """Steps whose review is there, steps whose state is in all three files, the index's mark."""
    store = ReviewStore(db)
    reviews = {int(r.note.split("-")[1]) for r in store.all_reviews() if r.reviewer == name}
    state = store.team_state()
    complete = {n for n in range(10_000) if all(f"v:{d}:{n}-{n}:{name}" in state for d in DOCS)}
    mark = (store.team_record(f"mark:{name}") or {}).get("step", -1)
    return reviews, complete, int(mark)


def test_two_writers_across_the_index_and_three_documents_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "reviews.json"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), name, "60"], stdout=subprocess.PIPE, text=True
        )
        for name in ("w1", "w2")
    ]
    outputs = [w.communicate(timeout=300)[0] for w in writers]
    assert all(w.returncode == 0 for w in writers)
    for name, out in zip(("w1", "w2"), outputs, strict=True):
        assert out.count("ack") == 60
        reviews, complete, mark = _steps(db, name)
        assert reviews == complete == set(range(60)) and mark == 59
        assert ReviewStore(db).positions(DOCS[59 % 3])[name] == 59


def test_a_kill_between_files_keeps_every_acknowledged_step_and_a_prefix_of_the_next(tmp_path: Path) -> None:
    rng = random.Random(5)
    for trial in range(8):
        db = tmp_path / f"trial-{trial}" / "reviews.json"
        db.parent.mkdir()
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), "w", "100000"], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        writer.stdout.readline()  # the first step is saved: the files exist
        time.sleep(rng.uniform(0.05, 0.4))
        writer.send_signal(signal.SIGKILL)
        # Only complete lines: a kill may cut the last one short, and that step was not acknowledged.
        acked = [int(line.split()[1]) for line in writer.communicate()[0].split("\n")[:-1]]
        last = max(acked, default=0)
        reviews, complete, mark = _steps(db, "w")
        # Every acknowledged step is whole; the step cut short left at most its first files.
        assert set(range(last + 1)) <= complete <= reviews and mark >= last
        assert reviews <= set(range(last + 2)) and complete <= set(range(last + 2))
        ReviewStore(db).put_review(next(iter(ReviewStore(db).all_reviews())))  # it carries on
