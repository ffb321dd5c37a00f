"""Reviewing: the session, navigation, opening a document, carry-over, re-anchoring and import."""

from __future__ import annotations

from reviewer.review.session import KEEP, Change, ChangedElsewhere, Counts, ReviewSession

__all__ = ["KEEP", "Change", "ChangedElsewhere", "Counts", "ReviewSession"]
