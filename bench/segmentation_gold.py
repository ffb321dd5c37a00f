"""Gold splits: boundary precision, recall and F1 of the segmenter on real articles, before and after.

The gold files are tests/data/gold/*.txt: hand-written sentence splits of real public articles
(sources and licences in each file). Only boundaries inside a paragraph count. "Before" is the
segmenter (reviewer/documents/sentences.py) at the commit the issue 14 fixes started from, read
with ``git show`` and run on the same gold in the same run; "after" is the working tree. The
articles written after those fixes (``HELD_OUT``) were never looked at while the segmenter was
changed: their scores are the honest measure. Run alone from the project root:
``python bench/segmentation_gold.py [--verbose]`` (``--verbose`` lists every missed and extra
boundary); tests/documents/test_gold.py keeps the scores from falling.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import REPO, Context, Section, Table

from reviewer.documents import segmentation
from reviewer.documents.loader import load_document
from reviewer.documents.segmentation import segment_document
from reviewer.model import Block
from tests.gold_segments import Gold, Score, f1, golds, score

NAME = "gold"
TITLE = "Segmentation against gold splits of real articles (precision, recall, F1)"
BEFORE = "eb3a8c6"  # main before the issue 14 segmenter fixes (initials, datelines, brackets…)
HELD_OUT = frozenset(
    {
        "en-state-dept-kirby-2016",
        "en-state-dept-mccormack-2009",
        "en-state-dept-psaki-2014",
        "fr-vie-publique-alliot-marie-2011",
        "fr-vie-publique-wauquiez-2007",
    }
)


def splitter_at(revision: str) -> Callable[..., list[tuple[int, int]]] | None:
    """``split_sentences`` as the segmenter had it at ``revision``; None outside a git checkout."""
    try:
        shown = subprocess.run(
            ["git", "show", f"{revision}:reviewer/documents/sentences.py"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType(f"sentences_at_{revision}")
    exec(compile(shown.stdout, f"sentences.py@{revision}", "exec"), module.__dict__)
    return module.split_sentences  # type: ignore[no-any-return]


@contextmanager
def splitting_with(split: Callable[..., list[tuple[int, int]]]) -> Iterator[None]:
    """Segment documents with ``split`` instead of the current splitter, for the duration."""
    current = segmentation.split_sentences
    segmentation.split_sentences = split
    try:
        yield
    finally:
        segmentation.split_sentences = current


def scores(found: list[Gold]) -> tuple[list[Score], list[Score] | None]:
    """Each gold's score now, and with the segmenter at ``BEFORE`` (None if git cannot show it)."""
    after = [score(gold) for gold in found]
    old = splitter_at(BEFORE)
    if old is None:
        return after, None
    with splitting_with(old):
        return after, [score(gold) for gold in found]


def _total(results: list[Score]) -> tuple[int, int, int, float, float, float]:
    gold, found, right = (sum(getattr(r, key) for r in results) for key in ("gold", "found", "right"))
    precision = right / found if found else 1.0
    recall = right / gold if gold else 1.0
    return gold, found, right, precision, recall, f1(precision, recall)


def run(ctx: Context) -> Section:
    section = Section(NAME, TITLE, method=__doc__.split("\n", 2)[2].strip() if __doc__ else "")
    found = golds()
    after, before = scores(found)
    table = Table(
        "Boundaries inside paragraphs: gold, found, right; P / R / F1 before → after",
        ["gold split", "lang", "held out", "gold b.", "found", "right", "P", "R", "F1"],
    )

    def cell(now: float, then: float | None) -> str:
        return f"{now:.3f}" if then is None or abs(then - now) < 5e-4 else f"{then:.3f} → {now:.3f}"

    for index, (gold, result) in enumerate(zip(found, after, strict=True)):
        old = before[index] if before else None
        table.add(
            gold.name,
            gold.language,
            "yes" if gold.name in HELD_OUT else "no",
            result.gold,
            result.found if old is None else f"{old.found} → {result.found}",
            result.right if old is None else f"{old.right} → {result.right}",
            cell(result.precision, old.precision if old else None),
            cell(result.recall, old.recall if old else None),
            cell(result.f1, old.f1 if old else None),
        )
    for label, keep in (("held out", lambda name: name in HELD_OUT), ("all", lambda name: True)):
        now = _total([r for r in after if keep(r.name)])
        then = _total([r for r in before if keep(r.name)]) if before else None
        table.add(
            f"**{label}**",
            "",
            "",
            now[0],
            now[1] if then is None else f"{then[1]} → {now[1]}",
            now[2] if then is None else f"{then[2]} → {now[2]}",
            *(cell(now[i], then[i] if then else None) for i in (3, 4, 5)),
        )
        if label == "held out":
            section.findings.append(
                f"Gold splits of real articles written after the segmenter's issue 14 fixes (held out,"
                f" {sum(keep(g.name) for g in found)} articles, {now[0]} boundaries): P {now[3]:.3f},"
                f" R {now[4]:.3f}, F1 {now[5]:.3f}"
                + ("" if then is None else f" (the segmenter before the fixes: F1 {then[5]:.3f})")
                + (
                    ". No boundary moved on them: they hold none of the errors fixed, so they show"
                    " the fixes cost nothing on ordinary news text, not that they help"
                    if then is not None and then[1:3] == now[1:3]
                    else ""
                )
                + "."
            )
    section.tables.append(table)
    if before is None:
        section.findings.append(f"Not a git checkout: the segmenter at {BEFORE} was not scored.")
    speed = _cost_of_the_fixes(ctx)
    if speed is not None:
        section.tables.append(speed)
    misses = [(r.name, m) for r in after for m in r.misses] + [(r.name, e) for r in after for e in r.extras]
    if misses:
        section.raw = "\n".join(f"{name}: {text}" for name, text in misses)
    return section


def _cost_of_the_fixes(ctx: Context) -> Table | None:
    """segment_document with the segmenter before and after, interleaved, in CPU seconds.

    CPU time, not wall time: on a shared machine another process's load stretches wall time
    by whatever the other processes do, but not the CPU the segmenter itself spends.
    """
    old = splitter_at(BEFORE)
    if old is None:
        return None
    table = Table(
        "Cost of the fixes: segment_document on the bench corpus, CPU time (min of the rounds)",
        ["document", "before MB/s", "after MB/s", "after ÷ before (time)"],
    )
    rounds = ctx.pick(5, 9)
    for language in ("en", "fr"):
        document = load_document(ctx.document(language, 1_000_000))
        blocks = [Block(p.start, p.end, p.kind) for p in document.paragraphs]
        megabytes = len(document.text.encode("utf-8")) / 1e6
        times: dict[str, list[float]] = {"before": [], "after": []}
        for round_ in range(rounds):
            # Alternate who goes first, and collect first: neither pays for the other's garbage.
            for which in ("before", "after") if round_ % 2 else ("after", "before"):
                gc.collect()
                start = time.process_time()
                if which == "before":
                    with splitting_with(old):
                        segment_document(document.text, blocks, language)
                else:
                    segment_document(document.text, blocks, language)
                times[which].append(time.process_time() - start)
        before, after = min(times["before"]), min(times["after"])
        table.add(
            f"{language} 1MB",
            f"{megabytes / before:.2f}",
            f"{megabytes / after:.2f}",
            f"{after / before:.2f}×",
        )
    return table


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    found = golds()
    after, before = scores(found)
    print(f"{'gold':36} {'lang':4} {'gold b.':>7} {'found':>6} {'right':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for index, (gold, result) in enumerate(zip(found, after, strict=True)):
        print(
            f"{result.name:36} {gold.language:4} {result.gold:7} {result.found:6} {result.right:6}"
            f" {result.precision:6.3f} {result.recall:6.3f} {result.f1:6.3f}"
            + (f"   before: F1 {before[index].f1:.3f}" if before else "")
        )
        if verbose:
            for miss in result.misses:
                print(f"    missed: {miss}")
            for extra in result.extras:
                print(f"    extra:  {extra}")
    for label, keep in (("held out", lambda name: name in HELD_OUT), ("all", lambda name: True)):
        g, n, r, p, rc, f = _total([s for s in after if keep(s.name)])
        was = f"   before: F1 {_total([s for s in before if keep(s.name)])[5]:.3f}" if before else ""
        print(f"{label:36} {'':4} {g:7} {n:6} {r:6} {p:6.3f} {rc:6.3f} {f:6.3f}{was}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
