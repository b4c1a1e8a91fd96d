"""The arguments of triggers, pinned by invented sentences.

The object of "praised X for doing" does it; a subject the parser hung under "after" still
acts; the owner of an attempt or decision does its act.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemas.records import EventMention


def _pairs(events: list[EventMention]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source_country, e.target_country, e.cameo_root) for e in events}


@pytest.mark.parametrize(
    ("body", "expected", "unexpected"),
    [
        (
            "France praised Germany for agreeing to send tanks to Ukraine.",
            ("DEU", "UKR", "03"),
            ("FRA", "UKR", "03"),
        ),
        (
            "China criticised Japan for holding joint drills with the United States.",
            ("JPN", "USA", "06"),
            ("CHN", "USA", "06"),
        ),
        # a reciprocal object controls nothing: the subjects did it
        (
            "Kenya and Uganda accuse each other of starting the fighting.",
            ("KEN", "UGA", "19"),
            None,
        ),
    ],
)
def test_the_object_of_praise_or_blame_does_the_act_it_is_judged_for(
    code_body: Callable[[str], list[EventMention]],
    body: str,
    expected: tuple[str, str, str],
    unexpected: tuple[str, str, str] | None,
) -> None:
    pairs = _pairs(code_body(body))
    assert expected in pairs
    assert unexpected not in pairs


@pytest.mark.parametrize(
    "body",
    [
        "The aid came a day after a delegation of Kenyan officials met the Ugandan leadership.",
        "The strike came hours after Kenya warned Uganda.",
    ],
)
def test_a_subject_parsed_as_the_object_of_after_still_acts(
    code_body: Callable[[str], list[EventMention]], body: str
) -> None:
    assert any(s == "KEN" and t == "UGA" for s, t, _ in _pairs(code_body(body)))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Kenya's attempts to accuse Uganda of abuse failed.", ("KEN", "UGA", "11")),
        ("Kenya's decision to impose sanctions on Uganda surprised many.", ("KEN", "UGA", "16")),
    ],
)
def test_the_owner_of_an_attempt_or_decision_does_its_act(
    code_body: Callable[[str], list[EventMention]], body: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _pairs(code_body(body))
