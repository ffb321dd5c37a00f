"""Databases for the layout tests: a few documents with every kind of record, and their one-file form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reviewer.model import Anchor, FinalVerdict, Label, NoteDraft, OrphanStatus, Review
from reviewer.storage.partitions import folder_of
from reviewer.storage.store import ReviewStore, TeamWrites, record_id

DOCS = ("a" * 64, "b" * 64, "c" * 64)
NOW = "2026-12-02T09:00:00Z"


def review(doc: str, claim: int, reviewer: str = "alice", label: Label = Label.VERIFIED) -> Review:
    anchor = Anchor(exact=f"claim {claim}", prefix="", suffix="", start=claim * 10, end=claim * 10 + 7)
    return Review(doc, reviewer, anchor, label, f"note {claim}", (), NOW, NOW)


def fill(db: Path, claims: int = 5) -> None:
    """Reviews of two reviewers, a final verdict, an orphan, a draft, a position, team state."""
    store = ReviewStore(db)
    for doc in DOCS:
        store.register(
            doc, path=f"/docs/{doc[:4]}.md", title=doc[:4], language="en", claim_count=claims, now=NOW
        )
        store.add_reviews([review(doc, c) for c in range(claims)] + [review(doc, 0, "bob", Label.DISPUTED)])
        first = review(doc, 0)
        store.add_final_verdicts(
            [FinalVerdict(doc, first.anchor, "carol", Label.DISPUTED, "", (), (), NOW, NOW)]
        )
        store.add_orphans(doc, [(review(doc, 99), 1)], NOW)
        store.set_draft(doc, "alice", NoteDraft(doc, "alice", 0, 7, "typing", (), NOW))
        store.set_position(doc, "alice", 2, NOW)
        state = {"key": f"v:{first.key}", "doc_id": doc, "reviewer": "alice", "change_id": "x", "seen": ["x"]}
        writes = TeamWrites(state=[state, {"key": "watermark", "xmin": "7"}])
        store.team_transaction(lambda writes=writes: writes)  # type: ignore[misc]
    store.resolve_orphan(DOCS[0], review(DOCS[0], 99), OrphanStatus.DISMISSED, NOW)
    store.close()


def everything(db: Path) -> dict[str, Any]:
    """What a fresh store reads of the database, through its public reads."""
    store = ReviewStore(db)
    return {
        "documents": store.documents(),
        "all": sorted(r.key for r in store.all_reviews()),
        "team": dict(sorted(store.team_state().items())),
        **{
            doc: (
                sorted(store.reviews(doc), key=lambda r: r.key),
                store.final_verdicts(doc),
                store.orphans(doc),
                store.get_draft(doc, "alice"),
                store.positions(doc),
            )
            for doc in DOCS
        },
    }


def one_file(db: Path, target: Path, version: int = 2) -> bytes:
    """Write ``db``'s records as one schema-``version`` file at ``target`` (today's migration source)."""
    tables: dict[str, dict[str, Any]] = {}
    files = [db, *sorted(folder_of(db).glob("*.json"))]
    for path in files:
        ReviewStore(db).close()
        for name, rows in json.loads(path.read_text(encoding="utf-8")).items():
            if name != "_storage":
                tables.setdefault(name, {}).update(rows)
    tables["_meta"][str(record_id("schema"))] = {
        "key": "schema",
        "schema_version": version,
        "created_by": "x",
    }
    raw = json.dumps(tables, ensure_ascii=False).encode("utf-8")
    target.write_bytes(raw)
    return raw
