"""Segmentation throughput: our sentence splitting against raw sentencex, English and French.

The documents are generated (``corpus.py``: sentences of the samples, re-drawn and varied, never
one paragraph repeated verbatim). Baseline: sentencex's ``get_sentence_boundaries`` called on the
same paragraph chunks, prepared outside the timing. Ours: ``split_sentences`` per paragraph (the
same call plus our abbreviation repairs and trimming), ``segment_document`` (paragraphs, claims
and their index), and the whole ``load_document`` (read, decode, NFC, paragraphs, language
detection, segmentation, sha256). MB/s counts UTF-8 bytes of the document.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from common import Context, Goal, Section, Stats, Table, profile, ratio, repeat, size_label
from sentencex import get_sentence_boundaries

from reviewer.documents.formats import detect_reader
from reviewer.documents.language import detect_language
from reviewer.documents.loader import load_document
from reviewer.documents.segmentation import segment_document
from reviewer.documents.sentences import split_sentences
from reviewer.documents.text import decode_text, normalise
from reviewer.model import BlockKind

NAME = "segmentation"
TITLE = "Segmentation throughput (MB/s), ours against raw sentencex"


def run(ctx: Context) -> Section:
    section = Section(NAME, TITLE, method=__doc__.split("\n", 2)[2].strip() if __doc__ else "")
    sizes = ctx.pick((1_000_000,), (1_000_000, 10_000_000))
    table = Table(
        "Throughput: median of the repetitions (MB/s, higher is better); ratio = our time ÷ sentencex time",
        ["document", "MB", "paragraphs", "claims", "what", "n", "median s", "MB/s", "× sentencex"],
    )
    slowest_segment = None
    pieces_table = Table(
        "Where load_document's time goes (each step timed alone, median s)",
        ["document", "read + decode + NFC", "paragraphs (reader)", "language", "segment_document", "sha256"],
    )
    for size in sizes:
        for language in ("en", "fr"):
            path = ctx.document(language, size)
            raw = path.read_bytes()
            megabytes = len(raw) / 1e6
            text = normalise(decode_text(raw, str(path)))
            parsed = detect_reader(path, raw).parse(text, path)  # type: ignore[union-attr]
            lang = detect_language(text)
            assert lang == language, (lang, language)
            blocks = [b for b in parsed.blocks if b.kind is not BlockKind.CODE]
            chunks = [text[b.start : b.end].replace("\n", " ") for b in blocks]
            times = ctx.pick(3, 5) if size < 5_000_000 else 3
            claims = 0

            def baseline(chunks: list[str] = chunks, lang: str = lang) -> None:
                for chunk in chunks:
                    for _ in get_sentence_boundaries(lang, chunk):
                        pass

            def split(text: str = text, blocks=blocks, lang: str = lang) -> None:  # type: ignore[no-untyped-def]
                for block in blocks:
                    split_sentences(text, block.start, block.end, lang)

            def segment(text: str = text, parsed=parsed, lang: str = lang) -> None:  # type: ignore[no-untyped-def]
                nonlocal claims
                claims = len(segment_document(text, parsed.blocks, lang)[1])

            def load(path: Path = path) -> None:
                load_document(path)

            series = {
                "sentencex alone (baseline)": baseline,
                "ours: split_sentences": split,
                "ours: segment_document": segment,
                "ours: load_document (whole)": load,
            }
            samples: dict[str, list[float]] = {name: [] for name in series}
            for fn in series.values():
                fn()  # warm-up
            for _ in range(times):  # interleaved, so noise hits all alike
                for name, fn in series.items():
                    samples[name] += repeat(fn, 1, warmup=0)
            base = Stats.of(samples["sentencex alone (baseline)"]).median
            for name, values in samples.items():
                median = Stats.of(values).median
                table.add(
                    f"{language} {size_label(size)}", f"{megabytes:.2f}", f"{len(parsed.blocks):,}",
                    f"{claims:,}", name, len(values), f"{median:.3f}", f"{megabytes / median:.2f}",
                    "" if name.startswith("sentencex") else ratio(median / base),
                )  # fmt: skip
                if name == "ours: segment_document":
                    rate = megabytes / median
                    if slowest_segment is None or rate < slowest_segment[0]:
                        slowest_segment = (rate, f"{language} {size_label(size)}")
                if name == "ours: load_document (whole)" and (size == sizes[-1]):
                    load_rate = megabytes / median
                    section.goals.append(
                        Goal(
                            f"load_document ({language} {size_label(size)}) ≥ 5 MB/s (information: the goal "
                            "is on the splitter)",
                            f"{load_rate:.2f} MB/s ({median:.2f} s)",
                            load_rate >= 5,
                        )
                    )

            step = {
                "read": lambda path=path: normalise(decode_text(path.read_bytes(), str(path))),
                "paragraphs": lambda path=path, raw=raw, text=text: detect_reader(path, raw).parse(
                    text, path
                ),  # type: ignore[union-attr]
                "language": lambda text=text: detect_language(text),
                "segment": segment,
                "sha256": lambda text=text: hashlib.sha256(text.encode("utf-8")).hexdigest(),
            }
            medians = [
                Stats.of(repeat(fn, 1 if size > 5_000_000 else 3, warmup=0)).median for fn in step.values()
            ]
            pieces_table.add(f"{language} {size_label(size)}", *[f"{m:.3f}" for m in medians])

    section.tables += [table, pieces_table]
    assert slowest_segment is not None
    section.goals.insert(
        0,
        Goal(
            "Segmentation (segment_document, with our repairs) ≥ 5 MB/s on English and French",
            f"slowest {slowest_segment[0]:.2f} MB/s ({slowest_segment[1]})",
            slowest_segment[0] >= 5,
        ),
    )
    path = ctx.document("fr", 1_000_000)
    text_out, top = profile(lambda: load_document(path), limit=14)
    section.profiles.append(("cProfile: load_document on the French 1 MB document", text_out))
    section.findings.append(
        "Segmentation is sentencex plus our repairs; largest own times in load_document (French, 1 MB): "
        + ", ".join(f"{label} {100 * share:.0f} %" for label, share, _ in top[:5])
        + "."
    )
    return section
