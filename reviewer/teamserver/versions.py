"""Change records: one immutable version of a review, final verdict or paragraph shape, named by a digest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from reviewer.model import FinalVerdict, Review

REVIEW, VERDICT, SHAPE = "review", "verdict", "shape"  # the kinds of record a change is a version of


def version_id(review_key: str, body: dict[str, Any] | None, moment: str) -> str:
    """The id of one version: the same bytes give the same id on every machine (so pushes dedupe)."""
    text = json.dumps([review_key, body, moment], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def review_version(review: Review) -> str:
    """The version id of a review as stored."""
    return version_id(review.key, review.to_record(), review.updated_at)


def verdict_version(verdict: FinalVerdict) -> str:
    """The version id of a final verdict as stored (its key is unlike any review's: it ends in ``final``)."""
    return version_id(verdict.key, verdict.to_record(), verdict.updated_at)


@dataclass(frozen=True, slots=True)
class DrawnShape:
    """One paragraph's shape record (the claims reviewers drew there), as the sync compares it.

    Shapes belong to the document, not to a reviewer: whoever pushes a version is its author
    on the server (the change's ``reviewer``); ``body["by"]`` says who drew it, for reading.
    """

    key: str  # ``{doc_id}:shape:{paragraph}``
    body: dict[str, Any]  # the record without its key: doc_id, paragraph, spans, by, updated_at

    @classmethod
    def of(cls, record: dict[str, Any] | None) -> DrawnShape | None:
        """The shape of a stored record (None for none)."""
        if record is None:
            return None
        return cls(str(record["key"]), {k: v for k, v in record.items() if k != "key"})

    @property
    def doc_id(self) -> str:
        return str(self.body.get("doc_id", ""))

    @property
    def updated_at(self) -> str:
        return str(self.body.get("updated_at", ""))

    def to_record(self) -> dict[str, Any]:
        """The record to store, with its key."""
        return {"key": self.key} | self.body


def shape_version(shape: DrawnShape) -> str:
    """The version id of a paragraph's shape as stored."""
    return version_id(shape.key, shape.body, shape.updated_at)


@dataclass(frozen=True, slots=True)
class Change:
    """A row of the server's ``changes`` table: a review's new version, or its removal (no body)."""

    change_id: str
    doc_id: str
    review_key: str
    reviewer: str
    base: str | None  # the version this one was made from, as its machine last synced it
    moment: str  # when it was made: updated_at, or when the review was removed
    body: dict[str, Any] | None
    kind: str = REVIEW  # REVIEW; VERDICT: ``reviewer`` is the adjudicator; SHAPE: the role that pushed it

    @classmethod
    def of(cls, review: Review, base: str | None) -> Change:
        """The change that makes ``review`` the current version."""
        body = review.to_record()
        return cls(
            review_version(review), review.doc_id, review.key, review.reviewer, base, review.updated_at, body
        )

    @classmethod
    def of_verdict(cls, verdict: FinalVerdict, base: str | None) -> Change:
        """The change that makes ``verdict`` the current final verdict of its claim."""
        body = verdict.to_record()
        return cls(
            verdict_version(verdict),
            verdict.doc_id,
            verdict.key,
            verdict.adjudicated_by,
            base,
            verdict.updated_at,
            body,
            VERDICT,
        )

    @classmethod
    def of_shape(cls, shape: DrawnShape, base: str | None, author: str) -> Change:
        """The change that makes ``shape`` its paragraph's current shape, pushed by ``author``."""
        return cls(
            shape_version(shape), shape.doc_id, shape.key, author, base, shape.updated_at, shape.body, SHAPE
        )

    @classmethod
    def removal(
        cls, review_key: str, doc_id: str, reviewer: str, base: str | None, moment: str, kind: str = REVIEW
    ) -> Change:
        """The change that removes a review (its label, note and sources were cleared) at ``moment``.

        Its id comes from the version it removes, so a removal pushed twice is one row.
        """
        return cls(
            version_id(review_key, None, base or ""), doc_id, review_key, reviewer, base, moment, None, kind
        )

    def row(self) -> dict[str, Any]:
        """The JSON row pushed to the server."""
        return {
            "change_id": self.change_id,
            "doc_id": self.doc_id,
            "review_key": self.review_key,
            "reviewer": self.reviewer,
            "base": self.base,
            "moment": self.moment,
            "body": self.body,
            "kind": self.kind,
        }

    def wins_over(self, moment: str, change_id: str) -> bool:
        """The deterministic order between two versions of one review: later moment, then larger id."""
        return (self.moment, self.change_id) > (moment, change_id)
