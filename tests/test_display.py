"""The one printable rule and its renderings: the CLI's ``<U+001B>``, the TUI's same-length one, JSON's."""

from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from reviewer.display import is_printable, json_escaped, printable, screen_text

HOSTILE = "a\x1b]2;T\x07b\u202ec\x9bd\x7fe\tf\ng\rh"


def test_the_cli_rendering_names_each_character() -> None:
    assert printable(HOSTILE) == (
        "a<U+001B>]2;T<U+0007>b<U+202E>c<U+009B>d<U+007F>e<U+0009>f<U+000A>g<U+000D>h"
    )
    assert printable(HOSTILE, keep_lines=True).endswith("e\tf\ng<U+000D>h")  # CR could overwrite a line
    assert printable("déjà vu « » ’ 99,23 %") == "déjà vu « » ’ 99,23 %"


def test_the_screen_rendering_keeps_every_offset() -> None:
    shown = screen_text(HOSTILE)
    assert shown == "a␛]2;T␇b�c�d␡e f\ng␍h"
    assert len(shown) == len(HOSTILE) and is_printable(shown.replace("\n", ""))


@given(st.text())
def test_screen_text_is_the_same_length_and_safe(text: str) -> None:
    shown = screen_text(text)
    assert len(shown) == len(text)
    assert is_printable(shown.replace("\n", ""))
    assert all(a == b for a, b in zip(text, shown, strict=True) if is_printable(a))


@given(
    st.recursive(st.text() | st.integers(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner))
)
def test_json_escaping_keeps_the_data(value: object) -> None:
    text = json.dumps({"v": value}, ensure_ascii=False, indent=2)
    escaped = json_escaped(text)
    assert json.loads(escaped) == {"v": value}
    assert is_printable(escaped.replace("\n", ""))


def test_the_module_imports_nothing_from_reviewer() -> None:
    code = "import sys, reviewer.display; print(sorted(m for m in sys.modules if m.startswith('reviewer.')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['reviewer.display']"
