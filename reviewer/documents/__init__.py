"""Documents: read a file, decode it, find its paragraphs, and split them into claims."""

from __future__ import annotations

from reviewer.documents.base import Document
from reviewer.documents.loader import (
    DEFAULT_MAX_MB,
    MAX_MB_ENV,
    build_document,
    load_document,
    max_bytes_from_env,
)
from reviewer.documents.segmentation import SEGMENT_AT_ONCE_CHARS, Claims

__all__ = [
    "DEFAULT_MAX_MB",
    "MAX_MB_ENV",
    "SEGMENT_AT_ONCE_CHARS",
    "Claims",
    "Document",
    "build_document",
    "load_document",
    "max_bytes_from_env",
]
