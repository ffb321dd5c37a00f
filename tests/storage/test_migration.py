"""From one file (schema 2) to one file per document (schema 3): nothing lost, whenever it stops."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reviewer.errors import NewerDatabaseError
from reviewer.model import Label
from reviewer.storage import atomic, migration
from reviewer.storage.partitions import folder_of
from reviewer.storage.store import SCHEMA_VERSION, ReviewStore, record_id
from tests.helpers import run_cli
from tests.storage.layouts import DOCS, everything, fill, one_file, review


@pytest.fixture
def version_2(tmp_path: Path) -> tuple[Path, bytes, dict[str, object]]:
    """A schema-2 file (every record in it, as reviewer wrote them until now) and what it reads as."""
    source = tmp_path / "source" / "reviews.json"
    source.parent.mkdir()
    fill(source)
    db = tmp_path / "data" / "reviews.json"
    db.parent.mkdir()
    raw = one_file(source, db)
    return db, raw, everything(source)


def _meta(db: Path) -> dict[str, object]:
    return json.loads(db.read_text(encoding="utf-8"))["_meta"][str(record_id("schema"))]  # type: ignore[no-any-return]


def test_a_schema_2_file_reads_as_it_is_and_the_first_write_migrates_it(
    version_2: tuple[Path, bytes, dict[str, object]],
) -> None:
    db, raw, expected = version_2
    assert everything(db) == expected  # read as one file: nothing written for it
    assert db.read_bytes() == raw and not folder_of(db).exists()
    ReviewStore(db).put_review(review(DOCS[0], 50, label=Label.OPINION))
    assert db.with_name("reviews.json.v2.bak").read_bytes() == raw  # the old file, kept
    assert _meta(db)["schema_version"] == SCHEMA_VERSION == 3 and _meta(db)["layout"] == "per-document"
    assert "reviews" not in json.loads(db.read_text(encoding="utf-8"))
    after = everything(db)
    assert after["all"] == sorted([*expected["all"], review(DOCS[0], 50).key])  # type: ignore[misc]
    assert {k: v for k, v in after.items() if k not in ("all", DOCS[0])} == {
        k: v for k, v in expected.items() if k not in ("all", DOCS[0])
    }


@pytest.mark.parametrize("where", ["a document file", "the folder swap", "the index"])
def test_a_migration_cut_between_files_leaves_the_old_file_the_database_and_is_redone(
    version_2: tuple[Path, bytes, dict[str, object]], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A crash between two files of the migration (simulated: the process dies at that call)."""
    db, raw, expected = version_2
    calls = {"n": 0}

    def dies(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if where != "a document file" or calls["n"] == 2:
            raise KeyboardInterrupt
        real_atomic(*args, **kwargs)  # type: ignore[arg-type]

    real_atomic = atomic.atomic_write_bytes
    target = {"a document file": "atomic_write_bytes", "the folder swap": "fsync_directory"}.get(where)
    if target is not None:
        monkeypatch.setattr(migration, target, dies)
    else:
        monkeypatch.setattr(type(ReviewStore(db).storage), "write", dies)
    with pytest.raises(KeyboardInterrupt):
        ReviewStore(db).put_review(review(DOCS[1], 60))
    monkeypatch.undo()
    assert db.read_bytes() == raw  # the old file is untouched: still the database
    assert everything(db) == expected
    ReviewStore(db).put_review(review(DOCS[1], 60))  # the retry migrates from the start
    assert _meta(db)["schema_version"] == 3
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(".")) == []  # no temp folder left
    assert len(everything(db)["all"]) == len(expected["all"]) + 1  # type: ignore[arg-type]


_MIGRATE = textwrap.dedent(
    """
    import sys
    from reviewer.model import Anchor, Label, Review
    from reviewer.storage.store import ReviewStore
    anchor = Anchor(exact="x", prefix="", suffix="", start=90_000, end=90_005)
    print("start", flush=True)
    ReviewStore(sys.argv[1]).put_review(Review("a" * 64, "zoe", anchor, Label.VERIFIED))
    print("done", flush=True)
    """
)


def test_a_migration_killed_at_any_moment_loses_nothing(tmp_path: Path) -> None:
    """Real kills (SIGKILL) at random moments of migrating a file of 3,000 reviews in 30 documents."""
    source = tmp_path / "source.json"
    store = ReviewStore(source)
    for d in range(30):
        store.add_reviews([review(f"{d:064x}", c) for c in range(100)])
    store.close()
    raw = one_file(source, tmp_path / "template.json")
    expected = sorted(r.key for r in ReviewStore(source).all_reviews())
    rng = random.Random(13)
    outcomes = {"old file": 0, "migrated": 0}
    for trial in range(6):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        db = folder / "reviews.json"
        db.write_bytes(raw)
        process = subprocess.Popen(
            [sys.executable, "-c", _MIGRATE, str(db)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None and process.stdout.readline() == "start\n"
        time.sleep(rng.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        process.wait()
        keys = sorted(r.key for r in ReviewStore(db).all_reviews())
        migrated = _meta(db)["schema_version"] == 3
        outcomes["migrated" if migrated else "old file"] += 1
        if not migrated:
            assert db.read_bytes() == raw
        assert [k for k in keys if ":zoe" not in k] == expected  # every review, once
        ReviewStore(db).put_review(review("b" * 64, 1))  # and it carries on
        assert len(ReviewStore(db).all_reviews()) == len(keys) + 1
    assert sum(outcomes.values()) == 6  # both happen (measured here: 4 kills before the index, 2 after)


def test_a_newer_schema_is_refused_in_one_line_and_left_alone(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db_path)
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data["_meta"][str(record_id("schema"))]["schema_version"] = 4
    db_path.write_text(json.dumps(data), encoding="utf-8")
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabaseError):
        ReviewStore(db_path)
    code, _, err = run_cli(capsys, "docs", "--db", str(db_path))
    assert code == 1 and err.count("\n") == 1 and "newer reviewer (schema 4, this one reads 3)" in err
    assert db_path.read_bytes() == before
