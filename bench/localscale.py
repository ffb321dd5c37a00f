"""The local side of a team's year: open one document in a database that holds N synced reviews.

The issue's goal: a local database holding 1,000,000 reviews synced down from the team server
(200 documents × 500 claims × 10 reviewers) opens one document in under 0.3 s. Each database
here is what a pull leaves: every review, and the sync state of each (its last version id and
the ids seen). It is written folded (one plain TinyDB file, no journal), as after a quit.
Measured: ``ReviewStore(path)`` (parse and check) then ``store.reviews(doc_id)`` (one
document's reviews, every reviewer: what the session and the others' panel read), fresh each
time, the file in the page cache. Baseline in the same run: a bare ``json.loads`` of the same
file (the floor any one-file layout pays on open). Sizes below 1,000,000 show how it grows.

    python bench/localscale.py [N ...]       # default: 10000 100000 250000
"""

from __future__ import annotations

import hashlib
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reviewer.model import Anchor, Label, Review
from reviewer.storage.store import ReviewStore, record_id
from reviewer.teamserver.versions import review_version

CLAIMS, REVIEWERS = 500, 10
NOW = "2026-12-02T09:00:00Z"
LABELS = (Label.VERIFIED, Label.DISPUTED, Label.OPINION)
SENTENCE = "The council's report of {n} says the bridge carries {n},400 vehicles a weekday. "


def _text() -> tuple[str, list[tuple[int, int]]]:
    spans, parts, at = [], [], 0
    for n in range(CLAIMS):
        sentence = SENTENCE.format(n=n)
        parts.append(sentence)
        spans.append((at, at + len(sentence) - 1))
        at += len(sentence)
    return "".join(parts), spans


def build(path: Path, total: int) -> str:
    """A folded database of ``total`` synced reviews; returns one document's id."""
    text, spans = _text()
    anchors = [Anchor.for_span(text, start, end) for start, end in spans]
    store = ReviewStore(path)
    store.set_position("0" * 64, "bench", 1, NOW)  # the schema record and the storage's own
    store.close()
    data = json.loads(path.read_text(encoding="utf-8"))
    reviews: dict[str, dict[str, object]] = {}
    state: dict[str, dict[str, object]] = {}
    documents = max(1, total // (CLAIMS * REVIEWERS))
    first = ""
    count = 0
    for d in range(documents):
        doc_id = hashlib.sha256(f"document {d}".encode()).hexdigest()
        first = first or doc_id
        for r in range(REVIEWERS):
            for c, anchor in enumerate(anchors):
                if count == total:
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
                key = review.key
                version = review_version(review)
                reviews[str(record_id(key))] = {"key": key} | review.to_record()
                state_key = f"v:{key}"
                state[str(record_id(state_key))] = {
                    "key": state_key,
                    "doc_id": doc_id,
                    "reviewer": review.reviewer,
                    "change_id": version,
                    "seen": [version],
                    "deleted": False,
                    "moment": NOW,
                }
                count += 1
    data["reviews"] = reviews
    data["team_sync"] = state
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return first


def _time(action: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(sizes: list[int]) -> None:
    print(f"machine: {platform.machine()} · Python {platform.python_version()} · {platform.platform()}")
    print("| reviews | file MB | open + one document's reviews | json.loads alone | ratio | goal 0.3 s |")
    print("|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for total in sizes:
            path = Path(tmp) / f"db-{total}.json"
            doc_id = build(path, total)
            repeat = 5 if total <= 250_000 else 2

            def ours(path: Path = path, doc_id: str = doc_id, total: int = total) -> None:
                store = ReviewStore(path)
                assert len(store.reviews(doc_id)) == min(total, CLAIMS * REVIEWERS)

            def floor(path: Path = path) -> None:
                json.loads(path.read_bytes())

            ours_s, floor_s = _time(ours, repeat), _time(floor, repeat)
            size = path.stat().st_size / 1e6
            verdict = "met" if ours_s < 0.3 else "NOT met"
            print(
                f"| {total:,} | {size:.0f} | {ours_s * 1000:.0f} ms | {floor_s * 1000:.0f} ms"
                f" | {ours_s / floor_s:.2f}× | {verdict} |"
            )
            path.unlink()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 250_000])
