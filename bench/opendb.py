"""Open a DB: a store with 10,000 notes and a long journal, then every review of one document.

Ours: ``ReviewStore(path)`` (parse the index, then the document's own file: its main file and
its journal replayed line by line with CRC checks, schema check) plus ``store.reviews(doc_id)``
(10,000 ``Review`` objects), and the same followed by ``ReviewSession(...)`` (what the app does
before its first screen, the document being already loaded). Baseline: plain TinyDB 4.9
(``JSONStorage``) opening the same data folded (a backup: the document's file, a plain TinyDB
file, holds its reviews) and searching the reviews of that document, and a bare ``json.loads``
of that file (the parsing floor). Every repetition builds fresh objects; the files are in the page
cache for all of them alike.
"""

from __future__ import annotations

import json
import random

from common import Context, Goal, Section, Stats, Table, ms, profile, ratio, repeat
from fixtures import LABELS, NOW, big_document, make_store, open_session, reviews_for
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

from reviewer.model import Review
from reviewer.storage.store import ReviewStore, record_id

NAME = "open"
TITLE = "Open a DB: 10,000 notes and a long journal"
NOTES = 10_000
DOC_BYTES = 1_500_000


def run(ctx: Context) -> Section:
    section = Section(NAME, TITLE, method=__doc__.split("\n", 2)[2].strip() if __doc__ else "")
    document = big_document(ctx.document("en", DOC_BYTES))
    journal_lines = ctx.pick(5_000, 8_000)
    folder = ctx.tmp / "open"
    path = folder / "reviews.json"
    store = make_store(path, document, NOTES)
    # A long journal: thousands of changed marks since the last fold (kept under the fold threshold).
    reviews = reviews_for(document, NOTES)
    rng = random.Random(11)
    store = ReviewStore(path)
    for start in range(0, journal_lines, 1000):
        changes = []
        for number in range(start, min(journal_lines, start + 1000)):
            review = reviews[rng.randrange(NOTES)]
            review = review.evolve(label=LABELS[number % 3], note=f"edit {number}", updated_at=NOW)
            changes.append(("reviews", str(record_id(review.key)), {"key": review.key} | review.to_record()))
        store.document_storage(document.doc_id).apply_many(changes)  # the reviews' own file
    # The reviews live in the document's own file beside the index: its journal, its size.
    document_file = store.document_storage(document.doc_id).path
    journal = document_file.with_name(document_file.name + ".journal")
    lines = journal.read_bytes().count(b"\n") - 1
    main_bytes, journal_bytes = document_file.stat().st_size, journal.stat().st_size
    # The same data folded into one plain TinyDB file, for the baseline.
    folded_dir = folder / "folded"
    folded_dir.mkdir()
    folded = folded_dir / "reviews.json"
    ReviewStore(path).backup(folded)  # plain TinyDB files, the journals folded in
    folded = folded_dir / "reviews.json.d" / document_file.name  # the document's, holding its reviews
    assert not folded.with_name(folded.name + ".journal").exists()

    doc_id = document.doc_id

    def ours_open() -> None:  # the index, then the document's own file (read on first need)
        ReviewStore(path).document_storage(doc_id).read()

    def ours_open_read() -> None:
        found = ReviewStore(path).reviews(doc_id)
        assert len(found) == NOTES

    def ours_session() -> None:
        open_session(document, ReviewStore(path))

    def tinydb_open_search() -> None:
        found = TinyDB(str(folded), access_mode="r").table("reviews").search(Query().doc_id == doc_id)
        assert len(found) == NOTES

    def json_loads() -> None:
        json.loads(folded.read_bytes())

    times = ctx.pick(5, 15)
    series = {
        "ours: ReviewStore(path) + reviews(doc_id)": ours_open_read,
        "ours: ReviewStore(path) and the document's file (parse + replay)": ours_open,
        "ours: ReviewStore(path) + ReviewSession(document, store)": ours_session,
        "TinyDB default: TinyDB(folded) + search(doc_id ==)": tinydb_open_search,
        "floor: json.loads of the folded file": json_loads,
    }
    # Interleave the repetitions so noise hits every series alike.
    samples: dict[str, list[float]] = {name: [] for name in series}
    for fn in series.values():
        fn()  # warm-up
    for _ in range(times):
        for name, fn in series.items():
            samples[name] += repeat(fn, 1, warmup=0)
    stats = {name: Stats.of(values) for name, values in samples.items()}
    base = stats["TinyDB default: TinyDB(folded) + search(doc_id ==)"]
    table = Table(
        f"Open + read all reviews of one document: {NOTES:,} notes, main file {main_bytes / 1e6:.1f} MB, "
        f"journal {lines:,} lines ({journal_bytes / 1e6:.1f} MB); ms, ratio = ours ÷ TinyDB default",
        ["what", "n", "median", "p90", "max", "ours ÷ default (median)"],
    )
    for name, value in stats.items():
        table.add(
            name, value.n, ms(value.median), ms(value.p90), ms(value.max),
            ratio(value.median / base.median) if name.startswith("ours") else "",
        )  # fmt: skip
    section.tables.append(table)
    key = stats["ours: ReviewStore(path) + reviews(doc_id)"]
    section.goals.append(
        Goal(
            f"Open a DB with {NOTES:,} notes and a {lines:,}-line journal and read one document's "
            "reviews ≤ 0.2 s",
            f"{ms(key.median)} ms median, {ms(key.p90)} ms p90 "
            f"({ratio(key.median / base.median)} plain TinyDB on the folded file: {ms(base.median)} ms)",
            key.p90 <= 0.2,
        )
    )
    opened = ReviewStore(path)
    records = opened.records("reviews")  # what reviews() reads: the storage's records, unwrapped
    # TinyDB's own Table over the same data, held in memory: what wrapping each record costs.
    tinydb_view = TinyDB(storage=MemoryStorage)
    tinydb_view.storage.write(json.loads(document_file.read_bytes()))
    raw_main = document_file.read_bytes()
    pieces = {
        "json.loads of the document's main file": lambda: json.loads(raw_main),
        "ReviewStore(path) and the document's file: parse + journal replay + schema check": ours_open,
        "table('reviews').all(): TinyDB Document per record": lambda: tinydb_view.table("reviews").all(),
        "Review.from_record × 10,000": lambda: [Review.from_record(r) for r in records],
        "store.reviews(doc_id) on an open store": lambda: opened.reviews(doc_id),
    }
    parts = Table(
        "Where the time goes (each piece timed alone; median ms)", ["piece", "median", "share of open + read"]
    )
    for name, fn in pieces.items():
        value = Stats.of(repeat(fn, times, warmup=1)).median
        parts.add(
            name,
            ms(value),
            f"{100 * value / stats['ours: ReviewStore(path) + reviews(doc_id)'].median:.0f} %",
        )
        pieces[name] = value  # type: ignore[assignment]
    section.tables.append(parts)
    replay = (
        pieces["ReviewStore(path) and the document's file: parse + journal replay + schema check"]
        - pieces["json.loads of the document's main file"]
    )  # type: ignore[operator]
    text, top = profile(ours_open_read)
    section.profiles.append(("cProfile: ReviewStore(path) + reviews(doc_id)", text))
    del top
    all_docs = pieces["table('reviews').all(): TinyDB Document per record"]
    reviews_time = pieces["store.reviews(doc_id) on an open store"]
    from_record = pieces["Review.from_record × 10,000"]
    main_parse = pieces["json.loads of the document's main file"]
    section.findings.append(
        f"Open + read at {NOTES:,} notes takes {ms(key.median)} ms: json.loads of the "
        f"{main_bytes / 1e6:.1f} MB document file {ms(main_parse)} ms, replaying "
        f"{lines:,} journal lines (one json.loads + CRC per line) about {ms(replay)} ms, then "
        f"`ReviewStore.reviews` (reviewer/store.py) {ms(reviews_time)} ms, "
        f"of which `Review.from_record` (reviewer/model.py) is {ms(from_record)} ms "
        f"(TinyDB's `table.all()` wrapping, {ms(all_docs)} ms on its own, is no longer on this path:"
        f" `reviews()` reads the storage's records directly, and the journal folds at a quarter of the"
        f" main file's size, which bounds the replay; `from_record` looks labels up in a dict instead of"
        f" calling the Enum, a third faster). What is left, if a bigger database ever needs it: Reviews"
        f" built lazily (the session only needs a span → record index at open)."
    )
    return section
