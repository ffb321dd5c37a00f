"""Shared fixtures: real documents and a store on a temp file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.storage.store import ReviewStore

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_docs"
# A real French opinion article (« », ’, 99,23 %), copied from the project's shared seeds so a
# clone without them runs every test.
SEED_FR = REPO / "tests" / "data" / "otan-stoltenberg-fr.txt"


# tryfirst: xdist's own hook (registered after this conftest) reads the marker: it must be there first.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of the one PostgreSQL server run in one xdist worker: they reset and restart it."""
    for item in items:
        if "team_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("postgres"))


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test touches the real user data or config directory or depends on the caller's name."""
    monkeypatch.setenv("REVIEWER_DB", str(tmp_path / "default-db.json"))
    monkeypatch.setenv("REVIEWER_NAME", "tester")
    monkeypatch.delenv("REVIEWER_MAX_MB", raising=False)
    # Nor the user's configuration file: each test has its own (empty) config directory.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    for name in ("REVIEWER_CONFIG", "REVIEWER_EXPORT_FORMAT", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def seed_fr() -> Path:
    """The real French opinion article shared with the project."""
    return SEED_FR


@pytest.fixture
def sample_en() -> Path:
    return SAMPLES / "harbour-bridge-levy.md"


@pytest.fixture
def sample_fr() -> Path:
    return SAMPLES / "vignoble-secheresse.txt"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "reviews.json"


@pytest.fixture
def store(db_path: Path) -> ReviewStore:
    return ReviewStore(db_path)
