"""The configuration file: identity, defaults, theme and keymap, read from TOML with one-line errors."""

from __future__ import annotations

from reviewer.config.base import (
    CONFIG_ENV,
    EXPORT_FORMAT_ENV,
    TEXTUAL_THEMES,
    THEME_ENV,
    Config,
    ConfigError,
    Resolved,
    Source,
)
from reviewer.config.loading import config_path, did_you_mean, load_config, parse_config

__all__ = [
    "CONFIG_ENV",
    "EXPORT_FORMAT_ENV",
    "TEXTUAL_THEMES",
    "THEME_ENV",
    "Config",
    "ConfigError",
    "Resolved",
    "Source",
    "config_path",
    "did_you_mean",
    "load_config",
    "parse_config",
]
