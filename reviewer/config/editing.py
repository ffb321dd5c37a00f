"""Change one setting in the user's file in place: their comments and layout stay, the write is atomic."""

from __future__ import annotations

import re
from pathlib import Path

from reviewer.config.base import ConfigError
from reviewer.config.loading import decode, parse_config
from reviewer.config.template import toml_string
from reviewer.storage.atomic import atomic_write_bytes

_TABLE = re.compile(r"^\s*\[")


def with_setting(text: str, key: str, value: str) -> str:
    """``text`` with the top-level ``key = "value"``: the existing line changed, else one added.

    Only the value is replaced (a comment after it stays). A new line goes under a commented
    ``# key = …`` line if there is one (as ``reviewer config --init`` writes), else before the
    first table, else at the end.
    """
    lines = text.splitlines(keepends=True)
    assigned = re.compile(rf"^(\s*{re.escape(key)}\s*=\s*)(\"(?:[^\"\\]|\\.)*\"|'[^']*')(.*)$", re.DOTALL)
    commented = re.compile(rf"^\s*#\s*{re.escape(key)}\s*=")
    hint = None
    for index, line in enumerate(lines):
        if _TABLE.match(line):
            break  # keys after a table header belong to that table
        found = assigned.match(line)
        if found:
            lines[index] = found.group(1) + toml_string(value) + found.group(3)
            return "".join(lines)
        if hint is None and commented.match(line):
            hint = index
    else:
        index = len(lines)
    newline = "\r\n" if "\r\n" in text else "\n"  # a Windows-edited file keeps its line ends
    new = f"{key} = {toml_string(value)}{newline}"
    if hint is not None:
        lines.insert(hint + 1, new)
    else:
        if index > 0 and not lines[index - 1].endswith("\n"):
            lines[index - 1] += newline
        lines.insert(index, new + (newline if index < len(lines) else ""))
    return "".join(lines)


def write_setting(path: Path, key: str, value: str) -> bool:
    """Set ``key = "value"`` in the file at ``path`` if it exists; False when there is no file.

    The file is read afresh (the user may have edited it meanwhile), changed in place, checked
    to parse with the new value, and replaced atomically. Raises ConfigError if the file is
    now broken (it is then left as it is) and OSError if it cannot be written.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    text = decode(data, path)
    parse_config(text, path)  # a file broken since it was loaded is not ours to rewrite
    changed = with_setting(text, key, value)
    if getattr(parse_config(changed, path), key) != value:
        raise ConfigError(f"{path}: {key} could not be set without changing the file's meaning")
    if changed != text:
        atomic_write_bytes(path, changed.encode("utf-8"))
    return True
