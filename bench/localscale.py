"""The local side of a team's year: open one document, mark, push, in a database of N synced reviews.

The issue's goal: a local database holding 1,000,000 reviews synced down from the team server
(200 documents × 500 claims × 10 reviewers) opens one document in under 0.3 s, and a mark
costs the same as in a small database. Each database here is what a pull leaves: every review
and the sync state of each (its last version id and the ids seen), in the per-document layout
(the index, and one plain TinyDB file per document), written directly and folded, as after a
quit. Measured, fresh each time, files in the page cache:

- open: ``ReviewStore(path)`` then ``store.reviews(doc_id)`` (every reviewer's reviews of one
  document: what the session and the others' panel read);
- mark: ``put_review`` of one review (append and fsync; a fold now and then, counted in);
- push scan: what a push reads locally after one mark (``changed_files`` + ``pending``);
- memory: the peak resident size of a process that opens one document.

Baseline in the same run: the same three in a database of one document (5,000 reviews). The
one-file layout of schema 2 is measured too up to 100,000 reviews (its open parses everything).

    python bench/localscale.py [N ...]       # default: 10000 100000 1000000
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewer.model import Anchor, Label, Review
from reviewer.storage.migration import dumps
from reviewer.storage.partitions import folder_of
from reviewer.storage.store import ReviewStore, TeamWrites, record_id
from reviewer.teamserver.scanning import changed_files
from reviewer.teamserver.sync import pending
from reviewer.teamserver.versions import review_version

CLAIMS, REVIEWERS = 500, 10
PER_DOCUMENT = CLAIMS * REVIEWERS
NOW = "2026-12-02T09:00:00Z"
SERVER = "postgresql://team.example/newsroom"
LABELS = (Label.VERIFIED, Label.DISPUTED, Label.OPINION)
SENTENCE = "The council's report of {n} says the bridge carries {n},400 vehicles a weekday. "


def _anchors() -> list[Anchor]:
    spans, parts, at = [], [], 0
    for n in range(CLAIMS):
        sentence = SENTENCE.format(n=n)
        parts.append(sentence)
        spans.append((at, at + len(sentence) - 1))
        at += len(sentence)
    text = "".join(parts)
    return [Anchor.for_span(text, start, end) for start, end in spans]


def _document(doc_id: str, anchors: list[Anchor], count: int) -> dict[str, dict[str, Any]]:
    """One document's file as a pull leaves it: its reviews and their sync state."""
    reviews: dict[str, dict[str, Any]] = {}
    state: dict[str, dict[str, Any]] = {}
    for r in range(REVIEWERS):
        for c, anchor in enumerate(anchors):
            if len(reviews) == count:
                break
            review = Review(
                doc_id=doc_id,
                reviewer=f"reviewer{r}",
                anchor=anchor,
                label=LABELS[(c + r) % 3],
                note="Checked against the minutes." if c % 3 == 0 else "",
                created_at=NOW,
                updated_at=NOW,
            )
            version = review_version(review)
            reviews[str(record_id(review.key))] = {"key": review.key} | review.to_record()
            key = f"v:{review.key}"
            state[str(record_id(key))] = {
                "key": key,
                "doc_id": doc_id,
                "reviewer": review.reviewer,
                "change_id": version,
                "seen": [version],
                "deleted": False,
                "moment": NOW,
            }
    return {"reviews": reviews, "team_sync": state}


def build(path: Path, total: int) -> str:
    """A folded per-document database of ``total`` synced reviews; returns one document's id."""
    anchors = _anchors()
    store = ReviewStore(path)
    documents = max(1, -(-total // PER_DOCUMENT))
    ids = [hashlib.sha256(f"document {d}".encode()).hexdigest() for d in range(documents)]
    for doc_id in ids:
        store.register(doc_id, path=f"/news/{doc_id[:8]}.md", title=doc_id[:8], language="en",
                       claim_count=CLAIMS, now=NOW)  # fmt: skip
    store.team_transaction(lambda: TeamWrites(state=[{"key": "watermark", "xmin": "7", "server": SERVER}]))
    store.close()
    folder = folder_of(path)
    folder.mkdir(exist_ok=True)
    left = total
    for doc_id in ids:
        (folder / f"{doc_id}.json").write_bytes(dumps(_document(doc_id, anchors, min(left, PER_DOCUMENT))))
        left -= PER_DOCUMENT
    # As after a push: the stamps of what it scanned, so the next push reads only what changes.
    fresh = ReviewStore(path)
    record = changed_files(fresh, SERVER).record(SERVER)
    assert record is not None
    fresh.team_transaction(lambda: TeamWrites(state=[record]))
    fresh.close()
    # Write the built files out now: on ext4 an fsync also flushes every other dirty file, so
    # the first marks would pay for the hundreds of megabytes just written.
    os.sync()
    return ids[0]


def one_file(path: Path, target: Path) -> None:
    """The same database in schema 2's layout (one file), to compare the opening."""
    tables: dict[str, dict[str, Any]] = {}
    for file in [path, *sorted(folder_of(path).glob("*.json"))]:
        for name, rows in json.loads(file.read_bytes()).items():
            if name != "_storage":
                tables.setdefault(name, {}).update(rows)
    tables["_meta"][str(record_id("schema"))]["schema_version"] = 2
    target.write_bytes(dumps(tables))


def _median(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _marks(path: Path, doc_id: str, count: int) -> float:
    """Mean seconds per mark over ``count`` marks (folds included), one store as a screen keeps."""
    store = ReviewStore(path)
    anchors = _anchors()
    start = time.perf_counter()
    for n in range(count):
        anchor = anchors[n % CLAIMS]
        store.put_review(Review(doc_id, "me", anchor, LABELS[n % 3], f"mark {n}", (), NOW, NOW))
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed / count


def _push_scan(path: Path, doc_id: str) -> float:
    """After one mark: what a push reads locally to find it."""
    store = ReviewStore(path)
    store.put_review(Review(doc_id, "me", _anchors()[1], Label.OPINION, "one more", (), NOW, NOW))
    store.close()

    def scan() -> None:
        fresh = ReviewStore(path)
        changes = pending(fresh, "me", NOW, within=changed_files(fresh, SERVER).within)
        assert changes, "the mark is pending"

    return _median(scan, 3)


_PEAK = (
    "import resource, sys\nfrom reviewer.storage.store import ReviewStore\n"
    "ReviewStore(sys.argv[1]).reviews(sys.argv[2])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def _peak_memory(path: Path, doc_id: str) -> float:
    """Peak resident memory (MB) of a fresh process that opens one document, interpreter included."""
    out = subprocess.run([sys.executable, "-c", _PEAK, str(path), doc_id], capture_output=True, text=True)
    return int(out.stdout) / 1024


def measure(path: Path, total: int, repeat: int, marks: int) -> dict[str, Any]:
    path.parent.mkdir(parents=True)
    doc_id = build(path, total)

    def open_one() -> None:
        store = ReviewStore(path)
        assert len(store.reviews(doc_id)) == min(total, PER_DOCUMENT)

    return {
        "doc_id": doc_id,
        "open": _median(open_one, repeat),
        "rss": _peak_memory(path, doc_id),
        "mark": _marks(path, doc_id, marks),
        "push": _push_scan(path, doc_id),
        "mb": sum(f.stat().st_size for f in [path, *folder_of(path).iterdir()]) / 1e6,
    }


def main(sizes: list[int]) -> None:
    print(f"machine: {platform.machine()} · Python {platform.python_version()} · {platform.platform()}")
    marks = 200
    with tempfile.TemporaryDirectory() as tmp:
        base = measure(Path(tmp) / "base" / "db.json", PER_DOCUMENT, 9, marks)
        print(
            f"baseline, one document ({PER_DOCUMENT:,} reviews): open {base['open'] * 1000:.0f} ms ·"
            f" mark {base['mark'] * 1000:.2f} ms · push scan {base['push'] * 1000:.0f} ms ·"
            f" memory {base['rss']:.0f} MB"
        )
        print("| reviews | MB | open one document | × base | memory | mark | × base | push scan | × base |"
              " one file (schema 2): open | goal 0.3 s |")  # fmt: skip
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for total in sizes:
            folder = Path(tmp) / str(total)
            path = folder / "db.json"
            got = measure(path, total, 5 if total < 1_000_000 else 3, marks)
            old = "—"
            if total <= 100_000:
                single = folder / "single.json"
                one_file(path, single)

                def open_old(single: Path = single, doc_id: str = str(got["doc_id"])) -> None:
                    ReviewStore(single).reviews(doc_id)

                old = f"{_median(open_old, 3) * 1000:,.0f} ms"
            print(
                f"| {total:,} | {got['mb']:,.0f} | {got['open'] * 1000:.0f} ms"
                f" | {got['open'] / base['open']:.2f}× | {got['rss']:.0f} MB"
                f" | {got['mark'] * 1000:.2f} ms | {got['mark'] / base['mark']:.2f}×"
                f" | {got['push'] * 1000:.0f} ms | {got['push'] / base['push']:.2f}×"
                f" | {old} | {'met' if got['open'] < 0.3 else 'NOT met'} |"
            )
            shutil.rmtree(folder)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
