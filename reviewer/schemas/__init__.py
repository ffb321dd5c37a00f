"""The JSON Schema of the JSON export, shipped as package data, and the version it describes."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

# Versions 3 and 4 record the label set and take any label name (a desk's own labels); 1 and 2,
# written before label sets, knew verified, disputed and opinion only. ``import`` reads 1 and 3.
EXPORT_SCHEMA_VERSION = 3  # one reviewer's reviews: what ``reviewer export`` writes by default
TEAM_EXPORT_SCHEMA_VERSION = 4  # every reviewer's reviews and the final verdicts (--all-reviewers)
OLD_EXPORT_SCHEMA_VERSION = 1  # one reviewer's reviews, before label sets
OLD_TEAM_EXPORT_SCHEMA_VERSION = 2  # the team export, before label sets
IMPORTABLE_VERSIONS = (OLD_EXPORT_SCHEMA_VERSION, EXPORT_SCHEMA_VERSION)
TEAM_VERSIONS = (OLD_TEAM_EXPORT_SCHEMA_VERSION, TEAM_EXPORT_SCHEMA_VERSION)
READABLE_EXPORT_VERSIONS = (1, 2, 3, 4)  # every schema shipped
SCHEMA_RESOURCE = "export-v3.schema.json"


def export_schema(version: int = EXPORT_SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Schema of JSON exports of schema ``version`` (1 or 3; 2 or 4: a team export)."""
    if version not in READABLE_EXPORT_VERSIONS:
        raise ValueError(f"no export schema version {version}")
    text = files("reviewer.schemas").joinpath(f"export-v{version}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]
