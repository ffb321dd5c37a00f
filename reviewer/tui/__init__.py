"""The terminal UI (Textual). The core never imports this package."""

from __future__ import annotations

from reviewer.tui.app import ReviewApp, run_app

__all__ = ["ReviewApp", "run_app"]
