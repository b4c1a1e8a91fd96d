"""Actor phrases: country words, possessives, fillers, titles and institutions in one span."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.normalize.actors import Actor
from tests.pipeline.normalize.actors.cases import (
    D2000,
    D2019,
    D2022,
    D2023,
    D2024,
    Expected,
    Find,
    Summarise,
)

CASES: list[tuple[str, dt.date, list[Expected]]] = [
    # demonym + title + name is one span, resolved through the leaders table
    (
        "Russian President Vladimir Putin arrived in Ankara on Monday.",
        D2024,
        [
            ("Russian President Vladimir Putin", "RUS", None, "GOV", "head_of_state"),
            ("Ankara", "TUR", None, None, None),
        ],
    ),
    # metonym + title + name
    (
        "Kremlin spokesperson Dmitry Peskov declined to comment.",
        D2024,
        [("Kremlin spokesperson Dmitry Peskov", "RUS", None, "GOV", "spokesperson")],
    ),
    # demonym + institution, determiner left out of the span
    (
        "The French foreign ministry issued a statement.",
        D2022,
        [("French foreign ministry", "FRA", None, "GOV", "foreign_ministry")],
    ),
    # capital possessive + institution
    (
        "Officials at Beijing's embassy rejected the claim.",
        D2022,
        [("Beijing's embassy", "CHN", None, "GOV", "embassy")],
    ),
    # demonym + title, no name
    (
        "Paris called in the Chinese envoy on Friday.",
        D2022,
        [
            ("Paris", "FRA", None, None, None),
            ("Chinese envoy", "CHN", None, "GOV", "envoy"),
        ],
    ),
    # IGO + title + name: organisation officeholder
    (
        "UN Secretary-General Antonio Guterres urged restraint.",
        D2023,
        [("UN Secretary-General Antonio Guterres", "IGO", "UN", "IGO", "secretary_general")],
    ),
    # demonym + military institution; a non-state armed group is not an actor
    (
        "Clashes broke out between the Sudanese army and a paramilitary group.",
        D2023,
        [("Sudanese army", "SDN", None, "MIL", "army")],
    ),
    # coordinated demonyms: one span each, sharing the head's sector
    (
        "Senior Czech and Slovak officials met in Vienna.",
        D2019,
        [
            ("Czech", "CZE", None, "GOV", "officials"),
            ("Slovak officials", "SVK", None, "GOV", "officials"),
            ("Vienna", "AUT", None, None, None),
        ],
    ),
    # "Visiting" stays out of the span; two presidents found by name
    (
        "Visiting Somali President Hassan Sheikh Mohamud held talks with Kenya's leader.",
        D2023,
        [
            ("Somali President Hassan Sheikh Mohamud", "SOM", None, "GOV", "head_of_state"),
            ("Kenya's leader", "KEN", None, "GOV", "leader"),
        ],
    ),
    # possessive country + multi-word institution with an of-complement
    (
        "The text was published by Eritrea's information ministry.",
        D2022,
        [("Eritrea's information ministry", "ERI", None, "GOV", "information_ministry")],
    ),
    # filler adjective between the country and the title
    (
        "Nigeria's cyber police chief Tunde Bello was questioned.",
        D2022,
        [("Nigeria's cyber police chief Tunde Bello", "NGA", None, "COP", "police_chief")],
    ),
    # the coordinated countries each get a span
    (
        "Kenya, Uganda and Tanzania agreed on a customs union.",
        D2024,
        [
            ("Kenya", "KEN", None, None, None),
            ("Uganda", "UGA", None, None, None),
            ("Tanzania", "TZA", None, None, None),
        ],
    ),
    # IGO assets: the organisation acts through its troops and helicopters
    (
        "NATO peacekeeping troops and U.N. helicopters reached the town.",
        D2000,
        [
            ("NATO peacekeeping troops", "IGO", "NATO", "IGO", "armed_forces"),
            ("U.N. helicopters", "IGO", "UN", "IGO", "armed_forces"),
        ],
    ),
    # groups after a demonym take the demonym's state and the group's sector
    (
        "Swiss doctors and American aid groups reached the camp.",
        D2000,
        [
            ("Swiss doctors", "CHE", None, "HLH", "doctors"),
            ("American aid groups", "USA", None, "NGO", "aid_groups"),
        ],
    ),
    # military assets act for the armed forces
    (
        "Israeli tanks shelled the area as Syrian warplanes flew over.",
        D2000,
        [
            ("Israeli tanks", "ISR", None, "MIL", "armed_forces"),
            ("Syrian warplanes", "SYR", None, "MIL", "air_force"),
        ],
    ),
    # rebels and opposition of a state
    (
        "Ugandan rebels and Kenyan dissidents met Afghan rebel leaders.",
        D2000,
        [
            ("Ugandan rebels", "UGA", None, "REB", "rebels"),
            ("Kenyan dissidents", "KEN", None, "OPP", "opposition"),
            ("Afghan rebel leaders", "AFG", None, "REB", "leaders"),
        ],
    ),
    # a leader's name heading a government body is that state's government
    (
        "The Clinton administration and Blair's cabinet agreed.",
        D2000,
        [
            ("Clinton administration", "USA", None, "GOV", "government"),
            ("Blair's cabinet", "GBR", None, "GOV", "cabinet"),
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


def test_phrase_is_one_span_with_person(find: Find) -> None:
    spans = find("Russian President Vladimir Putin spoke.", D2024)
    assert len(spans) == 1
    actor = spans[0].actor
    assert actor == Actor(
        name="Vladimir Putin",
        country="RUS",
        org=None,
        sector="GOV",
        role="head_of_state",
        person="Vladimir Putin",
        resolution="leader_table",
    )
