"""Segmentation: English and French sentence boundaries, offsets that slice back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.documents.language import detect_language
from reviewer.documents.loader import load_document
from reviewer.documents.segmentation import segment_document
from reviewer.documents.sentences import split_sentences
from reviewer.model import Block, BlockKind


def sentences(text: str, language: str) -> list[str]:
    spans = split_sentences(text, 0, len(text), language)
    for start, end in spans:
        assert text[start:end] == text[start:end].strip()
    return [text[start:end] for start, end in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Smith went to Washington. He arrived at 3.5 p.m. on Monday.",
            ["Dr. Smith went to Washington.", "He arrived at 3.5 p.m. on Monday."],
        ),
        (
            "The U.S. economy grew 2.1% in 2023, i.e. faster than expected. Experts disagree.",
            ["The U.S. economy grew 2.1% in 2023, i.e. faster than expected.", "Experts disagree."],
        ),
        (
            "Mr. Jones left... Nobody followed. Apples, pears, etc. are sold.",
            ["Mr. Jones left...", "Nobody followed.", "Apples, pears, etc. are sold."],
        ),
        (
            "Prices rose, etc. Then the council voted. It opened on Sept. 14, 2025 with lane No. 3 shut.",
            [
                "Prices rose, etc.",
                "Then the council voted.",
                "It opened on Sept. 14, 2025 with lane No. 3 shut.",
            ],
        ),
        (
            'He said "This is false." Then he left.',
            ['He said "This is false."', "Then he left."],
        ),
    ],
)
def test_english_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "M. Poutine a signé le 27 sept. 2022 les traités. Dans la DNR, 99,23 % des citoyens ont voté.",
            [
                "M. Poutine a signé le 27 sept. 2022 les traités.",
                "Dans la DNR, 99,23 % des citoyens ont voté.",
            ],
        ),
        (
            "« Nous ne pouvons pas accepter ça. Jamais ! » a-t-il dit. Puis il est parti.",
            ["« Nous ne pouvons pas accepter ça. Jamais ! » a-t-il dit.", "Puis il est parti."],
        ),
        (
            "Le Dr. Martin est arrivé le 3 janv. 2023. Mme Dupont aussi.",
            ["Le Dr. Martin est arrivé le 3 janv. 2023.", "Mme Dupont aussi."],
        ),
        (
            "M. et Mme Dupont sont venus, etc. Ensuite rien. J.-C. Martin a parlé.",
            ["M. et Mme Dupont sont venus, etc.", "Ensuite rien.", "J.-C. Martin a parlé."],
        ),
        (
            "Il est parti… Le lendemain, il est revenu. Le prix est de 3,5 €.",
            ["Il est parti…", "Le lendemain, il est revenu.", "Le prix est de 3,5 €."],
        ),
        (
            "Voir p. 12 du rapport. « Que faire ? » s’interroge-t-elle.",
            ["Voir p. 12 du rapport.", "« Que faire ? » s’interroge-t-elle."],
        ),
    ],
)
def test_french_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text, "fr") == expected


def test_wrapped_lines_do_not_end_sentences() -> None:
    text = "This sentence is wrapped\nacross two lines. A second one."
    assert sentences(text, "en") == ["This sentence is wrapped\nacross two lines.", "A second one."]


def test_seed_article_sentences(seed_fr: Path) -> None:
    doc = load_document(seed_fr)
    texts = [claim.text for claim in doc.claims.all()]
    assert (
        "M. Poutine a également déclaré que la Russie ne vivrait pas selon les règles de l’Occident." in texts
    )
    assert any(t.startswith("Dans la DNR, 99,23% des citoyens") and t.endswith("93,11%.") for t in texts)
    assert "Bon débarras\u202f!" in texts
    assert not any(t in {"M.", "sept."} or t.endswith(" M.") for t in texts)


@pytest.mark.parametrize("sample", ["sample_en", "sample_fr"])
def test_sample_documents_offsets_and_order(sample: str, request: pytest.FixtureRequest) -> None:
    doc = load_document(request.getfixturevalue(sample))
    assert len(doc.paragraphs) >= 15
    previous_end = 0
    for number, claim in enumerate(doc.claims.all(), start=1):
        assert claim.number == number
        assert doc.text[claim.start : claim.end] == claim.text
        assert claim.start >= previous_end
        paragraph = doc.paragraphs[claim.paragraph]
        assert paragraph.start <= claim.start < claim.end <= paragraph.end
        previous_end = claim.end


def test_french_sample_keeps_abbreviations_inside_sentences(sample_fr: Path) -> None:
    doc = load_document(sample_fr)
    texts = [claim.text for claim in doc.claims.all()]
    assert any("le 27 sept. 2022" in t.lower() for t in texts)
    assert any("le 3 janv. 2023" in t.lower() for t in texts)
    for text in texts:
        assert not text.endswith((" M.", "sept.", "janv.", " Dr.")), text
        assert text[0].isupper() or text[0] in '«“"(0123456789', text


def test_code_blocks_hold_no_claims() -> None:
    text = "A claim here.\n\nprint('not a claim.')"
    blocks = [Block(0, 13), Block(15, len(text), kind=BlockKind.CODE)]
    paragraphs, claims, by_paragraph = segment_document(text, blocks, "en")
    assert [c.text for c in claims] == ["A claim here."]
    assert by_paragraph == ((0,), ())
    assert len(paragraphs) == 2


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le maire a dit que le péage rapporterait quatre millions.", "fr"),
        ("The mayor said the levy would raise four million dollars a year.", "en"),
        ("42 — 17", "en"),  # too little text: the fallback
        ("\x07" * 40 + " control characters \ud800 and a lone surrogate", "en"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_lang_override_is_used(sample_fr: Path) -> None:
    assert load_document(sample_fr, language="en").language == "en"


def test_an_ellipsis_inside_a_quotation_does_not_split_it() -> None:
    text = "« Quand l’eau est abondante… Mais de quel hiver parle-t-on ? » ironise-t-elle. Puis rien."
    assert sentences(text, "fr") == [
        "« Quand l’eau est abondante… Mais de quel hiver parle-t-on ? » ironise-t-elle.",
        "Puis rien.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Put the files in ./data/ before running it.", ["Put the files in ./data/ before running it."]),
        ("Run ./configure then make. Done.", ["Run ./configure then make.", "Done."]),
        ("Open ../notes/2024.txt and ~/.bashrc first.", ["Open ../notes/2024.txt and ~/.bashrc first."]),
        # A full stop glued to a letter or an opening quote is still an end (a missing space).
        ("Fin.Début de la suite.", ["Fin.", "Début de la suite."]),
    ],
)
def test_a_full_stop_inside_a_path_does_not_end_a_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # A lone ellipsis or "[…]" introduces the quotation: no claim of its own.
        (
            "Il a conclu ainsi : … « Nous ne céderons pas. » Puis il est parti.",
            "fr",
            ["Il a conclu ainsi : … « Nous ne céderons pas. »", "Puis il est parti."],
        ),
        ("… « Nous ne céderons pas », a-t-il dit.", "fr", ["… « Nous ne céderons pas », a-t-il dit."]),
        ("[…] « Nous ne céderons pas », a-t-il dit.", "fr", ["[…] « Nous ne céderons pas », a-t-il dit."]),
        (
            'He wrote: ... "We will not give in." Then he left.',
            "en",
            ['He wrote: ... "We will not give in."', "Then he left."],
        ),
    ],
)  # fmt: skip
def test_punctuation_alone_stays_with_the_sentence_it_introduces(
    text: str, language: str, expected: list[str]
) -> None:
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "1er septembre 2012. - Le 12 mars, le ministre a annoncé la fermeture du site."
            " Il a ajouté rien.",
            "fr",
            [
                "1er septembre 2012.",
                "Le 12 mars, le ministre a annoncé la fermeture du site.",
                "Il a ajouté rien.",
            ],
        ),
        (
            "Paris, 1er septembre 2012 - Le 12 mars, le ministre a annoncé la fermeture du site.",
            "fr",
            ["Paris, 1er septembre 2012", "Le 12 mars, le ministre a annoncé la fermeture du site."],
        ),
        (
            "WASHINGTON, Sept. 1, 2012. - On March 12 the minister announced the closure.",
            "en",
            ["WASHINGTON, Sept. 1, 2012.", "On March 12 the minister announced the closure."],
        ),
        # A dash inside a sentence is no dateline.
        ("Il a voté en 2012 - et il le regrette.", "fr", ["Il a voté en 2012 - et il le regrette."]),
    ],
)  # fmt: skip
def test_a_dateline_is_cut_off_the_lead_sentence(text: str, language: str, expected: list[str]) -> None:
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("MR. BOUCHER: No. I don't think so.", "en", ["MR. BOUCHER: No.", "I don't think so."]),
        ("No. Mr. Smith was not there.", "en", ["No.", "Mr. Smith was not there."]),
        ('No. "It was never signed," he said.', "en", ["No.", '"It was never signed," he said.']),
        ("Non. « Jamais », a-t-il répondu.", "fr", ["Non.", "« Jamais », a-t-il répondu."]),
        # "No." before a number is still the abbreviation of "number".
        ("No. 10 Downing Street said nothing.", "en", ["No. 10 Downing Street said nothing."]),
        ("Lane No. 3 shut. No. Nobody came.", "en", ["Lane No. 3 shut.", "No.", "Nobody came."]),
    ],
)  # fmt: skip
def test_a_one_word_reply_is_a_sentence(text: str, language: str, expected: list[str]) -> None:
    assert sentences(text, language) == expected


def test_a_spanish_quotation_keeps_its_titles_under_english_rules() -> None:
    text = '"No hay futuro en este país", dijo la Sra. Pérez. ("There is no future in this country.")'
    assert sentences(text, "en") == [
        '"No hay futuro en este país", dijo la Sra. Pérez.',
        '("There is no future in this country.")',
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # "[…]" ending a paragraph introduces nothing: it stays with the sentence before it.
        ("Il conclut. […]", "fr", ["Il conclut. […]"]),
        ("He concluded. [...]", "en", ["He concluded. [...]"]),
        # Before a quotation it still goes with the quotation.
        ("Il conclut. […]. « Nous gagnerons. »", "fr", ["Il conclut.", "[…]. « Nous gagnerons. »"]),
    ],
)  # fmt: skip
def test_trailing_punctuation_is_no_claim_of_its_own(text: str, language: str, expected: list[str]) -> None:
    assert sentences(text, language) == expected


def test_a_paragraph_of_punctuation_alone_holds_no_claim() -> None:
    text = "Il a conclu.\n\n[…]\n\n« Nous gagnerons. »"
    blocks = (Block(0, 12), Block(14, 17), Block(19, len(text)))
    _paragraphs, claims, groups = segment_document(text, blocks, "fr")
    assert [claim.text for claim in claims] == ["Il a conclu.", "« Nous gagnerons. »"]
    assert groups == ((0,), (), (1,))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Paris, le 1er septembre 2012 — Le ministre a annoncé la fermeture.",
            "fr",
            ["Paris, le 1er septembre 2012", "Le ministre a annoncé la fermeture."],
        ),
        (
            "September 1, 2012 -- The minister announced the closure.",
            "en",
            ["September 1, 2012", "The minister announced the closure."],
        ),
        # A day and a month without the year.
        ("LYON, 3 mars – Le maire part.", "fr", ["LYON, 3 mars", "Le maire part."]),
        ("Lyon, 3 mars. - Le ministre part.", "fr", ["Lyon, 3 mars.", "Le ministre part."]),
        ("LONDON, Sept. 1 - The minister left.", "en", ["LONDON, Sept. 1", "The minister left."]),
        # A place in capitals and a wire service.
        (
            "PARIS (Reuters) - Le ministre a annoncé la fermeture du site. Il part.",
            "fr",
            ["PARIS (Reuters)", "Le ministre a annoncé la fermeture du site.", "Il part."],
        ),
        # A sentence that mentions a date before a dash is no dateline.
        ("He came on May 3 - The minister left.", "en", ["He came on May 3 - The minister left."]),
        ("Il a voté en 2012 - Le regrette-t-il ?", "fr", ["Il a voté en 2012 - Le regrette-t-il ?"]),
    ],
)  # fmt: skip
def test_more_datelines_are_cut_off_the_lead_sentence(text: str, language: str, expected: list[str]) -> None:
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # A quotation that opens with the reply is one sentence the quote attributes.
        ("“No. We never will,” he said. He left.", "en", ["“No. We never will,” he said.", "He left."]),
        ('"No. Never," he said.', "en", ['"No. Never," he said.']),
        ("“No. Nunca lo haremos”, dijo.", "es", ["“No. Nunca lo haremos”, dijo."]),
        # A quoted reply that closes at once is still a sentence.
        ("“No.” That was all he said.", "en", ["“No.”", "That was all he said."]),
    ],
)  # fmt: skip
def test_a_reply_opening_a_quotation_stays_in_it(text: str, language: str, expected: list[str]) -> None:
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"Dijo que no." ("He said no.") The deputy then left.',
            ['"Dijo que no."', '("He said no.")', "The deputy then left."],
        ),
        (
            "“¡No! ¡Nunca!”, gritó. (“No! Never!” he shouted.) The crowd left.",
            ["“¡No! ¡Nunca!”, gritó.", "(“No! Never!” he shouted.)", "The crowd left."],
        ),
        (
            "“Hay que votar”, dijo la Dra. Ruiz. [“We must vote,” said Dr. Ruiz.] Then she left.",
            ["“Hay que votar”, dijo la Dra. Ruiz.", "[“We must vote,” said Dr. Ruiz.]", "Then she left."],
        ),
        # A bracket inside a sentence, or an elision "(…)", ends nothing.
        (
            "Lo que lleva el río (“Gone With the River”) is a film. It won.",
            ["Lo que lleva el río (“Gone With the River”) is a film.", "It won."],
        ),
        ("He said (…) “We will win.” Then he left.", ["He said (…) “We will win.”", "Then he left."]),
    ],
)  # fmt: skip
def test_a_spanish_quotation_and_its_translation_in_brackets_are_claims_of_their_own(
    text: str, expected: list[str]
) -> None:
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("C. Barbier.- Bonne année R. Karoutchi.", "fr", ["C. Barbier.- Bonne année R. Karoutchi."]),
        (
            "Interview de M. Roger Karoutchi par C. Barbier et N. Demorand. Il parle.",
            "fr",
            ["Interview de M. Roger Karoutchi par C. Barbier et N. Demorand.", "Il parle."],
        ),
        (
            "Maintenant, X. Bertrand, comme R. Bachelot, l'ont dit.",
            "fr",
            ["Maintenant, X. Bertrand, comme R. Bachelot, l'ont dit."],
        ),
        # A letter that is named as such does end a sentence.
        ("Le plan B. Il a échoué.", "fr", ["Le plan B.", "Il a échoué."]),
        ("Il prend de la vitamine C. Elle aide.", "fr", ["Il prend de la vitamine C.", "Elle aide."]),
        ("They chose option B. It failed.", "en", ["They chose option B.", "It failed."]),
        ("That was what I. Then I left.", "en", ["That was what I.", "Then I left."]),
    ],
)  # fmt: skip
def test_an_initial_before_a_surname_does_not_end_a_sentence(
    text: str, language: str, expected: list[str]
) -> None:
    assert sentences(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # The abbreviation after an elided article is found without a regex search.
        (
            "Selon l’art. 49 de la loi, il part. Puis rien.",
            "fr",
            ["Selon l’art. 49 de la loi, il part.", "Puis rien."],
        ),
        (
            "Il y avait d'env. 200 personnes. Puis rien.",
            "fr",
            ["Il y avait d'env. 200 personnes.", "Puis rien."],
        ),
        # An opening bracket before a title, initials in a row, a letter named by the word before.
        ("He cited (Dr. Smith) and left. Then rain.", "en", ["He cited (Dr. Smith) and left.", "Then rain."]),
        (
            "Written by J. R. R. Tolkien in 1937. It sold well.",
            "en",
            ["Written by J. R. R. Tolkien in 1937.", "It sold well."],
        ),
        ("It came from vitamin C. It helps.", "en", ["It came from vitamin C.", "It helps."]),
        # ": ..." with white space around the ellipsis still introduces what follows.
        (
            "Il a dit :   ...   « Nous gagnerons. » Puis rien.",
            "fr",
            ["Il a dit :   ...   « Nous gagnerons. »", "Puis rien."],
        ),
        # A soft hyphen inside a sentence and a zero-width space before its full stop stay in it.
        ("Le soleil\u00ad brille. Puis rien\u200b.", "fr", ["Le soleil\u00ad brille.", "Puis rien\u200b."]),
    ],
)
def test_the_repairs_shortcuts_keep_every_split(text: str, language: str, expected: list[str]) -> None:
    assert sentences(text, language) == expected
