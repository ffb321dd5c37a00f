"""Exports: JSON (lossless), CSV/TSV, Markdown/HTML reports, ClaimReview and Web Annotation."""

from __future__ import annotations

from reviewer.exports.base import (
    Exported,
    Exporter,
    ExportOptions,
    Publisher,
    exporter_for_path,
    exporters,
    get_exporter,
    path_for_format,
    render,
)
from reviewer.exports.writing import input_at, write_export

__all__ = [
    "ExportOptions",
    "Exported",
    "Exporter",
    "Publisher",
    "exporter_for_path",
    "exporters",
    "get_exporter",
    "input_at",
    "path_for_format",
    "render",
    "write_export",
]
