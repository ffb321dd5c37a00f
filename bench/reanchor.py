"""Benchmark re-anchoring: accuracy over random edits of the sample documents, and speed at 10,000 reviews.

Run ``python bench/reanchor.py`` (about a minute) or ``python bench/reanchor.py --quick``.

Each trial builds a document from the sentences of a sample (plain text, one paragraph per
sample paragraph), reviews a random share of its claims, applies a random edit whose effect on
every sentence is known, and re-anchors the reviews on the edited version. A review is *right*
when it lands on the claim its sentence became, *wrong* when it lands anywhere else (or lands at
all when its sentence was deleted), *missed* when it is orphaned although its sentence is still
there (reworded), and a *correct orphan* when its sentence is gone.
"""

from __future__ import annotations

import argparse
import bisect
import copy
import functools
import platform
import random
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from reviewer.documents.base import Document
from reviewer.documents.loader import load_document
from reviewer.model import Anchor, BlockKind, Label, Review
from reviewer.review.reanchor import Placement, reanchor

REPO = Path(__file__).resolve().parent.parent
SAMPLES = (REPO / "sample_docs" / "harbour-bridge-levy.md", REPO / "sample_docs" / "vignoble-secheresse.txt")
NEW = -1  # the id of a sentence the edit wrote


@dataclass
class Sentence:
    """A sentence of the edited structure; ``sid`` is the id of the old sentence it comes from."""

    sid: int
    text: str


Structure = list[list[Sentence]]


@dataclass
class Rendered:
    """A structure written out and loaded, with the claims each old sentence id became."""

    document: Document
    claims_of: dict[int, set[int]] = field(default_factory=dict)  # sid → claim indices
    sid_of_claim: dict[int, int] = field(default_factory=dict)


@functools.cache
def _sample(path: Path) -> Document:
    return load_document(path)


def sample_structure(path: Path, first_sid: int = 0) -> Structure:
    """The sample's claims grouped by paragraph (code blocks left out), each with an id."""
    document = _sample(path)
    out: Structure = []
    sid = first_sid
    for para, claims in enumerate(document.claims.by_paragraph()):
        if document.paragraphs[para].kind is BlockKind.CODE or not claims:
            continue
        sentences = []
        for index in claims:
            sentences.append(Sentence(sid, document.claims[index].text))
            sid += 1
        out.append(sentences)
    return out


def render(structure: Structure, workdir: Path, name: str) -> Rendered:
    """Write ``structure`` as a .txt, load it, and map sentence ids to the claims they became."""
    pieces: list[str] = []
    spans: list[tuple[int, int, int]] = []
    position = 0
    for p, paragraph in enumerate(structure):
        if p:
            pieces.append("\n\n")
            position += 2
        for s, sentence in enumerate(paragraph):
            if s:
                pieces.append(" ")
                position += 1
            pieces.append(sentence.text)
            spans.append((position, position + len(sentence.text), sentence.sid))
            position += len(sentence.text)
    path = workdir / f"{name}.txt"
    path.write_text("".join(pieces), encoding="utf-8")
    document = load_document(path)
    rendered = Rendered(document)
    # A sentence became the claims that hold most of it or most of which it holds (segmentation
    # can differ a little: a quote-style change may merge two sentences into one claim).
    span_starts = [start for start, _, _ in spans]
    for index, claim in enumerate(document.claims.all()):
        i = max(0, bisect.bisect_right(span_starts, claim.start) - 1)
        overlaps = []
        while i < len(spans) and spans[i][0] < claim.end:
            start, end, sid = spans[i]
            overlap = min(end, claim.end) - max(start, claim.start)
            if overlap > 0:
                overlaps.append((overlap, sid, end - start))
            i += 1
        if not overlaps:
            continue
        rendered.sid_of_claim[index] = max(overlaps)[1]
        for overlap, sid, length in overlaps:
            if sid != NEW and (sid == max(overlaps)[1] or overlap * 2 > length):
                rendered.claims_of.setdefault(sid, set()).add(index)
    return rendered


# --- edits: each changes a structure in place and says what it did ------------------------------


def _sentences(structure: Structure) -> list[tuple[int, int]]:
    return [(p, s) for p, para in enumerate(structure) for s in range(len(para))]


def edit_insert_paragraph(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """A new paragraph of 1-3 sentences taken from the other sample."""
    paragraph = [Sentence(NEW, rng.choice(pool)) for _ in range(rng.randint(1, 3))]
    structure.insert(rng.randint(0, len(structure)), paragraph)


def edit_delete_paragraph(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """A whole paragraph removed."""
    if len(structure) > 2:
        del structure[rng.randrange(len(structure))]


def edit_reorder(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """A paragraph moved elsewhere."""
    paragraph = structure.pop(rng.randrange(len(structure)))
    structure.insert(rng.randint(0, len(structure)), paragraph)


def _words(text: str) -> list[tuple[int, int]]:
    spans = []
    start = None
    for i, char in enumerate(text + " "):
        if char.isalpha():
            start = i if start is None else start
        elif start is not None:
            if i - start >= 4:
                spans.append((start, i))
            start = None
    return spans


def edit_typo(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """One character deleted, doubled, swapped or replaced inside a word."""
    p, s = rng.choice(_sentences(structure))
    sentence = structure[p][s]
    words = _words(sentence.text)
    if not words:
        return
    start, end = rng.choice(words)
    i = rng.randrange(start + 1, end - 1)
    text = sentence.text
    kind = rng.randrange(4)
    if kind == 0:
        text = text[:i] + text[i + 1 :]
    elif kind == 1:
        text = text[:i] + text[i] + text[i:]
    elif kind == 2:
        text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    else:
        text = text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1 :]
    sentence.text = text


def edit_reword(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """One to three words replaced by words of the other sample."""
    p, s = rng.choice(_sentences(structure))
    sentence = structure[p][s]
    vocabulary = [w for text in pool for w in text.split() if w.isalpha() and len(w) > 3]
    words = _words(sentence.text)
    for start, end in sorted(rng.sample(words, min(len(words), rng.randint(1, 3))), reverse=True):
        sentence.text = sentence.text[:start] + rng.choice(vocabulary) + sentence.text[end:]


def edit_heavy_reword(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """Four to eight words replaced: the review should be kept or orphaned, never misplaced."""
    p, s = rng.choice(_sentences(structure))
    sentence = structure[p][s]
    vocabulary = [w for text in pool for w in text.split() if w.isalpha() and len(w) > 3]
    words = _words(sentence.text)
    for start, end in sorted(rng.sample(words, min(len(words), rng.randint(4, 8))), reverse=True):
        sentence.text = sentence.text[:start] + rng.choice(vocabulary) + sentence.text[end:]


def edit_replace_claim(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """One sentence replaced, in place, by an unrelated one: same context, other claim."""
    p, s = rng.choice(_sentences(structure))
    structure[p][s] = Sentence(NEW, rng.choice(pool))


def edit_split(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """A sentence split in two at one of its commas; both halves keep the old id."""
    choices = []
    for p, s in _sentences(structure):
        text = structure[p][s].text
        for i in range(len(text) - 2):
            if text[i : i + 2] == ", " and 20 <= i <= len(text) - 20 and text[i + 2].isalpha():
                choices.append((p, s, i))
    if not choices:
        return
    p, s, i = rng.choice(choices)
    old = structure[p][s]
    left = Sentence(old.sid, old.text[:i] + ".")
    right = Sentence(old.sid, old.text[i + 2].upper() + old.text[i + 3 :])
    structure[p][s : s + 1] = [left, right]


def edit_delete_claim(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """One sentence removed (its paragraph too if it was the only one)."""
    p, s = rng.choice(_sentences(structure))
    del structure[p][s]
    if not structure[p]:
        del structure[p]


def edit_typography(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """Quote style and apostrophes changed in one paragraph: " ↔ « », ' ↔ ’."""
    paragraph = rng.choice(structure)
    for sentence in paragraph:
        text = sentence.text
        if "«" in text or "’" in text:
            text = text.replace("«\u00a0", '"').replace("\u00a0»", '"').replace("’", "'")
        else:
            out, opened = [], False
            for char in text:
                if char == '"':
                    out.append("«\u00a0" if not opened else "\u00a0»")
                    opened = not opened
                else:
                    out.append(char)
            text = "".join(out).replace("'", "’")
        sentence.text = text


Edit = Callable[[random.Random, Structure, list[str]], None]
EDITS: dict[str, Edit] = {
    "insert paragraph": edit_insert_paragraph,
    "delete paragraph": edit_delete_paragraph,
    "reorder paragraphs": edit_reorder,
    "typo": edit_typo,
    "split sentence": edit_split,
    "reword (1-3 words)": edit_reword,
    "heavy reword (4-8 words)": edit_heavy_reword,
    "replace claim by another": edit_replace_claim,
    "delete claim": edit_delete_claim,
    "quote style": edit_typography,
}


def edit_mixed(rng: random.Random, structure: Structure, pool: list[str]) -> None:
    """Two to five of the edits above."""
    for _ in range(rng.randint(2, 5)):
        EDITS[rng.choice(list(EDITS))](rng, structure, pool)


ALL_EDITS: dict[str, Edit] = {**EDITS, "mixed (2-5 edits)": edit_mixed}


# --- accuracy ---------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Outcomes of reviews under one kind of edit."""

    trials: int = 0
    reviews: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    correct_orphans: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.trials += other.trials
        self.reviews += other.reviews
        self.right += other.right
        self.wrong += other.wrong
        self.missed += other.missed
        self.correct_orphans += other.correct_orphans
        self.statuses.update(other.statuses)


def make_reviews(rng: random.Random, rendered: Rendered) -> list[Review]:
    """Reviews on a random 50-100% of the claims, by one or two reviewers."""
    document = rendered.document
    share = rng.uniform(0.5, 1.0)
    reviews = []
    for reviewer in ("alice", "bob")[: rng.randint(1, 2)]:
        for claim in document.claims.all():
            if rng.random() < share:
                reviews.append(
                    Review(
                        document.doc_id,
                        reviewer,
                        Anchor.for_span(document.text, claim.start, claim.end),
                        Label.VERIFIED,
                    )
                )
    return reviews


def trial(rng: random.Random, edit: Edit, sample: int, workdir: Path, use_previous: bool) -> Tally:
    """One random edit of one sample, scored."""
    structures = [sample_structure(path, first_sid=1000 * i) for i, path in enumerate(SAMPLES)]
    base = structures[sample]
    pool = [s.text for para in structures[1 - sample] for s in para]
    old = render(base, workdir, "old")
    edited = copy.deepcopy(base)
    edit(rng, edited, pool)
    new = render(edited, workdir, "new")
    reviews = make_reviews(rng, old)
    result = reanchor(reviews, new.document, previous=old.document if use_previous else None)
    return score(result.placements, old, new)


def score(placements: Sequence[Placement], old: Rendered, new: Rendered) -> Tally:
    """Compare where the reviews landed with where their sentences went."""
    old_index = {c.start: i for i, c in enumerate(old.document.claims.all())}
    tally = Tally(trials=1)
    for placement in placements:
        tally.reviews += 1
        tally.statuses[placement.status.value] += 1
        sid = old.sid_of_claim.get(old_index[placement.review.anchor.start], NEW)
        truth = new.claims_of.get(sid, set())
        if placement.claim_index is None:
            if truth:
                tally.missed += 1
            else:
                tally.correct_orphans += 1
        elif placement.claim_index in truth:
            tally.right += 1
        else:
            tally.wrong += 1
            landed = new.document.claims[placement.claim_index].text
            exact = placement.review.anchor.exact
            tally.examples.append(f"{placement.status.value} {placement.score:.2f}: {exact!r} → {landed!r}")
    return tally


def accuracy(trials_per_kind: int, seed: int, use_previous: bool) -> dict[str, Tally]:
    """Run every kind of edit on both samples, ``trials_per_kind`` times in all."""
    rng = random.Random(seed)
    tallies: dict[str, Tally] = defaultdict(Tally)
    with tempfile.TemporaryDirectory() as tmp:
        for name, edit in ALL_EDITS.items():
            for n in range(trials_per_kind):
                tallies[name].add(result := trial(rng, edit, n % 2, Path(tmp), use_previous))
                tallies[name].examples.extend(result.examples)
    return tallies


def accuracy_table(tallies: dict[str, Tally], title: str) -> list[str]:
    """A markdown table of the tallies."""
    lines = [
        f"#### {title}",
        "",
        "| edit | trials | reviews | right | wrong | missed (orphaned, text still there) | correct orphans |"
        " in place / moved / changed / orphan |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    total = Tally()
    for name, tally in [*tallies.items(), ("**all**", total)]:
        if tally is not total:
            total.add(tally)
        n = max(1, tally.reviews)
        s = tally.statuses
        lines.append(
            f"| {name} | {tally.trials} | {tally.reviews} | {tally.right / n:.2%} | {tally.wrong / n:.3%} |"
            f" {tally.missed / n:.2%} | {tally.correct_orphans / n:.2%} |"
            f" {s['in_place']} / {s['moved']} / {s['changed']} / {s['orphan']} |"
        )
    return lines


# --- speed --------------------------------------------------------------------------------------------


def book_structure(rng: random.Random, target_claims: int) -> Structure:
    """A book-length structure: both samples over and over, each copy with its own wording.

    Every sentence of a copy gets a tag and two of its words replaced, so copies share style and
    vocabulary (as chapters do) without being the same sentences.
    """
    structures = [sample_structure(path) for path in SAMPLES]
    vocabulary = sorted(
        {w for st in structures for p in st for s in p for w in s.text.split() if w.isalpha()}
    )
    book: Structure = []
    sid = 0
    copy_number = 0
    while sum(len(p) for p in book) < target_claims:
        copy_number += 1
        for structure in structures:
            for paragraph in structure:
                sentences = []
                for sentence in paragraph:
                    text = sentence.text
                    for start, end in sorted(
                        rng.sample(_words(text), min(2, len(_words(text)))), reverse=True
                    ):
                        text = text[:start] + rng.choice(vocabulary) + text[end:]
                    cut = len(text.rstrip('.!?»"\u00a0 '))
                    sentences.append(Sentence(sid, f"{text[:cut]} (part {copy_number}){text[cut:]}"))
                    sid += 1
                book.append(sentences)
    return book


def speed(quick: bool) -> list[str]:
    """Time 10,000 reviews on a book-length document under several edits, against a naive matcher."""
    rng = random.Random(7)
    pool = [s.text for para in sample_structure(SAMPLES[1]) for s in para]
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        base = book_structure(rng, 12_000)
        started = time.perf_counter()
        old = render(base, workdir, "book")
        load_seconds = time.perf_counter() - started
        claims = old.document.claims
        reviews = [
            Review(
                old.document.doc_id,
                "alice",
                Anchor.for_span(old.document.text, c.start, c.end),
                Label.VERIFIED,
            )
            for c in rng.sample(list(claims), 10_000)
        ]
        lines.append(
            f"Book: {len(old.document.text) / 1e6:.2f} M characters, {len(claims)} claims,"
            f" {len(base)} paragraphs (loaded and segmented in {load_seconds:.2f} s); 10,000 reviews."
        )
        lines.append("")
        lines.append("| case | time | right | wrong | orphaned | summary |")
        lines.append("|---|---:|---:|---:|---:|---|")

        edited = copy.deepcopy(base)
        for _ in range(60):
            edit_mixed(rng, edited, pool)
        reworded = copy.deepcopy(base)
        for paragraph in reworded:
            for sentence in paragraph:
                sentence.text = sentence.text.replace("e", "é", 1)
        cases = [
            ("unchanged", old, None),
            ("~200 random edits (60 × mixed)", render(edited, workdir, "edited"), None),
            ("same, with the previous version", render(edited, workdir, "edited"), old.document),
            ("every claim changed (all fuzzy: worst case)", render(reworded, workdir, "reworded"), None),
        ]
        worst = 0.0
        for label, new, previous in cases:
            started = time.perf_counter()
            result = reanchor(reviews, new.document, previous=previous)
            seconds = time.perf_counter() - started
            worst = max(worst, seconds)
            tally = score(result.placements, old, new)
            lines.append(
                f"| {label} | {seconds:.2f} s | {tally.right} | {tally.wrong} |"
                f" {tally.missed + tally.correct_orphans} | {result.summary()} |"
            )

        # Baseline: fuzzy-matching each review against every claim, as a naive matcher would.
        sample = reviews[: 50 if quick else 200]
        keys = [c.text for c in cases[-1][1].document.claims]
        started = time.perf_counter()
        for review in sample:
            process.extractOne(review.anchor.exact, keys, scorer=fuzz.ratio)
        naive = (time.perf_counter() - started) / len(sample) * 10_000
        lines.append(
            f"| baseline: rapidfuzz `extractOne` of every review over all claims (extrapolated from"
            f" {len(sample)} reviews) | {naive:.1f} s | | | | {naive / worst:.0f}× our worst case |"
        )
    return lines


def machine() -> list[str]:
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True, check=False).stdout.strip()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return [
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: `{uname}`, nproc {nproc}",
        f"- python {platform.python_version()}, rapidfuzz {__import__('rapidfuzz').__version__}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer trials (about 10 s)")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--examples", action="store_true", help="print every wrong placement")
    args = parser.parse_args(argv)
    trials = 10 if args.quick else 60
    out = ["### Re-anchoring", "", *machine(), ""]
    for use_previous in (False, True):
        title = "with the previous version" if use_previous else "reviews only (no previous version)"
        tallies = accuracy(trials, args.seed, use_previous)
        out.extend(accuracy_table(tallies, f"Accuracy, {title}: {trials} trials per edit, seed {args.seed}"))
        out.append("")
        if args.examples:
            for name, tally in tallies.items():
                for example in tally.examples:
                    out.append(f"    wrong [{name}] {example}")
    out.extend(["#### Speed", "", *speed(args.quick)])
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
