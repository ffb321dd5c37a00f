"""Loader: encodings, normalisation, Markdown blocks and every refusal, on real files."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from reviewer.documents.loader import load_document
from reviewer.documents.text import decode_text, normalise
from reviewer.errors import LoadError
from reviewer.model import BlockKind

FRENCH = (
    "L’État a dépensé 12,5 millions d’euros à Paris.\n\n"
    "« Ça suffit ! » lança-t-elle à l’équipe. Le cœur du problème reste entier : où est l’argent ?\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_seed_article_loads_with_title_language_and_exact_offsets(seed_fr: Path) -> None:
    doc = load_document(seed_fr)
    assert doc.language == "fr"
    assert doc.title.startswith("Otan : Stoltenberg déclare")
    assert len(doc.paragraphs) > 20 and doc.claims.count() > 40
    for claim in doc.claims.all():
        assert doc.text[claim.start : claim.end] == claim.text
    assert any("99,23%" in claim.text for claim in doc.claims.all())


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("cp1252", b""),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = _write(tmp_path, "doc.txt", prefix + FRENCH.encode(encoding))
    doc = load_document(path)
    assert doc.text == FRENCH
    assert doc.language == "fr"


def test_cp1252_seed_article_round_trips(tmp_path: Path, seed_fr: Path) -> None:
    """A real article saved as Windows-1252 (what old newsroom systems produce)."""
    original = seed_fr.read_text(encoding="utf-8")
    legacy = original.replace("\u202f", " ").replace("\u00a0", " ")  # not in cp1252
    path = _write(tmp_path, "legacy.txt", legacy.encode("cp1252"))
    assert load_document(path).text == normalise(legacy)


def test_crlf_cr_and_decomposed_accents_are_normalised(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Élodie a écrit.\r\n\r\nDeuxième paragraphe.\rSuite.")
    doc = load_document(_write(tmp_path, "doc.txt", decomposed.encode("utf-8")))
    assert "\r" not in doc.text
    assert doc.text == unicodedata.normalize("NFC", doc.text)
    assert [doc.paragraph_text(p.index) for p in doc.paragraphs] == [
        "Élodie a écrit.",
        "Deuxième paragraphe.\nSuite.",
    ]


def test_same_text_in_any_encoding_has_the_same_doc_id(tmp_path: Path) -> None:
    utf8 = load_document(_write(tmp_path, "a.txt", FRENCH.encode("utf-8")))
    crlf16 = load_document(
        _write(tmp_path, "b.txt", b"\xff\xfe" + FRENCH.replace("\n", "\r\n").encode("utf-16-le"))
    )
    assert utf8.doc_id == crlf16.doc_id


def test_markdown_blocks_become_paragraphs_without_markup(sample_en: Path) -> None:
    doc = load_document(sample_en)
    kinds = {p.kind for p in doc.paragraphs}
    assert {BlockKind.HEADING, BlockKind.TEXT, BlockKind.LIST_ITEM, BlockKind.QUOTE, BlockKind.CODE} <= kinds
    assert doc.title == doc.paragraph_text(0)
    for claim in doc.claims.all():
        assert doc.text[claim.start : claim.end] == claim.text
        for markup in ("**", "](", "`", "# ", "> "):
            assert markup not in claim.text, (markup, claim.text)
    code = [p for p in doc.paragraphs if p.kind is BlockKind.CODE]
    assert code and all(not doc.claims.in_paragraph(p.index) for p in code)
    assert all(claim.paragraph not in {p.index for p in code} for claim in doc.claims.all())


def test_markdown_inline_elements_keep_their_text(tmp_path: Path) -> None:
    source = (
        "# The *big* title\n\n"
        "See [the report](https://example.org) and `data.csv` for **details**.\n"
        "It continues on a second line.\n\n"
        "- First item.\n- Second item.\n\n"
        "> A quote.\n\n"
        "| city | count |\n|---|---|\n| Paris | 12 |\n\n"
        "```\ncode here. Not a claim.\n```\n"
    )
    doc = load_document(_write(tmp_path, "doc.md", source.encode()))
    texts = [doc.paragraph_text(p.index) for p in doc.paragraphs]
    assert texts == [
        "The big title",
        "See the report and data.csv for details. It continues on a second line.",
        "First item.",
        "Second item.",
        "A quote.",
        "city · count",
        "Paris · 12",
        "code here. Not a claim.",
    ]
    assert doc.title == "The big title"
    assert [c.text for c in doc.claims.all()][-1] == "Paris · 12"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n\t \r\n", "is empty"),
        ("nul.txt", b"Some text\x00with a NUL byte", "binary"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("controls.txt", bytes(range(1, 9)) * 200, "binary"),
        ("bad16.txt", b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8", "UTF-16-LE"),
        ("report.pdf", b"%PDF-1.7\n", "not supported yet"),
    ],
)
def test_bad_files_are_refused_with_one_clear_line(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(LoadError) as caught:
        load_document(path)
    text = str(caught.value)
    assert message in text and "\n" not in text
    assert str(path) in text


def test_missing_path_and_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        load_document(tmp_path / "nope.txt")
    with pytest.raises(LoadError, match="is a directory"):
        load_document(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "secret.txt", b"Text.")
    path.chmod(0)
    with pytest.raises(LoadError, match="permission denied"):
        load_document(path)


def test_unreadable_file_is_refused_even_as_root(tmp_path: Path) -> None:
    """A path that cannot be opened (a dangling symlink) gives the loader's own error."""
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(LoadError):
        load_document(link)


def test_size_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "big.txt", b"A sentence that repeats. " * 50_000)  # about 1.2 MB
    with pytest.raises(LoadError, match="over the 1 MB limit"):
        load_document(path, max_bytes=1024 * 1024)
    monkeypatch.setenv("REVIEWER_MAX_MB", "0.5")
    with pytest.raises(LoadError, match="REVIEWER_MAX_MB"):
        load_document(path)
    monkeypatch.setenv("REVIEWER_MAX_MB", "2")
    assert load_document(path).claims.count() == 50_000


def test_default_limit_is_at_least_fifty_megabytes(tmp_path: Path) -> None:
    from reviewer.documents.loader import max_bytes_from_env

    assert max_bytes_from_env() >= 50 * 1024 * 1024


def test_decode_prefers_utf8_and_reports_undetectable_bytes() -> None:
    assert decode_text("naïve café".encode(), "x") == "naïve café"
    assert normalise("\ufeffa\r\nb\rc") == "a\nb\nc"
