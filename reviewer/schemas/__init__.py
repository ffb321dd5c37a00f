"""The JSON Schema of the JSON export, shipped as package data, and the version it describes."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

EXPORT_SCHEMA_VERSION = 1  # one reviewer's reviews: what ``reviewer export`` writes by default
TEAM_EXPORT_SCHEMA_VERSION = 2  # every reviewer's reviews and the final verdicts (--all-reviewers)
READABLE_EXPORT_VERSIONS = (EXPORT_SCHEMA_VERSION, TEAM_EXPORT_SCHEMA_VERSION)  # what ``import`` reads
SCHEMA_RESOURCE = "export-v1.schema.json"


def export_schema(version: int = EXPORT_SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Schema a JSON export of schema ``version`` (1, or 2 for a team export) validates against."""
    if version not in READABLE_EXPORT_VERSIONS:
        raise ValueError(f"no export schema version {version}")
    text = files("reviewer.schemas").joinpath(f"export-v{version}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]
