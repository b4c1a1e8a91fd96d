"""Resolution of a parsed phrase: new persons, bare bodies, sectors and the labels."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pipeline.normalize.actors.cases import D2022, D2023, D2024, Expected, Find, Summarise

CASES: list[tuple[str, dt.date, list[Expected]]] = [
    # title + unknown name: a new person with the modifier's country
    (
        "Iranian communications minister Farid Rostami was sanctioned.",
        D2022,
        [("Iranian communications minister Farid Rostami", "IRN", None, "GOV", "minister")],
    ),
    # a bare generic body without determiner or country is not a mention
    ("Officials said the talks had stalled.", D2024, []),
    # a rebel title gives sector REB
    (
        "Sudanese rebel leader Adam Yousif rejected the offer.",
        D2023,
        [("Sudanese rebel leader Adam Yousif", "SDN", None, "REB", "rebel_leader")],
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
    ("text", "resolution"),
    [
        ("Russia said no.", "country"),  # country name
        ("Russian diplomats left.", "institution"),  # demonym + institution
        ("Russian oil flows.", "demonym"),  # bare demonym
        ("The summit is in Moscow.", "capital"),  # capital as a place, flagged for the coder
        ("The Kremlin said no.", "metonym"),  # seat of government
        ("NATO said no.", "igo"),  # organisation
        ("The Russian ambassador said no.", "title"),  # demonym + title
        ("Putin said no.", "leader_table"),  # leader by name
        ("Russian envoy Ivan Petrovsky said no.", "person"),  # new person after a title
    ],
)
def test_resolution_labels(find: Find, text: str, resolution: str) -> None:
    spans = find(text, D2024)
    assert [span.actor.resolution for span in spans] == [resolution]
