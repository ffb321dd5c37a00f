"""HTML, DOCX and PDF documents in: real files made here, misnamed ones, and broken ones."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reviewer.documents.base import Document
from reviewer.documents.formats import sniff
from reviewer.documents.loader import load_document
from reviewer.errors import LoadError
from reviewer.model import BlockKind
from tests.documents.makers import (
    ARTICLE_TITLE,
    BOILERPLATE,
    HTML_PAGE,
    make_docx,
    make_pdf,
    make_scanned_pdf,
)


def texts(document: Document) -> list[str]:
    return [document.paragraph_text(p.index) for p in document.paragraphs]


def assert_offsets(document: Document) -> None:
    for claim in document.claims.all():
        assert document.text[claim.start : claim.end] == claim.text
    assert "\r" not in document.text


def assert_one_line_error(path: Path, *fragments: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_document(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    for fragment in fragments:
        assert fragment in message, message


# -- HTML -------------------------------------------------------------------------------


def test_html_article_without_navigation_ads_or_footer(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    document = load_document(path)
    assert document.format == "html"
    assert document.title == ARTICLE_TITLE
    assert texts(document) == [
        ARTICLE_TITLE,
        "The council voted on Tuesday to raise the harbour bridge levy by 12 percent."
        " The mayor said the money would fund repairs.",
        "The numbers",
        "According to the annual report, 48,000 vehicles cross the bridge each day."
        " Critics dispute that figure.",
        "Cars pay 2 euros.",
        "Lorries pay 6 euros.",
        "We have no choice, said the mayor.",
        "Year · Toll",
        "2024 · 2.00",
        "Repairs are expected to last until 2027, the engineers said in a statement on Wednesday.",
    ]
    kinds = [p.kind for p in document.paragraphs]
    assert kinds[:3] == [BlockKind.HEADING, BlockKind.TEXT, BlockKind.HEADING]
    assert kinds[4:9] == [BlockKind.LIST_ITEM] * 2 + [BlockKind.QUOTE] + [BlockKind.TABLE_ROW] * 2
    for noise in BOILERPLATE:
        assert noise not in document.text
    assert_offsets(document)
    assert not any("<" in claim.text for claim in document.claims.all())


def test_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("Tuesday", "mardi, été")
    path = tmp_path / "legacy.htm"
    path.write_bytes(page.encode("cp1252"))
    document = load_document(path)
    assert "mardi, été" in document.text
    assert_offsets(document)


def test_html_with_a_wrong_suffix_still_loads_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(HTML_PAGE, encoding="utf-8")
    document = load_document(path)
    assert document.format == "html" and document.title == ARTICLE_TITLE
    assert "Subscribe" not in document.text


def test_a_short_html_page_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "short.html"
    path.write_text("<html><body><p>Short page. Only this.</p></body></html>", encoding="utf-8")
    assert texts(load_document(path)) == ["Short page. Only this."]


@pytest.mark.parametrize(
    "page",
    ["<html><head><title>Nothing</title></head><body></body></html>", "<html><body><script>x()</script>"],
)
def test_html_page_with_no_article_text_is_refused(tmp_path: Path, page: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(page, encoding="utf-8")
    assert_one_line_error(path, "no article text")


def test_html_suffix_on_plain_text_reads_the_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.html"
    path.write_text("Just a sentence in a file named html. And another one here.", encoding="utf-8")
    document = load_document(path)
    assert "Just a sentence" in document.text
    assert_offsets(document)


# -- DOCX -------------------------------------------------------------------------------


def test_docx_paragraphs_headings_lists_quotes_and_tables_in_order(tmp_path: Path) -> None:
    document = load_document(make_docx(tmp_path / "vineyards.docx"))
    assert document.format == "docx"
    assert document.title == "Vineyards and the drought"
    assert texts(document) == [
        "Vineyards and the drought",
        "The harvest fell by 30 percent in 2025. Growers blame the heat.",
        "What growers say",
        "Irrigation is banned in the appellation. The rule dates from 1936.",
        "Water tables are at a record low.",
        "Vines are 40 years old on average.",
        "We will lose the estate, said one grower.",
        "Year · Hectolitres",
        "2025 · 41,000",
        "The ministry promised aid before the winter.",
    ]
    kinds = [p.kind for p in document.paragraphs]
    assert kinds == [
        BlockKind.HEADING,
        BlockKind.TEXT,
        BlockKind.HEADING,
        BlockKind.TEXT,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.QUOTE,
        BlockKind.TABLE_ROW,
        BlockKind.TABLE_ROW,
        BlockKind.TEXT,
    ]
    assert all(claim.text.strip() for claim in document.claims.all())  # empty paragraphs hold no claims
    assert_offsets(document)


def test_docx_with_a_wrong_suffix_still_loads(tmp_path: Path) -> None:
    real = make_docx(tmp_path / "real.docx")
    misnamed = tmp_path / "attachment.bin"
    misnamed.write_bytes(real.read_bytes())
    assert load_document(misnamed).format == "docx"


def test_truncated_docx_is_refused_as_damaged(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_one_line_error(path, "damaged", "re-save")


def test_other_zip_archives_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    for name, fragment in (("fake.docx", "not a Word document"), ("book.odt", "OpenDocument")):
        path = tmp_path / name
        path.write_bytes(buffer.getvalue())
        assert_one_line_error(path, fragment)


def test_empty_docx_is_refused(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert_one_line_error(path, "no text to review")


# -- PDF --------------------------------------------------------------------------------


def test_pdf_paragraphs_rebuilt_without_running_heads_or_page_numbers(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "levy.pdf")
    document = load_document(path)
    assert document.format == "pdf"
    assert document.title == "Harbour bridge levy"
    paragraphs = texts(document)
    assert paragraphs[0] == "Harbour bridge levy"
    assert document.paragraphs[0].kind is BlockKind.HEADING
    assert len(paragraphs) == 15  # the heading and 14 paragraphs, none cut by a page break
    for n, text in enumerate(paragraphs[1:], start=1):
        assert text.startswith(f"Paragraph {n}:") and text.endswith(f"End of paragraph {n}."), text
        assert "old structure. Critics" in text  # the hyphenated line end is joined
    assert "Fact-check desk" not in document.text
    assert "Page " not in document.text
    assert_offsets(document)


def test_pdf_with_a_wrong_suffix_still_loads(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "levy.pdf", paragraphs=2).read_bytes()
    path = tmp_path / "download.txt"
    path.write_bytes(data)
    assert load_document(path).format == "pdf"


def test_scanned_pdf_without_text_layer_says_so(tmp_path: Path) -> None:
    assert_one_line_error(make_scanned_pdf(tmp_path / "scan.pdf"), "no text layer", "OCR")


@pytest.mark.parametrize("keep", [0.3, 0.6])
def test_truncated_pdf_is_refused(tmp_path: Path, keep: float) -> None:
    data = make_pdf(tmp_path / "whole.pdf", paragraphs=3).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    try:
        document = load_document(path)
    except LoadError as exc:  # most cuts lose the page tree: a clear refusal
        assert "\n" not in str(exc) and str(path) in str(exc)
    else:  # pypdf may rebuild a cut file from what is left: then the text is still sound
        assert_offsets(document)


def test_text_named_pdf_loads_as_the_text_it_is(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("This is plain text saved with the wrong name. It still reads.", encoding="utf-8")
    document = load_document(path)
    assert document.format == "text" and document.claims.count() == 2


def test_binary_named_pdf_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"\x00\x01\x02 not a pdf at all \x00")
    assert_one_line_error(path, "not a PDF")


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "open.pdf", paragraphs=1)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert_one_line_error(path, "password")


# -- detection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4\n", "pdf"),
        (b"junk before\n%PDF-1.7\n", "pdf"),
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        (b"{\\rtf1\\ansi", "rtf"),
        (b"\xef\xbb\xbf\n  <!DOCTYPE html><p>x", "html"),
        (b'<?xml version="1.0"?>\n<!-- saved --><html xmlns="x">', "html"),
        (b"<BODY>shouting</BODY>", "html"),
        (b"Plain text that mentions <html> later.", None),
        (b"# Markdown title\n", None),
    ],
)
def test_magic_bytes(data: bytes, expected: str | None) -> None:
    assert sniff(data) == expected


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "save it as .docx"),
        ("letter.rtf", b"{\\rtf1\\ansi Hello}", "RTF"),
        ("letter.txt", b"{\\rtf1\\ansi Hello}", "RTF"),
        ("book.epub", b"not really an epub", "not supported yet"),
    ],
)
def test_unsupported_formats_are_refused_by_content_or_suffix(
    tmp_path: Path, name: str, data: bytes, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert_one_line_error(path, fragment)
