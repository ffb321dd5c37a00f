"""The team server: a PostgreSQL database a team's local review databases sync with."""

from __future__ import annotations

from reviewer.teamserver.connection import TeamServerError, connect, redacted, server_errors
from reviewer.teamserver.schema import SERVER_SCHEMA_VERSION, grant, install_schema
from reviewer.teamserver.sync import SyncReport, sync

__all__ = [
    "SERVER_SCHEMA_VERSION",
    "SyncReport",
    "TeamServerError",
    "connect",
    "grant",
    "install_schema",
    "redacted",
    "server_errors",
    "sync",
]
