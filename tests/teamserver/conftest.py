"""A real PostgreSQL for the team-server tests: ``$REVIEWER_TEST_PG`` (the team administrator's URL).

The administrator owns the database; the roles ``alice``, ``bob`` and ``editor`` exist with their
name as password (``.ci/run`` creates them). Without the variable the tests skip with one line,
except in CI (``CI=true``), where a missing server is a failure.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_ENV = "REVIEWER_TEST_PG"

# These tests need the team extra (pip install '.[team]'): .ci/run installs it, the README's test
# command does not. Without psycopg they are not collected (reported in the summary line).
if importlib.util.find_spec("psycopg") is None:
    collect_ignore_glob = ["test_*.py"]


@dataclass(frozen=True)
class TeamServer:
    """The test server: the administrator's URL and a URL for any teammate role."""

    admin_url: str

    def url(self, role: str, password: str | None = None) -> str:
        """The URL of ``role`` (its password is its name unless given)."""
        parts = urlsplit(self.admin_url)
        host = parts.hostname or ""
        netloc = f"{role}:{password or role}@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))


@pytest.fixture
def team_server() -> Iterator[TeamServer]:
    """The server with a fresh, empty reviewer schema (dropped before each test)."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        reason = f"no PostgreSQL for the team-server tests: set {PG_ENV} (see tests/teamserver/conftest.py)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS reviewer CASCADE")
    yield TeamServer(url)


def setup_team(server: TeamServer) -> None:
    """The schema, with alice and bob as reviewers and editor read-only."""
    from reviewer.teamserver import connect, grant, install_schema

    with connect(server.admin_url) as connection:
        install_schema(connection, "test", "admin")
        grant(connection, "alice", reviewer=None, read_only=False)
        grant(connection, "bob", reviewer=None, read_only=False)
        grant(connection, "editor", reviewer=None, read_only=True)
