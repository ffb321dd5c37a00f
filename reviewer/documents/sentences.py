"""Paragraph blocks → sentence claims with character offsets into the document text.

sentencex does the splitting (fast, many languages); a small repair pass then re-joins the
splits it makes after French and English abbreviations ("M.", "Dr.", "27 sept. 2022", "J.-C.").
"""

from __future__ import annotations

import re
import unicodedata

from sentencex import get_sentence_boundaries

# Titles are followed by a name: a split after them is always wrong.
_TITLES = frozenset(
    [
        "M",
        "MM",
        "Mme",
        "Mmes",
        "Mlle",
        "Mlles",
        "Me",
        "Mgr",
        "Dr",
        "Pr",
        "Mr",
        "Mrs",
        "Ms",
        "Messrs",
        "Prof",
        "Gov",
        "Sen",
        "Rep",
        "Gen",
        "Col",
        "Lt",
        "Sgt",
        "Capt",
        "Cmdr",
        "Adm",
        "Rev",
        "Fr",
        "St",
        "Ste",
        "Mt",
        "Hon",
        "Pres",
        "Supt",
        "Insp",
        # Spanish, for quotations in another language's text: "dijo la Sra. Pérez".
        "Sr",
        "Sra",
        "Sres",
        "Srta",
        "Dra",
        "Dña",
        "Ud",
        "Uds",
    ]
)
# These stand before a number: "le 27 sept. 2022", "p. 12", "No. 3", "art. 49".
_BEFORE_NUMBER = frozenset(
    [
        "janv",
        "févr",
        "fév",
        "avr",
        "juil",
        "sept",
        "oct",
        "nov",
        "déc",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "p",
        "pp",
        "art",
        "n°",
        "no",
        "No",
        "Nos",
        "vol",
        "chap",
        "fig",
        "env",
        "ch",
        "al",
        "éd",
        "ed",
        "trim",
        "approx",
        "ca",
    ]
)
_SURNAME = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ’'-]")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
# Words after which a capital letter is the thing named, not a first name's initial.
_NAMES_A_LETTER = frozenset(
    [
        *("plan", "plans", "vitamine", "vitamin", "vitamins", "option", "options", "groupe", "group"),
        *("poule", "pool", "type", "classe", "class", "catégorie", "category", "série", "series"),
        *("zone", "annexe", "annex", "partie", "part", "section", "point", "étape", "step", "phase"),
        *("niveau", "level", "grade", "division", "tier", "lettre", "letter", "note", "mention"),
        *("bâtiment", "building", "bloc", "block", "équipe", "team", "hépatite", "hepatitis"),
    ]
)
_CONTEXT = 64  # characters either side of a boundary that decide whether it is real
_ELISION = re.compile(r"[’']")
_INITIAL_THEN = re.compile(r"[-–]|[A-Z]\.")
_CONTINUATION_START = re.compile(r"[-–,;:)\]}%]|[^\W\d_]", re.UNICODE)
_CAMEL = re.compile(r"[a-z]+[A-Z]")  # iPhone, eBay: a lower-case start that is a name
_HYPHENATED_INITIALS = re.compile(r"[A-Z]\.-[A-Z]")  # "J.-C. Martin"
# sentencex keeps "etc." and "…" inside a sentence even when a new one starts after them.
_OPENERS = frozenset("«“‘\"'([{¿¡")
_SPLIT_AFTER = re.compile(r"(?:\betc\.|…)(?=\s+[«“\"]?\s*[A-ZÀ-ÖØ-Þ])")
# A translation in brackets after a quotation ('“Vamos.” (“Let's go.”) Then…') ends as the
# sentence inside it does; sentencex reads on into the next sentence. A lone "(…)" is an elision.
# So does a quotation before its translation: '“Vamos.” (“Let's go.”)'.
_SPLIT_AFTER_BRACKET = re.compile(
    r"(?<=[^\W_])[.!?…]+(?:[\"”»’]?\s?[)\]](?=\s+[«“\"(\[]?\s*[A-ZÀ-ÖØ-Þ])"
    r"|[\"”»](?=\s+[(\[][«“\"]?\s*[A-ZÀ-ÖØ-Þ]))"
)
# English rules take "No." for the abbreviation of "number" even before a word: a one-word
# reply ("No. I don't think so.") is a sentence of its own unless a number follows ("No. 3").
# An opening quote before it must close right after it: in '“No. We never will,” he said.' the
# reply is the start of a quotation the sentence attributes, not a sentence.
_REPLY = re.compile(
    r"(?:^|(?<=[.?!:]\s))(?:[\"“«]\s?(?:No|Non|Yes|Oui|Nope|Sí|Si)\.\s?[\"”»]|(?:No|Non|Yes|Oui|Nope|Sí|Si)\.)"
    r"(?=\s+[«“\"]?\s*[A-ZÀ-ÖØ-Þ])"
)
# A dateline and the lead sentence it heads: "1er septembre 2012. - Le 12 mars…", "LYON, 3 mars
# – Le…", "PARIS (Reuters) - Le…". Typewritten text writes the dash "--".
_DASH = r"(?:--|[-–—])"
_DATELINE_DASH = re.compile(rf"\.?\s+{_DASH}\s+(?=[«“\"]?[A-ZÀ-ÖØ-Þ])")
_LEADING_DASH = re.compile(rf"\s*{_DASH}\s+(?=[«“\"]?[A-ZÀ-ÖØ-Þ])")
_MONTH = (
    r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|janv|févr|fév|avr|juil|sept|oct|nov|déc|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
# What a dateline ends with: a year, a day and a month ("3 mars", "Sept. 1"), or a wire
# service's name after a place in capitals ("PARIS (Reuters)").
_DATELINE_END = re.compile(
    rf"(?:\d{{4}}|\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+{_MONTH}|\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
    r"|^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ' -]+(?:,[^()]*)?\s\([\w .&/-]{1,30}\))\.?$"
)
# Where sentencex has not cut, a dateline must also start as one: a date, a place and a comma,
# or capitals ("He came on May 3 - The…" and "Il a voté en 2012 - Le…" are sentences).
_DATELINE_START = re.compile(r"\d|[A-ZÀ-ÖØ-Þ][\w'’ -]{0,30},|[A-ZÀ-ÖØ-Þ]{2}")
_DATELINE_MAX = 60  # characters: a dateline is a place and a date, not a sentence
# Text made only of ellipses, brackets, dashes and white space ("…", "[…]", "..."): no claim
# of its own; it belongs to the sentence it introduces.
_ONLY_PUNCTUATION = re.compile(r"[\s.…\[\]()\-–—:;,]*")
_PUNCTUATION = frozenset(
    ".…[]()-–—:;,"
)  # the characters above but white space, to rule most text out at once
# A sentence that ends introducing what follows: "Il a conclu ainsi : … « Nous… »".
_INTRODUCES = re.compile(r":\s*(?:\[…\]|\[\.\.\.\]|…|\.\.\.)$")


def split_sentences(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, trimmed of surrounding white space."""
    # Line breaks inside a paragraph are wrapping, not sentence ends; same length keeps offsets.
    chunk = text[start:end].replace("\n", " ")
    raw = [(b["start_index"], b["end_index"]) for b in get_sentence_boundaries(language, chunk)]
    spans = []
    for left, right in _repair(chunk, raw):
        left, right = _trim(chunk, left, right)
        if right > left:
            spans.append((start + left, start + right))
    return spans


def _repair(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    split = _split_replies(chunk, _split_dateline(chunk, spans))
    if ")" in chunk or "]" in chunk:  # most paragraphs have neither: skip the scan
        split = _split_at(chunk, split, _SPLIT_AFTER_BRACKET)
    if "etc." in chunk or "…" in chunk:
        split = _split_at(chunk, split, _SPLIT_AFTER, outside_quotes=True)
    if len(split) < 2:
        return [] if split and _only_punctuation(chunk[split[0][0] : split[0][1]]) else split
    merged: list[tuple[int, int]] = []
    last = split[-1][1]
    for left, right in split:
        # Only the tail of the previous span matters: slicing all of it would go quadratic
        # on a long run of wrong splits ("M. M. M. …").
        if (
            merged
            and (
                _glued(chunk, left)
                # "[…]" ending a paragraph: nothing follows for it to introduce.
                or (right == last and _only_punctuation(chunk[left:right]))
                or _introduces(chunk, merged[-1][0], merged[-1][1])
                or _wrongly_split(
                    chunk[max(merged[-1][0], merged[-1][1] - _CONTEXT) : merged[-1][1]],
                    chunk[left : min(right, left + _CONTEXT)],
                )
            )
        ):
            merged[-1] = (merged[-1][0], right)
        else:
            merged.append((left, right))
    return merged


def _split_at(
    chunk: str, spans: list[tuple[int, int]], cuts: re.Pattern[str], outside_quotes: bool = False
) -> list[tuple[int, int]]:
    """Cut each span after every match of ``cuts`` inside it (outside quotations if asked)."""
    split: list[tuple[int, int]] = []
    for left, right in spans:
        for cut in cuts.finditer(chunk, left, right):
            if cut.end() >= right or (outside_quotes and _inside_quote(chunk[left : cut.start()])):
                continue  # « Quand l’eau est abondante… Mais … » is one quotation
            split.append((left, cut.end()))
            left = cut.end()
        split.append((left, right))
    return split


def _only_punctuation(text: str) -> bool:
    stripped = text.strip()
    # A sentence starts with a letter or a quote: the first character settles most spans.
    return (
        bool(stripped) and stripped[0] in _PUNCTUATION and _ONLY_PUNCTUATION.fullmatch(stripped) is not None
    )


def _split_dateline(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut a leading dateline off the lead sentence; the dash between them belongs to neither."""
    head = chunk[: _DATELINE_MAX + 4]
    if not spans or not ("-" in head or "–" in head or "—" in head):
        return spans
    left, right = spans[0]
    if len(spans) > 1 and right - left <= _DATELINE_MAX:
        # sentencex cut after "2012." already: take the dash off the lead sentence.
        lead = _LEADING_DASH.match(chunk, spans[1][0], spans[1][1])
        if lead is not None and _DATELINE_END.search(chunk[left:right].rstrip()):
            return [(left, right), (lead.end(), spans[1][1]), *spans[2:]]
    match = _DATELINE_DASH.search(chunk, left, min(right, left + _DATELINE_MAX + 4))
    if (
        match is None
        or not _DATELINE_START.match(chunk, left)
        or not _DATELINE_END.search(chunk[left : match.start()].rstrip())
    ):
        return spans
    stop = match.start() + (1 if chunk[match.start()] == "." else 0)
    return [(left, stop), (match.end(), right), *spans[1:]]


def _split_replies(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split a one-word reply ("No.", "Non.") off the sentence sentencex glued it to."""
    if "No" not in chunk and "Yes" not in chunk and "Oui" not in chunk and "Si" not in chunk:
        return spans
    out: list[tuple[int, int]] = []
    for left, right in spans:
        for cut in _REPLY.finditer(chunk, left, right):
            if cut.end() - left < 2 or cut.end() >= right:
                continue
            out.append((left, cut.end()))
            left = cut.end()
        out.append((left, right))
    return out


def _introduces(chunk: str, left: int, right: int) -> bool:
    """True when the span before is only punctuation ("…", "[…]") or ends ": …" before a quotation.

    Both tests look at the span's ends first, so a long span is not copied for them.
    """
    while right > left and chunk[right - 1].isspace():
        right -= 1
    while left < right and chunk[left].isspace():
        left += 1
    if right == left:
        return False
    if chunk[left] in _PUNCTUATION and _only_punctuation(chunk[left:right]):
        return True
    # _INTRODUCES ends with one of these: most spans are ruled out without a search.
    return (
        chunk.endswith(("]", "…", "..."), left, right) and _INTRODUCES.search(chunk, left, right) is not None
    )


def _glued(chunk: str, at: int) -> bool:
    """True when a boundary at ``at`` falls inside one run of non-space characters, such as ``./data/``.

    A sentence ends before white space. Inline code and paths (``./configure``, ``../x``,
    ``~/.bashrc``) put a full stop right before a slash or a symbol, which sentencex takes for
    an end; a letter or an opening quote after the full stop ("Fin.Début") is still an end.
    """
    if at <= 0 or at >= len(chunk):
        return False
    before, after = chunk[at - 1], chunk[at]
    # Invisible format characters (zero-width joiner, bidi marks) count as a gap, as _trim has it.
    return not (_blank(before) or _blank(after) or after.isalpha() or after in _OPENERS)


def _inside_quote(text: str) -> bool:
    return (
        text.count("«") > text.count("»")
        or text.count("“") > text.count("”")
        or text.count('"') % 2 == 1  # straight quotes open and close alike
    )


def _wrongly_split(before: str, after: str) -> bool:
    """True when the boundary between ``before`` and ``after`` is not a sentence end."""
    following = after.lstrip()
    if not following:
        return True  # a trailing fragment of white space
    # Most sentences start with a capital: test that before the patterns.
    if not following[0].isupper() and _CONTINUATION_START.match(following) and not _CAMEL.match(following):
        return True  # sentences do not start in lower case or with a comma (but "iPhone" may)
    # The last word before a full stop (the span may end in white space after it).
    stripped = before.rstrip()
    if not stripped.endswith(".") or len(stripped) < 2 or stripped[-2].isspace():
        return False
    last = stripped[:-1].rsplit(None, 1)[-1]
    word_start = len(stripped) - 1 - len(last)
    # "l’art. 49", "d’env. 200": the abbreviation is what follows the elided article.
    word = last.lstrip("(«“\"'")
    if "’" in word or "'" in word:
        word = _ELISION.split(word)[-1]
    if word in _TITLES or (len(word) == 4 and _HYPHENATED_INITIALS.fullmatch(word)):
        return True
    if word in _BEFORE_NUMBER and following[0].isdigit():
        return True
    if len(word) != 1 or not word.isupper():
        return False
    # An initial before a hyphenated or further initial: "J.-C.", "J. R. R. Tolkien".
    if _INITIAL_THEN.match(following):
        return True
    # An initial before a surname ("par C. Barbier", "comme R. Bachelot") is no end, unless a
    # word before it names the letter as such: "le plan B. Il…", "vitamin C. It…".
    if word == "I" or not _SURNAME.match(following):
        return False
    named = _WORD_BEFORE.search(before, 0, word_start)
    return named is None or named.group(1).lower() not in _NAMES_A_LETTER


def _trim(chunk: str, left: int, right: int) -> tuple[int, int]:
    """Drop white space and invisible format characters (zero-width, bidi marks) at both ends."""
    while left < right and _blank(chunk[left]):
        left += 1
    while right > left and _blank(chunk[right - 1]):
        right -= 1
    return left, right


def _blank(char: str) -> bool:
    # No character below the soft hyphen (U+00AD) is a format character: skip the lookup for them.
    return char.isspace() or (char >= "\xad" and unicodedata.category(char) == "Cf")
