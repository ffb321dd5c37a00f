"""PDF: the text layer in reading order, paragraphs rebuilt from lines, running heads and page numbers out.

pypdf gives each text run with its position; lines are grouped into paragraphs by the vertical
gap between them (wider than the usual line spacing), a change of font size (headings) or an
indented first line. Words hyphenated at a line end are joined, and lines that repeat at the
top or bottom of most pages (running headers, footers, page numbers) are left out.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from reviewer.documents.formats.base import ParsedText, assemble, clean_inline
from reviewer.documents.formats.pdf_lines import Budget, Line, check_content, page_lines
from reviewer.errors import LoadError
from reviewer.model import BlockKind

_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running heads
_PARAGRAPH_GAP = 1.4  # a gap this many times the usual line spacing starts a paragraph
_HEADING_SIZE = 1.15  # a line this much larger than the body text is a heading
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|seite|pagina)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of|sur|de|von)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_SENTENCE_END = tuple('.!?:;»"”’)…')
# Titles a producer fills in by itself: the application's name for a new file, or a file name.
_GENERATED_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel) - |untitled|document\s*\d*$|doc\d+$|title$|[a-z]:\\|/)|\\"
    r"|\.(?:docx?|pdf|indd|tex|odt|rtf|txt|html?)$",
    re.IGNORECASE,
)
_TITLE_MAX = 160  # longer than this, a first line is a sentence, not a title


@dataclass(slots=True)
class _Paragraph:
    lines: list[Line]
    kind: BlockKind


class PdfReader:
    """Reads PDF files that have a text layer, with pypdf."""

    name = "pdf"

    def parse_bytes(self, data: bytes, path: Path, max_bytes: int) -> ParsedText:
        """Extract every page's lines, drop running heads, rebuild paragraphs, join hyphenated words.

        The pages' decoded content and their text each count against ``max_bytes``.
        """
        with _quiet_pypdf():
            pages, meta_title = _read_pages(data, path, Budget(max_bytes, path))
        if not any(pages):
            raise LoadError(
                f"{path} has no text layer (it looks like a scan: {len(pages)} page(s) of images);"
                " run OCR on it first (for example with ocrmypdf) and load the result"
            )
        pages = _drop_running_lines(pages)
        if not any(pages):
            raise LoadError(
                f"{path} has no text to review: every line repeats at the top or bottom of its pages,"
                " like a running head or a page number; save the text you need as .txt"
            )
        body = _body_metrics(pages)
        paragraphs = _join_pages([_paragraphs(lines, body) for lines in pages])
        pieces = [(_join_lines(p.lines), p.kind) for p in paragraphs]
        parsed = assemble(pieces, _title(meta_title, pieces, path))
        if not parsed.blocks:
            raise LoadError(f"{path} has no text to review (its pages hold only page numbers or headers)")
        return parsed


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repaired oddity as a warning; our one-line error says what matters."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _read_pages(data: bytes, path: Path, budget: Budget) -> tuple[list[list[Line]], str]:
    from pypdf import PdfReader as PyPdfReader
    from pypdf.errors import DependencyError, LimitReachedError

    try:
        reader = PyPdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(f"{path} is a password-protected PDF; save an unprotected copy and load that")
        check_content(reader.pages, budget)
        pages = [page_lines(page, reader, budget) for page in reader.pages]
        metadata = reader.metadata
        title = clean_inline(str(metadata.get("/Title") or "")) if metadata is not None else ""
    except LoadError:
        raise
    except LimitReachedError as exc:  # pypdf's own guards: a stream that decodes to too much
        reason = str(exc).split("\n", 1)[0][:100]
        raise LoadError(
            f"{path} is too large to read safely ({reason}); export the pages you need as a smaller PDF"
            " or save the text as .txt"
        ) from None
    except DependencyError:  # AES encryption, even with an empty password, needs `cryptography`
        raise LoadError(
            f"{path} is an encrypted PDF and reading it needs the 'cryptography' package:"
            " pip install 'pypdf[crypto]', or save an unprotected copy"
        ) from None
    except Exception as exc:  # pypdf raises PdfReadError, ValueError, KeyError… on damaged files
        reason = str(exc).split("\n", 1)[0][:100] or type(exc).__name__
        raise LoadError(
            f"{path}: this PDF is damaged or truncated ({reason}) and repairing PDFs is not supported yet;"
            " export it again from its source, or save it as .txt"
        ) from None
    if not pages:
        raise LoadError(
            f"{path}: this PDF has no pages (damaged or truncated?) and repairing PDFs is not supported yet;"
            " export it again from its source"
        )
    return pages, title


def _title(metadata: str, pieces: list[tuple[str, BlockKind]], path: Path) -> str:
    """The metadata title if an author wrote it, else the first heading, else a first line shaped like one."""
    stem = " ".join(re.split(r"[\s_.-]+", path.stem.lower()))
    if (
        metadata
        and not _GENERATED_TITLE.search(metadata)
        and " ".join(re.split(r"[\s_.-]+", metadata.lower())) != stem  # the file name, filled in
        and sum(ch.isalpha() for ch in metadata) >= 2
    ):
        return metadata
    for text, kind in pieces:
        if kind is BlockKind.HEADING and text:
            return text
    first = next((text for text, _kind in pieces if text), "")
    if len(first) <= _TITLE_MAX and not first.endswith((".", ",", ";", ":")) and any(map(str.isalpha, first)):
        return first
    return ""


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Leave out lines at a page's top or bottom that repeat on most pages, and page numbers."""
    if len(pages) < 2:
        return pages
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_running_key(line.text) for line in _edges(lines)})
    needed = max(2, math.ceil(len(pages) / 2))
    kept = []
    for lines in pages:
        edges = {id(line) for line in _edges(lines)}
        kept.append(
            [
                line
                for line in lines
                if id(line) not in edges
                or not (seen[_running_key(line.text)] >= needed or _PAGE_NUMBER.match(line.text))
            ]
        )
    return kept


def _edges(lines: list[Line]) -> list[Line]:
    return lines[:_EDGE_LINES] + lines[_EDGE_LINES:][-_EDGE_LINES:]


@dataclass(frozen=True, slots=True)
class _Metrics:
    size: float  # the body text's font size
    spacing: float  # the body text's usual line spacing
    left: float  # where body lines usually start


def _body_metrics(pages: list[list[Line]]) -> _Metrics:
    sizes: Counter[float] = Counter()
    lefts: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
            lefts[round(line.x)] += 1
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    gaps = [
        above.y - below.y
        for lines in pages
        for above, below in itertools.pairwise(lines)
        if abs(above.size - size) < 0.5 and abs(below.size - size) < 0.5 and above.y > below.y
    ]
    return _Metrics(
        size=size,
        spacing=median(gaps) if gaps else size * 1.2,
        left=lefts.most_common(1)[0][0] if lefts else 0.0,
    )


def _paragraphs(lines: list[Line], body: _Metrics) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    for line in lines:
        kind = BlockKind.HEADING if line.size >= body.size * _HEADING_SIZE else BlockKind.TEXT
        if paragraphs and not _starts_paragraph(paragraphs[-1], line, kind, body):
            paragraphs[-1].lines.append(line)
        else:
            paragraphs.append(_Paragraph([line], kind))
    return paragraphs


def _starts_paragraph(current: _Paragraph, line: Line, kind: BlockKind, body: _Metrics) -> bool:
    previous = current.lines[-1]
    gap = previous.y - line.y
    if kind is not current.kind or abs(line.size - previous.size) > 0.15 * body.size:
        return True
    if gap <= 0 or gap > body.spacing * _PARAGRAPH_GAP:  # moved up (a new column) or a blank line
        return True
    # An indented first line after a finished sentence.
    return line.x > body.left + body.size and previous.text.endswith(_SENTENCE_END)


def _join_pages(pages: list[list[_Paragraph]]) -> list[_Paragraph]:
    """Rejoin a paragraph cut by a page break: it ends mid-sentence and the next page goes on in lowercase."""
    joined: list[_Paragraph] = []
    for paragraphs in pages:
        for index, paragraph in enumerate(paragraphs):
            if index == 0 and joined and _continues(joined[-1], paragraph):
                joined[-1].lines.extend(paragraph.lines)
            else:
                joined.append(paragraph)
    return joined


def _continues(previous: _Paragraph, paragraph: _Paragraph) -> bool:
    if previous.kind is not BlockKind.TEXT or paragraph.kind is not BlockKind.TEXT:
        return False
    last = previous.lines[-1].text
    first = paragraph.lines[0].text
    return not last.endswith(_SENTENCE_END) and (first[:1].islower() or last.endswith("-"))


def _join_lines(lines: list[Line]) -> str:
    """One paragraph's text: lines joined by spaces, a word hyphenated at a line end made whole."""
    parts: list[str] = []  # joined once at the end: `text += piece` goes quadratic on long paragraphs
    for line in lines:
        piece = line.text
        if parts and piece[:1].islower() and _hyphenated(parts[-1]):
            parts[-1] = parts[-1][:-1]
        elif parts:
            parts.append(" ")
        parts.append(piece)
    return clean_inline("".join(parts))


def _hyphenated(text: str) -> bool:
    return text.endswith("-") and len(text) > 1 and text[-2].isalpha()
