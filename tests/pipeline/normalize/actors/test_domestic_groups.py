"""Groups that act for the state they are in: "rebels in Mali", "opposition parties in Nepal".

A rebel, opposition, party, union, student, clerical, judicial, legislative or police group
followed by "in [the] <country or capital>" belongs to that state, so domestic events (rebels
against their own government) can be coded. Government bodies, forces, businesses and civilians
at large are left without it: an embassy, troops or tourists "in Moscow" are as often another
state's.
"""

from __future__ import annotations

import pytest

from tests.pipeline.normalize.actors.cases import D2024, Expected, Find, Summarise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare group at the start of a sentence takes the country after "in"
        (
            "Rebels in Mali seized two towns.",
            [("Rebels in Mali", "MLI", None, "REB", "rebels")],
        ),
        # "the" before the country, and a two-word group name
        (
            "Opposition groups in the Gambia called a strike.",
            [("Opposition groups in the Gambia", "GMB", None, "OPP", "opposition")],
        ),
        # a capital names the state as well
        (
            "Police in Nairobi arrested the organisers.",
            [("Police in Nairobi", "KEN", None, "COP", "police")],
        ),
        # the single-l spelling of guerrillas is a rebel group too
        (
            "Colombian guerillas blew up a pipeline.",
            [("Colombian guerillas", "COL", None, "REB", "rebels")],
        ),
    ],
)
def test_a_group_in_a_country_belongs_to_it(
    find: Find, summarise: Summarise, text: str, expected: list[Expected]
) -> None:
    assert summarise(find(text, D2024)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an embassy in a capital is usually another state's: the city stays a span of its own
        (
            "The embassy in Moscow issued a statement.",
            [("embassy", None, None, "GOV", "embassy"), ("Moscow", "RUS", None, None, None)],
        ),
        # so are troops stationed abroad, and tourists are visitors
        ("Troops in Niger left the base.", [("Niger", "NER", None, None, None)]),
        ("Tourists in Egypt were evacuated.", [("Egypt", "EGY", None, None, None)]),
    ],
)
def test_government_bodies_forces_and_visitors_do_not_take_the_place_they_are_in(
    find: Find, summarise: Summarise, text: str, expected: list[Expected]
) -> None:
    assert summarise(find(text, D2024)) == expected
