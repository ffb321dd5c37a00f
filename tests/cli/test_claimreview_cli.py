"""A ClaimReview that can be published as is: organisation, URLs, claim details, the rating scale, --check."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from reviewer.exports.claimreview import rating_for, rating_scale
from reviewer.model import Label
from reviewer.schemas import export_schema
from reviewer.storage.store import ReviewStore
from tests.helpers import run_cli as run

ORGANISATION = "Harbour Fact Check"
CONFIG = """\
[claimreview]
organisation = "Harbour Fact Check"
organisation_url = "https://factcheck.example/"
logo = "https://factcheck.example/logo.png"
fact_check_url = "https://factcheck.example/checks/{slug}"
"""
ARTICLE_URL = "https://courier.example/2026/11/levy"
PAGE = f"""<html><head><title>Courier » Levy</title>
<link rel="canonical" href="{ARTICLE_URL}"></head><body><article>
<h1>The bridge levy</h1>
<p>The council voted on Tuesday to raise the harbour bridge levy by twelve percent, the largest rise
since the levy was introduced in 1998, and said the money would go to the repairs of the old structure.</p>
<p>Critics said the figures were wrong. The audit office has not answered.</p>
</article></body></html>
"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "bridge-levy.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("REVIEWER_CONFIG", str(path))
    return path


def claim_number(capsys: pytest.CaptureFixture[str], page: Path, db: Path, start: str) -> str:
    code, out, _ = run(capsys, "claims", str(page), "--db", str(db), "--json")
    assert code == 0
    claims = [claim for paragraph in json.loads(out)["paragraphs"] for claim in paragraph["claims"]]
    return str(next(claim["number"] for claim in claims if claim["text"].startswith(start)))


def graph(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "export", *argv, "--format", "claimreview")
    assert code == 0, err
    return json.loads(out)["@graph"]  # type: ignore[no-any-return]


def test_the_author_is_the_organisation_from_the_config_file(
    capsys: pytest.CaptureFixture[str], page: Path, db_path: Path, config: Path
) -> None:
    db = str(db_path)
    first = claim_number(capsys, page, db_path, "The council")
    run(capsys, "mark", str(page), first, "verified", "--db", db)
    [node] = graph(capsys, str(page), "--db", db)
    assert node["author"] == {
        "@type": "Organization",
        "name": ORGANISATION,
        "url": "https://factcheck.example/",
        "logo": "https://factcheck.example/logo.png",
        "image": "https://factcheck.example/logo.png",
    }  # not the OS user ("tester")
    # The fact-check URL setting, with {slug} the file's name, and an anchor per claim.
    assert node["url"] == f"https://factcheck.example/checks/bridge-levy#claim-{first}"
    # Options win over the file.
    [node] = graph(
        capsys, str(page), "--db", db, "--organisation", "Other Desk", "--url", "https://o.example/x"
    )
    assert node["author"]["name"] == "Other Desk"  # type: ignore[index]
    assert node["url"] == f"https://o.example/x#claim-{first}"


def test_claim_reviewed_is_short_and_the_export_says_when_it_was_shortened(
    capsys: pytest.CaptureFixture[str], page: Path, db_path: Path, config: Path
) -> None:
    db = str(db_path)
    first = claim_number(capsys, page, db_path, "The council")
    run(capsys, "mark", str(page), first, "disputed", "--db", db)
    code, out, err = run(capsys, "export", str(page), "--db", db, "--format", "claimreview")
    [node] = json.loads(out)["@graph"]
    assert len(node["claimReviewed"]) < 75 and node["claimReviewed"].endswith("…")
    assert node["claimReviewed"].startswith("The council voted on Tuesday")
    assert f"claimReviewed of claim(s) {first} is the sentence shortened" in " ".join(err.split())
    code, out, _ = run(
        capsys, "mark", str(page), first, "--short-claim", "The levy rises by 12 percent", "--db", db
    )
    assert code == 0 and "short claim “The levy rises by 12 percent”" in out
    [node] = graph(capsys, str(page), "--db", db)
    assert node["claimReviewed"] == "The levy rises by 12 percent"


def test_a_short_claim_of_75_characters_or_a_bad_date_is_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], page: Path, db_path: Path
) -> None:
    db = str(db_path)
    run(capsys, "mark", str(page), "2", "verified", "--db", db)
    before = db_path.read_bytes()
    code, _, err = run(capsys, "mark", str(page), "2", "--short-claim", "x" * 75, "--db", db)
    assert code == 2 and "75 characters" in err and "Traceback" not in err
    code, _, err = run(capsys, "mark", str(page), "2", "--claim-date", "14/09/2025", "--db", db)
    assert code == 2 and "year-month-day" in err
    code, _, err = run(capsys, "mark", str(page), "2", "--claim-date", "2025-02-30", "--db", db)
    assert code == 2 and "2025-02-30" in err
    assert db_path.read_bytes() == before


def test_item_reviewed_carries_the_article_url_and_who_made_the_claim_and_when(
    capsys: pytest.CaptureFixture[str], page: Path, db_path: Path, config: Path
) -> None:
    db = str(db_path)
    first = claim_number(capsys, page, db_path, "The council")
    code, _, err = run(
        capsys, "mark", str(page), first, "verified", "--claim-author", "Mayor Ada Quinn",
        "--claim-date", "2026-11-24", "--db", db,
    )  # fmt: skip
    assert code == 0, err
    review = next(iter(ReviewStore(db_path).all_reviews()))  # the reopened store holds them
    assert (review.claim_author, review.claim_date) == ("Mayor Ada Quinn", "2026-11-24")
    [node] = graph(capsys, str(page), "--db", db)
    item = node["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Mayor Ada Quinn"}  # type: ignore[index]
    assert item["datePublished"] == "2026-11-24"  # type: ignore[index]
    assert item["appearance"]["url"] == ARTICLE_URL  # type: ignore[index]  # the page's canonical link
    [node] = graph(capsys, str(page), "--db", db, "--article-url", "https://elsewhere.example/a")
    assert node["itemReviewed"]["appearance"]["url"] == "https://elsewhere.example/a"  # type: ignore[index]
    # '' removes a detail.
    run(capsys, "mark", str(page), first, "--claim-author", "", "--db", db)
    [node] = graph(capsys, str(page), "--db", db)
    assert "author" not in node["itemReviewed"]  # type: ignore[operator]


def test_the_store_remembers_the_page_url(
    capsys: pytest.CaptureFixture[str], page: Path, db_path: Path
) -> None:
    run(capsys, "mark", str(page), "2", "verified", "--db", str(db_path))
    [info] = ReviewStore(db_path).documents()
    assert info.url == ARTICLE_URL
    code, out, _ = run(capsys, "export", str(page), "--db", str(db_path), "--format", "json")
    assert code == 0
    assert json.loads(out)["document"]["url"] == ARTICLE_URL


def test_check_lists_what_is_missing_and_fails_until_the_required_items_are_there(
    capsys: pytest.CaptureFixture[str],
    page: Path,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = str(db_path)
    first = claim_number(capsys, page, db_path, "The council")
    run(capsys, "mark", str(page), first, "disputed", "--db", db)
    out_file = tmp_path / "levy.claimreview.jsonld"
    code, out, err = run(
        capsys, "export", str(page), "--db", db, "--format", "claimreview", "--check", "-o", str(out_file)
    )
    assert code == 1
    assert "required     claimReviewed" in out and "required     reviewRating.alternateName" in out
    assert "required     url" in out and "recommended  itemReviewed.author.name" in out
    assert f"claim {first}:" in out
    assert "missing (required): url — --url URL, or fact_check_url in the config file's [claimreview]" in out
    assert "missing (required): author.name (the publishing Organization)" in out
    assert f"reviewer mark {page} {first} --claim-author NAME" in out
    assert "not ready" in out and "not written" in err and not out_file.exists()
    # The configuration and the claim's details make it publishable.
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("REVIEWER_CONFIG", str(config))
    run(
        capsys, "mark", str(page), first, "--short-claim", "The levy rises by 12 percent",
        "--claim-author", "Mayor Ada Quinn", "--claim-date", "2026-11-24", "--db", db,
    )  # fmt: skip
    code, out, err = run(
        capsys, "export", str(page), "--db", db, "--format", "claimreview", "--check", "-o", str(out_file)
    )
    assert code == 0, out
    assert "missing" not in out and "ready to publish" in out
    assert json.loads(out_file.read_text(encoding="utf-8"))["@graph"][0]["claimReviewed"].startswith(
        "The levy"
    )


def test_check_with_nothing_to_publish_fails_and_check_needs_claimreview(
    capsys: pytest.CaptureFixture[str], page: Path, db_path: Path
) -> None:
    db = str(db_path)
    run(capsys, "mark", str(page), "2", "opinion", "--db", db)
    code, out, _ = run(capsys, "export", str(page), "--db", db, "--format", "claimreview", "--check")
    assert code == 1 and "nothing to publish" in out
    code, _, err = run(capsys, "export", str(page), "--db", db, "--format", "csv", "--check")
    assert code == 2 and "--check checks a ClaimReview export" in err
    code, _, err = run(
        capsys, "export", str(page), "--db", db, "--format", "claimreview", "--url", "factcheck"
    )
    assert code == 2 and "--url" in err and "not a web address" in err


def test_claim_details_survive_export_and_import_and_travel_in_the_team_export(
    capsys: pytest.CaptureFixture[str], page: Path, db_path: Path, tmp_path: Path
) -> None:
    db = str(db_path)
    run(
        capsys, "mark", str(page), "2", "verified", "--short-claim", "Levy up 12%",
        "--claim-author", "Mayor Ada Quinn", "--claim-date", "2026-11-24", "--db", db,
    )  # fmt: skip
    code, out, _ = run(capsys, "export", str(page), "--db", db, "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, export_schema(3))
    entry = data["claims"][1]
    assert (entry["short_claim"], entry["claim_author"], entry["claim_date"]) == (
        "Levy up 12%",
        "Mayor Ada Quinn",
        "2026-11-24",
    )
    assert "short_claim" not in data["claims"][2]  # unset: left out, as before these fields
    export = tmp_path / "mine.json"
    export.write_text(out, encoding="utf-8")
    other = tmp_path / "other.json"
    code, out, err = run(capsys, "import", str(export), "--db", str(other))
    assert code == 0, err
    [review] = ReviewStore(other).all_reviews()
    assert (review.short_claim, review.claim_author, review.claim_date) == (
        "Levy up 12%",
        "Mayor Ada Quinn",
        "2026-11-24",
    )
    # A changed detail on one side is a conflict like any other field; --prefer theirs takes it.
    run(capsys, "mark", str(page), "2", "--claim-author", "Councillor Bo Lee", "--db", str(other))
    code, out, _ = run(capsys, "import", str(export), "--db", str(other), "--prefer", "theirs")
    assert code == 0 and "1 updated" in out
    assert next(iter(ReviewStore(other).all_reviews())).claim_author == "Mayor Ada Quinn"
    code, out, _ = run(capsys, "export", str(page), "--db", db, "--format", "json", "--all-reviewers")
    team = json.loads(out)
    jsonschema.validate(team, export_schema(4))
    assert team["claims"][1]["reviews"][0]["claim_author"] == "Mayor Ada Quinn"


def test_an_export_with_a_bad_claim_detail_is_refused(
    capsys: pytest.CaptureFixture[str], page: Path, db_path: Path, tmp_path: Path
) -> None:
    run(capsys, "mark", str(page), "2", "verified", "--db", str(db_path))
    code, out, _ = run(capsys, "export", str(page), "--db", str(db_path), "--format", "json")
    data = json.loads(out)
    data["claims"][1]["claim_date"] = "last Tuesday"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "import", str(bad), "--db", str(tmp_path / "x.json"))
    assert code != 0 and "claims[1].claim_date" in err and "nothing was imported" in err


def test_web_annotation_targets_the_page_url_and_keeps_the_text_hash(
    capsys: pytest.CaptureFixture[str], page: Path, db_path: Path
) -> None:
    run(capsys, "mark", str(page), "2", "verified", "--db", str(db_path))
    code, out, _ = run(capsys, "export", str(page), "--db", str(db_path), "--format", "webannotation")
    assert code == 0
    target = json.loads(out)["first"]["items"][0]["target"]
    assert target["source"]["id"] == ARTICLE_URL and target["source"]["format"] == "text/html"
    assert target["state"]["cached"].startswith("ni:///sha-256;")


def test_the_rating_scale_is_one_table_and_opinion_is_no_rating() -> None:
    assert rating_for(Label.OPINION) is None
    verified, disputed = rating_for(Label.VERIFIED), rating_for(Label.DISPUTED)
    assert verified is not None and disputed is not None
    assert (verified.value, verified.alternate_name) == (verified.best, "Verified")
    assert (disputed.value, disputed.alternate_name) == (disputed.worst, "Disputed")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for label, rating in rating_scale().items():  # the README's table says the same
        row = f"| {label.value} | {rating.value} | {rating.alternate_name} | {rating.best} | {rating.worst} |"
        assert row in readme
    assert "| opinion | — | not a rating" in readme


def test_config_claimreview_table_is_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: Path
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("REVIEWER_CONFIG", str(config))
    config.write_text('[claimreview]\norganization = "X"\n', encoding="utf-8")
    code, _, err = run(capsys, "export", str(page), "--format", "claimreview")
    assert (
        code == 2
        and f"{config}:2: claimreview: unknown key 'organization'; did you mean 'organisation'?" in err
    )
    config.write_text('[claimreview]\nfact_check_url = "https://f.example/{title}"\n', encoding="utf-8")
    code, _, err = run(capsys, "export", str(page), "--format", "claimreview")
    assert code == 2 and "the only placeholder is {slug}" in err
    config.write_text(CONFIG, encoding="utf-8")
    code, out, _ = run(capsys, "config")
    assert code == 0 and 'claimreview.organisation = "Harbour Fact Check"' in out
