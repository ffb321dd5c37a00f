"""Where things live: the default database, the bundled samples, the reviewer's name."""

from __future__ import annotations

import getpass
import os
from importlib.resources import files
from pathlib import Path

DB_ENV = "REVIEWER_DB"
REVIEWER_ENV = "REVIEWER_NAME"
LOCK_TIMEOUT_ENV = "REVIEWER_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0
DB_FILENAME = "reviews.json"
DEFAULT_SAMPLE = "harbour-bridge-levy.md"


def default_db_path(configured: Path | None = None) -> Path:
    """``$REVIEWER_DB``, else ``configured`` (the config file's ``db``), else the user data directory's."""
    override = os.environ.get(DB_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    if configured is not None:
        return configured
    return platform_db_path()


def platform_db_path() -> Path:
    """``reviews.json`` in the platform's user data directory (on Linux ``~/.local/share/reviewer``)."""
    from platformdirs import user_data_path  # deferred: only needed when no path is given

    return user_data_path("reviewer", appauthor=False) / DB_FILENAME


def resolve_reviewer(explicit: str | None, configured: str | None = None) -> str:
    """``--reviewer``, else ``$REVIEWER_NAME``, else ``configured`` (the config file's), else the OS user."""
    for candidate in (explicit, os.environ.get(REVIEWER_ENV), configured):
        if candidate and candidate.strip():
            return candidate.strip()
    return os_user_name()


def os_user_name() -> str:
    """The OS user name, else ``anonymous``."""
    try:
        return getpass.getuser() or "anonymous"
    except (OSError, KeyError):
        return "anonymous"


def lock_timeout() -> float:
    """Seconds to wait for the database lock: ``$REVIEWER_LOCK_TIMEOUT`` or 10."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_LOCK_TIMEOUT
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def samples_dir() -> Path:
    """The bundled sample documents: package data when installed, the checkout's folder otherwise."""
    packaged = Path(str(files("reviewer"))) / "sample_docs"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "sample_docs"


def default_sample() -> Path:
    """The document ``reviewer`` opens when given none."""
    return samples_dir() / DEFAULT_SAMPLE
