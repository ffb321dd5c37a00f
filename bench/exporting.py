"""Export: the JSON export of a document with 10,000 reviews against the standard library's json.dumps alone.

Ours: ``build_json_export`` + ``dumps_json`` (what ``reviewer export`` and the TUI's export
render). Baseline: ``json.dumps`` of the very dict ``build_json_export`` returned, with the same
arguments as ``dumps_json`` (``ensure_ascii=False, indent=2``) and, for information, with json's
defaults. The document has about 13,000 claims, 10,000 of them reviewed. Every other format of
``reviewer.exports.exporters()`` is timed too, for information.
"""

from __future__ import annotations

import json

from common import Context, Goal, Section, Stats, Table, ms, profile, ratio, repeat
from fixtures import NOW, big_document, make_store, open_session

from reviewer.exports import ExportOptions, exporters
from reviewer.exports.jsonexport import build_json_export, dumps_json
from reviewer.storage.store import ReviewStore

NAME = "export"
TITLE = "Export of 10,000 reviews"
NOTES = 10_000
DOC_BYTES = 1_500_000


def run(ctx: Context) -> Section:
    section = Section(NAME, TITLE, method=__doc__.split("\n", 2)[2].strip() if __doc__ else "")
    document = big_document(ctx.document("en", DOC_BYTES))
    path = ctx.tmp / "export" / "reviews.json"
    make_store(path, document, NOTES)
    session = open_session(document, ReviewStore(path))
    built = build_json_export(session, NOW)
    times = ctx.pick(3, 11)

    def ours() -> None:
        dumps_json(build_json_export(session, NOW))

    series = {
        "ours: build_json_export + dumps_json": ours,
        "ours: build_json_export only": lambda: build_json_export(session, NOW),
        "stdlib: json.dumps(same dict, ensure_ascii=False, indent=2)": lambda: json.dumps(
            built, ensure_ascii=False, indent=2
        ),
        "stdlib: json.dumps(same dict) with defaults": lambda: json.dumps(built),
    }
    samples: dict[str, list[float]] = {name: [] for name in series}
    for fn in series.values():
        fn()
    for _ in range(times):
        for name, fn in series.items():
            samples[name] += repeat(fn, 1, warmup=0)
    stats = {name: Stats.of(values) for name, values in samples.items()}
    base = stats["stdlib: json.dumps(same dict, ensure_ascii=False, indent=2)"]
    size = len(dumps_json(built).encode("utf-8"))
    table = Table(
        f"JSON export of {document.claims.count():,} claims, {NOTES:,} reviewed"
        f" ({size / 1e6:.1f} MB of JSON); "
        "ms, ratio = time ÷ stdlib json.dumps with the same arguments",
        ["what", "n", "median", "p90", "× stdlib"],
    )
    for name, value in stats.items():
        table.add(name, value.n, ms(value.median), ms(value.p90), ratio(value.median / base.median))
    section.tables.append(table)
    ours_stats = stats["ours: build_json_export + dumps_json"]
    section.goals.append(
        Goal(
            "JSON export of 10,000 reviews ≤ 3× stdlib json.dumps of the same data",
            f"{ratio(ours_stats.median / base.median)} ({ms(ours_stats.median)} vs {ms(base.median)} ms); "
            f"{ratio(ours_stats.median / stats['stdlib: json.dumps(same dict) with defaults'].median)} "
            "json.dumps with its defaults",
            ours_stats.median / base.median <= 3,
        )
    )

    formats = Table(
        "Every export format on the same session (information): ms, ratio to the JSON export",
        ["format", "output MB", "n", "median", "p90", "× JSON export"],
    )
    options = ExportOptions(url="https://example.org/fact-check")
    for exporter in exporters():
        output = exporter.render(session, NOW, options)
        value = Stats.of(repeat(lambda e=exporter: e.render(session, NOW, options), ctx.pick(2, 5), warmup=0))
        formats.add(
            f"{exporter.name} ({exporter.suffix})", f"{len(output.text.encode('utf-8')) / 1e6:.2f}", value.n,
            ms(value.median), ms(value.p90), ratio(value.median / ours_stats.median),
        )  # fmt: skip
    section.tables.append(formats)
    text, top = profile(ours)
    section.profiles.append(("cProfile: build_json_export + dumps_json", text))
    build = stats["ours: build_json_export only"].median
    section.findings.append(
        f"The JSON export is {ratio(ours_stats.median / base.median)} the stdlib: json.dumps itself is "
        f"{ms(base.median)} ms and building the dict {ms(build)} ms "
        f"({100 * build / ours_stats.median:.0f} % of the export). Largest own times: "
        + ", ".join(f"{label} {100 * share:.0f} %" for label, share, _ in top[:4])
        + "."
    )
    return section
