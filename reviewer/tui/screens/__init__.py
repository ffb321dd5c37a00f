"""Screens of the review app, one module each.

Nothing is imported here: the review screen is needed at once, the dialogs only when first
opened, so a launch does not pay for them.
"""
