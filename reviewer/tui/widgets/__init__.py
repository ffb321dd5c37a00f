"""Widgets of the review screen, one module each (imported from their modules)."""
