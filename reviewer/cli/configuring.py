"""``reviewer config`` and ``reviewer keys``: the settings in force, a commented file to start, every key."""

from __future__ import annotations

import argparse
import sys

from reviewer.cli.common import Run
from reviewer.config import Config, config_path
from reviewer.config import resolve as settings
from reviewer.config.template import KeyRow, render_template, toml_string
from reviewer.errors import ReviewerError
from reviewer.paths import os_user_name, platform_db_path
from reviewer.storage.atomic import atomic_write_bytes

CONFIG_COMMANDS = ("config", "keys")


def add_config_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The ``config`` and ``keys`` sub-commands (``common``: the options every command takes)."""
    config = commands.add_parser(
        "config",
        parents=[common],
        help="the configuration file in use and the settings in force",
        description="Print the configuration file in use and every setting in force, with where it comes"
        " from (option > environment variable > file > default). With --init, write a commented file"
        " that shows every default.",
    )
    config.add_argument("--init", action="store_true", help="write a commented file with every default")
    config.add_argument("--force", action="store_true", help="with --init: replace an existing file")
    commands.add_parser(
        "keys",
        parents=[common],
        help="every key binding: its id (for [keymap]), keys and what it does",
        description="List every key binding of the review screen and its dialogs: the id to use in the"
        " configuration file's [keymap], its default keys, and your keys where the keymap changes them.",
    )


def cmd_config(run: Run) -> int:
    """Show the configuration in force, or write a commented one with ``--init``."""
    origin = config_path(run.args.config)
    if run.args.init:
        return _write_template(run)
    found = "" if origin.value.is_file() else "; not found: the defaults apply"
    print(f"# configuration file: {origin.value} ({origin.origin()}{found})")
    config = run.config  # a broken file: its one line, exit 2, after the path above
    rows = [
        (f"{name} = {toml_string(resolved.value)}", resolved.origin())
        for name, resolved in settings.effective(config, reviewer=run.args.reviewer, db=run.args.db)
    ]
    keymap = [
        (f"{toml_string(binding_id)} = {toml_string(keys)}", "file")
        for binding_id, keys in config.keymap.items()
    ]
    width = max(len(text) for text, _ in rows + keymap) + 2
    for text, where in rows:
        print(f"{text:<{width}}# {where}")
    if keymap:
        print("\n[keymap]")
        for text, where in keymap:
            print(f"{text:<{width}}# {where}")
    where = "file" if "labels.0" in config.lines else "default"
    print(f"\n# labels ({where}), in order:")
    for item in config.labels:
        rating = (
            f"ClaimReview {item.alternate_name!r} = {item.rating_value}" if item.is_rating else "not a rating"
        )
        extra = "".join(
            f" · {word} {value!r}"
            for word, value in (("CSV/TSV", item.csv_value), ("category", item.agreement_category))
            if value != item.name
        )
        print(f"#   {item.symbol} {item.name}  key {item.key} · {item.colour} · {rating}{extra}")
    _warn_about_keymap(config)
    return 0


def cmd_keys(run: Run) -> int:
    """List every binding id with its default keys, the keymap's keys and what it does."""
    from reviewer.tui.keymap import catalogue, display  # Textual: only this command pays for it

    config = run.config
    rows = catalogue(config.labels)
    keys: dict[str, str] = {}
    for row in rows:
        keys[row.id] = ", ".join(display(key) for key in row.keys)
        if row.id in config.keymap:
            mine = ", ".join(display(key) for key in config.keymap[row.id].split(","))
            keys[row.id] = f"{mine} (default {keys[row.id]})"
    id_width = max(len(row.id) for row in rows) + 2
    keys_width = max(len(text) for text in keys.values()) + 2
    where = ""
    lines: list[str] = []
    for row in rows:
        if row.where != where:
            where = row.where
            lines += [""] if lines else []
            lines.append(where)
        lines.append(f"  {row.id:<{id_width}}{keys[row.id]:<{keys_width}}{row.tooltip or row.description}")
    print("\n".join(lines))
    print(f"\nchange them in [keymap] of {config.path} (reviewer config --init writes one to start from)")
    _warn_about_keymap(config)
    return 0


def _warn_about_keymap(config: Config) -> None:
    if not config.own_keys:
        return
    from reviewer.tui.keymap import keymap_problems  # Textual: only a keymap needs the catalogue

    for problem in keymap_problems(config):
        print(f"reviewer: warning: {problem}", file=sys.stderr)


def _write_template(run: Run) -> int:
    from reviewer.exports.base import FORMAT_NAMES
    from reviewer.tui.keymap import catalogue, display  # the [keymap] section lists every binding

    path = config_path(run.args.config).value
    exists = path.exists()
    if exists and not run.args.force:
        raise ReviewerError(
            f"{path} exists and is left as it is; 'reviewer config --init --force' replaces it"
            f" (keeping a copy as {path.name}.bak)"
        )
    keys = [
        KeyRow(row.where, row.id, ",".join(display(key) for key in row.keys), row.tooltip or row.description)
        for row in catalogue()
    ]
    text = render_template(
        reviewer=os_user_name(),
        db=platform_db_path(),
        formats=list(FORMAT_NAMES),
        keys=keys,
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if exists:
            atomic_write_bytes(path.with_name(path.name + ".bak"), path.read_bytes())
        atomic_write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise ReviewerError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    kept = f"; the old one is {path.name}.bak" if exists else ""
    print(f"wrote {path}{kept}: every setting is commented out with its default; remove a '#' to change one")
    return 0
