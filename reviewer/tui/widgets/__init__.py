"""Widgets of the review screen."""

from __future__ import annotations

from reviewer.tui.widgets.claim_panel import ClaimPanel
from reviewer.tui.widgets.paragraph_list import ParagraphList, ParagraphOption
from reviewer.tui.widgets.paragraph_view import ParagraphView, ViewState
from reviewer.tui.widgets.search_bar import SearchBar
from reviewer.tui.widgets.status import SaveState, StatusBar

__all__ = [
    "ClaimPanel",
    "ParagraphList",
    "ParagraphOption",
    "ParagraphView",
    "SaveState",
    "SearchBar",
    "StatusBar",
    "ViewState",
]
