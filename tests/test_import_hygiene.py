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
