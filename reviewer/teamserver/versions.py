"""Change records: one immutable version of one review or final verdict, named by a digest of what it says."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from reviewer.model import FinalVerdict, Review

REVIEW, VERDICT = "review", "verdict"  # the kinds of record a change is a version of


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
class Change:
    """A row of the server's ``changes`` table: a review's new version, or its removal (no body)."""

    change_id: str
    doc_id: str
    review_key: str
    reviewer: str
    base: str | None  # the version this one was made from, as its machine last synced it
    moment: str  # when it was made: updated_at, or when the review was removed
    body: dict[str, Any] | None
    kind: str = REVIEW  # REVIEW, or VERDICT: then ``reviewer`` is the adjudicator

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
