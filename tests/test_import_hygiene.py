"""The core never imports Textual: checked in a fresh interpreter, as Harlequin does."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reviewer


def core_modules() -> list[str]:
    """Every module of the package but the TUI, found by walking it (no hand-kept list to drift)."""
    return [
        module.name
        for module in pkgutil.walk_packages(reviewer.__path__, "reviewer.")
        if not module.name.startswith("reviewer.tui") and module.name != "reviewer.__main__"
    ]


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m == 'textual' or m.startswith(('textual.', 'reviewer.tui')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
    assert "reviewer.review.session" in core_modules() and "reviewer.cli.exchange" in core_modules()


def test_importing_the_package_is_cheap() -> None:
    """``import reviewer`` only defines the version: no heavy imports behind it."""
    code = "import sys, reviewer; print(reviewer.__version__); print('tinydb' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    version, tinydb_loaded = result.stdout.split()
    assert version.count(".") == 2
    assert tinydb_loaded == "False"


def test_launching_the_screen_imports_no_exporter_and_no_hint_features() -> None:
    """What ``reviewer FILE`` imports before its first paint: no exporter, no hint features.

    The CLI lists the export formats at every launch and the screen loads the hint model half a
    second after it opens; importing the eight exporters or the features' patterns up front cost
    about 30 ms of every launch.
    """
    code = (
        "import sys, reviewer.cli.parser, reviewer.tui.app\n"
        "reviewer.cli.parser.build_parser()\n"
        "heavy = ('reviewer.exports.jsonexport', 'reviewer.exports.claimreview', 'reviewer.exports.report',\n"
        "         'reviewer.exports.diagnosis', 'reviewer.hints.features', 'reviewer.hints.linear')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_every_exporter_is_named_in_the_table_of_formats() -> None:
    from reviewer.exports.base import EXPORT_FORMATS, exporters

    assert [(e.name, e.suffix, e.title) for e in exporters()] == [tuple(f) for f in EXPORT_FORMATS]
