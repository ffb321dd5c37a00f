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
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image, not a document"),
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


def _utf8_with_one_bad_byte(megabytes: float) -> bytes:
    article = "Les députés ont voté la loi à 58 %. L’opposition a dénoncé « un passage en force ».\n\n"
    return (article * int(megabytes * 1024 * 1024 / len(article.encode()))).encode() + b"Fin \xe9"


def test_one_bad_byte_in_utf8_text_is_replaced_not_a_reason_to_guess(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "votes.txt", _utf8_with_one_bad_byte(2)))
    assert "votĂŠ" not in doc.text and doc.text.count("voté") > 10_000
    assert doc.text.endswith("Fin \ufffd") and doc.text.count("\ufffd") == 1
    assert len(doc.warnings) == 1 and "1 invalid UTF-8 byte sequence" in doc.warnings[0]
    assert "\n" not in doc.warnings[0]


@pytest.mark.slow
def test_one_bad_byte_at_the_end_of_31_megabytes(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path, "votes.txt", _utf8_with_one_bad_byte(31)))
    assert doc.text.count("\ufffd") == 1 and "votĂŠ" not in doc.text


def test_legacy_text_with_a_stray_utf8_character_is_still_legacy(tmp_path: Path) -> None:
    legacy = FRENCH.encode("cp1252") + "Fin – ".encode()  # an en dash pasted as UTF-8
    doc = load_document(_write(tmp_path, "legacy.txt", legacy))
    assert doc.text.startswith(FRENCH) and doc.warnings == ()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "a JPEG image"),
        ("anim.txt", b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "a GIF image"),
        ("notes.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "a gzip-compressed file"),
        ("tool", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8, "a program"),
        ("data.db", b"SQLite format 3\x00\x10\x00", "an SQLite database"),
        ("clip.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "an MP4 or QuickTime video"),
    ],
)
def test_binary_files_are_named_by_their_magic_bytes(
    tmp_path: Path, name: str, data: bytes, kind: str
) -> None:
    with pytest.raises(LoadError) as caught:
        load_document(_write(tmp_path, name, data + b"\x00" * 64))
    assert f"is {kind}" in str(caught.value) and "not a document" in str(caught.value)
    assert "UTF-16" not in str(caught.value)


@pytest.mark.parametrize(
    ("members", "kind"),
    [
        ({"mimetype": b"application/epub+zip", "OEBPS/ch1.xhtml": b"<html/>"}, "an EPUB book"),
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}, "an Excel workbook"),
        ({"notes.txt": b"hello"}, "a ZIP archive"),
    ],
)
def test_zip_archives_that_are_not_word_say_what_they_are(
    tmp_path: Path, members: dict[str, bytes], kind: str
) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    with pytest.raises(LoadError, match=kind):
        load_document(_write(tmp_path, "upload.bin", buffer.getvalue()))


def test_utf16_without_a_bom_gets_utf16_advice_and_other_nul_bytes_do_not(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="UTF-16 text without a BOM"):
        load_document(_write(tmp_path, "u16.txt", FRENCH.encode("utf-16-le")))
    with pytest.raises(LoadError) as caught:
        load_document(_write(tmp_path, "blob.txt", b"text \x00\x9c\x13 more\x00 bytes " * 50))
    assert "binary" in str(caught.value) and "UTF-16" not in str(caught.value)
