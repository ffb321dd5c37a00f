"""Helpers shared by tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.storage.locking import DatabaseLock


def db_snapshot(db_path: Path) -> dict[str, bytes | None]:
    """The bytes of the database's files: the index, its journal, each document's file and journal.

    None where the index or its journal does not exist.
    """
    files = {"main": db_path, "journal": db_path.with_name(db_path.name + ".journal")}
    folder = db_path.with_name(db_path.name + ".d")
    if folder.is_dir():
        files |= {f"d/{path.name}": path for path in sorted(folder.iterdir())}
    return {name: path.read_bytes() if path.exists() else None for name, path in files.items()}


def document_file(db_path: Path, doc_id: str) -> Path:
    """The file that holds document ``doc_id``'s reviews in the database at ``db_path``."""
    from reviewer.storage.partitions import folder_of, partition_name

    return folder_of(db_path) / f"{partition_name(doc_id)}.json"


def temp_files(directory: Path) -> list[str]:
    """Temporary files left behind in ``directory`` (there should be none)."""
    return [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]


def long_text(seed_fr: Path, sample_en: Path, copies: int = 6) -> str:
    """Real articles, repeated with a numbered heading each time: many paragraphs, real sentences."""
    parts = []
    for copy in range(copies):
        parts.append(f"Partie {copy + 1}")
        parts.append(seed_fr.read_text(encoding="utf-8"))
        parts.append(f"Part {copy + 1}")
        parts.append(sample_en.read_text(encoding="utf-8"))
    return "\n\n".join(parts)


# A review on a claim a new version rewords, and one on a claim it deletes (see ``changed_article``).
REWORDED_OLD = "Business groups are split."
REWORDED_NEW = "Business groups are divided."
DELETED_CLAIM = (
    "Drivers who cross the Narrows Bridge on weekday mornings could soon pay $4.20 for the privilege. "
)


def changed_article(sample_en: Path, directory: Path, db_path: Path, reviewer: str = "alice") -> Path:
    """Review four claims of a copy of the English sample, then change it under them.

    The copy is labelled disputed on four claims (with notes); then one of them is reworded
    (to recheck), one deleted (an orphan) and a paragraph added. Returns the changed file:
    opening it carries the reviews over.
    """
    from reviewer.documents.loader import load_document
    from reviewer.model import Label
    from reviewer.review.session import ReviewSession
    from reviewer.storage.store import ReviewStore

    path = directory / "article.md"
    path.write_text(sample_en.read_text(encoding="utf-8"), encoding="utf-8")
    store = ReviewStore(db_path)
    session = ReviewSession(load_document(path), store, reviewer)
    session.register()
    for index, claim in enumerate(session.claims.all()):
        if claim.text.startswith(
            ("Drivers who cross", "Business groups are split", "Council votes", "It carries")
        ):
            session.edit(index, label=Label.DISPUTED, note=f"note on {claim.text[:15]}")
    store.close()
    text = path.read_text(encoding="utf-8").replace(REWORDED_OLD, REWORDED_NEW).replace(DELETED_CLAIM, "")
    text = text.replace(
        "## What drivers would pay", "An editor's note: corrected on Friday.\n\n## What drivers would pay"
    )
    path.write_text(text, encoding="utf-8")
    return path


@contextlib.contextmanager
def hold_lock(db_path: Path) -> Iterator[None]:
    """Hold the database's lock as another process writing would (a lock of its own, not re-entrant)."""
    lock = DatabaseLock(
        db_path.with_name(db_path.name + ".journal"), db_path.with_name(db_path.name + ".lock")
    )
    lock.acquire(0)
    try:
        yield
    finally:
        lock.release()


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``reviewer ARGV`` in this process: its exit code, standard output and error (never a traceback)."""

    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse usage errors and --help
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def write_user_config(tmp_path: Path, text: str) -> Path:
    """Write the user's configuration file where this test's XDG_CONFIG_HOME puts it (conftest)."""
    path = tmp_path / "xdg-config" / "reviewer" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
