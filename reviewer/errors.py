"""User-facing errors: each carries one readable line saying what is wrong and what to do."""

from __future__ import annotations


class ReviewerError(Exception):
    """Base class for every error shown to the user as a single line."""


class LoadError(ReviewerError):
    """A document could not be read or is not a reviewable text."""


class StoreError(ReviewerError):
    """The review database could not be read or written."""


class CorruptDatabaseError(StoreError):
    """The database file exists but cannot be parsed; it is left untouched."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer version of reviewer."""


class DatabaseLockedError(StoreError):
    """Another process held the database lock for too long."""


class DatabaseWriteError(StoreError):
    """A change could not be written; the file on disk is unchanged."""


class UsageError(ReviewerError):
    """The user asked for something that does not exist (a claim number, a label...)."""
