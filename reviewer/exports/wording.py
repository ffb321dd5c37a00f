"""The fixed words of the review report, in English and French (the document's language picks)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.labelset import LabelSet
from reviewer.model import Label
from reviewer.review.filters import ClaimFilter

__all__ = ["REPORT_LANGUAGES", "Wording", "wording_for"]


@dataclass(frozen=True, slots=True)
class Wording:
    """Every fixed word or phrase a report shows, in one language."""

    language: str
    colon: str  # French sets a (no-break) space before the colon
    document: str
    format: str
    reviewer: str
    exported: str
    language_word: str
    paragraph_word: tuple[str, str]  # singular, plural
    summary: str
    label_column: str
    claims_column: str
    labels: dict[str, str]  # the default labels' words (a desk's own labels use their title)
    unreviewed: str
    total: str
    with_notes: str
    only: dict[ClaimFilter, str]  # "Showing only … claims." for the fixed filters but ALL (and defaults)
    only_label: str  # the same for any other label: {label} is its word
    claims: str
    no_claims: str
    paragraph: str
    claim: str
    note: str
    sources: str
    orphans: str  # the heading over reviews whose claim is gone
    kinds: dict[str, str] = field(default_factory=dict)  # BlockKind value → its name, if not English
    final_verdicts: str = "Final verdicts"  # the fact line of a report made with --final
    final_by: str = "by"  # "12, by carol"
    final: str = "final verdict"  # beside a claim's label when it is a final verdict

    def label_word(self, label: Label, labels: LabelSet) -> str:
        """The label's word: the set's title if it gives one, else this language's, else its name."""
        item = labels.get(label)
        if item.title or label not in self.labels:
            return item.heading
        return self.labels[label]

    def label_text(self, label: Label | None, labels: LabelSet) -> str:
        """The label as the report shows it: its symbol and word, or the word for unreviewed."""
        return f"{labels.symbol(label)} {self.label_word(label, labels)}" if label else self.unreviewed

    def only_line(self, kept: ClaimFilter, labels: LabelSet) -> str:
        """``Showing only disputed claims.`` ("" for every claim)."""
        if kept == ClaimFilter.ALL:
            return ""
        if kept.label is None or (kept in self.only and not labels.get(kept.label).title):
            return self.only[kept]
        return self.only_label.format(label=self.label_word(kept.label, labels).lower())

    def kind_text(self, kind: str) -> str:
        """The name of a paragraph's kind (``list_item`` → ``list item``)."""
        return self.kinds.get(kind, kind.replace("_", " "))

    def format_line(self, fmt: str, language: str, paragraphs: int) -> str:
        """``markdown, language fr, 5 paragraphs``."""
        singular, plural = self.paragraph_word
        # French counts 0 and 1 in the singular, English only 1.
        one = paragraphs <= 1 if self.language == "fr" else paragraphs == 1
        return f"{fmt}, {self.language_word} {language}, {paragraphs} {singular if one else plural}"


_ENGLISH = Wording(
    language="en",
    colon=":",
    document="Document",
    format="Format",
    reviewer="Reviewer",
    exported="Exported",
    language_word="language",
    paragraph_word=("paragraph", "paragraphs"),
    summary="Summary",
    label_column="Label",
    claims_column="Claims",
    labels={Label.VERIFIED: "Verified", Label.DISPUTED: "Disputed", Label.OPINION: "Opinion"},
    unreviewed="Unreviewed",
    total="Total",
    with_notes="Claims with a note or sources",
    only={
        kept: f"Showing only {kept.value} claims."
        for kept in (ClaimFilter.UNREVIEWED, ClaimFilter.HINTED, ClaimFilter.RECHECK)
    },
    only_label="Showing only {label} claims.",
    claims="Claims",
    no_claims="No claims to show.",
    paragraph="Paragraph",
    claim="Claim",
    note="Note",
    sources="Sources",
    orphans="Reviews whose claim is no longer in the text",
)

_FRENCH = Wording(
    language="fr",
    colon="\u00a0:",
    document="Document",
    format="Format",
    reviewer="Examiné par",
    exported="Exporté le",
    language_word="langue",
    paragraph_word=("paragraphe", "paragraphes"),
    summary="Résumé",
    label_column="Verdict",
    claims_column="Affirmations",
    labels={Label.VERIFIED: "Vérifiée", Label.DISPUTED: "Contestée", Label.OPINION: "Opinion"},
    unreviewed="Non examinée",
    total="Total",
    with_notes="Affirmations avec une note ou des sources",
    only={
        ClaimFilter.UNREVIEWED: "Seules les affirmations non examinées sont affichées.",
        ClaimFilter.HINTED: "Seules les affirmations signalées sont affichées.",
        ClaimFilter.RECHECK: "Seules les affirmations à revoir sont affichées.",
        ClaimFilter.of(Label.VERIFIED): "Seules les affirmations vérifiées sont affichées.",
        ClaimFilter.of(Label.DISPUTED): "Seules les affirmations contestées sont affichées.",
        ClaimFilter.of(Label.OPINION): "Seules les affirmations d’opinion sont affichées.",
    },
    only_label="Seules les affirmations « {label} » sont affichées.",
    claims="Affirmations",
    no_claims="Aucune affirmation à afficher.",
    paragraph="Paragraphe",
    claim="Affirmation",
    note="Note",
    sources="Sources",
    orphans="Vérifications dont l’affirmation n’est plus dans le texte",
    final_verdicts="Verdicts finaux",
    final_by="par",
    final="verdict final",
    kinds={
        "heading": "titre",
        "list_item": "élément de liste",
        "quote": "citation",
        "table_row": "ligne de tableau",
        "code": "code",
    },
)

_WORDINGS = {wording.language: wording for wording in (_ENGLISH, _FRENCH)}
REPORT_LANGUAGES = tuple(_WORDINGS)


def wording_for(language: str) -> Wording:
    """The report's words for ``language`` (``fr``, ``fr-CA``, …); English for any other language."""
    return _WORDINGS.get(language.split("-")[0].lower(), _ENGLISH)
