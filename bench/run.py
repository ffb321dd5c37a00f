"""Run the benchmark suite: ``python bench/run.py [--quick] [--only NAME[,NAME…]] [--no-write]``.

Every benchmark measures our code and its baseline in the same run, prints its tables (medians,
p90s, ratios) and the goals of issue 5 it covers, and the run (re)writes ``bench/RESULTS.md``
with the date, the machine and the tables. With ``--only``, the other sections of RESULTS.md are
kept as they were (each section says when and in which mode it was measured).
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, Context, Goal, Section, machine

# Name → module, in the order they run (cheapest and most important first).
BENCHMARKS = {
    "marks": "marks",
    "open": "opendb",
    "segmentation": "segmentation",
    "gold": "segmentation_gold",
    "export": "exporting",
    "memory": "memory",
    "tui": "tui",
    "reshape": "reshape",
    "shapes": "shapes",
    "hostile": "hostile",
    "reanchor": "reanchor_quick",
    "agreement": "agreement",
}
FULL_ONLY = {"reanchor"}  # skipped by --quick unless named with --only
RESULTS = BENCH / "RESULTS.md"
_FINDINGS = re.compile(r"<!-- findings -->\n(.*?)<!-- /findings -->", re.S)
_SECTION = re.compile(r"<!-- section:(\w+) -->\n.*?<!-- /section:\1 -->\n", re.S)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and sizes (under 2 minutes)")
    parser.add_argument("--only", help=f"comma-separated benchmarks to run: {', '.join(BENCHMARKS)}")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)
    if args.only:
        names = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in names if name not in BENCHMARKS]
        if unknown:
            parser.error(f"unknown benchmark(s) {', '.join(unknown)}: choose from {', '.join(BENCHMARKS)}")
    else:
        names = [name for name in BENCHMARKS if not (args.quick and name in FULL_ONLY)]

    mode = "quick" if args.quick else "full"
    started = datetime.now(UTC)
    compile_reviewer()
    facts = machine()
    print(f"reviewer benchmarks ({mode}), {started:%Y-%m-%d %H:%M} UTC")
    for key, value in facts.items():
        print(f"  {key}: {value}")
    sections: list[Section] = []
    failed = []
    with tempfile.TemporaryDirectory(prefix="reviewer-bench-") as tmp:
        ctx = Context(quick=args.quick, tmp=Path(tmp))
        for name in names:
            print(f"\n=== {name} ===", flush=True)
            start = time.perf_counter()
            try:
                module = importlib.import_module(BENCHMARKS[name])
                section = module.run(ctx)
            except Exception:  # one broken benchmark must not hide the others' results
                traceback.print_exc()
                failed.append(name)
                continue
            section.seconds = time.perf_counter() - start
            sections.append(section)
            print(render_text(section), flush=True)
    print(f"\n=== goals ({mode}) ===")
    for section in sections:
        for goal in section.goals:
            print(f"[{goal.verdict:>7}] {goal.goal}: {goal.measured}")
    elapsed = (datetime.now(UTC) - started).total_seconds()
    print(f"\ndone in {elapsed:.0f} s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    if not args.no_write and sections:
        write_results(sections, facts, mode, started)
        print(f"wrote {RESULTS.relative_to(BENCH.parent)}")
    return 1 if failed else 0


# -- rendering ------------------------------------------------------------------------------


def compile_reviewer() -> None:
    """Write reviewer's bytecode, as ``pip install`` does, so launches measure what users run.

    An editable install under ``PYTHONDONTWRITEBYTECODE`` (set on some machines) otherwise
    recompiles every module of ours at each launch: about 50 ms of a 10 KB article's first paint.
    """
    import compileall

    import reviewer

    compileall.compile_dir(Path(reviewer.__file__).parent, quiet=1)


def render_text(section: Section) -> str:
    out = [f"{section.title}  ({section.seconds:.0f} s)"]
    for table in section.tables:
        out += ["", table.caption, table.text()]
    if section.goals:
        out.append("")
        out += [f"[{g.verdict:>7}] {g.goal}: {g.measured}" for g in section.goals]
    for finding in section.findings:
        out.append(f"* {finding}")
    for caption, text in section.profiles:
        out += ["", caption, text]
    if section.raw:
        out += ["", section.raw]
    return "\n".join(out)


def render_markdown(section: Section, mode: str, when: datetime) -> str:
    out = [f"<!-- section:{section.name} -->", f"## {section.title}", ""]
    out.append(f"*Measured {when:%Y-%m-%d %H:%M} UTC, {mode} mode, in {section.seconds:.0f} s.*")
    if section.method:
        out += ["", " ".join(section.method.split())]
    for table in section.tables:
        out += ["", f"**{table.caption}**", "", table.markdown()]
    if section.goals:
        out += ["", "| goal | measured | verdict |", "|---|---|---|"]
        out += [f"| {g.goal} | {g.measured} | **{g.verdict}** |" for g in section.goals]
    if section.findings:
        out += ["", "What we found:", "", "<!-- findings -->"]
        out += [f"- {finding}" for finding in section.findings]
        out += ["<!-- /findings -->"]
    for caption, text in section.profiles:
        out += ["", f"<details><summary>{caption}</summary>", "", "```text", text, "```", "", "</details>"]
    if section.raw:
        raw = section.raw.rstrip()
        out += ["", raw] if section.raw_is_markdown else ["", "```text", raw, "```"]
    out += ["", f"<!-- /section:{section.name} -->", ""]
    return "\n".join(out)


def write_results(sections: list[Section], facts: dict[str, str], mode: str, when: datetime) -> None:
    kept: dict[str, str] = {}
    if RESULTS.exists():
        for match in _SECTION.finditer(RESULTS.read_text(encoding="utf-8")):
            kept[match.group(1)] = match.group(0)
    for section in sections:
        kept[section.name] = render_markdown(section, mode, when)
    order = list(BENCHMARKS) + [name for name in kept if name not in BENCHMARKS]
    goals: list[tuple[str, Goal]] = []
    for name in order:
        if name in kept:
            goals += [(name, goal) for goal in _goals_from_markdown(kept[name])]
    head = [
        "# Benchmark results",
        "",
        "Written by `python bench/run.py` (see `bench/README.md`); do not edit by hand: rerun it.",
        f"Last run: {when:%Y-%m-%d %H:%M} UTC, {mode} mode"
        + (f", sections {', '.join(s.name for s in sections)}" if len(sections) < len(kept) else "")
        + ".",
        "",
        "## Machine",
        "",
        *[f"- {key}: `{value}`" for key, value in facts.items()],
        "",
        "The machine is shared and noisy: compare the ratios (ours against the baseline measured in the",
        "same run), not the absolute times across runs.",
        "",
        "## Goals of issue 5",
        "",
        "| benchmark | goal | measured | verdict |",
        "|---|---|---|---|",
        *[f"| {name} | {goal} | {measured} | **{verdict}** |" for name, (goal, measured, verdict) in goals],
        "",
    ]
    head += ["## What we found (profiles before optimising; details in each section)", ""]
    for name in order:
        if name in kept:
            for found in _FINDINGS.findall(kept[name]):
                head += [line for line in found.splitlines() if line.strip()]
    head.append("")
    body = [kept[name] for name in order if name in kept]
    RESULTS.write_text("\n".join(head) + "\n" + "\n".join(body), encoding="utf-8")


def _goals_from_markdown(block: str) -> list[tuple[str, str, str]]:
    rows = []
    in_goals = False
    for line in block.splitlines():
        if line.startswith("| goal | measured | verdict |"):
            in_goals = True
            continue
        if in_goals:
            if not line.startswith("|"):
                break
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            if len(cells) == 3 and cells[0] != "---":
                rows.append((cells[0], cells[1], cells[2].strip("*")))
    return [row for row in rows if not set(row[0]) <= {"-", "|"}]


if __name__ == "__main__":
    sys.exit(main())
