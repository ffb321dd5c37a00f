"""The final verdicts table of the review database: one adjudicated verdict per claim, beside the reviews.

A mixin of ``ReviewStore``: it uses the store's locked, journaled writes and its own record
ids, in a table of its own, so a final verdict can never overwrite a reviewer's review.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from reviewer.model import FinalVerdict
from reviewer.storage.tables import Tables

FINAL_VERDICTS = "final_verdicts"

Verdicts = dict[str, FinalVerdict | None]  # key → verdict (None: no verdict, or delete it)


def _parsed_verdict(store: Tables, record: dict[str, Any]) -> FinalVerdict:
    return store._parsed(FINAL_VERDICTS, record, FinalVerdict.from_record)


class FinalVerdictTable:
    """Final verdicts: read them by document, change several at once under the lock."""

    def final_verdicts(self: Tables, doc_id: str) -> list[FinalVerdict]:
        """Every final verdict of version ``doc_id``."""
        return [
            _parsed_verdict(self, record)
            for record in self.records(FINAL_VERDICTS, doc_id)
            if record.get("doc_id") == doc_id
        ]

    def all_final_verdicts(self: Tables, within: Collection[str] | None = None) -> list[FinalVerdict]:
        """Every final verdict of every document (``within``: of these document files only)."""
        return [_parsed_verdict(self, record) for record in self.records(FINAL_VERDICTS, within=within)]

    def get_final_verdict(self: Tables, key: str) -> FinalVerdict | None:
        """The final verdict stored under ``key``, if any."""
        record = self._get(FINAL_VERDICTS, key)
        return _parsed_verdict(self, record) if record else None

    def update_final_verdicts(
        self: Tables, keys: list[str], change: Callable[[Verdicts], Mapping[str, FinalVerdict | None]]
    ) -> tuple[Verdicts, Verdicts]:
        """Read-modify-write the verdicts of ``keys`` in one locked, durable step.

        ``change`` gets what is stored now for each key and returns the keys to write (a
        verdict, or None to delete it); keys it leaves out stay untouched. Returns what was
        stored before, and what the written keys hold after.
        """

        def transaction() -> tuple[Verdicts, Verdicts]:
            before: Verdicts = {}
            for key in keys:
                record = self._get(FINAL_VERDICTS, key)
                before[key] = _parsed_verdict(self, record) if record else None
            after = dict(change(dict(before)))
            self._apply([(FINAL_VERDICTS, k, None if v is None else v.to_record()) for k, v in after.items()])
            return before, after

        return self._write(transaction)

    def add_final_verdicts(self: Tables, verdicts: list[FinalVerdict]) -> int:
        """Store each verdict whose claim has none yet (a carry-over, an import); return how many."""

        def transaction() -> int:
            fresh = [v for v in verdicts if self._get(FINAL_VERDICTS, v.key) is None]
            self._apply([(FINAL_VERDICTS, v.key, v.to_record()) for v in fresh])
            return len(fresh)

        return self._write(transaction)
