"""The review report an editor can print, in the document's language: counts, then each paragraph's claims."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer.exports.base import Exported, ExportOptions, export_format
from reviewer.exports.rows import ClaimRow, claim_rows, orphans_in_order
from reviewer.exports.wording import Wording, wording_for
from reviewer.labelset import DEFAULTS_BY_NAME, LabelSet
from reviewer.model import Label, Review
from reviewer.review.filters import ClaimFilter
from reviewer.review.session import Counts

if TYPE_CHECKING:
    from reviewer.review.session import ReviewSession

_URL = re.compile(r"^https?://\S+$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~|#])")


@dataclass(frozen=True, slots=True)
class _Section:
    number: int  # paragraph number, from 1
    kind: str
    rows: tuple[ClaimRow, ...]


@dataclass(frozen=True, slots=True)
class _Report:
    """Everything both renderings show, computed once."""

    words: Wording
    title: str
    facts: tuple[tuple[str, str], ...]
    counts: tuple[tuple[str, int], ...]
    with_notes: int
    only: ClaimFilter
    sections: tuple[_Section, ...]
    orphans: tuple[Review, ...]
    labels: LabelSet  # the label set the session used: its symbols, words and colours


def _report(session: ReviewSession, exported_at: str, options: ExportOptions) -> _Report:
    document = session.document
    words = wording_for(options.language or document.language)
    everything = list(claim_rows(session, final=options.final))
    # With --final the summary counts what the report shows: final verdicts where there are.
    counts = _counts(everything, session.labels) if options.final else session.counts()
    by_paragraph: dict[int, list[ClaimRow]] = {}
    for row in everything:
        if options.only.keeps(row.label):
            by_paragraph.setdefault(row.claim.paragraph, []).append(row)
    facts_final: tuple[tuple[str, str], ...] = ()
    if options.final:
        finals = [row for row in everything if row.final]
        names = ", ".join(sorted({row.review.reviewer for row in finals if row.review}))
        facts_final = (
            (words.final_verdicts, f"{len(finals)}" + (f", {words.final_by} {names}" if names else "")),
        )
    sections = tuple(
        _Section(index + 1, document.paragraphs[index].kind.value, tuple(rows))
        for index, rows in sorted(by_paragraph.items())
    )
    orphans = tuple(review for review in orphans_in_order(session) if options.only.keeps(review.label))
    return _Report(
        words=words,
        title=document.title,
        facts=(
            (words.document, document.path),
            (words.format, words.format_line(document.format, document.language, len(document.paragraphs))),
            (words.reviewer, session.reviewer),
            *facts_final,
            (words.exported, exported_at),
            ("SHA-256", document.doc_id),
        ),
        counts=(
            *((words.label_text(label, session.labels), count) for label, count in counts.labelled),
            (words.unreviewed, counts.unreviewed),
            (words.total, counts.total),
        ),
        with_notes=counts.with_notes,
        only=options.only,
        sections=sections,
        orphans=orphans,
        labels=session.labels,
    )


def _counts(rows: list[ClaimRow], labels: LabelSet) -> Counts:
    return Counts(
        total=len(rows),
        labelled=Counts.tally(labels, (row.label for row in rows)),
        with_notes=sum(1 for row in rows if row.review and (row.review.note or row.review.sources)),
    )


def _label_text(row: ClaimRow, report: _Report) -> str:
    """``✘ Disputed``, and ``(final verdict, carol)`` after it when the row shows a final verdict."""
    who = row.review.reviewer if row.review else ""
    words = report.words
    return words.label_text(row.label, report.labels) + (f" ({words.final}, {who})" if row.final else "")


def _filter_line(report: _Report) -> str:
    return report.words.only_line(report.only, report.labels)


def _kind(report: _Report, section: _Section) -> str:
    return "" if section.kind == "text" else f" ({report.words.kind_text(section.kind)})"


# -- Markdown ---------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Text that Markdown shows as written: its markup characters backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_block(text: str, indent: str) -> str:
    """Several lines of user text inside a list item: hard line breaks, every line indented under it."""
    return ("\\\n" + indent).join(md_escape(line) for line in text.splitlines())


def _md_source(source: str) -> str:
    return f"<{source}>" if _URL.match(source) and ">" not in source else md_escape(source)


def _md_review_details(review: Review | None, words: Wording) -> list[str]:
    """The note and sources as a list nested under the claim's item."""
    lines = []
    if review and review.note:
        lines.append(f"  - *{words.note}{words.colon}* {_md_block(review.note, '    ')}")
    if review and review.sources:
        lines.append(f"  - *{words.sources}{words.colon}*")
        lines.extend(f"    - {_md_source(source)}" for source in review.sources)
    return lines


class MarkdownReportExporter:
    """The report as Markdown."""

    name, suffix, title = export_format("md")

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """Title, facts, summary table, then the claims paragraph by paragraph."""
        report = _report(session, exported_at, options)
        words = report.words
        out = [f"# {md_escape(report.title)}", ""]
        out += [f"- **{name}{words.colon}** {md_escape(value)}" for name, value in report.facts]
        out += ["", f"## {words.summary}", "", f"| {words.label_column} | {words.claims_column} |"]
        out += ["| --- | ---: |"]
        out += [f"| {name} | {count} |" for name, count in report.counts]
        out += ["", f"{words.with_notes}{words.colon} {report.with_notes}."]
        if line := _filter_line(report):
            out += ["", f"*{line}*"]
        out += ["", f"## {words.claims}"]
        if not report.sections:
            out += ["", words.no_claims]
        for section in report.sections:
            out += ["", f"### {words.paragraph} {section.number}{_kind(report, section)}", ""]
            for row in section.rows:
                # A bullet, not "3.": Markdown renumbers ordered lists, and filtered claims skip numbers.
                heading = f"**{words.claim} {row.claim.number} · {md_escape(_label_text(row, report))}**"
                out.append(f"- {heading} — {_md_block(row.claim.text, '  ')}")
                out += _md_review_details(row.review, words)
        if report.orphans:
            out += ["", f"## {words.orphans}", ""]
            for review in report.orphans:
                shown = words.label_text(review.label, report.labels)
                out.append(f"- **{shown}** — {_md_block(review.anchor.exact, '  ')}")
                out += _md_review_details(review, words)
        return Exported("\n".join(out) + "\n")


# -- HTML -------------------------------------------------------------------------------

_STYLE = """
body { font: 16px/1.5 Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; } td, th { border: 1px solid #bbb; padding: .2rem .6rem; }
td.n { text-align: right; } dl.facts dt { font-weight: bold; float: left; clear: left; width: 7rem; }
dl.facts dd { margin-left: 8rem; word-break: break-all; } li.claim { margin: .6rem 0; }
.label { font-weight: bold; white-space: nowrap; } .verified { color: #1a7f37; }
.disputed { color: #b42318; } .opinion { color: #6941c6; } .unreviewed { color: #777; }
.note { margin: .2rem 0 0; white-space: pre-wrap; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
""".strip()


def _h(text: str) -> str:
    return html.escape(text, quote=True)


# How a theme colour reads on paper (the stylesheet above colours the three default labels).
_PRINT_COLOURS = {
    "success": "#1a7f37",
    "error": "#b42318",
    "accent": "#6941c6",
    "warning": "#b54708",
    "primary": "#175cd3",
    "secondary": "#5c6b7a",
    "foreground": "#222",
}


def _html_label(label: Label | None, report: _Report) -> str:
    css = label.value if label else "unreviewed"
    text = _h(report.words.label_text(label, report.labels))
    item = report.labels.get(label) if label else None
    default = DEFAULTS_BY_NAME.get(label) if label else None
    if item is None or (default is not None and default.colour == item.colour):
        return f'<span class="label {_h(css)}">{text}</span>'
    colour = _PRINT_COLOURS.get(item.colour, item.colour)  # a #rrggbb colour is its own
    return f'<span class="label {_h(css)}" style="color: {_h(colour)}">{text}</span>'


def _html_details(review: Review | None, words: Wording) -> list[str]:
    out = []
    if review and review.note:
        out.append(f'<p class="note"><em>{_h(words.note + words.colon)}</em> {_h(review.note)}</p>')
    if review and review.sources:
        items = "".join(
            f'<li><a href="{_h(source)}">{_h(source)}</a></li>'
            if _URL.match(source)
            else f"<li>{_h(source)}</li>"
            for source in review.sources
        )
        out.append(f"<p><em>{_h(words.sources + words.colon)}</em></p><ul>{items}</ul>")
    return out


class HtmlReportExporter:
    """The same report as one self-contained HTML page (inline style, no scripts, prints well)."""

    name, suffix, title = export_format("html")

    def render(self, session: ReviewSession, exported_at: str, options: ExportOptions) -> Exported:
        """A standalone page with the title, facts, summary table and the claims."""
        report = _report(session, exported_at, options)
        words = report.words
        language = session.document.language
        out = [
            "<!DOCTYPE html>",
            f'<html lang="{_h(language)}">',
            "<head>",
            '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_h(report.title)}</title>",
            f"<style>\n{_STYLE}\n</style></head>",
            "<body>",
            f"<h1>{_h(report.title)}</h1>",
            '<dl class="facts">',
        ]
        out += [f"<dt>{_h(name)}</dt><dd>{_h(value)}</dd>" for name, value in report.facts]
        out += ["</dl>", f"<h2>{_h(words.summary)}</h2>", "<table>"]
        out.append(f"<tr><th>{_h(words.label_column)}</th><th>{_h(words.claims_column)}</th></tr>")
        out += [f'<tr><td>{_h(name)}</td><td class="n">{count}</td></tr>' for name, count in report.counts]
        out += ["</table>", f"<p>{_h(words.with_notes + words.colon)} {report.with_notes}.</p>"]
        if line := _filter_line(report):
            out.append(f"<p><em>{_h(line)}</em></p>")
        out.append(f"<h2>{_h(words.claims)}</h2>")
        if not report.sections:
            out.append(f"<p>{_h(words.no_claims)}</p>")
        for section in report.sections:
            out.append(f"<h3>{_h(words.paragraph)} {section.number}{_h(_kind(report, section))}</h3>")
            out.append(f'<ol start="{section.rows[0].claim.number}">')
            for row in section.rows:
                # Claim numbers can skip inside a paragraph when filtered: each item states its own.
                label = _html_label(row.label, report)
                if row.final:
                    label += f" <em>({_h(words.final)}, {_h(row.review.reviewer if row.review else '')})</em>"
                out.append(f'<li class="claim" value="{row.claim.number}">{label} — {_h(row.claim.text)}')
                out += _html_details(row.review, words)
                out.append("</li>")
            out.append("</ol>")
        if report.orphans:
            out += [f"<h2>{_h(words.orphans)}</h2>", "<ul>"]
            for review in report.orphans:
                label = _html_label(review.label, report)
                out.append(f'<li class="claim">{label} — {_h(review.anchor.exact)}')
                out += _html_details(review, words)
                out.append("</li>")
            out.append("</ul>")
        out += ["</body>", "</html>"]
        return Exported("\n".join(out) + "\n")
