"""PDF pages → positioned text lines, read in bounded chunks so a huge content stream costs linear time."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from reviewer.errors import LoadError

# pypdf's text extractor re-copies the page's whole extracted text at every text operator
# (`(output + text)[-1:]` in `crlf_space_check`), so one page costs O(operators x text): a
# 36 KB page of 320,000 lines did not finish in 150 s. Fed a few hundred operators at a time,
# with the state they need restored in front, each run stays short and a page costs O(n).
_CHUNK_OPERATORS = 400
_PAGE_COST = 512  # bytes of content an empty page counts as
_IDENTITY: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
# Text-state operators whose operands we replay at the start of a chunk (PDF 32000-1, 9.3).
_TEXT_STATE = (b"Tc", b"Tw", b"Tz", b"TL", b"Ts", b"Tr")


@dataclass(slots=True)
class Line:
    """One line of a page: its text, and the position and size of its first visible run."""

    text: str
    x: float
    y: float
    size: float


class Budget:
    """Work a document may cost, in bytes of page content and characters of text, set by the size limit."""

    def __init__(self, max_bytes: int, path: object) -> None:
        self.max_bytes = max_bytes
        self.path = path
        self.content = 0
        self.text = 0

    def spend_content(self, size: int) -> None:
        """Count ``size`` bytes of decoded page content; refuse the document past the limit."""
        # Every page costs something, even an empty one: a million blank pages is work too.
        self.content += max(size, _PAGE_COST)
        if self.content > self.max_bytes:
            raise LoadError(
                f"{self.path} is too large: its pages expand to over {self.max_bytes / 1048576:g} MB of"
                " drawing instructions (the --max-mb limit); raise --max-mb if you trust this file,"
                " or export the pages you need as a smaller PDF or .txt"
            )

    def spend_text(self, size: int) -> None:
        """Count ``size`` characters of extracted text; refuse the document past the limit."""
        self.text += size
        if self.text > self.max_bytes:
            raise LoadError(
                f"{self.path} is too large: it holds over {self.max_bytes / 1048576:g} MB of text"
                " (the --max-mb limit); raise --max-mb, or split the document"
            )


@dataclass(slots=True)
class _State:
    """What a chunk of operators needs from those before it: the graphics-state stack, fonts, matrices."""

    cm: tuple[float, ...] = _IDENTITY
    font: list[Any] = field(default_factory=list)  # the last Tf operands: font name and size
    text_state: dict[bytes, list[Any]] = field(default_factory=dict)

    def copy(self) -> _State:
        return _State(self.cm, list(self.font), dict(self.text_state))


class _Tracker:
    """Follows the operators pypdf has run, to rebuild their state in front of the next chunk."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.state = _State()
        self.saved: list[_State] = []
        self.tm: tuple[float, ...] = _IDENTITY
        self.in_text = False
        self.forms = 0  # inside a form XObject (Do): its operators run in an extractor of their own

    def before(self, operator: bytes, _operands: Any, _cm: list[float], _tm: list[float]) -> None:
        """pypdf's visitor_operand_before: notes where a form XObject's own operators begin."""
        if operator == b"Do":
            self.forms += 1

    def after(self, operator: bytes, operands: Any, cm: list[float], tm: list[float]) -> None:
        """pypdf's visitor_operand_after: called with the matrices as they are after each operator."""
        if operator == b"Do":
            self.forms -= 1
        if self.forms:
            return
        if operator == b"q":
            self.saved.append(self.state.copy())
        elif operator == b"Q":
            self.state = self.saved.pop() if self.saved else _State()
        elif operator == b"Tf":
            self.state.font = list(operands)
        elif operator in _TEXT_STATE:
            self.state.text_state[operator] = list(operands)
        elif operator == b"TD" and len(operands) >= 2:  # TD sets the leading as it moves
            self.state.text_state[b"TL"] = [-operands[1]]
        elif operator == b'"' and len(operands) >= 3:  # " sets word and character spacing
            self.state.text_state[b"Tw"] = [operands[0]]
            self.state.text_state[b"Tc"] = [operands[1]]
        elif operator == b"BT":
            self.in_text = True
        elif operator == b"ET":
            self.in_text = False
        self.state.cm = tuple(cm)
        self.tm = tuple(tm)

    def restart(self) -> list[tuple[Any, bytes]]:
        """Operators that bring a fresh extractor to the state reached so far; tracking starts over.

        The returned operators run through ``after`` again and so rebuild the tracked state.
        """
        ops = self._prefix()
        self._reset()
        return ops

    def _prefix(self) -> list[tuple[Any, bytes]]:
        from pypdf.generic import FloatObject

        ops: list[tuple[Any, bytes]] = []
        current = _IDENTITY
        for index, state in enumerate([*self.saved, self.state]):
            relative = _relative(state.cm, current)
            if relative is not None and relative != _IDENTITY:
                ops.append(([FloatObject(value) for value in relative], b"cm"))
                current = state.cm
            if state.font:
                ops.append((list(state.font), b"Tf"))
            ops.extend((list(operands), operator) for operator, operands in state.text_state.items())
            if index < len(self.saved):
                ops.append(([], b"q"))
        if self.in_text:
            ops.append(([], b"BT"))
            ops.append(([FloatObject(value) for value in self.tm], b"Tm"))
        return ops


def _relative(target: tuple[float, ...], current: tuple[float, ...]) -> tuple[float, ...] | None:
    """The matrix M with M x current = target (cm multiplies on the left), or None if current is singular."""
    a, b, c, d, e, f = current
    det = a * d - b * c
    if abs(det) < 1e-12:
        return None
    # The inverse of [[a b 0] [c d 0] [e f 1]].
    inverse = (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)
    return _multiply(target, inverse)


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


class _LineBuilder:
    """Collects pypdf's text runs into lines, each with the position and size of its first visible run."""

    def __init__(self, budget: Budget) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.where: list[float] = []  # x, y, size of the line's first visible run
        self.budget = budget
        self.resumed = False  # a new chunk began: its first run may start a line pypdf cannot see

    def end_line(self) -> None:
        text = "".join(self.parts).translate(_LIGATURES).replace("\u00ad\n", "").strip()
        if text and self.where:
            self.budget.spend_text(len(text))
            self.lines.append(Line(text, self.where[0], self.where[1], self.where[2]))
        self.parts.clear()
        self.where.clear()

    def visit(self, text: str, cm: list[float], tm: list[float], _font: Any, font_size: float) -> None:
        for index, piece in enumerate(text.split("\n")):
            if index:
                self.end_line()
            if piece.strip():
                # The run's origin in page space: the text matrix's translation through the CTM.
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                if self.resumed:
                    # A fresh extractor never breaks before its first run: compare baselines here.
                    self.resumed = False
                    if self.where and abs(y - self.where[1]) > 0.5 * max(self.where[2], 1.0):
                        self.end_line()
                if not self.where:
                    scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]) or 1.0
                    self.where.extend((x, y, font_size * scale))
            self.parts.append(piece)


def check_content(pages: Any, budget: Budget) -> None:
    """Count every page's decoded content against ``budget`` before any is parsed, so a refusal comes fast.

    Decoding is cheap next to pypdf's parsing: a thousand pages that each expand to 5 MB are
    refused in a second rather than after the hours it would take to read them.
    """
    for page in pages:
        contents = page.get_contents()
        budget.spend_content(len(contents.get_data()) if contents is not None else 0)


def page_lines(page: Any, reader: Any, budget: Budget) -> list[Line]:
    """The page's lines in content order; their text counts against ``budget``."""
    from pypdf import PageObject
    from pypdf.generic import ContentStream, NameObject

    builder = _LineBuilder(budget)
    contents = page.get_contents()
    if contents is None:
        return []
    operations = contents.operations
    # A copy of the page that reads parsed operators: pypdf would parse the page's bytes again.
    piece = PageObject(pdf=reader)
    piece.update(page)  # the same resources (inherited through /Parent too) and boxes
    if len(operations) <= _CHUNK_OPERATORS:
        piece[NameObject("/Contents")] = contents
        piece.extract_text(visitor_text=builder.visit)
    else:
        tracker = _Tracker()
        for start in range(0, len(operations), _CHUNK_OPERATORS):
            chunk = ContentStream(None, reader)
            chunk.operations = tracker.restart() + operations[start : start + _CHUNK_OPERATORS]
            piece[NameObject("/Contents")] = chunk
            builder.resumed = start > 0
            piece.extract_text(
                visitor_text=builder.visit,
                visitor_operand_before=tracker.before,
                visitor_operand_after=tracker.after,
            )
    builder.end_line()
    return builder.lines
