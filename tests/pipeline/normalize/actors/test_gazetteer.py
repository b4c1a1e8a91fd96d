"""The gazetteer: longest matches over the tables, stop phrases, agencies, fixed bodies."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pipeline.normalize.actors.cases import D2022, D2023, D2024, Expected, Find, Summarise

CASES: list[tuple[str, dt.date, list[Expected]]] = [
    # IGO name alone
    (
        "The African Union will send observers.",
        D2023,
        [("African Union", "IGO", "AU", "IGO", None)],
    ),
    # news agencies are flagged, never actors
    (
        "The talks will resume, Sputnik reported, citing Reuters.",
        D2024,
        [
            ("Sputnik", None, None, "MED", "news_agency"),
            ("Reuters", None, None, "MED", "news_agency"),
        ],
    ),
    # stop phrases: festival, ocean, sea, currency
    (
        "Shipping through the Indian Ocean and the South China Sea slowed before Chinese New Year.",
        D2024,
        [],
    ),
    # currencies and idioms after a country word
    ("The Turkish lira and the Indian rupee fell, a game of Russian roulette.", D2024, []),
    # country words inside IGO names yield only the IGO
    (
        "The Organisation of Islamic Cooperation and the Arab League met in Jeddah.",
        D2024,
        [
            ("Organisation of Islamic Cooperation", "IGO", "OIC", "IGO", None),
            ("Arab League", "IGO", "ARAB_LEAGUE", "IGO", None),
        ],
    ),
    # an organ reports its parent organisation
    (
        "The Security Council voted on the draft.",
        D2024,
        [("Security Council", "IGO", "UN", "IGO", None)],
    ),
    # "Brussels" acts for the EU, not Belgium
    ("Brussels imposed new tariffs.", D2024, [("Brussels", "IGO", "EU", "IGO", None)]),
    # fixed-country institutions with a sector
    (
        "The State Department and the Pentagon briefed Congress.",
        D2024,
        [
            ("State Department", "USA", None, "GOV", "foreign_ministry"),
            ("Pentagon", "USA", None, "MIL", "defence_ministry"),
            ("Congress", "USA", None, "LEG", "legislature"),
        ],
    ),
    # fixed-country legislature and intelligence service
    (
        "The Knesset debated a report by the Mossad.",
        D2024,
        [
            ("Knesset", "ISR", None, "LEG", "legislature"),
            ("Mossad", "ISR", None, "SPY", "intelligence"),
        ],
    ),
    # country alias with full stops + institution
    (
        "A U.S. State Department official said so.",
        D2022,
        [("U.S. State Department", "USA", None, "GOV", "foreign_ministry")],
    ),
    # India's foreign ministry is fixed to IND even without a modifier
    (
        "The Ministry of External Affairs said talks were constructive.",
        D2024,
        [("Ministry of External Affairs", "IND", None, "GOV", "foreign_ministry")],
    ),
    # all-caps dateline capital and an agency
    (
        "NAIROBI, March 3 (Xinhua) -- Kenya said it would reopen the border.",
        D2024,
        [
            ("NAIROBI", "KEN", None, None, None),
            ("Xinhua", None, None, "MED", "news_agency"),
            ("Kenya", "KEN", None, None, None),
        ],
    ),
    # "PM" after a clock time is not a prime minister
    ("The meeting ended at 5 PM local time.", D2024, []),
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
