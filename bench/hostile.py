"""Hostile document shapes: each loaded in a fresh process, time and peak memory against a stated limit.

Each case builds its file in the run's temp directory, then a fresh Python process runs
``load_document`` and segments every claim (``document.claims.count()``), or expects the one-line
refusal the case names, and reports its wall time and its peak resident set (VmHWM of
/proc/self/status). The baseline is a fresh process that only imports the loader. Limits are
what a user may wait for and what a laptop can spare, not this machine's numbers: a case over
its limit is NOT MET. Run alone with ``python bench/hostile.py [--markdown]``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import REPO, Context, Goal, Section, Table

NAME = "hostile"
TITLE = "Hostile documents: bounded time and memory"

_SCRIPT = r"""
import json, sys, time
from pathlib import Path
path, expect = Path(sys.argv[1]), sys.argv[2]
from reviewer.errors import LoadError
from reviewer.documents.loader import load_document
result = {}
start = time.perf_counter()
if expect != "import":
    try:
        document = load_document(path)
        result["claims"] = document.claims.count()
        result["paragraphs"] = len(document.paragraphs)
    except LoadError as exc:
        result["refused"] = str(exc)
result["seconds"] = time.perf_counter() - start
hwm = [l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:")]
result["maxrss"] = int(hwm[0].split()[1]) * 1024 if hwm else 0
print(json.dumps(result))
"""


@dataclass(frozen=True)
class Case:
    """One shape: how to build it, what loading it must give, and its limits."""

    label: str
    build: Callable[[Path], Path]
    seconds: float  # the limit on wall time
    megabytes: float  # the limit on peak RSS
    refused: str = ""  # a fragment of the expected refusal; empty: it must load


def _makers() -> Any:
    sys.path.insert(0, str(REPO))  # the test suite's makers build the same files its tests read
    from tests.documents import makers

    return makers


def _pdf(lines: int, pages: int = 1) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        makers = _makers()
        path = folder / f"one-stream-{lines}x{pages}.pdf"
        data = makers.raw_pdf([makers.one_stream_lines(lines)], pages=pages)
        path.write_bytes(data)
        return path

    return build


def _docx(paragraphs: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        makers = _makers()
        return makers.paragraph_bomb_docx(folder / f"bomb-{paragraphs}.docx", paragraphs)

    return build


def _transcript(folder: Path) -> Path:
    speakers = ("MARIE DUPONT", "Interviewer", "Q", "Dr. Smith")
    line = "{}: The council voted on Tuesday to raise the harbour bridge levy by twelve percent."
    path = folder / "transcript.txt"
    path.write_text("\n".join(line.format(speakers[n % 4]) for n in range(2_300)), encoding="utf-8")
    return path


def _one_paragraph(folder: Path) -> Path:
    path = folder / "one-paragraph.txt"
    path.write_text("Une phrase courte sur le budget. " * 64_000, encoding="utf-8")  # 2.1 MB, no newline
    return path


def _markdown_list(folder: Path) -> Path:
    path = folder / "list.md"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(1_000_000):
            handle.write(f"- Item {n}: the council voted.\n")
    return path


CASES = (
    Case("PDF: one page, one content stream of 320,000 lines", _pdf(320_000), 60, 1_000),
    Case("PDF: 1,000 such pages (5 GB of page content)", _pdf(320_000, 1_000), 15, 500, "too large"),
    Case("DOCX: 200,000 copies of one paragraph", _docx(200_000), 30, 1_000),
    Case("DOCX: 10,000,000 paragraphs (900 MB of XML)", _docx(10_000_000), 15, 300, "too large"),
    Case("text: a 195 KB transcript on single newlines", _transcript, 10, 300),
    Case("text: one 2 MB paragraph of 64,000 sentences", _one_paragraph, 60, 1_000),
    Case("Markdown: a list of 1,000,000 items", _markdown_list, 120, 1_500),
)


def _measure(path: Path | None, expect: str, cwd: Path) -> dict[str, object]:
    # cwd outside the repository: "python -c" puts the working directory first on sys.path.
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(path or ""), expect],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(ctx: Context) -> Section:
    """Build and load every shape; one row and one goal per shape."""
    section = Section(NAME, TITLE, method=__doc__.split("\n", 2)[2].strip() if __doc__ else "")
    folder = ctx.tmp / "hostile"
    folder.mkdir(exist_ok=True)
    baseline = _measure(None, "import", folder)
    table = Table(
        f"Fresh process per shape; the baseline (imports only) peaks at"
        f" {float(str(baseline['maxrss'])) / 1e6:.0f} MB",
        ["shape", "file", "result", "time", "limit", "peak RSS", "limit"],
    )
    for case in CASES:
        path = case.build(folder)
        result = _measure(path, "load", folder)
        refusal = str(result.get("refused", ""))
        if case.refused:
            outcome = "refused: too large" if case.refused in refusal else f"NOT refused ({refusal[:40]})"
            right = case.refused in refusal
        else:
            outcome = (
                f"{result['paragraphs']:,} paragraphs, {result['claims']:,} claims"
                if not refusal
                else f"refused: {refusal[:60]}"
            )
            right = not refusal
        seconds = float(str(result["seconds"]))
        megabytes = float(str(result["maxrss"])) / 1e6
        table.add(
            case.label,
            f"{path.stat().st_size / 1e3:,.0f} KB",
            outcome,
            f"{seconds:.2f} s" if seconds < 1 else f"{seconds:.1f} s",
            f"{case.seconds:g} s",
            f"{megabytes:,.0f} MB",
            f"{case.megabytes:,g} MB",
        )
        section.goals.append(
            Goal(
                f"{case.label}: {'refused' if case.refused else 'loads'} within {case.seconds:g} s"
                f" and {case.megabytes:,g} MB",
                f"{seconds:.1f} s, {megabytes:,.0f} MB, {outcome}",
                right and seconds <= case.seconds and megabytes <= case.megabytes,
            )
        )
        path.unlink()
    section.tables.append(table)
    return section


def main() -> None:
    """Run this benchmark alone; ``--markdown`` prints the RESULTS.md section as well."""
    from datetime import UTC, datetime

    import run as runner
    from common import machine

    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="reviewer-hostile-") as tmp:
        section = run(Context(quick=False, tmp=Path(tmp)))
    section.seconds = (datetime.now(UTC) - started).total_seconds()
    print(runner.render_text(section))
    if "--markdown" in sys.argv:
        facts = machine()
        arch = subprocess.run(["uname", "-m"], capture_output=True, text=True).stdout.strip()
        where = (
            f"*Machine: {arch}, {facts.get('nproc', '?')} cores, {facts.get('cpu', '?')},"
            f" {facts.get('python', '?')}; code {facts.get('code measured', '?')}.*"
        )
        text = runner.render_markdown(section, "alone", started)
        print(
            "\n"
            + text.replace(" UTC, alone mode,", " UTC, run alone,").replace("*\n\n", f"*\n\n{where}\n\n", 1)
        )


if __name__ == "__main__":
    main()
