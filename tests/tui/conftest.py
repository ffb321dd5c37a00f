"""Fixtures for the TUI tests: sessions on the bundled samples with a database in a temp dir."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.review.session import ReviewSession
from tests.tui.tui_helpers import make_session_on


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database file for one test."""
    return tmp_path / "db.json"


@pytest.fixture
def make_session(db_path: Path) -> Callable[..., ReviewSession]:
    """Build a session on a sample (English by default) over the test's database."""

    def make(name: str = "harbour-bridge-levy.md") -> ReviewSession:
        return make_session_on(name, db_path)

    return make


@pytest.fixture
def session(make_session: Callable[..., ReviewSession]) -> ReviewSession:
    """A session on the English sample, cursor on claim 1."""
    return make_session()
