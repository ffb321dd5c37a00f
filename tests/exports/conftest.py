"""The reviewed golden document as the ``session`` fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.review.session import ReviewSession
from tests.golden import golden_session


@pytest.fixture
def session(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewSession:
    return golden_session(db_path, monkeypatch)
