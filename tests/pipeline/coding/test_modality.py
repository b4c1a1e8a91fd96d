"""Modality of coded events: what the words around a trigger say about whether it happened."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemas.records import EventMention

CodeBody = Callable[[str], list[EventMention]]


@pytest.mark.parametrize(
    "body",
    [
        "Kenya has yet to recognize Uganda's new government.",
        "Kenya is yet to sign the border agreement with Uganda.",
    ],
)
def test_yet_to_means_it_has_not_happened(code_body: CodeBody, body: str) -> None:
    events = [e for e in code_body(body) if e.source_country == "KEN"]
    assert events
    assert {e.modality for e in events} == {"denied"}


def test_yet_elsewhere_denies_nothing(code_body: CodeBody) -> None:
    body = "Kenya signed the agreement with Uganda, though it is yet unclear when it starts."
    events = [e for e in code_body(body) if e.source_country == "KEN"]
    assert {e.modality for e in events} == {"occurred"}


@pytest.mark.parametrize(
    ("body", "modality"),
    [
        ("Talks between Kenya and Uganda will take place next week.", "planned"),
        ("Talks between Kenya and Uganda took place on Monday.", "occurred"),
    ],
)
def test_an_event_nouns_own_predicate_says_whether_it_happened(
    code_body: CodeBody, body: str, modality: str
) -> None:
    events = [e for e in code_body(body) if e.source_country == "KEN"]
    assert events
    assert {e.modality for e in events} == {modality}


def test_being_prepared_to_punish_is_a_threat_made_now(code_body: CodeBody) -> None:
    events = code_body("Kenya is prepared to impose sanctions on Uganda.")
    assert {(e.source_country, e.target_country, e.cameo_root, e.modality) for e in events} == {
        ("KEN", "UGA", "13", "occurred")
    }
