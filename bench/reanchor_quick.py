"""Re-anchoring: runs ``bench/reanchor.py --quick`` (another team's benchmark) and includes its report."""

from __future__ import annotations

import subprocess
import sys

from common import BENCH, Context, Section

NAME = "reanchor"
TITLE = "Re-anchoring (bench/reanchor.py --quick, included as printed)"


def run(ctx: Context) -> Section:
    done = subprocess.run(
        [sys.executable, str(BENCH / "reanchor.py"), "--quick"], capture_output=True, text=True, timeout=900
    )
    section = Section(NAME, TITLE, method="Accuracy and speed of re-anchoring reviews on edited documents; "
                      "see bench/REANCHOR_RESULTS.md for how to read it.")  # fmt: skip
    section.raw = done.stdout.rstrip() + (
        f"\n(exit code {done.returncode})\n{done.stderr[-2000:]}" if done.returncode else ""
    )
    section.raw_is_markdown = done.returncode == 0
    return section
