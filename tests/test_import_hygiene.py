"""The core never imports Textual: checked in a fresh interpreter, as Harlequin does."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "reviewer",
    "reviewer.cli",
    "reviewer.documents.loader",
    "reviewer.documents.sentences",
    "reviewer.review.session",
    "reviewer.storage.store",
    "reviewer.exports.jsonexport",
    "reviewer.paths",
    "reviewer.model",
    "reviewer.documents.formats.markdown",
    "reviewer.documents.formats.plain",
    "reviewer.documents.formats.html",
    "reviewer.documents.formats.docx",
    "reviewer.documents.formats.pdf",
    "reviewer.exports",
    "reviewer.exports.claimreview",
    "reviewer.exports.webannotation",
    "reviewer.exports.report",
    "reviewer.exports.tabular",
    "reviewer.review.importing",
    "reviewer.storage.journal",
    "reviewer.review.reanchor",
    "reviewer.review.carryover",
    "reviewer.review.team",
    "reviewer.review.agreement_tables",
    "reviewer.cli.team",
    "reviewer.review.adjudication",
    "reviewer.review.verdicts",
    "reviewer.storage.verdicts",
    "reviewer.cli.adjudicating",
]


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m == 'textual' or m.startswith(('textual.', 'reviewer.tui')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_importing_the_package_is_cheap() -> None:
    """``import reviewer`` only defines the version: no heavy imports behind it."""
    code = "import sys, reviewer; print(reviewer.__version__); print('tinydb' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    version, tinydb_loaded = result.stdout.split()
    assert version.count(".") == 2
    assert tinydb_loaded == "False"
