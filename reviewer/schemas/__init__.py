"""The JSON Schema of the JSON export, shipped as package data, and the version it describes."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

EXPORT_SCHEMA_VERSION = 1
SCHEMA_RESOURCE = "export-v1.schema.json"


def export_schema() -> dict[str, Any]:
    """The JSON Schema every JSON export validates against."""
    text = files("reviewer.schemas").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]
