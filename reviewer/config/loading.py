"""Find and read the configuration file: TOML, checked key by key, every mistake one line naming its place."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from reviewer.config.base import (
    CONFIG_ENV,
    CONFIG_FILENAME,
    TEXTUAL_THEMES,
    ClaimReviewSettings,
    Config,
    ConfigError,
    Resolved,
    Source,
)
from reviewer.config.labels import parse_labels

# Every top-level key the file may hold, with what its value must be (said in messages).
SETTINGS = {
    "reviewer": "your name, a string",
    "db": "the database file's path, a string",
    "export_format": "an export format's name, a string",
    "theme": "a theme's name, a string",
    "keymap": "a table of binding ids and keys",
    "team": 'a table with the team server\'s URL: server = "postgresql://…"',
    "claimreview": "a table: organisation, organisation_url, logo, fact_check_url",
    "labels": "[[labels]] tables, one per label: name, key, symbol, colour, claimreview, …",
}
# The [claimreview] table's keys, and whether each is a web address.
CLAIMREVIEW_KEYS = {"organisation": False, "organisation_url": True, "logo": True, "fact_check_url": True}


def config_path(explicit: Path | None = None) -> Resolved[Path]:
    """``--config PATH``, else ``$REVIEWER_CONFIG``, else ``config.toml`` in the user config directory."""
    if explicit is not None:
        return Resolved(explicit.expanduser(), Source.OPTION, "--config")
    override = os.environ.get(CONFIG_ENV, "").strip()
    if override:
        return Resolved(Path(override).expanduser(), Source.ENVIRONMENT, CONFIG_ENV)
    from platformdirs import user_config_path  # deferred: only needed when no path is given

    return Resolved(user_config_path("reviewer", appauthor=False) / CONFIG_FILENAME, Source.DEFAULT)


def load_config(explicit: Path | None = None) -> Config:
    """The configuration in force: the file's settings, or the defaults when there is no file.

    Raises ConfigError (one line: file, line, key, what is wrong) for a file that cannot be
    read, is not TOML, or holds an unknown key or a value of the wrong type.
    """
    origin = config_path(explicit)
    path = origin.value
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config(path, origin)
    except OSError as exc:
        raise ConfigError(f"{path}: the configuration file cannot be read ({exc.strerror or exc})") from None
    return parse_config(decode(data, path), path, origin)


def decode(data: bytes, path: Path) -> str:
    """The file's text (UTF-8, a BOM tolerated), or a ConfigError naming the line of a bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None


def parse_config(text: str, path: Path, origin: Resolved[Path] | None = None) -> Config:
    """Check ``text`` (the file at ``path``) and return its settings; raises ConfigError."""
    origin = origin or Resolved(path, Source.OPTION, "--config")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_syntax_message(str(exc), text, path)) from None
    lines = key_lines(text)
    where = _Where(path, lines)
    for key in data:
        if key not in SETTINGS:
            raise ConfigError(f"{where(key)}: unknown key {key!r}{did_you_mean(key, SETTINGS)}")
    settings: dict[str, Any] = {}
    for key in ("reviewer", "export_format", "theme"):
        if key in data:
            settings[key] = _string(data[key], key, where)
    if "reviewer" in settings and not settings["reviewer"]:
        raise ConfigError(f"{where('reviewer')}: reviewer: empty; remove the line to use your OS user name")
    if "export_format" in settings:
        _check_format(settings["export_format"], where)
    if "theme" in settings:
        check_theme(settings["theme"], f"{where('theme')}: theme")
    if "db" in data:
        db = _string(data["db"], "db", where)
        if not db:
            raise ConfigError(f"{where('db')}: db: empty; remove the line to use the default database")
        # A relative path is relative to the file that names it, not to wherever reviewer runs.
        settings["db"] = path.expanduser().parent / Path(db).expanduser()
    if "team" in data:
        settings["team_server"] = _team_server(data["team"], where)
    keymap = _keymap(data.get("keymap", {}), where)
    claimreview = _claimreview(data.get("claimreview", {}), where)
    if "labels" in data:
        settings["labels"] = parse_labels(data["labels"], where, _kind)
    flat_lines = {".".join(parts): line for parts, line in lines.items()}
    return Config(
        path, origin, exists=True, keymap=keymap, claimreview=claimreview, lines=flat_lines, **settings
    )


def _claimreview(value: object, where: _Where) -> ClaimReviewSettings:
    if not isinstance(value, dict):
        raise ConfigError(f"{where('claimreview')}: claimreview: must be {SETTINGS['claimreview']}")
    found: dict[str, str] = {}
    for key, setting in value.items():
        place = where("claimreview", key)
        if key not in CLAIMREVIEW_KEYS:
            raise ConfigError(
                f"{place}: claimreview: unknown key {key!r}{did_you_mean(key, CLAIMREVIEW_KEYS)}"
                f" (keys: {', '.join(CLAIMREVIEW_KEYS)})"
            )
        if not isinstance(setting, str):
            raise ConfigError(f"{place}: claimreview.{key}: must be a string, not {_kind(setting)}")
        text = setting.strip()
        if text and CLAIMREVIEW_KEYS[key]:
            problem = web_address_problem(text, allow_slug=key == "fact_check_url")
            if problem:
                raise ConfigError(f"{place}: claimreview.{key}: {problem}")
        found[key] = text
    return ClaimReviewSettings(**found)


def web_address_problem(text: str, *, allow_slug: bool = False) -> str:
    """Why ``text`` is no web address a fact check can name (one phrase), or ""."""
    if not text.startswith(("https://", "http://")) or len(text) <= len("https://") or " " in text:
        return f"{text!r} is not a web address such as https://factcheck.example/"
    rest = text.replace("{slug}", "") if allow_slug else text
    if "{" in rest or "}" in rest:
        return f"{text!r}: the only placeholder is {{slug}} (the document file's name)"
    return ""


def check_theme(name: str, context: str) -> None:
    """Raise ConfigError unless ``name`` is one of Textual's built-in themes."""
    if name not in TEXTUAL_THEMES:
        raise ConfigError(
            f"{context}: unknown theme {name!r}{did_you_mean(name, TEXTUAL_THEMES)}"
            f" (themes: {', '.join(TEXTUAL_THEMES)})"
        )


def check_export_format(name: str, context: str) -> None:
    """Raise ConfigError unless ``name`` is an export format."""
    from reviewer.exports.base import FORMAT_NAMES  # deferred: only a file or variable that names one pays

    names = list(FORMAT_NAMES)
    if name not in names:
        raise ConfigError(
            f"{context}: unknown export format {name!r}{did_you_mean(name, names)}"
            f" (formats: {', '.join(names)})"
        )


def did_you_mean(word: str, choices: Any) -> str:
    """``; did you mean 'theme'?`` for a near miss, else nothing."""
    close = difflib.get_close_matches(word, [str(choice) for choice in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class _Where:
    """``FILE:LINE`` for a dotted key, falling back to its table's line, then to the file alone."""

    def __init__(self, path: Path, lines: dict[tuple[str, ...], int]) -> None:
        self._path = path
        self._lines = lines

    def __call__(self, *parts: str) -> str:
        for end in range(len(parts), 0, -1):
            line = self._lines.get(parts[:end])
            if line:
                return f"{self._path}:{line}"
        return str(self._path)


def _string(value: object, key: str, where: _Where) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where(key)}: {key}: must be {SETTINGS[key]}, not {_kind(value)}")
    return value.strip()


def _check_format(name: str, where: _Where) -> None:
    check_export_format(name, f"{where('export_format')}: export_format")


def _keymap(value: object, where: _Where) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where('keymap')}: keymap: must be {SETTINGS['keymap']}, not {_kind(value)}")
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        place = where("keymap", binding_id)
        if isinstance(keys, list) and all(isinstance(key, str) for key in keys):
            keys = ",".join(keys)  # ["j", "down"] is the same as "j,down"
        if not isinstance(keys, str):
            raise ConfigError(
                f'{place}: keymap: "{binding_id}" must be keys such as "j,down", not {_kind(keys)}'
            )
        parts = [key.strip() for key in keys.split(",")]
        if not all(parts):
            raise ConfigError(f'{place}: keymap: "{binding_id}" = {keys!r}: a key is missing between commas')
        if any(" " in part for part in parts):
            raise ConfigError(f'{place}: keymap: "{binding_id}" = {keys!r}: separate keys with commas')
        keymap[binding_id] = ",".join(parts)
    return keymap


def _kind(value: object) -> str:
    """What a TOML value is, in words for a message."""
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list"}
    if isinstance(value, dict):
        return "a table"
    return next((word for kind, word in kinds.items() if isinstance(value, kind)), "a date or time")


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _syntax_message(message: str, text: str, path: Path) -> str:
    """tomllib's ``Expected '=' … (at line 3, column 7)`` as ``FILE:3: not valid TOML: …``."""
    found = _AT.search(message)
    if found is None:
        return f"{path}: not valid TOML: {message.replace(' (at end of document)', ' at the end')}"
    line = int(found.group(1))
    source = text.splitlines()[line - 1].strip() if line <= len(text.splitlines()) else ""
    near = f" in {source[:60]!r}" if source else ""
    return f"{path}:{line}: not valid TOML: {message[: found.start()]} (column {found.group(2)}){near}"


# A line that opens a table (``[keymap]``, ``[[labels]]``) or sets a key (``"claim.next" = …``).
_HEADER = re.compile(r"^\s*(\[\[?)\s*(?P<key>[^\]#]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(
    r"""^\s*(?P<key>(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)
_PART = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)""")


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line (from 1) each key and table of a valid TOML text is on, by dotted path.

    tomllib keeps no positions, so messages find them here; a key inside a multi-line string
    or an inline table is not found, and a message then names its table's line instead.
    """
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    arrays: dict[tuple[str, ...], int] = {}
    in_string = ""
    for number, line in enumerate(text.splitlines(), 1):
        if in_string:
            if in_string in line:
                in_string = ""
            continue
        header = _HEADER.match(line)
        if header:
            table = _split(header.group("key"))
            if header.group(1) == "[[":
                index = arrays.get(table, -1) + 1
                arrays[table] = index
                table = (*table, str(index))
            lines.setdefault(table, number)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            lines.setdefault((*table, *_split(assign.group("key"))), number)
            rest = line[assign.end() :]
            for quotes in ('"""', "'''"):
                if rest.count(quotes) == 1:
                    in_string = quotes
    return lines


def _split(dotted: str) -> tuple[str, ...]:
    """``keymap."claim.next"`` → ``("keymap", "claim.next")``."""
    parts = []
    for match in _PART.finditer(dotted):
        part = match.group(1)
        if part[0] in "\"'":
            try:  # TOML's own rules for the quoted key's escapes
                part = str(tomllib.loads(f"k = {part}")["k"])
            except tomllib.TOMLDecodeError:
                part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def _team_server(team: Any, where: _Where) -> str | None:
    """``[team] server``: a libpq URL without a password (passwords live in ~/.pgpass or PG*)."""
    if not isinstance(team, dict):
        raise ConfigError(f'{where("team")}: team: a table, such as [team] server = "postgresql://…"')
    for key in team:
        if key != "server":
            raise ConfigError(f"{where('team')}: team: unknown key {key!r}; the table holds server")
    if "server" not in team:
        return None
    server = team["server"]
    if not isinstance(server, str) or not server.strip():
        raise ConfigError(f"{where('team')}: team.server: a postgresql:// URL, a string")
    if re.match(r"^\w+://[^:/@?#]*:[^@/?#]*@", server.strip()) or "password=" in server:
        raise ConfigError(
            f"{where('team')}: team.server: holds a password; remove it and put it in ~/.pgpass"
            " (or PGPASSWORD)"
        )
    return server.strip()
