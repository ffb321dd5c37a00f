"""The versions a team sync set aside, other than reviews: final verdicts and paragraphs' shapes.

Two final verdicts of one claim, or two reshapes of one paragraph, made apart: the sync keeps
the later and records the other in the database's sync state (``lost:CHANGE_ID``, see
``sync._set_aside``). Here they are listed, adopted and dismissed as import conflicts are
(``reviewer conflicts FILE``, the ``C`` screen): adopting one makes it current again, changed
now (so it syncs as the newest version), and keeps the version it replaces as a new open record;
dismissing one only marks it. Records are numbered after the document's import conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from reviewer.documents.base import Document
from reviewer.errors import StoreError, UsageError
from reviewer.model import Anchor, FinalVerdict
from reviewer.storage.store import ReviewStore, TeamWrites
from reviewer.teamserver.versions import SHAPE, VERDICT, DrawnShape, shape_version, verdict_version

Status = Literal["open", "adopted", "dismissed"]


@dataclass(frozen=True, slots=True)
class SetAside:
    """One final verdict or shape a team sync set aside, and what became of it."""

    key: str  # its sync-state key, ``lost:CHANGE_ID``
    kind: str  # VERDICT or SHAPE
    doc_id: str
    verdict: FinalVerdict | None
    shape: DrawnShape | None
    kept: str
    reason: str
    recorded_at: str
    status: Status

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> SetAside:
        """A sync-state record as a SetAside; a malformed one is a StoreError naming its key."""
        try:
            kind = str(record["kind"])
            verdict = FinalVerdict.from_record(record["verdict"]) if kind == VERDICT else None
            shape = DrawnShape(str(record["shape_key"]), dict(record["shape"])) if kind == SHAPE else None
            if shape is not None:
                _spans(shape)
            status = str(record.get("status", "open"))
            return cls(
                key=str(record["key"]),
                kind=kind,
                doc_id=str(record["doc_id"]),
                verdict=verdict,
                shape=shape,
                kept=str(record.get("kept", "")),
                reason=str(record.get("reason", "")),
                recorded_at=str(record.get("at", "")),
                status=status if status in ("open", "adopted", "dismissed") else "open",  # type: ignore[arg-type]
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(
                f"team-sync record {record.get('key', '?')!r} is malformed ({type(exc).__name__});"
                " it was left untouched"
            ) from None

    @property
    def position(self) -> tuple[int, int]:
        """Where in the document it lies: the verdict's claim span, or the shape's first span."""
        if self.verdict is not None:
            return self.verdict.anchor.start, self.verdict.anchor.end
        assert self.shape is not None
        spans = _spans(self.shape)
        return (spans[0].start, spans[0].end) if spans else (0, 0)

    @property
    def paragraph(self) -> int | None:
        """The reshaped paragraph's index (a shape), else None."""
        return int(self.shape.body["paragraph"]) if self.shape is not None else None

    @property
    def owner(self) -> str | None:
        """Whose it is to change: the verdict's adjudicator; a shape is the document's (None)."""
        return self.verdict.adjudicated_by if self.verdict is not None else None

    def where(self, claim: int | None) -> str:
        """``the final verdict of claim 12`` (``claim``: the index of its claim, if one holds it)."""
        if self.paragraph is not None:
            return f"the claims of paragraph {self.paragraph + 1}"
        return "the final verdict of " + (
            f"claim {claim + 1}" if claim is not None else "a claim no longer in the text"
        )

    def describe(self, document: Document) -> str:
        """One line: the verdict's label, note and time; or the claims the shape draws."""
        if self.verdict is not None:
            verdict = self.verdict
            label = verdict.label.value if verdict.label else "no label"
            note = f", note “{verdict.note}”" if verdict.note else ""
            return f"final verdict {label}{note}, by {verdict.adjudicated_by}, changed {verdict.updated_at}"
        assert self.shape is not None
        spans = _spans(self.shape)
        claims = " · ".join(f"“{_cut(document.text[a.start : a.end])}”" for a in spans)
        by = self.shape.body.get("by", "?")
        if not spans:
            when = self.shape.updated_at
            return f"the sentence splitter's claims (drawn claims taken back by {by}), changed {when}"
        return f"{len(spans)} drawn claim(s) by {by}, changed {self.shape.updated_at}: {claims}"

    def in_place(self, store: ReviewStore, document: Document) -> str:
        """What the database holds instead, in the same words."""
        if self.verdict is not None:
            current = store.get_final_verdict(self.verdict.key)
            if current is None:
                return "no final verdict"
            return SetAside(self.key, VERDICT, self.doc_id, current, None, "", "", "", "open").describe(
                document
            )
        assert self.shape is not None
        shape = DrawnShape.of(store.shape_record(self.shape.key))
        if shape is None:
            return "the sentence splitter's claims"
        return SetAside(self.key, SHAPE, self.doc_id, None, shape, "", "", "", "open").describe(document)


def _spans(shape: DrawnShape) -> tuple[Anchor, ...]:
    return tuple(Anchor.from_dict(anchor) for anchor in shape.body["spans"])


def _cut(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def open_set_aside(store: ReviewStore, doc_id: str) -> list[SetAside]:
    """The open final verdicts and shapes team sync set aside for version ``doc_id``, in document order."""
    found = [
        SetAside.from_record(record)
        # The "lost:" records are in the index (their keys name no document): read no document file.
        for key, record in store.team_state(within=()).items()
        if key.startswith("lost:")
        and record.get("doc_id") == doc_id
        and record.get("kind") in (VERDICT, SHAPE)
    ]
    found = [entry for entry in found if entry.status == "open"]
    return sorted(found, key=lambda e: (*e.position, e.kind, e.recorded_at, e.key))


def adopt_set_aside(
    store: ReviewStore, chosen: SetAside, *, reviewer: str, now: str, allow_other_reviewers: bool = False
) -> bool:
    """Make ``chosen`` current again; True when it replaced something, which is kept set aside in turn.

    Another adjudicator's final verdict is theirs to change: refused unless ``allow_other_reviewers``.
    A shape is the document's: anyone may adopt one.
    """
    owner = chosen.owner
    if owner is not None and owner != reviewer and not allow_other_reviewers:
        raise UsageError(
            f"that final verdict is {owner}'s, which is theirs to change: give --allow-other-reviewers"
            " to adopt it anyway"
        )
    replaced = [False]

    def decide() -> TeamWrites:
        record = _still_open(store, chosen)
        writes = TeamWrites(state=[record | {"status": "adopted", "resolved_at": now}])
        reason = "replaced when a version set aside by team sync was adopted"
        if chosen.verdict is not None:
            current = store.get_final_verdict(chosen.verdict.key)
            moment = after(now, chosen.verdict.updated_at, current.updated_at if current else "")
            adopted = chosen.verdict.evolve(updated_at=moment)
            writes.verdicts.append(adopted)
            if current is not None and not current.same_content(adopted):
                replaced[0] = True
                writes.state.append(
                    lost_verdict(current, "the adopted version", reason, now, verdict_version(current))
                )
        else:
            assert chosen.shape is not None
            current_shape = DrawnShape.of(store.shape_record(chosen.shape.key))
            moment = after(now, chosen.shape.updated_at, current_shape.updated_at if current_shape else "")
            adopted_shape = DrawnShape(
                chosen.shape.key, chosen.shape.body | {"updated_at": moment, "by": reviewer}
            )
            if adopted_shape.body["spans"]:
                writes.shapes.append(adopted_shape.to_record())
            elif current_shape is not None:  # a take-back: the segmenter's claims again
                writes.deleted_shapes.append(adopted_shape.key)
            if current_shape is not None:
                replaced[0] = True
                kept = "the adopted version"
                writes.state.append(
                    lost_shape(current_shape, kept, reason, now, shape_version(current_shape))
                )
        return writes

    store.team_transaction(decide)
    return replaced[0]


def dismiss_set_aside(store: ReviewStore, chosen: SetAside, *, now: str) -> None:
    """Set ``chosen`` aside for good; the record stays in the database."""

    def decide() -> TeamWrites:
        record = _still_open(store, chosen)
        return TeamWrites(state=[record | {"status": "dismissed", "resolved_at": now}])

    store.team_transaction(decide)


def after(now: str, *moments: str) -> str:
    """``now``, or one second after the latest of ``moments`` when the clock has not passed it.

    An adoption must be a new version, later than both it settles: in the same second as the
    version it brings back it would be that very version (same digest), which the other machines
    have seen and set aside already, so it would never reach them.
    """
    latest = max((m for m in moments if m), default="")
    if now > latest:
        return now
    try:
        moment = datetime.fromisoformat(latest.replace("Z", "+00:00")) + timedelta(seconds=1)
    except ValueError:
        return now
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _still_open(store: ReviewStore, chosen: SetAside) -> dict[str, Any]:
    record = store.team_record(chosen.key)
    if record is None or record.get("status", "open") != "open":
        raise UsageError("that version was settled meanwhile: list the conflicts again")
    return record


def lost_verdict(verdict: FinalVerdict, kept: str, reason: str, now: str, change_id: str) -> dict[str, Any]:
    """The sync-state record keeping a final verdict that lost (or was replaced by an adoption)."""
    return {
        "key": f"lost:{change_id}",
        "kind": VERDICT,
        "doc_id": verdict.doc_id,
        "verdict": verdict.to_record(),
        "kept": kept,
        "reason": reason,
        "at": now,
        "status": "open",
    }


def lost_shape(shape: DrawnShape, kept: str, reason: str, now: str, change_id: str) -> dict[str, Any]:
    """The sync-state record keeping a paragraph's shape that lost (or was replaced by an adoption)."""
    return {
        "key": f"lost:{change_id}",
        "kind": SHAPE,
        "doc_id": shape.doc_id,
        "shape_key": shape.key,
        "shape": shape.body,
        "kept": kept,
        "reason": reason,
        "at": now,
        "status": "open",
    }
