"""Country words (names, demonyms, capitals, metonyms): when one names an actor, and which."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pipeline.normalize.actors.cases import D1988, D2000, D2024, Expected, Find, Summarise

CASES: list[tuple[str, dt.date, list[Expected]]] = [
    # title + "of" + country
    (
        "The President of Armenia met envoys.",
        D2024,
        [("President of Armenia", "ARM", None, "GOV", "head_of_state")],
    ),
    # metonyms resolve with sector GOV
    (
        "Downing Street and the Elysee issued a joint statement.",
        D2024,
        [("Downing Street", "GBR", None, "GOV", None), ("Elysee", "FRA", None, "GOV", None)],
    ),
    # "Congo" alone is the DRC; the Republic of the Congo has its own name
    (
        "Congo and the Republic of the Congo signed a border deal.",
        D2024,
        [
            ("Congo", "COD", None, None, None),
            ("Republic of the Congo", "COG", None, None, None),
        ],
    ),
    # Niger is not Nigeria
    (
        "Niger recalled its ambassador from Nigeria.",
        D2024,
        [
            ("Niger", "NER", None, None, None),
            ("ambassador", None, None, "GOV", "ambassador"),
            ("Nigeria", "NGA", None, None, None),
        ],
    ),
    # "-made" compounds are about goods; "-led" keeps the country
    (
        "Russian-made drones were shot down by Saudi-led forces.",
        D2024,
        [("Saudi", "SAU", None, None, None)],
    ),
    # "anti-" stances are not actors
    ("An anti-American rally was held.", D2024, []),
    # the Soviet Union is coded as its continuing state
    (
        "Soviet troops left Kabul after talks with the USSR foreign ministry.",
        D1988,
        [
            ("Soviet troops", "RUS", None, "MIL", "armed_forces"),
            ("Kabul", "AFG", None, None, None),
            ("USSR foreign ministry", "RUS", None, "GOV", "foreign_ministry"),
        ],
    ),
    # historical country names: Zaire, Kampuchea, West Germany
    (
        "Zaire, Kampuchea and West Germany voted against.",
        D1988,
        [
            ("Zaire", "COD", None, None, None),
            ("Kampuchea", "KHM", None, None, None),
            ("West Germany", "DEU", None, None, None),
        ],
    ),
    # a successor state described as "former Soviet" is not Russia
    (
        "Kazakhstan, a former Soviet republic, hosted the talks.",
        D2024,
        [("Kazakhstan", "KAZ", None, None, None)],
    ),
    # compound demonyms name the state the community lives in
    (
        "Bosnian Serbs and Greek Cypriots rejected the plan.",
        D2000,
        [("Bosnian Serbs", "BIH", None, None, None), ("Greek Cypriots", "CYP", None, None, None)],
    ),
    # "ethnic" kin are not their kin state; the police keep theirs
    (
        "Ethnic Albanian guerrillas attacked Macedonian police.",
        D2000,
        [("Macedonian police", "MKD", None, "COP", "police")],
    ),
    # the Palestinian territories are places of Palestine
    (
        "Israel sealed off the Gaza Strip and the West Bank.",
        D2000,
        [
            ("Israel", "ISR", None, None, None),
            ("Gaza Strip", "PSE", None, None, None),
            ("West Bank", "PSE", None, None, None),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "when", "expected"),
    CASES,
    ids=[f"{c[1].year}-{c[0][:40]}" for c in CASES],
)
def test_find_spans(
    find: Find, summarise: Summarise, text: str, when: dt.date, expected: list[Expected]
) -> None:
    spans = find(text, when)
    assert summarise(spans) == expected
    for span in spans:
        assert text[span.char_start : span.char_end] == span.text


def test_demonym_spelling_variants(find: Find) -> None:
    spans = find("The Argentinean president spoke.", D2024)
    assert spans[0].actor.country == "ARG"
