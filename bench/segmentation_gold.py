"""Boundary precision and recall of the segmenter on hand-written gold splits of real articles.

Run from the project root: ``python bench/segmentation_gold.py`` (``--verbose`` lists every
missed and extra boundary). The gold files are tests/data/gold/*.txt (sources and licences in
each file); tests/documents/test_gold.py keeps the scores from falling.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.gold_segments import golds, score


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    total = [0, 0, 0]
    print(f"{'gold':36} {'lang':4} {'gold b.':>7} {'found':>6} {'right':>6} {'P':>6} {'R':>6}")
    for gold in golds():
        result = score(gold)
        total = [total[0] + result.gold, total[1] + result.found, total[2] + result.right]
        print(
            f"{result.name:36} {gold.language:4} {result.gold:7} {result.found:6} {result.right:6}"
            f" {result.precision:6.3f} {result.recall:6.3f}"
        )
        if verbose:
            for miss in result.misses:
                print(f"    missed: {miss}")
            for extra in result.extras:
                print(f"    extra:  {extra}")
    precision = total[2] / total[1] if total[1] else 1.0
    recall = total[2] / total[0] if total[0] else 1.0
    print(f"{'all':36} {'':4} {total[0]:7} {total[1]:6} {total[2]:6} {precision:6.3f} {recall:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
