"""Import a JSON export into a ReviewStore: checked first, written all at once, no version lost.

The export is checked field by field before anything is written (``import_validation``); a bad
field refuses the whole file. Then every review is merged in one transaction. A review is
identified as in the store: document, claim span and reviewer (``Review.key``):

- not in the store: added (another reviewer's too: it goes beside theirs, replacing nothing);
- the same in both: nothing to do;
- different: a conflict. ``prefer`` picks the version the store keeps: ``newer`` (the default)
  the later ``updated_at``, the stored one on a tie (nobody can tell which is right); ``theirs``
  the export's; ``ours`` the database's. An import replaces only the importing reviewer's own
  reviews: another reviewer's stays unless ``allow_other_reviewers`` is given.

Claims a reviewer drew (``reshaped`` in the export) are recreated first, for each paragraph the
database holds no drawn claims of yet, so the reviews on them land on claims, not among the
orphans; a paragraph the database shaped differently keeps its own claims, and the report says so
(the export's reviews there are kept as orphans).

Every conflict is listed in the report in full, and the version not kept is saved as an
import-conflict record (``import_conflicts``), which ``reviewer conflicts FILE`` lists and
``--adopt N`` puts back: nothing an export carried is lost.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from reviewer.errors import ReviewerError, UsageError
from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.model import Anchor, Review
from reviewer.review.import_validation import ImportedReview, ValidExport, parse_instant, validate_export
from reviewer.storage.snapshots import load_snapshot
from reviewer.storage.store import MergeWrites, ReviewStore

Resolution = Literal["incoming", "stored"]
Preference = Literal["newer", "theirs", "ours"]
PREFERENCES: tuple[Preference, ...] = ("newer", "theirs", "ours")


@dataclass(frozen=True, slots=True)
class Conflict:
    """One review changed on both sides: both versions, and which one the store now holds."""

    stored: Review
    incoming: Review
    kept: Resolution
    reason: str
    number: int | None = None  # the claim's number in the export; None for an orphan

    @property
    def text(self) -> str:
        """The claim's text."""
        return self.incoming.anchor.exact

    @property
    def lost(self) -> Review:
        """The version the store did not keep."""
        return self.stored if self.kept == "incoming" else self.incoming


@dataclass(slots=True)
class MergeReport:
    """What an import did, for the CLI to print."""

    source: str
    doc_id: str
    title: str
    dry_run: bool = False
    added: list[Review] = field(default_factory=list)
    unchanged: list[Review] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    shaped: list[int] = field(default_factory=list)  # paragraphs (from 1) whose drawn claims were added
    shaped_differently: list[int] = field(default_factory=list)  # paragraphs the database shaped otherwise
    reshaped_away: list[Review] = field(default_factory=list)  # stored reviews of claims the shapes replace

    @property
    def replaced(self) -> list[Conflict]:
        """Conflicts where the export's version went into the store."""
        return [c for c in self.conflicts if c.kept == "incoming"]

    @property
    def kept(self) -> list[Conflict]:
        """Conflicts where the stored version stayed."""
        return [c for c in self.conflicts if c.kept == "stored"]

    def summary(self) -> str:
        """One line: how many reviews were added, updated, unchanged and kept."""
        verb = "would import" if self.dry_run else "imported"
        line = (
            f"{verb} {self.source} ({_folded(self.title)}): {len(self.added)} added, {len(self.replaced)}"
            f" updated (the export's version), {len(self.unchanged)} unchanged, {len(self.kept)} kept"
            " (the database's version)"
        )
        if self.shaped:
            verb = "would be recreated" if self.dry_run else "recreated"
            line += f"; reshaped claims {verb} in {len(self.shaped)} paragraph(s)"
        if self.conflicts:
            where = "would be kept" if self.dry_run else "kept"
            line += (
                f"; the {len(self.conflicts)} version(s) not chosen {where}: see 'reviewer conflicts FILE'"
            )
        return line

    def lines(self) -> list[str]:
        """The summary, then each conflict in full: whose review, which claim, both versions."""
        out = [self.summary()]
        for number in self.shaped_differently:
            out.append(
                f"  paragraph {number} is shaped differently in the database: its claims stay as they"
                " are; the export's reviews of claims drawn there that no claim here holds are kept as"
                " orphans"
            )
        for review in self.reshaped_away:
            out.append(
                f"  {_folded(review.reviewer)}'s review of “{_folded(review.anchor.exact)[:60]}” is on a"
                " claim the export reshaped: it stays on that span, among their orphans"
            )
        for conflict in self.conflicts:
            winner = "export's" if conflict.kept == "incoming" else "database's"
            claim = f"claim {conflict.number}" if conflict.number is not None else "an orphaned review"
            out.append(
                f"  conflict on {_folded(conflict.incoming.reviewer)}'s review of {claim},"
                f" “{_folded(conflict.text)}”: kept the {winner} version ({conflict.reason})"
            )
            out.append(f"    database: {describe_review(conflict.stored)}")
            out.append(f"    export:   {describe_review(conflict.incoming)}")
        return out


def read_export(path: str | Path) -> dict[str, Any]:
    """Parse a JSON export file, with one clear line for each way it can be wrong."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReviewerError(f"{path}: no such file") from None
    except OSError as exc:
        raise ReviewerError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ReviewerError(
            f"{path} is not JSON ({str(exc)[:80]}): give a file made by 'reviewer export'"
        ) from None
    if not isinstance(data, dict):
        raise ReviewerError(
            f"{path} is JSON but not a reviewer export: give a file made by 'reviewer export'"
        )
    return data


def import_export(
    store: ReviewStore,
    path: str | Path,
    *,
    reviewer: str,
    now: str,
    dry_run: bool = False,
    prefer: Preference = "newer",
    allow_other_reviewers: bool = False,
) -> MergeReport:
    """``reviewer import EXPORT.json``: check the export whole, then merge it in one transaction.

    ``reviewer`` is who imports: only their reviews may be replaced, unless ``allow_other_reviewers``.
    """
    if prefer not in PREFERENCES:
        raise UsageError(f"--prefer {prefer!r}: use newer, theirs or ours")
    data = read_export(path)
    moment = parse_instant(now) or datetime.now(UTC)
    doc_id = _doc_id(data)
    snapshot = load_snapshot(store, doc_id) if doc_id else None
    valid = validate_export(data, str(path), now=moment, text=snapshot.text if snapshot else None)
    report = MergeReport(source=str(path), doc_id=valid.doc_id, title=valid.title, dry_run=dry_run)
    rules = _Rules(reviewer, prefer, allow_other_reviewers, str(path), now)
    keys = [item.review.key for item in valid.reviews]
    new_shapes = _shapes(store, valid, report)
    if dry_run:
        stored = {review.key: review for review in store.reviews(valid.doc_id)}
        rules.decide(valid.reviews, {key: stored.get(key) for key in keys}, {}, report)
        return report
    if new_shapes:  # before the reviews: a kill in between leaves claims without them, never orphans
        store.put_shapes(valid.doc_id, new_shapes, reviewer, now)
    store.merge_reviews(
        valid.doc_id, keys, lambda current, records: rules.decide(valid.reviews, current, records, report)
    )
    _register(store, valid, now)
    return report


def _shapes(store: ReviewStore, valid: ValidExport, report: MergeReport) -> dict[int, tuple[Anchor, ...]]:
    """The export's drawn claims of paragraphs the database has none of (see the module); fills ``report``."""
    stored = store.shapes(valid.doc_id)
    new: dict[int, tuple[Anchor, ...]] = {}
    for paragraph, anchors in sorted(valid.shapes.items()):
        here = stored.get(paragraph)
        if here is None:
            new[paragraph] = anchors
            report.shaped.append(paragraph + 1)
        elif [(a.start, a.end) for a in here] != [(a.start, a.end) for a in anchors]:
            report.shaped_differently.append(paragraph + 1)
    if new:
        drawn = sorted((a.start, a.end) for anchors in new.values() for a in anchors)
        for review in store.reviews(valid.doc_id):
            span = (review.anchor.start, review.anchor.end)
            at = bisect.bisect_right(drawn, (span[1], -1)) - 1
            # A claim overlapping a drawn one gives way to it (``overlay``): its reviews are orphans.
            if at >= 0 and drawn[at][1] > span[0] and span not in drawn:
                report.reshaped_away.append(review)
    return new


def _doc_id(data: dict[str, Any]) -> str | None:
    document = data.get("document")
    doc_id = document.get("sha256") if isinstance(document, dict) else None
    # Only to find this version's snapshot; the field itself is checked with the rest.
    if isinstance(doc_id, str) and len(doc_id) == 64 and all(c in "0123456789abcdef" for c in doc_id):
        return doc_id
    return None


@dataclass(frozen=True, slots=True)
class _Rules:
    """How one import settles each review (see the module doc)."""

    reviewer: str
    prefer: Preference
    allow_other_reviewers: bool
    source: str
    now: str

    def decide(
        self,
        imported: list[ImportedReview],
        current: dict[str, Review | None],
        records: dict[str, dict[str, Any]],
        report: MergeReport,
    ) -> MergeWrites:
        """Fill ``report`` and say what to write, given what the store holds now."""
        writes = MergeWrites()
        for item in imported:
            incoming = item.review
            stored = current.get(incoming.key)
            if stored is None:
                report.added.append(incoming)
                writes.reviews.append(incoming)
                continue
            if stored == incoming:
                report.unchanged.append(incoming)
                continue
            kept, reason = self._winner(stored, incoming)
            conflict = Conflict(stored, incoming, kept, reason, item.number)
            report.conflicts.append(conflict)
            if kept == "incoming":
                writes.reviews.append(incoming)
                writes.conflicts.extend(self._settled(incoming, records))
            winner = "the export's version" if kept == "incoming" else "the database's version"
            record = conflict_record(conflict.lost, winner, reason, self.source, self.now)
            if record["key"] not in records:  # the same version seen before keeps its record and status
                writes.conflicts.append(record)
        return writes

    def _settled(self, incoming: Review, records: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        """Open records of the very version now written: it is in place, so they are settled."""
        body = incoming.to_record()
        return [
            record | {"status": "adopted", "resolved_at": self.now, "resolved_by": self.source}
            for record in records.values()
            if record.get("review_key") == incoming.key
            and record.get("status") == "open"
            and record.get("review") == body
        ]

    def _winner(self, stored: Review, incoming: Review) -> tuple[Resolution, str]:
        if self.prefer == "ours":
            return "stored", "--prefer ours"
        if self.prefer == "theirs":
            kept: Resolution = "incoming"
            reason = "--prefer theirs"
        else:
            theirs, ours = parse_instant(incoming.updated_at), parse_instant(stored.updated_at)
            if ours is None or (theirs is not None and theirs > ours):
                kept, reason = "incoming", "the export's change is newer"
            elif theirs == ours:
                return "stored", "both changed at the same time; the database's stays until you choose"
            else:
                return "stored", "the database's change is newer"
        if incoming.reviewer != self.reviewer and not self.allow_other_reviewers:
            return "stored", (
                f"{_folded(incoming.reviewer)}'s review is theirs to change: an import replaces only"
                f" {_folded(self.reviewer)}'s reviews (--allow-other-reviewers lets it)"
            )
        return kept, reason


def conflict_record(lost: Review, kept: str, reason: str, source: str, now: str) -> dict[str, Any]:
    """The import-conflict record that keeps ``lost`` reachable; its key is the version's own digest.

    ``kept`` says which version the store holds instead (``the export's version``, …).
    """
    body = lost.to_record()
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return {
        "key": f"conflict:{lost.key}:{digest[:16]}",
        "doc_id": lost.doc_id,
        "review_key": lost.key,
        "review": body,
        "kept": kept,
        "reason": reason,
        "source": source,
        "recorded_at": now,
        "status": "open",
    }


def _register(store: ReviewStore, valid: ValidExport, now: str) -> None:
    if all(info.doc_id != valid.doc_id for info in store.documents()):
        # So `reviewer docs` lists a document known only from an import.
        store.register(
            valid.doc_id,
            path=valid.path,
            title=valid.title,
            language=valid.language,
            claim_count=valid.claim_count,
            now=now,
            url=valid.url,
        )


def _folded(text: str) -> str:
    return " ".join(text.split())


def describe_review(review: Review, labels: LabelSet = DEFAULT_LABELS) -> str:
    """A review in one line, in full: label (its symbol from ``labels``), note, sources, when it changed."""
    parts = [labels.describe(review.label) if review.label else "no label"]
    if review.note:
        parts.append(f"note “{_folded(review.note)}”")
    if review.sources:
        parts.append("sources: " + " | ".join(_folded(source) for source in review.sources))
    for name, value in (
        ("short claim", review.short_claim),
        ("said by", review.claim_author),
        ("claim date", review.claim_date),
    ):
        if value:
            parts.append(f"{name} “{_folded(value)}”")
    parts.append(f"changed {review.updated_at or 'at an unknown time'}")
    return ", ".join(parts)
