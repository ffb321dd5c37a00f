"""Web Annotation export: the fields the W3C test suite asks for, checked without the suite.

CI also runs the W3C annotation-model suite itself on exports of the sample documents (see
``.ci/run``); these tests keep the same fields checked in a clone that has no copy of the suite.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pyld import jsonld

from reviewer.exports import ExportOptions, render
from reviewer.exports.jsonld import offline_document_loader
from reviewer.exports.webannotation import text_iri
from reviewer.review.session import ReviewSession
from tests.golden import EXPORTED_AT, URL

OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
# An absolute IRI: a scheme, a colon, and no character RFC 3987 forbids anywhere in an IRI.
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def export(session: ReviewSession, url: str | None = None) -> dict[str, Any]:
    return json.loads(render(session, "webannotation", EXPORTED_AT, ExportOptions(url=url)).text)  # type: ignore[no-any-return]


def ids(node: object) -> list[str]:
    """Every ``id`` value anywhere in ``node``."""
    if isinstance(node, dict):
        found = [node["id"]] if "id" in node else []
        return found + [i for value in node.values() for i in ids(value)]
    if isinstance(node, list):
        return [i for value in node for i in ids(value)]
    return []


def test_the_page_is_identified_and_linked_to_its_collection(session: ReviewSession) -> None:
    for url in (None, URL):
        data = export(session, url)
        page = data["first"]
        assert IRI.match(page["id"]) and page["id"] != data["id"]  # spec 5.2: a page MUST have an IRI
        assert page["type"] == "AnnotationPage" and page["partOf"] == data["id"]
        assert data["last"] == page["id"]  # one page: it is first and last
        assert "next" not in page and page["startIndex"] == 0


def test_every_id_is_an_absolute_iri_and_stable(session: ReviewSession) -> None:
    for url in (None, URL):
        data = export(session, url)
        found = ids(data)
        assert found and all(IRI.match(i) for i in found), [i for i in found if not IRI.match(i)]
        assert export(session, url) == data  # same reviews, same ids
    annotations = [item["id"] for item in data["first"]["items"]]
    assert len(set(annotations)) == len(annotations)
    assert all(i.startswith("urn:uuid:") for i in annotations)


def test_the_creator_is_an_agent_with_an_iri_and_a_nickname(session: ReviewSession) -> None:
    for item in export(session)["first"]["items"]:
        creator = item["creator"]
        assert creator["type"] == "Person" and creator["name"] == creator["nickname"] == "alice"
        assert IRI.match(creator["id"]) and creator["id"].startswith("urn:uuid:")


def test_every_body_says_who_made_it_when_and_in_what_format(session: ReviewSession) -> None:
    items = export(session)["first"]["items"]
    for item in items:
        for body in item["body"]:
            assert body["creator"] == item["creator"]
            assert DATE_TIME.match(body["created"]) and body["created"] == item["created"]
            assert body["modified"] == item["modified"]
            if body["type"] == "TextualBody":
                assert body["format"] == "text/plain"
    assessing = [body for item in items for body in item["body"] if body["purpose"] == "assessing"]
    assert assessing and all(body["language"] == "en" for body in assessing)  # "verified" is an English word
    notes = [body for item in items for body in item["body"] if body["purpose"] == "commenting"]
    assert notes and all(body["language"] == "fr" for body in notes)  # written in the document's language


def test_the_target_is_a_specific_resource_of_the_hashed_text(session: ReviewSession) -> None:
    for item in export(session)["first"]["items"]:
        target = item["target"]
        assert target["type"] == "SpecificResource"
        assert target["source"] == {
            "id": text_iri(session.document.doc_id),
            "type": "Text",
            "format": "text/plain",  # the hash names the normalised text the offsets count in
            "language": "fr",
        }
        assert "state" not in target  # the source already is the exact text
        assert [s["type"] for s in target["selector"]] == ["TextQuoteSelector", "TextPositionSelector"]


def test_with_a_url_the_target_is_the_page_and_the_hash_its_cached_state(session: ReviewSession) -> None:
    for item in export(session, URL)["first"]["items"]:
        target = item["target"]
        assert target["type"] == "SpecificResource"
        assert target["source"] == {"id": URL, "type": "Text", "format": "text/markdown", "language": "fr"}
        state = target["state"]
        assert state["type"] == "TimeState" and state["cached"] == text_iri(session.document.doc_id)
        assert DATE_TIME.match(state["sourceDate"])


def test_the_new_fields_expand_to_the_vocabulary(session: ReviewSession) -> None:
    expanded = jsonld.expand(export(session, URL), {"documentLoader": offline_document_loader})
    collection = expanded[0]
    page = collection[AS + "first"][0]
    assert collection[AS + "last"] == [{"@id": page["@id"]}]
    assert page[AS + "partOf"] == [{"@id": collection["@id"]}]
    annotation = page[AS + "items"][0]["@list"][0]
    target = annotation[OA + "hasTarget"][0]
    assert target["@type"] == [OA + "SpecificResource"]
    assert target[OA + "hasSource"] == [{"@id": URL}] or target[OA + "hasSource"][0]["@id"] == URL
    assert target[OA + "hasState"][0][OA + "cachedSource"] == [{"@id": text_iri(session.document.doc_id)}]
    creator = annotation["http://purl.org/dc/terms/creator"][0]
    assert creator["http://xmlns.com/foaf/0.1/nick"] == [{"@value": "alice"}]
    body = annotation[OA + "hasBody"][0]
    assert body["http://purl.org/dc/terms/creator"][0]["@id"] == creator["@id"]
