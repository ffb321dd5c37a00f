"""Text fit for a terminal: one rule for which characters are unsafe, and how the CLI and the TUI show them.

Documents, notes, sources, reviewer names, file paths and imported exports are other people's
text. Shown raw, an escape sequence in them drives the terminal (``ESC ] 2 ;`` sets the window
title, ``ESC ] 52 ;`` writes the clipboard, ``ESC [ 2 J`` clears the screen, ``ESC [ 8 m``
hides what follows) and a bidi override (U+202E) reorders what the reader sees. Unsafe, by one
rule (:data:`UNSAFE`): the C0 controls, DEL, the C1 controls, and the bidi embedding, override
and isolate controls (U+202A–U+202E, U+2066–U+2069).

Two renderings of that rule, because the two places need different things:

- :func:`printable` (the CLI, one line of output at a time): each unsafe character becomes
  ``<U+001B>``, readable and greppable; lengths change, which no CLI output depends on.
- :func:`screen_text` (the TUI): each unsafe character becomes exactly **one** visible
  character, so the text keeps its length and every character offset into it stays right (the
  reading pane styles claims and search matches by offsets into the paragraph). C0 controls
  become their Unicode control pictures (ESC is ``␛`` U+241B, NUL ``␀``), DEL ``␡``, C1 and bidi
  controls ``�`` (U+FFFD); a tab becomes a space, and a newline stays (widgets lay out lines;
  none sends it to the terminal as is).

:func:`json_escaped` keeps JSON on standard output lossless: the same data, with unsafe
characters written as ``\\u`` escapes. Files written with ``-o`` are never filtered.

This module imports nothing from reviewer, so every layer (core, CLI, TUI) can use it.
"""

from __future__ import annotations

import re
from typing import Final

# Characters that would drive the terminal (escapes) or reorder what follows (bidi controls).
UNSAFE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The same, less the line structure a multi-line output keeps (newline and tab).
_UNSAFE_KEEPING_LINES: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_CONTROL_PICTURES: Final = 0x2400  # U+2400 ␀ … U+241F ␟ picture the C0 controls in order
_DEL_PICTURE: Final = "\u2421"  # ␡
_REPLACEMENT: Final = "\ufffd"  # �: C1 and bidi controls have no pictures of their own


def _picture(char: str) -> str:
    code = ord(char)
    if char == "\t":
        return " "
    if code < 0x20:
        return chr(_CONTROL_PICTURES + code)
    if code == 0x7F:
        return _DEL_PICTURE
    return _REPLACEMENT


# One str.translate table for the TUI: faster than a regex callback on long paragraphs.
_SCREEN_TABLE: Final = {
    code: _picture(chr(code))
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    if code != 0x0A
}


def is_printable(text: str) -> bool:
    """True when ``text`` holds no unsafe character (see :data:`UNSAFE`)."""
    return UNSAFE.search(text) is None


def printable(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with each unsafe character shown as ``<U+001B>``: the CLI's rendering.

    With ``keep_lines``, newlines and tabs pass (for multi-line output such as a report or a
    TSV on standard output); a carriage return never does, since it lets later text overwrite a line.
    """
    pattern = _UNSAFE_KEEPING_LINES if keep_lines else UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def screen_text(text: str) -> str:
    """``text`` with each unsafe character replaced by one visible character: the TUI's rendering.

    ``len(screen_text(t)) == len(t)`` always, so offsets into ``t`` index the result too.
    Newlines are kept; a tab becomes one space.
    """
    if UNSAFE.search(text) is None:
        return text
    return text.translate(_SCREEN_TABLE)


def json_escaped(text: str) -> str:
    """JSON text with every unsafe character written as a ``\\u`` escape: the same data, safe to show.

    Valid for text from ``json.dumps``: unsafe characters can only occur inside its strings
    (``json.dumps`` escapes the C0 controls itself, not DEL, C1 or the bidi controls); its raw
    newlines are indentation, and stay.
    """
    if _UNSAFE_KEEPING_LINES.search(text) is None:
        return text
    return _UNSAFE_KEEPING_LINES.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
