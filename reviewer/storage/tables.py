"""What the store's table mixins (final verdicts, orphans, drafts) need of ``ReviewStore``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from reviewer.storage.journal import JournaledStorage

T = TypeVar("T")


class Tables(Protocol):
    """The store's locked, journaled reads and writes, as its mixins use them."""

    path: Path
    _storage: JournaledStorage

    def records(self, table: str) -> list[dict[str, Any]]: ...

    def _get(self, table: str, key: str) -> dict[str, Any] | None: ...

    def _put(self, table: str, key: str, record: dict[str, Any] | None) -> None: ...

    def _parsed(self, table: str, record: dict[str, Any], parse: Callable[[dict[str, Any]], T]) -> T: ...

    def _write(self, change: Callable[[], T]) -> T: ...
