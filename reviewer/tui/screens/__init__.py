"""Screens of the review app."""

from __future__ import annotations

from reviewer.tui.screens.confirm import ConfirmScreen
from reviewer.tui.screens.export import ExportRequest, ExportScreen
from reviewer.tui.screens.filter import FilterScreen
from reviewer.tui.screens.goto import GotoScreen, GotoTarget
from reviewer.tui.screens.help import HelpScreen
from reviewer.tui.screens.note import NoteScreen
from reviewer.tui.screens.orphans import OrphanAction, OrphansScreen
from reviewer.tui.screens.review import ReviewScreen

__all__ = [
    "ConfirmScreen",
    "ExportRequest",
    "ExportScreen",
    "FilterScreen",
    "GotoScreen",
    "GotoTarget",
    "HelpScreen",
    "NoteScreen",
    "OrphanAction",
    "OrphansScreen",
    "ReviewScreen",
]
