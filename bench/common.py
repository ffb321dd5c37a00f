"""Shared pieces of the benchmark suite: timing statistics, result tables, machine facts, profiles."""

from __future__ import annotations

import cProfile
import gc
import math
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"


# -- statistics ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """Summary of a series of durations, in seconds."""

    n: int
    median: float
    p90: float
    p99: float
    max: float
    min: float
    mean: float

    @classmethod
    def of(cls, samples: Iterable[float]) -> Stats:
        """Median, nearest-rank p90/p99, extremes and mean of ``samples``."""
        values = sorted(samples)
        if not values:
            nan = float("nan")
            return cls(0, nan, nan, nan, nan, nan, nan)
        return cls(
            n=len(values),
            median=statistics.median(values),
            p90=percentile(values, 90),
            p99=percentile(values, 99),
            max=values[-1],
            min=values[0],
            mean=statistics.fmean(values),
        )


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values (p90 of 10 values is the 9th)."""
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def repeat(fn: Callable[[], Any], times: int, warmup: int = 1) -> list[float]:
    """Call ``fn`` ``warmup`` times untimed, then ``times`` times; the duration of each call."""
    for _ in range(warmup):
        fn()
    gc.collect()
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


# -- formatting -----------------------------------------------------------------------------


def ms(seconds: float, digits: int | None = None) -> str:
    """Seconds as milliseconds with sensible precision."""
    if seconds != seconds:  # NaN
        return "n/a"
    value = seconds * 1000
    if digits is None:
        digits = 3 if value < 1 else 2 if value < 10 else 1 if value < 100 else 0
    return f"{value:,.{digits}f}"


def ratio(value: float) -> str:
    """A ratio like ``143×`` or ``1.07×``."""
    if value != value or value in (float("inf"), float("-inf")):
        return "n/a"
    return f"{value:,.0f}×" if value >= 100 else f"{value:.1f}×" if value >= 10 else f"{value:.2f}×"


def mb(num_bytes: float) -> str:
    """Bytes as MB (10^6) with two decimals."""
    return f"{num_bytes / 1e6:.2f}"


@dataclass
class Table:
    """One results table: a caption, column names and rows of already formatted cells."""

    caption: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        """Append a row (cells are turned into strings)."""
        self.rows.append([str(cell) for cell in cells])

    def markdown(self) -> str:
        """The table in GitHub Markdown."""
        lines = [
            "| " + " | ".join(self.columns) + " |",
            "|" + "|".join("---" if i == 0 else "---:" for i in range(len(self.columns))) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)

    def text(self) -> str:
        """The table aligned for a terminal."""
        widths = [len(c) for c in self.columns]
        for row in self.rows:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=False)]

        def line(cells: list[str]) -> str:
            return "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(cells, widths, strict=False))
            )

        return "\n".join([line(self.columns), line(["-" * w for w in widths])] + [line(r) for r in self.rows])


@dataclass
class Goal:
    """One of issue 5's goals: what it asks, what was measured, and whether it is met."""

    goal: str
    measured: str
    met: bool | None  # None: not measured / not applicable in this run

    @property
    def verdict(self) -> str:
        """MET, NOT MET or n/a."""
        return "n/a" if self.met is None else "MET" if self.met else "NOT MET"


@dataclass
class Section:
    """What one benchmark module reports."""

    name: str
    title: str
    method: str = ""  # a short paragraph: what is measured and against what
    tables: list[Table] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # bullet lines for "what we found"
    profiles: list[tuple[str, str]] = field(default_factory=list)  # (caption, preformatted text)
    raw: str = ""  # verbatim output to include (e.g. another script's report)
    raw_is_markdown: bool = False  # include ``raw`` as Markdown rather than as a text block
    seconds: float = 0.0


@dataclass
class Context:
    """What every benchmark gets: the mode, a private temp directory and the shared corpus."""

    quick: bool
    tmp: Path
    _docs: dict[tuple[str, int], Path] = field(default_factory=dict)

    def pick(self, quick: Any, full: Any) -> Any:
        """``quick`` in quick mode, else ``full``."""
        return quick if self.quick else full

    def document(self, language: str, size: int) -> Path:
        """A generated plain-text document of about ``size`` bytes (cached for the run)."""
        from corpus import write_document  # bench/ is on sys.path when run as a script

        key = (language, size)
        if key not in self._docs:
            path = self.tmp / "docs" / f"{language}-{size_label(size)}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_document(path, language, size)
            self._docs[key] = path
        return self._docs[key]


def size_label(size: int) -> str:
    """``10KB``, ``1MB``, ``10MB``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.3g}MB"
    return f"{size / 1000:.3g}KB"


# -- machine --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """uname -a, nproc, CPU model, Python and the versions of the libraries measured."""
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    libs = []
    for name in ("tinydb", "textual", "sentencex", "filelock", "rapidfuzz"):
        try:
            libs.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            libs.append(f"{name} missing")
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "code measured": code_version(),
        "uname -a": uname,
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": mem,
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "libraries": ", ".join(libs),
    }


def code_version() -> str:
    """Which reviewer code runs: the repo's commit, and whether it has uncommitted changes."""
    import reviewer

    where = Path(reviewer.__file__).resolve().parent.parent
    git = ["git", "-C", str(REPO)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    if where != REPO:
        return f"reviewer imported from {where} (not the repo's working tree); repo HEAD {commit}"
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "reviewer"], capture_output=True, text=True
    ).stdout.strip()
    return f"{commit}" + (" plus uncommitted changes in reviewer/" if dirty else " (clean reviewer/)")


# -- profiling ------------------------------------------------------------------------------


def profile(
    fn: Callable[[], Any] | None = None,
    limit: int = 12,
    *,
    profiler: cProfile.Profile | None = None,
    exclude: tuple[str, ...] = (),
) -> tuple[str, list[tuple[str, float, float]]]:
    """Run ``fn`` under cProfile (or read a finished ``profiler``); the functions with the most own time.

    Functions whose name contains a string of ``exclude`` (e.g. the event loop's idle wait) are
    left out, shares included. Returns the table as text and, per function, (name, share of own
    time, cumulative seconds).
    """
    if profiler is None:
        assert fn is not None
        profiler = profiled(fn)
    stats = pstats.Stats(profiler)
    entries = {
        key: value
        for key, value in stats.stats.items()  # type: ignore[attr-defined]
        if not any(word in f"{key[0]}:{key[1]}({key[2]})" for word in exclude)
    }
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in entries.values()) or 1e-12
    rows = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:limit]
    lines = [f"{'own %':>6} {'own ms':>9} {'cum ms':>9} {'calls':>8}  function", "-" * 78]
    top = []
    for (filename, line, name), (_cc, calls, tt, ct, _callers) in rows:
        where = _short(filename)
        label = f"{name}" if where.startswith("~") else f"{where}:{line}({name})"
        lines.append(f"{100 * tt / total:6.1f} {tt * 1000:9.1f} {ct * 1000:9.1f} {calls:8d}  {label}")
        top.append((label, tt / total, ct))
    lines.append(f"total own time {total * 1000:.1f} ms")
    return "\n".join(lines), top


def profiled(fn: Callable[[], Any]) -> cProfile.Profile:
    """Run ``fn`` once under cProfile and return the profiler."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    return profiler


def cumulative(fn: Callable[[], Any], names: Iterable[str]) -> dict[str, float]:
    """Run ``fn`` under cProfile; cumulative seconds of the functions whose name contains each string."""
    entries = pstats.Stats(profiled(fn)).stats  # type: ignore[attr-defined]
    result = {}
    for wanted in names:
        best = 0.0
        for (filename, line, name), (_cc, _nc, _tt, ct, _callers) in entries.items():
            if wanted in f"{_short(filename)}:{line}({name})":
                best = max(best, ct)
        result[wanted] = best
    return result


def _short(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return filename
    path = filename.replace(str(REPO) + "/", "")
    if "/reviewer/" in path and "site-packages" not in path:  # our code, wherever it was imported from
        return "reviewer/" + path.rsplit("/reviewer/", 1)[1]
    marker = "site-packages/"
    if marker in path:
        path = path.split(marker, 1)[1]
    elif "/lib/python" in path:
        path = "stdlib/" + path.split("/lib/python", 1)[1].split("/", 1)[1]
    return path
