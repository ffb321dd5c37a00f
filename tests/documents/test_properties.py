"""Property tests: any bytes give a Document or the loader's own error; offsets always hold."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.documents.base import Document
from reviewer.documents.loader import load_document
from reviewer.errors import LoadError

_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_PIECES = st.sampled_from(
    [
        "M.", "Dr.", "U.S.", "etc.", "sept.", "3.5", "99,23 %", "«", "»", "’", "…", "...", "!", "?",
        "\n", "\n\n", "\r\n", "\r", " ", "\u00a0", "\u202f", "\u200b", "\u202e", "\t", "# ", "- ",
        "> ", "```", "**", "[a](b)", "|", "é", "e\u0301", "Le", "the", "claim", "A", "1.",
    ]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)


def check(document: Document) -> None:
    previous = 0
    for paragraph in document.paragraphs:
        assert previous <= paragraph.start < paragraph.end <= len(document.text)
        previous = paragraph.end
    previous = 0
    for number, claim in enumerate(document.claims.all(), start=1):
        assert claim.number == number
        assert previous <= claim.start < claim.end
        assert document.text[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()
        paragraph = document.paragraphs[claim.paragraph]
        assert paragraph.start <= claim.start and claim.end <= paragraph.end
        previous = claim.end


@_SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md"]))
def test_any_bytes_load_or_raise_load_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(data)
    try:
        document = load_document(path)
    except LoadError as exc:
        assert "\n" not in str(exc)
        return
    check(document)


@_SETTINGS
@given(text=_TEXT, suffix=st.sampled_from([".txt", ".md"]), language=st.sampled_from(["en", "fr", None]))
def test_tricky_text_always_slices_back(tmp_path: Path, text: str, suffix: str, language: str | None) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        document = load_document(path, language=language)
    except LoadError:
        return
    check(document)
