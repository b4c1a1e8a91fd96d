"""Personal names: where a name ends, NER person spans, given names, Title Case headlines."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pipeline.normalize.actors.cases import (
    D2000,
    D2005,
    D2023,
    D2024,
    Expected,
    Find,
    Summarise,
)

CASES: list[tuple[str, dt.date, list[Expected]]] = [
    # a country word after a given name is part of a person's name
    ("Fans cheered as Michael Jordan arrived.", D2024, []),
    # Title Case headline: names stop at capitalised prepositions
    (
        "President Ruto In Mozambique For Talks With Nyusi",
        D2023,
        [
            ("President Ruto", "KEN", None, "GOV", "head_of_state"),
            ("Mozambique", "MOZ", None, None, None),
            ("Nyusi", "MOZ", None, "GOV", "head_of_state"),
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


def test_person_spans_extend_title_and_block_names(find: Find) -> None:
    text = "President Hakainde Hichilema met Jordan Peterson."
    hichilema = (text.index("Hakainde"), text.index(" met"))
    peterson = (text.index("Jordan"), len(text) - 1)
    spans = find(text, D2024, person_spans=(hichilema, peterson))
    assert [span.text for span in spans] == ["President Hakainde Hichilema"]
    assert spans[0].actor.person == "Hakainde Hichilema"


def test_person_span_registers_name_without_guessing(find: Find) -> None:
    # With NER spans given, capitalised words that NER did not mark are not taken as a name
    text = "Minister Cabinet Reshuffle Looms"
    spans = find(text, D2024, person_spans=((0, 1),))
    assert all(span.actor.person is None for span in spans)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Without NER spans, a one-word title closing the name after a first name is a surname.
        ("British Defence Secretary Tom King promised aid.", "Tom King"),
        ("Foreign Minister Anna Bishop arrived.", "Anna Bishop"),
    ],
)
def test_a_closing_title_word_is_a_surname(find: Find, text: str, name: str) -> None:
    spans = find(text, D2000)
    assert spans[0].actor.person == name
    assert text.startswith(spans[0].text)


def test_a_title_before_another_name_is_still_a_title(find: Find) -> None:
    text = "Prime Minister Anna Smith and King Abdullah met."
    spans = find(text, D2005)
    assert spans[0].actor.person == "Anna Smith"
    assert any(span.text.startswith("King Abdullah") for span in spans[1:])
