"""Real input files made in the tests: a Word document, PDFs with and without a text layer, a web page."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

ARTICLE_TITLE = "Bridge levy: what the council said"

# An article wrapped in what a saved web page also carries: navigation, ads, a cookie banner, a footer.
HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Bridge levy: what the council said | The Courier</title>
<script>var tracking = "Tracking code that is not text.";</script>
<style>.ad { color: red }</style></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/subscribe">Subscribe for 1 euro a month</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<aside class="advert"><p>Buy cheap watches today! Limited offer, 90 percent off.</p></aside>
<main><article>
<h1>Bridge levy: what the council said</h1>
<p>The council voted on <b>Tuesday</b> to raise the harbour bridge levy by 12&nbsp;percent.
The mayor said the money would fund <a href="/repairs">repairs</a>.</p>
<h2>The numbers</h2>
<p>According to the annual report, 48,000 vehicles cross the bridge each day. Critics dispute that figure.</p>
<ul><li>Cars pay 2 euros.</li><li>Lorries pay 6 euros.</li></ul>
<blockquote><p>We have no choice, said the mayor.</p></blockquote>
<table><tr><td>Year</td><td>Toll</td></tr><tr><td>2024</td><td>2.00</td></tr></table>
<p>Repairs are expected to last until 2027, the engineers said in a statement on Wednesday.</p>
</article></main>
<footer><p>© 2026 The Courier. All rights reserved.</p><p>Contact us: desk@courier.invalid</p></footer>
</body></html>
"""

BOILERPLATE = ("Home", "Subscribe", "cookies", "watches", "All rights reserved", "Contact us", "Tracking")


def make_docx(path: Path) -> Path:
    """A Word document with a title, headings, empty paragraphs, a list, a quote and a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Vineyards and the drought"
    document.add_heading("Vineyards and the drought", level=0)
    document.add_paragraph("The harvest fell by 30 percent in 2025. Growers blame the heat.")
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.add_heading("What growers say", level=1)
    paragraph = document.add_paragraph("Irrigation is ")
    paragraph.add_run("banned").bold = True
    paragraph.add_run(" in the appellation. The rule dates from 1936.")
    document.add_paragraph("Water tables are at a record low.", style="List Bullet")
    document.add_paragraph("Vines are 40 years old on average.", style="List Bullet")
    document.add_paragraph("We will lose the estate, said one grower.", style="Quote")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Hectolitres"
    table.cell(1, 0).text, table.cell(1, 1).text = "2025", "41,000"
    document.add_paragraph("The ministry promised aid before the winter.")
    document.save(str(path))
    return path


class _Report(FPDF):
    """A PDF with a running header and a page-number footer on every page."""

    def header(self) -> None:
        self.set_font("helvetica", size=9)
        self.cell(0, 6, "The Courier - Fact-check desk", align="C")
        self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=9)
        self.cell(0, 10, f"Page {self.page_no()} of 3", align="C")


PDF_PARAGRAPH = (
    "Paragraph {n}: the council voted to raise the levy by 12 percent in 2024. The mayor said the money "
    "would fund the repairs of the old struc-\nture. Critics said the figures were wrong and asked for an "
    "independent audit of the accounts kept since the bridge opened. The audit office has not answered. "
    "End of paragraph {n}."
)


def make_pdf(path: Path, paragraphs: int = 14) -> Path:
    """A three-page PDF with a text layer: a heading, paragraphs, a hyphenated line end, running heads."""
    pdf = _Report()
    pdf.set_title("Harbour bridge levy")
    pdf.add_page()
    pdf.set_font("helvetica", "B", size=18)
    pdf.multi_cell(0, 10, "Harbour bridge levy")
    pdf.ln(4)
    pdf.set_font("helvetica", size=11)
    for n in range(1, paragraphs + 1):
        pdf.multi_cell(0, 6, PDF_PARAGRAPH.format(n=n))
        pdf.ln(5)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are only pictures of text, as a scanner makes them: no text layer."""
    from PIL import Image, ImageDraw

    pdf = FPDF()
    for page in range(2):
        image = Image.new("L", (600, 800), 255)
        ImageDraw.Draw(image).text((40, 40), f"Scanned page {page + 1}. The council voted.", fill=0)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.add_page()
        pdf.image(buffer, x=10, y=10, w=190)
    pdf.output(str(path))
    return path


def raw_pdf(contents: list[bytes], *, pages: int | None = None, title: str | None = None) -> bytes:
    """A PDF written by hand: page i draws ``contents[i]`` in Helvetica (Flate-compressed).

    With ``pages`` larger than ``len(contents)``, the pages reuse the last content stream: a
    few kilobytes then stand for as many pages as a hostile file wants.
    """
    import zlib

    count = pages or len(contents)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    stream_ids = []
    for content in contents:
        packed = zlib.compress(content, 9)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
        )
        stream_ids.append(len(objects))
    kids = []
    for index in range(count):
        stream = stream_ids[min(index, len(stream_ids) - 1)]
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >>"
            b" /Contents %d 0 R >>" % (font, stream)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % count
    info = b""
    if title is not None:
        objects.append(b"<< /Title (" + title.encode("latin-1") + b") >>")
        info = b" /Info %d 0 R" % len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, info, xref)
    return bytes(out)


def one_stream_lines(lines: int, text: bytes = b"A line of text") -> bytes:
    """One text object drawing ``lines`` lines with the ' operator: two tokens a line."""
    return b"BT /F1 10 Tf 12 TL 72 720 Td\n" + (b"(" + text + b")'\n") * lines + b"ET\n"


PARAGRAPH_XML = b"<w:p><w:r><w:t>The council voted to raise the levy by 12 percent.</w:t></w:r></w:p>"


def paragraph_bomb_docx(
    path: Path, copies: int, paragraph: bytes = PARAGRAPH_XML, *, extra_styles: int = 0
) -> Path:
    """A real Word file whose body repeats ``paragraph`` ``copies`` times, written without holding it.

    ``extra_styles`` adds unused paragraph styles, as templates carry hundreds of them.
    """
    import zipfile

    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                styles = b"".join(
                    b'<w:style w:type="paragraph" w:styleId="Extra%d"><w:name w:val="Extra %d"/></w:style>'
                    % (n, n)
                    for n in range(extra_styles)
                )
                data = data.replace(b"</w:styles>", styles + b"</w:styles>")
            if item.filename != "word/document.xml":
                target.writestr(item.filename, data)
                continue
            head, tail = data.split(b"<w:body>")
            with target.open(item.filename, "w", force_zip64=True) as part:
                part.write(head + b"<w:body>")
                batch = paragraph * 10_000
                for _ in range(copies // 10_000):
                    part.write(batch)
                part.write(paragraph * (copies % 10_000) + tail)
    return path
