"""Exports out: a golden file per format, CSV read back, JSON-LD expanded offline with pyld."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from pyld import jsonld

from reviewer import __version__
from reviewer.errors import ReviewerError, UsageError
from reviewer.exports import (
    ExportOptions,
    exporter_for_path,
    exporters,
    get_exporter,
    path_for_format,
    render,
)
from reviewer.exports.jsonld import bundled_context, offline_document_loader
from reviewer.exports.tabular import COLUMNS, SOURCE_SEPARATOR, one_line
from reviewer.labelset import DEFAULT_LABELS
from reviewer.model import Label
from reviewer.review.filters import ClaimFilter
from reviewer.review.session import ReviewSession
from tests.golden import EXPORTED_AT, GOLDEN, PUBLISHED, URL

OA = "http://www.w3.org/ns/oa#"
SCHEMA = "http://schema.org/"
# Regenerate with REVIEWER_UPDATE_GOLDEN=1 after an intended change, then read the diff.
UPDATE = bool(os.environ.get("REVIEWER_UPDATE_GOLDEN"))

CASES = [
    ("csv", ExportOptions(), "export.csv"),
    ("csv", ExportOptions(bom=True, only=ClaimFilter.of(Label.DISPUTED)), "export-disputed-bom.csv"),
    ("tsv", ExportOptions(), "export.tsv"),
    # The golden document is French: its report is in French unless English is asked for.
    ("md", ExportOptions(language="en"), "report.md"),
    ("md", ExportOptions(language="en", only=ClaimFilter.of(Label.DISPUTED)), "report-disputed.md"),
    ("html", ExportOptions(language="en"), "report.html"),
    ("md", ExportOptions(), "report.fr.md"),
    ("md", ExportOptions(only=ClaimFilter.of(Label.DISPUTED)), "report-disputed.fr.md"),
    ("html", ExportOptions(), "report.fr.html"),
    ("claimreview", ExportOptions(url=URL), "claimreview.jsonld"),
    ("claimreview", PUBLISHED, "claimreview-published.jsonld"),
    ("webannotation", ExportOptions(), "webannotation.jsonld"),
    ("webannotation", ExportOptions(url=URL), "webannotation-url.jsonld"),
]


def unversioned(text: str) -> str:
    return text.replace(f"reviewer {__version__}", "reviewer VERSION")


@pytest.mark.parametrize(("name", "options", "golden"), CASES, ids=[case[2] for case in CASES])
def test_golden_files(session: ReviewSession, name: str, options: ExportOptions, golden: str) -> None:
    text = unversioned(render(session, name, EXPORTED_AT, options).text)
    path = GOLDEN / golden
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")  # bytes: line ends and the BOM are part of it


def test_registry_lists_every_format_once() -> None:
    names = [exporter.name for exporter in exporters()]
    assert names == ["json", "csv", "tsv", "md", "html", "claimreview", "webannotation", "diagnosis"]
    assert exporter_for_path(Path("team.diagnosis.csv")).name == "diagnosis"  # type: ignore[union-attr]
    for exporter in exporters():
        assert exporter.suffix.startswith(".") and exporter.title
        assert get_exporter(exporter.name.upper()).name == exporter.name
    with pytest.raises(UsageError, match="use one of json, csv"):
        get_exporter("docx")
    assert exporter_for_path(Path("out.CSV")).name == "csv"  # type: ignore[union-attr]
    assert exporter_for_path(Path("report.markdown")).name == "md"  # type: ignore[union-attr]
    assert exporter_for_path(Path("notes.xlsx")) is None
    assert DEFAULT_LABELS.parse("D") is Label.DISPUTED
    with pytest.raises(ValueError, match="unknown label 'false'"):
        DEFAULT_LABELS.parse("false")


def test_each_format_has_its_own_file_name() -> None:
    suffixes = [exporter.suffix for exporter in exporters()]
    assert len(set(suffixes)) == len(suffixes)  # ClaimReview and Web Annotation were both .jsonld
    assert get_exporter("claimreview").suffix == ".claimreview.jsonld"
    assert get_exporter("webannotation").suffix == ".webannotation.jsonld"
    assert exporter_for_path(Path("a.claimreview.jsonld")).name == "claimreview"  # type: ignore[union-attr]
    assert exporter_for_path(Path("a.WebAnnotation.jsonld")).name == "webannotation"  # type: ignore[union-attr]
    assert exporter_for_path(Path("notes.jsonld")).name == "json"  # type: ignore[union-attr]
    path = Path("out/article.reviews.json")
    for name, expected in [
        ("claimreview", "article.reviews.claimreview.jsonld"),
        ("webannotation", "article.reviews.webannotation.jsonld"),
        ("csv", "article.reviews.csv"),
        ("json", "article.reviews.json"),
    ]:
        path = path_for_format(path, name)
        assert path == Path("out") / expected
    assert path_for_format(Path("notes"), "md") == Path("notes.md")
    assert path_for_format(Path("notes.txt"), "md") == Path("notes.md")
    assert path_for_format(Path("notes.markdown"), "html") == Path("notes.html")


def test_json_exporter_is_the_json_export(session: ReviewSession) -> None:
    from reviewer.exports.jsonexport import build_json_export, dumps_json

    assert render(session, "json", EXPORTED_AT).text == dumps_json(build_json_export(session, EXPORTED_AT))


# -- CSV / TSV --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_csv_reads_back_to_the_same_claims(session: ReviewSession, name: str, delimiter: str) -> None:
    exported = render(session, name, EXPORTED_AT)
    rows = list(csv.DictReader(io.StringIO(exported.text, newline=""), delimiter=delimiter))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == session.claims.count()
    for index, (row, claim) in enumerate(zip(rows, session.claims.all(), strict=True)):
        review = session.review(index)
        assert row["text"] == claim.text
        assert int(row["claim"]) == claim.number and int(row["paragraph"]) == claim.paragraph + 1
        assert row["label"] == (review.label.value if review and review.label else "")
        assert row["note"] == (one_line(review.note) if review else "")  # the JSON export keeps its lines
        sources = tuple(filter(None, row["sources"].split(SOURCE_SEPARATOR)))
        assert sources == (review.sources if review else ())
    assert "orphan" not in exported.text and "no longer in the text" in exported.notice


def test_bom_option_and_only_filter(session: ReviewSession) -> None:
    plain = render(session, "csv", EXPORTED_AT).text
    with_bom = render(session, "csv", EXPORTED_AT, ExportOptions(bom=True)).text
    assert not plain.startswith("\ufeff") and with_bom == "\ufeff" + plain
    data = with_bom.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0]["document"] == "golden-doc.md"  # the BOM did not glue itself to the first header
    only = render(session, "csv", EXPORTED_AT, ExportOptions(only=ClaimFilter.of(Label.DISPUTED))).text
    labels = [row["label"] for row in csv.DictReader(io.StringIO(only, newline=""))]
    assert labels == ["disputed", "disputed"]


@pytest.mark.parametrize("name", ["csv", "md"])
def test_only_unreviewed_keeps_the_claims_without_a_label(session: ReviewSession, name: str) -> None:
    """Issue 17: ``--only unreviewed`` was documented and refused."""
    text = render(session, name, EXPORTED_AT, ExportOptions(only=ClaimFilter.UNREVIEWED, language="en")).text
    if name == "md":
        assert "Showing only unreviewed claims." in text
        text = text.split("## Claims", 1)[1]  # the title above repeats the first claim
    else:
        text = "\n".join(text.splitlines()[1:])
    unreviewed = [c for i, c in enumerate(session.claims.all()) if session.label(i) is None]
    reviewed = [c for i, c in enumerate(session.claims.all()) if session.label(i) is not None]
    assert unreviewed and reviewed
    assert all(claim.text[:30] in text for claim in unreviewed)
    assert not any(claim.text[:30] in text for claim in reviewed)


def test_pandas_reads_the_csv(session: ReviewSession, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    path = tmp_path / "out.csv"
    path.write_bytes(render(session, "csv", EXPORTED_AT, ExportOptions(bom=True)).text.encode("utf-8"))
    frame = pandas.read_csv(path, keep_default_na=False)
    assert list(frame.columns) == list(COLUMNS)
    assert list(frame["text"]) == [claim.text for claim in session.claims.all()]


# -- Markdown / HTML --------------------------------------------------------------------


def test_markdown_report_parses_and_keeps_text_literal(session: ReviewSession) -> None:
    from markdown_it import MarkdownIt

    text = render(session, "md", EXPORTED_AT).text
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<table>" in rendered
    assert "*aussi*" in rendered and "&lt;annexe&gt;" in rendered  # user text is not markup
    assert '<a href="https://example.org/comptage">' in rendered
    for claim in session.claims.all():
        assert claim.text.replace("’", "’") in rendered


def test_only_filter_keeps_summary_and_filters_claims(session: ReviewSession) -> None:
    text = render(
        session, "md", EXPORTED_AT, ExportOptions(only=ClaimFilter.of(Label.OPINION), language="en")
    ).text
    assert "| ✘ Disputed | 2 |" in text and "Showing only opinion claims" in text
    assert "Claim 6 · ◆ Opinion" in text and "Claim 2" not in text


ENGLISH_WORDS = ("Claim", "Paragraph", "Sources:", "Disputed", "Summary", "Unreviewed", "Reviewer", "list")


@pytest.mark.parametrize("name", ["md", "html"])
def test_a_french_document_gets_a_french_report(session: ReviewSession, name: str) -> None:
    assert session.document.language == "fr"
    text = render(session, name, EXPORTED_AT).text
    assert not [word for word in ENGLISH_WORDS if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
    for phrase in ("Résumé", "✘ Contestée", "Paragraphe 3 (élément de liste)", "Non examinée", "Verdict"):
        assert phrase in text
    assert name == "html" or "Affirmation 2 · ✘ Contestée" in text
    assert "Sources\u00a0:" in text and "markdown, langue fr, 5 paragraphes" in text
    only = render(session, name, EXPORTED_AT, ExportOptions(only=ClaimFilter.of(Label.OPINION))).text
    assert "Seules les affirmations d’opinion sont affichées." in only


def test_other_languages_get_the_english_report(session: ReviewSession) -> None:
    from reviewer.exports.wording import REPORT_LANGUAGES, wording_for

    assert REPORT_LANGUAGES == ("en", "fr")
    assert wording_for("fr-CA").language == "fr" and wording_for("de").language == "en"
    german = render(session, "md", EXPORTED_AT, ExportOptions(language="de")).text
    assert german == render(session, "md", EXPORTED_AT, ExportOptions(language="en")).text
    assert wording_for("en").format_line("text", "en", 1) == "text, language en, 1 paragraph"
    assert wording_for("fr").format_line("text", "fr", 0) == "text, langue fr, 0 paragraphe"


# -- JSON-LD ----------------------------------------------------------------------------


def expand(text: str) -> list[dict[str, object]]:
    return jsonld.expand(json.loads(text), {"documentLoader": offline_document_loader})  # type: ignore[no-any-return]


def test_claimreview_has_required_fields_and_leaves_out_opinions(session: ReviewSession) -> None:
    exported = render(session, "claimreview", EXPORTED_AT, ExportOptions(url=URL))
    graph = json.loads(exported.text)["@graph"]
    assert [node["claimReviewed"] for node in graph] == [session.claims[i].text for i in (0, 1, 4)]
    for node in graph:
        assert node["@type"] == "ClaimReview" and node["url"].startswith(URL + "#claim-")
        assert "author" not in node and node["datePublished"]  # the author is an organisation, not alice
        rating = node["reviewRating"]
        assert {"ratingValue", "bestRating", "worstRating", "alternateName"} <= set(rating)
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert node["itemReviewed"]["@type"] == "Claim" and node["itemReviewed"]["appearance"]
    assert "1 opinion(s) left out" in exported.notice
    expanded = expand(exported.text)
    assert len(expanded) == 3
    first = expanded[0]
    assert first["@type"] == [SCHEMA + "ClaimReview"]
    assert first[SCHEMA + "url"] == [{"@id": URL + "#claim-1"}]
    assert first[SCHEMA + "reviewRating"][0][SCHEMA + "alternateName"] == [{"@value": "Verified"}]  # type: ignore[index]


def test_claimreview_without_url_says_what_is_missing(session: ReviewSession) -> None:
    exported = render(session, "claimreview", EXPORTED_AT)
    assert "no fact-check URL (--url" in exported.notice and "no organisation" in exported.notice
    assert all("url" not in node for node in json.loads(exported.text)["@graph"])


def test_web_annotation_collection(session: ReviewSession) -> None:
    data = json.loads(render(session, "webannotation", EXPORTED_AT).text)
    assert data["type"] == "AnnotationCollection" and data["total"] == 6  # 5 reviews and 1 orphan
    items = data["first"]["items"]
    for item in items:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        if position["end"] <= len(session.document.text):
            assert session.document.text[position["start"] : position["end"]] == quote["exact"]
        assert {"exact", "prefix", "suffix"} <= set(quote)
    noted = next(item for item in items if len(item["body"]) > 1 and item["motivation"] == "commenting")
    purposes = [body["purpose"] for body in noted["body"]]
    assert purposes == ["commenting", "linking", "linking"]  # a note only: no assessing body
    assert [item["motivation"] for item in items].count("assessing") == 5
    labelled = next(item for item in items if item["body"][0]["purpose"] == "assessing")
    assert labelled["body"][0]["value"] in {"verified", "disputed", "opinion"}


def test_web_annotation_expands_to_the_oa_vocabulary(session: ReviewSession) -> None:
    expanded = expand(render(session, "webannotation", EXPORTED_AT).text)
    collection = expanded[0]
    page = collection["http://www.w3.org/ns/activitystreams#first"][0]  # type: ignore[index]
    annotations = page["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    annotation = annotations[0]
    assert annotation["@type"] == [OA + "Annotation"]
    assert annotation[OA + "motivatedBy"] == [{"@id": OA + "assessing"}]
    selector_types = {s["@type"][0] for s in annotation[OA + "hasTarget"][0][OA + "hasSelector"]}
    assert selector_types == {OA + "TextQuoteSelector", OA + "TextPositionSelector"}
    bodies = annotation[OA + "hasBody"]
    assert bodies[0][OA + "hasPurpose"] == [{"@id": OA + "assessing"}]


def test_unknown_contexts_are_never_fetched() -> None:
    assert bundled_context("https://schema.org/")["@context"]["@vocab"] == SCHEMA
    with pytest.raises(ReviewerError, match="would need the network"):
        offline_document_loader("https://example.org/context.jsonld")
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(
            {"@context": "https://example.org/context.jsonld", "name": "x"},
            {"documentLoader": offline_document_loader},
        )
