"""Peak memory opening a 10 MB document, each case in a fresh Python process.

Peak resident set (VmHWM of /proc/self/status) of: Python with reviewer's loader imported and the file read
and decoded (the baseline: the text itself must be in memory), ``load_document`` with every claim
segmented, and ``load_document`` plus a ``ReviewSession`` on an empty store in a temp directory
(what the app holds before its first screen, Textual aside). tracemalloc's peak of Python
allocations during ``load_document`` is measured in a separate process (tracing slows it down).
"""

from __future__ import annotations

import json
import subprocess
import sys

from common import Context, Section, Table

NAME = "memory"
TITLE = "Peak memory opening a 10 MB document"
DOC_BYTES = 10_000_000

_SCRIPT = r"""
import json, resource, sys, time
from pathlib import Path
case, path, db = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
from reviewer.documents.loader import load_document
result = {}
start = time.perf_counter()
if case == "baseline":
    text = path.read_bytes().decode("utf-8")
    result["chars"] = len(text)
elif case == "load":
    document = load_document(path)
    result["claims"] = document.claims.count()
elif case == "session":
    from reviewer.review.session import ReviewSession
    from reviewer.storage.store import ReviewStore
    document = load_document(path)
    session = ReviewSession(document, ReviewStore(db), "bench")
    result["claims"] = session.claims.count()
elif case == "tracemalloc":
    import tracemalloc
    tracemalloc.start()
    document = load_document(path)
    result["claims"] = document.claims.count()
    result["traced_peak"] = tracemalloc.get_traced_memory()[1]
result["seconds"] = time.perf_counter() - start
# VmHWM is this process image's peak; ru_maxrss would carry the parent's peak across fork + exec.
hwm = [l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:")]
if hwm:
    result["maxrss"] = int(hwm[0].split()[1]) * 1024
else:
    result["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps(result))
"""


def _case(case: str, path: str, db: str, cwd: str) -> dict[str, float]:
    # cwd outside the repo: "python -c" puts the working directory first on sys.path.
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, case, path, db], capture_output=True, text=True, check=True, cwd=cwd
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(ctx: Context) -> Section:
    section = Section(NAME, TITLE, method=__doc__.split("\n", 2)[2].strip() if __doc__ else "")
    path = ctx.document("en", DOC_BYTES)
    size = path.stat().st_size
    db = str(ctx.tmp / "memory" / "reviews.json")
    (ctx.tmp / "memory").mkdir(exist_ok=True)
    runs = ctx.pick(1, 3)
    cases = {
        "baseline: imports + file read and decoded": "baseline",
        "load_document": "load",
        "load_document + ReviewSession (empty store)": "session",
    }
    table = Table(
        f"Peak RSS of a fresh process, English document of {size / 1e6:.1f} MB "
        f"(min over {runs} run(s)); × file = MB ÷ file size",
        ["case", "peak RSS MB", "× file", "above baseline MB", "seconds", "claims"],
    )
    peaks: dict[str, dict[str, float]] = {}
    for name, case in cases.items():
        results = [_case(case, str(path), db, str(ctx.tmp)) for _ in range(runs)]
        peaks[name] = min(results, key=lambda r: r["maxrss"])
    base = peaks["baseline: imports + file read and decoded"]["maxrss"]
    for name, result in peaks.items():
        table.add(
            name, f"{result['maxrss'] / 1e6:.0f}", f"{result['maxrss'] / size:.1f}",
            "" if result is peaks["baseline: imports + file read and decoded"]
            else f"{(result['maxrss'] - base) / 1e6:.0f}",
            f"{result['seconds']:.2f}", f"{int(result.get('claims', 0)):,}" if "claims" in result else "",
        )  # fmt: skip
    traced = _case("tracemalloc", str(path), db, str(ctx.tmp))
    table.add(
        "tracemalloc peak of Python allocations in load_document", f"{traced['traced_peak'] / 1e6:.0f}",
        f"{traced['traced_peak'] / size:.1f}", "", f"{traced['seconds']:.2f} (traced)", "",
    )  # fmt: skip
    section.tables.append(table)
    load = peaks["load_document"]
    claims = int(load.get("claims", 0)) or 1
    section.findings.append(
        f"Opening a {size / 1e6:.0f} MB document peaks at {load['maxrss'] / 1e6:.0f} MB RSS "
        f"({(load['maxrss'] - base) / 1e6:.0f} MB above the process with the text alone, about "
        f"{(load['maxrss'] - base) / claims:.0f} bytes per claim over {claims:,} claims); "
        f"tracemalloc's peak is {traced['traced_peak'] / 1e6:.0f} MB (all measured once every claim is"
        f" segmented, as the screen has it a second or two after it shows). Each `Claim` keeps its own"
        f" copy of its sentence (`text[start:end]`, reviewer/claims.py) beside the document text, so the"
        f" text is held about twice."
    )
    return section
