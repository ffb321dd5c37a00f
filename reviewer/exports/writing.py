"""Writing an export to a file: atomically, so a failure leaves any earlier file intact."""

from __future__ import annotations

from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.review.session import ReviewSession
from reviewer.storage.atomic import atomic_write_bytes


def input_at(destination: Path, session: ReviewSession) -> str | None:
    """What an export to ``destination`` would destroy: the document, or a file of the database.

    Every file of the database counts (its journal holds the latest changes, its snapshots
    make re-anchoring surer), followed through symbolic links. None when it is none of them.
    """
    try:
        if destination.resolve() == Path(session.document.path).resolve():
            return "the document"
    except (OSError, RuntimeError):  # a loop of links: it is nothing of ours either
        pass
    return session.store.role_of(destination)


def write_export(text: str, destination: Path) -> None:
    """Write an export atomically; a failure leaves any earlier file at ``destination`` intact."""
    if destination.is_dir():
        raise ReviewerError(f"{destination} is a directory: give a file name for the export")
    if not destination.parent.is_dir():
        raise ReviewerError(f"cannot write {destination}: the folder {destination.parent} does not exist")
    try:
        atomic_write_bytes(destination, text.encode("utf-8"))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ReviewerError(f"cannot write {destination} ({reason}); nothing was exported") from None
