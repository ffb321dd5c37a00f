"""The file ``reviewer config --init`` writes: every setting, commented out, showing its default."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.config.base import (
    CONFIG_ENV,
    DEFAULT_EXPORT_FORMAT,
    DEFAULT_THEME,
    EXPORT_FORMAT_ENV,
    THEME_ENV,
)
from reviewer.config.base import TEXTUAL_THEMES as THEMES
from reviewer.labelset import DEFAULT_DEFS
from reviewer.paths import DB_ENV, REVIEWER_ENV


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One binding as the keymap section lists it: where it works, its id, default keys, meaning."""

    where: str
    id: str
    keys: str
    description: str


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return "\n".join(f"# {line}" for line in textwrap.wrap(text, 88, break_on_hyphens=False)) + "\n"


def _labels_example() -> str:
    """The default label set as commented ``[[labels]]`` entries, and one label of a desk's own."""
    lines: list[str] = []
    for item in DEFAULT_DEFS:
        name = toml_string(item.alternate_name or "")
        rating = (
            f"{{ alternateName = {name}, ratingValue = {item.rating_value} }}" if item.is_rating else "false"
        )
        lines += [
            "# [[labels]]",
            f"# name = {toml_string(item.name)}",
            f"# key = {toml_string(item.key)}",
            f"# symbol = {toml_string(item.symbol)}",
            f"# colour = {toml_string(item.colour)}",
            f"# claimreview = {rating}",
            "#",
        ]
    lines += [
        "# [[labels]]                       # a label of your own, between the defaults if you like",
        '# name = "misleading"',
        '# key = "m"',
        '# symbol = "≈"',
        '# colour = "warning"',
        '# claimreview = { alternateName = "Misleading", ratingValue = 2 }',
        '# category = "disputed"            # agreement counts it with disputed',
    ]
    return "\n".join(lines) + "\n\n"


def render_template(*, reviewer: str, db: Path, formats: Sequence[str], keys: Sequence[KeyRow]) -> str:
    """The commented configuration file: each default as a ``# key = value`` line to uncomment."""
    parts = [
        _comment(
            "reviewer's configuration (TOML). Every setting below is commented out and shows its"
            " default: remove the leading '#' and change the value. What wins: a command-line"
            " option, then an environment variable, then this file, then the default."
            " `reviewer config` shows what is in force and where each value comes from;"
            f" `reviewer keys` lists the keys. Another file: --config PATH or ${CONFIG_ENV}."
        ),
        "\n",
        _comment(f"Your name on every review (--reviewer, ${REVIEWER_ENV}). Default: your OS user name."),
        f"# reviewer = {toml_string(reviewer)}\n\n",
        _comment(f"The database file (--db, ${DB_ENV}). A relative path is relative to this file's folder."),
        f"# db = {toml_string(str(db))}\n\n",
        _comment(
            "The export format when neither --format nor the output file's suffix says"
            f" (${EXPORT_FORMAT_ENV} wins over this); also the export dialog's first choice."
            f" One of: {', '.join(formats)}."
        ),
        f"# export_format = {toml_string(DEFAULT_EXPORT_FORMAT)}\n\n",
        _comment(
            f"The colours: one of Textual's themes (${THEME_ENV} wins over this). Choosing a theme"
            " in the app's command palette (ctrl+p) writes it here. One of: " + ", ".join(THEMES) + "."
        ),
        f"# theme = {toml_string(DEFAULT_THEME)}\n\n",
        _comment(
            "The team server (PostgreSQL) this database syncs with ($REVIEWER_TEAM wins over this;"
            " 'reviewer team join URL' remembers one in the database). Never put a password here:"
            " libpq reads it from ~/.pgpass, PGPASSWORD or a service file."
        ),
        "[team]\n",
        '# server = "postgresql://alice@db.example.org/newsroom?sslmode=require"\n\n',
        _comment(
            "ClaimReview (reviewer export --format claimreview): the organisation that publishes"
            " the fact checks (their author) and where. fact_check_url is the page of a document's"
            " fact check; {slug} stands for the document file's name (each claim gets #claim-N)."
            " The export's --organisation, --organisation-url, --logo and --url win over these;"
            " --check says what a publishable ClaimReview still lacks."
        ),
        "[claimreview]\n",
        '# organisation = "Example Fact Check"\n',
        '# organisation_url = "https://factcheck.example/"\n',
        '# logo = "https://factcheck.example/logo.png"\n',
        '# fact_check_url = "https://factcheck.example/checks/{slug}"\n\n',
        _comment(
            "Labels: the verdicts of your desk, in the order keys, counts and filters show them."
            " Without [[labels]] the three below apply; with them, yours replace all three (an entry"
            " named verified, disputed or opinion starts from that default, so keep them with a"
            " name line each). A label: name, key, symbol (one character: labels work without"
            " colour), colour (success, error, warning, accent, primary, secondary, foreground or"
            " #rrggbb), title (the word people read), claimreview: { alternateName, ratingValue }"
            " or false (not a rating: left out of ClaimReview), tabular (the CSV/TSV value),"
            " category (what agreement compares; two labels may share one). A database keeps"
            " labels your set lacks: they show by name with '?' and export as they are."
        ),
        _labels_example(),
        _comment(
            'Keys: binding id = "key", or several keys separated by commas ("j,down"). Each line'
            " below is a default; a key you give replaces the binding's default keys."
            " Key names: a letter (J is shift+j), ctrl+x, alt+x, up, down, pageup, space,"
            " escape, f1, question_mark (or ?)."
        ),
        "[keymap]\n",
    ]
    lines = [f"# {toml_string(row.id)} = {toml_string(row.keys)}" for row in keys]
    width = max((len(line) for line in lines), default=0)
    where = ""
    for row, line in zip(keys, lines, strict=True):
        if row.where != where:
            where = row.where
            parts.append(f"\n# {where}\n")
        parts.append(f"{line:<{width}}  # {row.description}\n")
    return "".join(parts)
