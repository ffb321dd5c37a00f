"""The versioned JSON export (``reviewer.export``), registered like every other format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer.export import build_json_export, dumps_json
from reviewer.exports import Exported, ExportOptions

if TYPE_CHECKING:
    from reviewer.review import ReviewSession


class JsonExporter:
    """Every claim with its review and anchor, and the orphans: lossless, and what ``import`` reads."""

    name = "json"
    suffix = ".json"
    title = "JSON (versioned, with a JSON Schema; lossless, re-importable)"

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """The JSON export; it ignores the filter options, since it is the complete record."""
        return Exported(dumps_json(build_json_export(session, exported_at)))
