"""User-facing errors: each carries one readable line saying what is wrong and what to do."""

from __future__ import annotations


class ReviewerError(Exception):
    """Base class for every error shown to the user as a single line."""


class LoadError(ReviewerError):
    """A document could not be read or is not a reviewable text."""


class StoreError(ReviewerError):
    """The review database could not be read or written.

    ``another_database``: using another database file gets round it; the command line says
    how (``--db``), since the store itself knows nothing of command-line options.
    """

    def __init__(self, message: str, *, another_database: bool = False) -> None:
        super().__init__(message)
        self.another_database = another_database


class CorruptDatabaseError(StoreError):
    """The database file exists but cannot be parsed; it is left untouched."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer version of reviewer."""


class DatabaseLockedError(StoreError):
    """Another process held the database lock for too long."""


class DatabaseWriteError(StoreError):
    """A change could not be written; the file on disk is unchanged."""


class ReadOnlyDatabaseError(DatabaseWriteError):
    """The database cannot be written (found when it was opened): reading works, changes are refused."""


class UsageError(ReviewerError):
    """The user asked for something that does not exist (a claim number, a label...)."""
