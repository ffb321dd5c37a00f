"""Importing a team export (schema version 2): every reviewer's reviews, and the final verdicts.

Reviews merge as from a version 1 export (``importing.py``). Final verdicts merge by the same
rules, one per claim: added when the database has none, the newer ``updated_at`` wins, a tie
keeps the database's, and every conflict is listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reviewer.errors import ReviewerError
from reviewer.model import FinalVerdict, Review
from reviewer.storage.store import ReviewStore

Decide = Callable[[FinalVerdict | None], FinalVerdict | None]


def team_reviews(data: dict[str, Any], doc_id: str, source: str) -> list[Review]:
    """Every review of a team export: each claim's reviews, then the orphans."""
    reviews = []
    claims = data.get("claims")
    if not isinstance(claims, list):
        raise ReviewerError(f"{source}: 'claims' is missing or not a list")
    for number, entry in enumerate(claims, start=1):
        entries = entry.get("reviews") if isinstance(entry, dict) else None
        if not isinstance(entries, list):
            raise ReviewerError(f"{source}: claims[{number}] has no 'reviews' list")
        for position, review in enumerate(entries, start=1):
            reviews.append(_record(Review, review, doc_id, f"{source}: claims[{number}].reviews[{position}]"))
    orphans = data.get("orphans")
    if not isinstance(orphans, list):
        raise ReviewerError(f"{source}: 'orphans' is missing or not a list")
    for number, entry in enumerate(orphans, start=1):
        reviews.append(_record(Review, entry, doc_id, f"{source}: orphans[{number}]"))
    return [review for review in reviews if not review.is_empty]


def team_final_verdicts(data: dict[str, Any], doc_id: str, source: str) -> list[FinalVerdict]:
    """The final verdicts of a team export, claim by claim."""
    finals = []
    for number, entry in enumerate(data.get("claims") or [], start=1):
        final = entry.get("final") if isinstance(entry, dict) else None
        if final is not None:
            finals.append(_record(FinalVerdict, final, doc_id, f"{source}: claims[{number}].final"))
    return finals


def _record(kind: type[Review] | type[FinalVerdict], entry: Any, doc_id: str, where: str) -> Any:
    if not isinstance(entry, dict):
        raise ReviewerError(f"{where} is not an object")
    try:
        record = kind.from_record(entry | {"doc_id": doc_id})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReviewerError(f"{where} is not valid ({type(exc).__name__}: {exc})") from None
    name = record.reviewer if isinstance(record, Review) else record.adjudicated_by
    if not name.strip():
        raise ReviewerError(
            f"{where} has an empty {'reviewer' if isinstance(record, Review) else 'adjudicator'}"
        )
    return record


@dataclass(slots=True)
class FinalMerge:
    """What merging the final verdicts of a team export did."""

    dry_run: bool = False
    added: list[FinalVerdict] = field(default_factory=list)
    unchanged: list[FinalVerdict] = field(default_factory=list)
    replaced: list[tuple[FinalVerdict, FinalVerdict]] = field(default_factory=list)  # stored, incoming
    kept: list[tuple[FinalVerdict, FinalVerdict, str]] = field(default_factory=list)  # stored, incoming, why

    def lines(self) -> list[str]:
        """A summary line, then one line per conflict with both versions."""
        verb = "would import" if self.dry_run else "imported"
        out = [
            f"final verdicts: {verb} {len(self.added)} added, {len(self.replaced)} updated (newer in the"
            f" export), {len(self.unchanged)} unchanged, {len(self.kept)} kept (newer or tied in the"
            " database)"
        ]
        conflicts = [(s, i, "the export's (newer)") for s, i in self.replaced]
        conflicts += [(s, i, f"the database's ({why})") for s, i, why in self.kept]
        for stored, incoming, kept in conflicts:
            out.append(
                f"  conflict on the final verdict of “{_short(incoming)}”: kept {kept};"
                f" database {_describe(stored)} / export {_describe(incoming)}"
            )
        return out


def merge_final_verdicts(store: ReviewStore, finals: list[FinalVerdict], *, dry_run: bool) -> FinalMerge:
    """Merge ``finals`` into ``store``, each decided under the lock on what is stored at that moment."""
    merge = FinalMerge(dry_run=dry_run)
    for incoming in finals:

        def decide(stored: FinalVerdict | None, incoming: FinalVerdict = incoming) -> FinalVerdict | None:
            if stored is None:
                merge.added.append(incoming)
                return incoming
            if stored == incoming:
                merge.unchanged.append(incoming)
            elif incoming.updated_at > stored.updated_at:  # ISO 8601 UTC stamps sort as text
                merge.replaced.append((stored, incoming))
                return incoming
            else:
                why = (
                    "its change is newer"
                    if incoming.updated_at < stored.updated_at
                    else "changed at the same time"
                )
                merge.kept.append((stored, incoming, why))
            return stored

        key = incoming.key
        if dry_run:
            decide(store.get_final_verdict(key))
            continue

        def change(
            current: dict[str, FinalVerdict | None], key: str = key, decide: Decide = decide
        ) -> dict[str, FinalVerdict | None]:
            decided = decide(current[key])
            return {} if decided is current[key] else {key: decided}

        store.update_final_verdicts([key], change)
    return merge


def _short(final: FinalVerdict, limit: int = 60) -> str:
    text = " ".join(final.anchor.exact.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(final: FinalVerdict) -> str:
    label = final.label.value if final.label else "unlabelled"
    return f"{label} by {final.adjudicated_by} at {final.updated_at or 'an unknown time'}"
