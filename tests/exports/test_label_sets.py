"""A desk's own label set, end to end: mark, every export format, import; a label the set lacks is kept."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from reviewer.config import load_config
from reviewer.schemas import EXPORT_SCHEMA_VERSION, export_schema
from tests.helpers import run_cli as run
from tests.helpers import write_user_config as write_config

LABELS = """\
[[labels]]
name = "verified"

[[labels]]
name = "misleading"
key = "m"
symbol = "≈"
colour = "#d97706"
title = "Misleading"
claimreview = { alternateName = "Misleading", ratingValue = 2 }
tabular = "MISLEADING"
category = "disputed"

[[labels]]
name = "disputed"
"""


def marked(capsys: pytest.CaptureFixture[str], sample: Path, db: Path) -> None:
    """Claims 1 and 2 misleading (by name, then by its key), claim 3 verified, as alice."""
    for claim, word in (("1", "misleading"), ("2", "m"), ("3", "verified")):
        code, out, err = run(capsys, "mark", str(sample), claim, word, "--db", str(db), "--reviewer", "alice")
        assert code == 0, err
    assert out.startswith("claim 3: ✔ verified (saved)")


def exported(capsys: pytest.CaptureFixture[str], sample: Path, db: Path, fmt: str, *extra: str) -> str:
    code, out, err = run(
        capsys, "export", str(sample), "--db", str(db), "--reviewer", "alice", "--format", fmt, *extra
    )
    assert code == 0, err
    return out


def test_a_custom_label_set_round_trips_through_mark_every_export_and_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_en: Path
) -> None:
    write_config(tmp_path, LABELS)
    db = tmp_path / "alice.json"
    marked(capsys, sample_en, db)
    code, out, _ = run(capsys, "mark", str(sample_en), "4", "m", "--db", str(db), "--reviewer", "alice")
    assert out.startswith("claim 4: ≈ misleading (saved)")
    run(capsys, "mark", str(sample_en), "4", "clear", "--db", str(db), "--reviewer", "alice")
    code, _, err = run(capsys, "mark", str(sample_en), "4", "opinion", "--db", str(db))
    assert (
        code == 2 and "unknown label 'opinion': use verified, misleading, disputed (v, m, d) or clear" in err
    )

    # JSON: the label set it used, the labels by name, counts per label; valid against schema 3.
    data = json.loads(exported(capsys, sample_en, db, "json"))
    Draft202012Validator(export_schema(EXPORT_SCHEMA_VERSION)).validate(data)
    assert data["label_set"] == load_config().labels.to_list()
    assert [claim["label"] for claim in data["claims"][:4]] == ["misleading", "misleading", "verified", None]
    assert data["summary"]["labels"] == {"verified": 1, "misleading": 2, "disputed": 0}

    # CSV and TSV: the configured value; --only takes the label's name or key.
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = list(csv.DictReader(io.StringIO(exported(capsys, sample_en, db, fmt)), delimiter=delimiter))
        assert [row["label"] for row in rows[:4]] == ["MISLEADING", "MISLEADING", "verified", ""]
    only = list(csv.DictReader(io.StringIO(exported(capsys, sample_en, db, "csv", "--only", "m"))))
    assert [row["claim"] for row in only] == ["1", "2"]

    # Markdown and HTML: symbol and title; HTML in the label's own colour.
    markdown = exported(capsys, sample_en, db, "md", "--only", "misleading")
    assert "| ≈ Misleading | 2 |" in markdown and "*Showing only misleading claims.*" in markdown
    html = exported(capsys, sample_en, db, "html")
    assert '<span class="label misleading" style="color: #d97706">≈ Misleading</span>' in html

    # ClaimReview: the configured rating, best and worst from the set.
    graph = json.loads(exported(capsys, sample_en, db, "claimreview"))["@graph"]
    ratings = [node["reviewRating"] for node in graph]
    assert [(r["ratingValue"], r["alternateName"], r["bestRating"], r["worstRating"]) for r in ratings] == [
        (2, "Misleading", 5, 1),
        (2, "Misleading", 5, 1),
        (5, "Verified", 5, 1),
    ]

    # Web Annotation: the label's name as the assessing body (in no language we could name).
    items = json.loads(exported(capsys, sample_en, db, "webannotation"))["first"]["items"]
    bodies = [body for item in items for body in item["body"] if body["purpose"] == "assessing"]
    assert [body["value"] for body in bodies] == ["misleading", "misleading", "verified"]
    assert "language" not in bodies[0] and bodies[2]["language"] == "en"

    # Import into another database: the labels come back, shown with their symbol.
    export = tmp_path / "alice-export.json"
    assert (
        run(capsys, "export", str(sample_en), "--db", str(db), "--reviewer", "alice", "-o", str(export))[0]
        == 0
    )
    other = tmp_path / "desk.json"
    code, _, err = run(capsys, "import", str(export), "--db", str(other))
    assert code == 0, err
    code, out, _ = run(capsys, "claims", str(sample_en), "--db", str(other), "--reviewer", "alice")
    assert [line.split()[1] for line in out.splitlines() if line.strip()[:2] in ("1 ", "2 ", "3 ")][:3] == [
        "≈",
        "≈",
        "✔",
    ]
    code, out, _ = run(capsys, "stats", str(sample_en), "--db", str(other), "--reviewer", "alice", "--json")
    assert json.loads(out)["summary"]["labels"] == {"verified": 1, "misleading": 2, "disputed": 0}


def test_a_database_with_a_label_the_configuration_lacks_opens_and_exports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_en: Path
) -> None:
    config = write_config(tmp_path, LABELS)
    db = tmp_path / "colleague.json"
    marked(capsys, sample_en, db)
    config.unlink()  # now the three defaults: misleading is no label of this configuration

    code, out, err = run(capsys, "stats", str(sample_en), "--db", str(db), "--reviewer", "alice")
    assert code == 0, err
    assert "reviewed 3/" in out and "? 2 misleading" in out and "✔ 1 verified" in out
    data = json.loads(exported(capsys, sample_en, db, "json"))
    Draft202012Validator(export_schema(EXPORT_SCHEMA_VERSION)).validate(data)
    assert [claim["label"] for claim in data["claims"][:3]] == ["misleading", "misleading", "verified"]
    assert data["summary"]["labels"] == {"verified": 1, "disputed": 0, "opinion": 0, "misleading": 2}
    rows = list(csv.DictReader(io.StringIO(exported(capsys, sample_en, db, "csv"))))
    assert [row["label"] for row in rows[:3]] == ["misleading", "misleading", "verified"]
    assert "? Misleading" in exported(capsys, sample_en, db, "md")
    code, out, err = run(
        capsys, "export", str(sample_en), "--db", str(db), "--reviewer", "alice", "--format", "claimreview"
    )
    assert code == 0 and len(json.loads(out)["@graph"]) == 1  # verified only: misleading has no rating here
    assert "left out (2 misleading): not a rating in the label set" in err

    # The export imports into a database of the default configuration, label and all.
    export = tmp_path / "colleague-export.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    third = tmp_path / "third.json"
    assert run(capsys, "import", str(export), "--db", str(third))[0] == 0
    code, out, _ = run(capsys, "stats", str(sample_en), "--db", str(third), "--reviewer", "alice", "--json")
    assert json.loads(out)["summary"]["labels"]["misleading"] == 2


def test_an_export_of_schema_1_still_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = Path(__file__).resolve().parents[1] / "data"
    old = json.loads((data_dir / "golden-export-v1.json").read_text(encoding="utf-8"))
    assert old["schema_version"] == 1 and "label_set" not in old
    Draft202012Validator(export_schema(1)).validate(old)
    db = tmp_path / "db.json"
    code, out, err = run(capsys, "import", str(data_dir / "golden-export-v1.json"), "--db", str(db))
    assert code == 0, err
    assert "5 added" in out


def test_adjudication_takes_the_sets_labels_and_agreement_its_categories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_en: Path
) -> None:
    write_config(tmp_path, LABELS)
    db = str(tmp_path / "team.json")
    for reviewer, word in (("alice", "m"), ("bob", "disputed")):
        assert run(capsys, "mark", str(sample_en), "1", word, "--db", db, "--reviewer", reviewer)[0] == 0
    code, out, err = run(capsys, "agreement", str(sample_en), "--db", db, "--json")
    assert code == 0, err
    # misleading's category is disputed: the two reviews agree.
    assert json.loads(out)["agreement"]["percent_agreement"]["value"] == 1.0
    code, out, err = run(capsys, "adjudicate", str(sample_en), "1", "m", "--db", db, "--reviewer", "carol")
    assert code == 0, err
    assert out.startswith("claim 1: final ≈ misleading (carol)")
