"""Connect to the team server with libpq's own settings, and say in one line why it failed.

Passwords come from libpq's usual places (the URL, ``PGPASSWORD``, ``~/.pgpass``, a service
file); ``redacted`` is the only form of a URL this package ever prints or stores.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import Any

from reviewer.errors import ReviewerError

INSTALL_HINT = "the team server needs psycopg: pip install 'reviewer[team]'"
CONNECT_TIMEOUT = 5  # seconds: an unreachable server must not hold a sync (or the screen's status) long


class TeamServerError(ReviewerError):
    """The team server could not be reached or refused a request (one line, no password)."""


class ServerUnreachableError(TeamServerError):
    """The server did not answer: local work stays local and syncs later."""


def redacted(url: str) -> str:
    """``url`` without its password (``postgresql://alice@host/db``), safe to print or keep."""
    return re.sub(r"^(\w+://[^:/@?#]*):[^@/?#]*@", r"\1@", url.strip())


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise TeamServerError(INSTALL_HINT) from None
    return psycopg


def connect(url: str) -> Any:
    """A connection to the team server at ``url``; TeamServerError in one line if none can be made."""
    psycopg = _psycopg()
    try:
        connection = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, application_name="reviewer")
    except psycopg.OperationalError as exc:
        raise connection_error(url, exc) from None
    except psycopg.ProgrammingError as exc:  # a malformed URL or option
        raise TeamServerError(f"team server {redacted(url)}: {_first_line(exc)}") from None
    return connection


def connection_error(url: str, exc: BaseException) -> TeamServerError:
    """The one line a failed connection gives: wrong password, unreachable, or what libpq said."""
    text = _first_line(exc)
    where = redacted(url)
    if "password authentication failed" in text or "no password supplied" in text:
        role = re.search(r'for user "([^"]+)"', text)
        who = f" for role {role.group(1)}" if role else ""
        return TeamServerError(
            f"team server {where}: wrong or missing password{who} (libpq reads it from the URL,"
            " PGPASSWORD or ~/.pgpass)"
        )
    if "does not exist" in text:
        return TeamServerError(f"team server {where}: {text}")
    return ServerUnreachableError(
        f"team server {where} unreachable ({text}); your changes stay in the local database"
        " and sync when it is back"
    )


@contextlib.contextmanager
def server_errors(where: str, connection: Any | None = None) -> Iterator[None]:
    """Turn a psycopg error raised inside into one TeamServerError line naming ``where``.

    A connection lost on the way (``connection`` closed under an OperationalError) becomes a
    ServerUnreachableError, as a server never reached does: the caller retries later. Errors of
    other kinds pass through untouched.
    """
    try:
        yield
    except TeamServerError:
        raise
    except Exception as exc:
        psycopg = sys.modules.get("psycopg")  # imported by connect(): no psycopg, no psycopg error
        if psycopg is None or not isinstance(exc, psycopg.Error):
            raise
        if isinstance(exc, psycopg.OperationalError) and connection is not None and connection.closed:
            raise ServerUnreachableError(
                f"team server {where}: connection lost ({_first_line(exc)}); your changes stay in the"
                " local database and sync when it is back"
            ) from None
        raise TeamServerError(f"team server {where}: {_first_line(exc)}; nothing was lost") from None


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    # libpq prefixes 'connection to server at "…" failed:'; the reason is after the last colon.
    text = lines[0] if lines else type(exc).__name__
    return re.sub(r'^connection to server (at|on) "[^"]*"[^:]*(\([^)]*\))?[^:]*failed: ', "", text)
