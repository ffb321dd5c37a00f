"""Every export carries a reshaped claim's exact span: its text, offsets and anchor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.exports import ExportOptions, exporters, render
from reviewer.model import Label
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore
from tests.golden import EXPORTED_AT, URL

WHOLE = "Le chiffre d’affaires s’établit à 12,5 millions d’euros, contre 14,1 millions en 2021."
FIRST = "Le chiffre d’affaires s’établit à 12,5 millions d’euros,"
SECOND = "contre 14,1 millions en 2021."
FORMATS = [exporter.name for exporter in exporters() if exporter.name != "diagnosis"]  # diagnosis: team-only


@pytest.fixture
def reshaped(sample_fr: Path, db_path: Path) -> ReviewSession:
    session = ReviewSession(
        load_document(sample_fr), ReviewStore(db_path), "alice", clock=lambda: EXPORTED_AT
    )
    index = next(c.number - 1 for c in session.claims.all() if c.text == WHOLE)
    claim = session.claims[index]
    session.split(claim.start + WHOLE.index(SECOND), index)
    session.edit(index, label=Label.VERIFIED, note="Bilan de la coopérative.")
    session.edit(index + 1, label=Label.DISPUTED, note="14,1 millions : à revoir.")
    # Reopened, as `reviewer export` would: the export reads what the store holds.
    return ReviewSession(load_document(sample_fr), ReviewStore(db_path), "alice")


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_carries_both_parts_and_not_the_whole_sentence(
    reshaped: ReviewSession, name: str
) -> None:
    text = render(reshaped, name, EXPORTED_AT, ExportOptions(url=URL)).text
    assert FIRST in text and SECOND in text
    assert WHOLE not in text


def test_the_json_export_gives_each_part_its_offsets_and_anchor(reshaped: ReviewSession) -> None:
    data = json.loads(render(reshaped, "json", EXPORTED_AT).text)
    parts = [claim for claim in data["claims"] if claim["text"] in (FIRST, SECOND)]
    assert [(p["text"], p["label"]) for p in parts] == [(FIRST, "verified"), (SECOND, "disputed")]
    text = reshaped.document.text
    for part in parts:
        assert text[part["start"] : part["end"]] == part["text"] == part["anchor"]["exact"]
    assert [c["number"] for c in data["claims"]] == list(range(1, len(data["claims"]) + 1))
    assert data["summary"]["claims"] == 62 and data["orphans"] == []
