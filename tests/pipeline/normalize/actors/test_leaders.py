"""Leaders by name, alias and title on the publication date, past and present."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pipeline.normalize.actors.cases import (
    D1988,
    D1990,
    D2000,
    D2005,
    D2019,
    D2023,
    D2024,
    Expected,
    Find,
    Summarise,
)

CASES: list[tuple[str, dt.date, list[Expected]]] = [
    # title + surname through the leaders table on the date
    (
        "President Biden spoke by phone with Chancellor Scholz.",
        D2023,
        [
            ("President Biden", "USA", None, "GOV", "head_of_state"),
            ("Chancellor Scholz", "DEU", None, "GOV", "head_of_government"),
        ],
    ),
    # bare surname through the leaders table
    (
        "Putin signed the decree late on Tuesday.",
        D2024,
        [("Putin", "RUS", None, "GOV", "head_of_state")],
    ),
    # a former officeholder keeps the country but loses the sector
    (
        "Former President Trump criticised the agreement.",
        D2023,
        [("Former President Trump", "USA", None, None, "former_head_of_state")],
    ),
    # out of office on the date even without "former"
    (
        "Merkel praised the agreement.",
        D2024,
        [("Merkel", "DEU", None, None, "former_head_of_government")],
    ),
    # country possessive + leader
    (
        "India's Modi will travel to Washington.",
        D2024,
        [
            ("India's Modi", "IND", None, "GOV", "head_of_government"),
            ("Washington", "USA", None, None, None),
        ],
    ),
    # EU officeholder through the table
    (
        "European Commission President Ursula von der Leyen visited Kyiv.",
        D2024,
        [
            (
                "European Commission President Ursula von der Leyen",
                "IGO",
                "EU",
                "IGO",
                "commission_president",
            ),
            ("Kyiv", "UKR", None, None, None),
        ],
    ),
    # named with a title before the table's term starts: the title wins
    (
        "Foreign Secretary David Lammy met Wang Yi.",
        dt.date(2024, 6, 1),
        [
            ("Foreign Secretary David Lammy", "GBR", None, "GOV", "foreign_minister"),
            ("Wang Yi", "CHN", None, "GOV", "foreign_minister"),
        ],
    ),
    # foreign minister by title and table on the date
    (
        "Foreign Secretary David Lammy met Wang Yi.",
        dt.date(2024, 9, 1),
        [
            ("Foreign Secretary David Lammy", "GBR", None, "GOV", "foreign_minister"),
            ("Wang Yi", "CHN", None, "GOV", "foreign_minister"),
        ],
    ),
    # leaders of 1990 by title and surname, on the date
    (
        "President Mitterrand welcomed Chancellor Kohl to Paris.",
        D1990,
        [
            ("President Mitterrand", "FRA", None, "GOV", "head_of_state"),
            ("Chancellor Kohl", "DEU", None, "GOV", "head_of_government"),
            ("Paris", "FRA", None, None, None),
        ],
    ),
    # a frequent misspelling of a leader's name is an alias
    (
        "Francois Mitterand spoke on television.",
        D1990,
        [("Francois Mitterand", "FRA", None, "GOV", "head_of_state")],
    ),
    # "former Soviet leader" still names a Russian (Soviet) leader
    (
        "Former Soviet leader Mikhail Gorbachev wrote to the summit.",
        D2019,
        [
            (
                "Former Soviet leader Mikhail Gorbachev",
                "RUS",
                None,
                None,
                "former_head_of_state",
            )
        ],
    ),
    # a name nobody holds the title under on the date: the nearest holder, out of office
    (
        "President Jiang sent a message.",
        D2005,
        [("President Jiang", "CHN", None, None, "former_head_of_state")],
    ),
    # the title gate ignores case and Arabic article particles (Bashir: before his term, the
    # title gives the office)
    (
        "President Omar El Bashir and President Zia-Ul-Haq.",
        D1988,
        [
            ("President Omar El Bashir", "SDN", None, "GOV", "head_of_state"),
            ("President Zia-Ul-Haq", "PAK", None, "GOV", "head_of_state"),
        ],
    ),
    # an alias extends over the rest of the same person's name
    (
        "Sheikh Hamad bin Khalifa al-Thani arrived in Riyadh.",
        D2000,
        [
            ("Sheikh Hamad bin Khalifa al-Thani", "QAT", None, "GOV", "head_of_state"),
            ("Riyadh", "SAU", None, None, None),
        ],
    ),
    # a pope is the head of state of the Holy See; Arafat is Palestine's leader in 2000
    (
        "Pope John Paul II met Yasser Arafat in Bethlehem.",
        D2000,
        [
            ("Pope John Paul II", "VAT", None, "GOV", "head_of_state"),
            ("Yasser Arafat", "PSE", None, "GOV", "head_of_state"),
        ],
    ),
    # heads of IGOs back to the 1990s
    (
        "Kofi Annan and Javier Solana called for calm.",
        D2000,
        [
            ("Kofi Annan", "IGO", "UN", "IGO", "secretary_general"),
            ("Javier Solana", "IGO", "EU", "IGO", "foreign_policy_chief"),
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


@pytest.mark.parametrize(
    ("when", "role", "sector"),
    [
        (dt.date(2018, 6, 1), "head_of_state", "GOV"),  # first term
        (dt.date(2023, 6, 1), "former_head_of_state", None),  # between terms
        (dt.date(2025, 6, 1), "head_of_state", "GOV"),  # second term
        (dt.date(2015, 6, 1), None, None),  # before taking office: the person, not the office
    ],
)
def test_leader_terms_by_date(
    find: Find, when: dt.date, role: str | None, sector: str | None
) -> None:
    spans = find("Trump spoke to reporters.", when)
    assert (spans[0].actor.country, spans[0].actor.role, spans[0].actor.sector) == (
        "USA",
        role,
        sector,
    )


def test_shared_alias_picked_by_date(find: Find) -> None:
    # Two Lebanese presidents named Aoun, years apart
    spans_2018 = find("President Aoun met the envoy.", dt.date(2018, 1, 1))
    spans_2025 = find("President Aoun met the envoy.", dt.date(2025, 6, 1))
    assert spans_2018[0].actor.person == "Michel Aoun"
    assert spans_2025[0].actor.person == "Joseph Aoun"
