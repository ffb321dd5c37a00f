"""The configuration's types: the settings read from the file, where a value came from, and its errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Generic, TypeVar

from reviewer.errors import UsageError
from reviewer.labelset import DEFAULT_LABELS, LabelSet

CONFIG_ENV = "REVIEWER_CONFIG"
EXPORT_FORMAT_ENV = "REVIEWER_EXPORT_FORMAT"
THEME_ENV = "TEXTUAL_THEME"  # Textual's own variable: honoured so the environment wins over the file
CONFIG_FILENAME = "config.toml"
DEFAULT_EXPORT_FORMAT = "json"
DEFAULT_THEME = "textual-dark"

# Textual's built-in themes (textual==8.2.8 is pinned): listed here so that checking a file
# needs no Textual import; tests/config/test_loading.py checks the list against Textual's.
TEXTUAL_THEMES = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
)

T = TypeVar("T")


class ConfigError(UsageError):
    """The configuration file (or a variable standing in for it) is unusable: exit status 2.

    The message is one line: ``FILE:LINE: key: what is wrong`` (with a "did you mean").
    """


class Source(StrEnum):
    """Where an effective setting came from, weakest first."""

    DEFAULT = "default"
    FILE = "file"
    ENVIRONMENT = "environment"
    OPTION = "option"


@dataclass(frozen=True, slots=True)
class Resolved(Generic[T]):
    """A setting's value in force and where it came from (``detail``: which variable or option)."""

    value: T
    source: Source
    detail: str = ""

    def origin(self) -> str:
        """``option --db``, ``environment REVIEWER_NAME``, ``file``, ``default``."""
        return f"{self.source.value} {self.detail}".strip()


@dataclass(frozen=True, slots=True)
class ClaimReviewSettings:
    """The ``[claimreview]`` table: who publishes the fact checks, and where ("" when not set)."""

    organisation: str = ""
    organisation_url: str = ""
    logo: str = ""
    fact_check_url: str = ""  # may hold {slug}: the document file's name made fit for a URL


@dataclass(frozen=True, slots=True)
class Config:
    """What the configuration file says; ``None`` for a setting it leaves to the defaults."""

    path: Path
    path_origin: Resolved[Path]
    exists: bool = False
    reviewer: str | None = None
    db: Path | None = None
    export_format: str | None = None
    theme: str | None = None
    team_server: str | None = None  # [team] server: the team's PostgreSQL URL, never with a password
    keymap: dict[str, str] = field(default_factory=dict)
    claimreview: ClaimReviewSettings = ClaimReviewSettings()
    labels: LabelSet = DEFAULT_LABELS  # [[labels]]: the file's set replaces the three defaults
    # The line each setting (``theme``) or keymap entry (``keymap.claim.next``) is on, for messages.
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def own_keys(self) -> bool:
        """True when the file changes keys: a keymap, or a label set with keys of its own to check."""
        return bool(self.keymap) or self.labels != DEFAULT_LABELS

    def where(self, key: str) -> str:
        """``FILE:LINE`` of a setting, or just ``FILE`` when the line is not known."""
        line = self.lines.get(key)
        return f"{self.path}:{line}" if line else str(self.path)
