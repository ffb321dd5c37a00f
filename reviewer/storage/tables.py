"""What the store's table mixins (final verdicts, orphans, drafts, shapes) need of ``ReviewStore``."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Tables(Protocol):
    """The store's locked, journaled reads and writes, as its mixins use them."""

    path: Path

    def records(
        self, table: str, doc_id: str | None = None, within: Collection[str] | None = None
    ) -> list[dict[str, Any]]: ...

    def _get(self, table: str, key: str) -> dict[str, Any] | None: ...

    def _put(self, table: str, key: str, record: dict[str, Any] | None) -> None: ...

    def _apply(self, changes: Sequence[tuple[str, str, dict[str, Any] | None]]) -> None: ...

    def _parsed(self, table: str, record: dict[str, Any], parse: Callable[[dict[str, Any]], T]) -> T: ...

    def _write(self, change: Callable[[], T]) -> T: ...
