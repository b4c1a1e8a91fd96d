"""Pins the language screen: English passes, other languages are named, short text is not judged."""

from __future__ import annotations

import pytest

from pipeline.ingest.language import guess_language, unsupported_language


@pytest.mark.parametrize(
    "text",
    [
        # Ordinary news English.
        "The foreign ministers of Chile and Peru met in Lima on Friday to discuss border trade.",
        # Short English crowded with foreign names: the kind of sentence a bag of character
        # n-grams mistakes most easily.
        "Tokayev met Mirziyoyev and Japarov in Astana on Tuesday, Kazinform reported.",
        # English quoting a French phrase.
        "The minister called the deal « un accord historique » and signed it in Dakar.",
    ],
)
def test_english_passes(text: str) -> None:
    assert unsupported_language(text) is None


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        (
            "Die Außenminister beider Länder trafen sich am Montag in Wien, um über den Handel "
            "an der gemeinsamen Grenze zu sprechen.",
            "de",
            "German",
        ),
        (
            "Los ministros de Asuntos Exteriores se reunieron el lunes en Quito para hablar del "
            "comercio en la frontera común.",
            "es",
            "Spanish",
        ),
        (
            "Mawaziri wa mambo ya nje walikutana Jumatatu mjini Arusha kujadili biashara ya "
            "mpakani kati ya nchi hizo mbili.",
            "sw",
            "Swahili (macrolanguage)",
        ),
    ],
)
def test_other_languages_are_named(text: str, code: str, name: str) -> None:
    guess = unsupported_language(text)
    assert guess is not None
    assert (guess.language, guess.language_name) == (code, name)
    assert guess.probability > 0.9
    assert guess.supported_probability < 0.01


@pytest.mark.parametrize("text", ["", "Accra, Lomé.", "12 345 678 — 2024", "Le ministre a dit."])
def test_too_little_text_is_not_judged(text: str) -> None:
    assert guess_language(text) is None
    assert unsupported_language(text) is None


# An invented English lead long enough to settle the language on its own (over 1,000 chars).
_ENGLISH_LEAD = (
    "The foreign ministers of Chile and Peru met in Lima on Friday to discuss trade across "
    "their shared border, and agreed to open two new crossings before the harvest season. "
) * 6
_FRENCH_BODY = (
    "Les ministres des Affaires étrangères se sont réunis lundi à Dakar pour parler du "
    "commerce à la frontière commune et des nouveaux postes de douane. "
) * 25


def test_an_english_opening_settles_the_language() -> None:
    # The first 1,000 characters are English beyond doubt, so the rest is not read.
    assert len(_ENGLISH_LEAD) > 1000
    guess = guess_language(_ENGLISH_LEAD + _FRENCH_BODY)
    assert guess is not None
    assert guess.language == "en"
    assert guess.supported_probability >= 0.99
    assert unsupported_language(_ENGLISH_LEAD + _FRENCH_BODY) is None


def test_a_short_english_line_before_another_language_is_read_in_full() -> None:
    # A one-line English note before a French body does not settle it: the whole sample is
    # classified, and the body is named French.
    text = "Translated summary below. " + _FRENCH_BODY
    guess = unsupported_language(text)
    assert guess is not None
    assert guess.language == "fr"
    assert guess.supported_probability < 0.01
