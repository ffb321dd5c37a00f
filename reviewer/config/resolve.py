"""The settings in force and where each came from: option > environment variable > file > default."""

from __future__ import annotations

import os
from pathlib import Path

from reviewer.config.base import (
    DEFAULT_EXPORT_FORMAT,
    DEFAULT_THEME,
    EXPORT_FORMAT_ENV,
    THEME_ENV,
    Config,
    Resolved,
    Source,
)
from reviewer.config.loading import check_export_format, check_theme
from reviewer.paths import DB_ENV, REVIEWER_ENV, default_db_path, resolve_reviewer


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def reviewer_name(config: Config, explicit: str | None = None) -> Resolved[str]:
    """Whose reviews: ``--reviewer``, ``$REVIEWER_NAME``, the file's ``reviewer``, the OS user name."""
    value = resolve_reviewer(explicit, config.reviewer)  # the one order, kept in reviewer.paths
    if explicit and explicit.strip():
        return Resolved(value, Source.OPTION, "--reviewer")
    if _env(REVIEWER_ENV):
        return Resolved(value, Source.ENVIRONMENT, REVIEWER_ENV)
    if config.reviewer:
        return Resolved(value, Source.FILE)
    return Resolved(value, Source.DEFAULT, "(the OS user name)")


def database(config: Config, explicit: Path | None = None) -> Resolved[Path]:
    """The database: ``--db``, ``$REVIEWER_DB``, the file's ``db``, the user data directory's."""
    if explicit is not None:
        return Resolved(explicit.expanduser(), Source.OPTION, "--db")
    value = default_db_path(config.db)  # the one order, kept in reviewer.paths
    if _env(DB_ENV):
        return Resolved(value, Source.ENVIRONMENT, DB_ENV)
    if config.db is not None:
        return Resolved(value, Source.FILE)
    return Resolved(value, Source.DEFAULT)


def export_format(config: Config) -> Resolved[str]:
    """The format when neither ``--format`` nor the output's suffix says: env, file, then JSON."""
    override = _env(EXPORT_FORMAT_ENV)
    if override:
        check_export_format(override, EXPORT_FORMAT_ENV)
        return Resolved(override, Source.ENVIRONMENT, EXPORT_FORMAT_ENV)
    if config.export_format:
        return Resolved(config.export_format, Source.FILE)
    return Resolved(DEFAULT_EXPORT_FORMAT, Source.DEFAULT)


def theme(config: Config) -> Resolved[str]:
    """The theme: ``$TEXTUAL_THEME`` (Textual's own variable), the file's ``theme``, textual-dark."""
    override = _env(THEME_ENV)
    if override:
        check_theme(override, THEME_ENV)
        return Resolved(override, Source.ENVIRONMENT, THEME_ENV)
    if config.theme:
        return Resolved(config.theme, Source.FILE)
    return Resolved(DEFAULT_THEME, Source.DEFAULT)


def effective(
    config: Config, *, reviewer: str | None = None, db: Path | None = None
) -> list[tuple[str, Resolved[str]]]:
    """Every setting in force as text, in the file's order, for ``reviewer config``."""
    path = database(config, db)
    claimreview = [
        (f"claimreview.{name}", Resolved(value, Source.FILE) if value else Resolved("", Source.DEFAULT))
        for name, value in (
            ("organisation", config.claimreview.organisation),
            ("organisation_url", config.claimreview.organisation_url),
            ("logo", config.claimreview.logo),
            ("fact_check_url", config.claimreview.fact_check_url),
        )
    ]
    return [
        ("reviewer", reviewer_name(config, reviewer)),
        ("db", Resolved(str(path.value), path.source, path.detail)),
        ("export_format", export_format(config)),
        ("theme", theme(config)),
        *claimreview,
    ]
