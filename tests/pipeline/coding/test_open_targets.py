"""Acts that name no addressee go to the party their source last acted toward.

Unless their own phrase names a place or recipient that is no actor. Invented sentences.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemas.records import EventMention

CodeBody = Callable[[str], list[EventMention]]


def _pairs(events: list[EventMention]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source_country, e.target_country, e.cameo_root) for e in events}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a later offer with no addressee goes to the party the source last dealt with
        (
            "Norway hosted Sudan's foreign minister in Oslo on Monday. "
            "Norway later renewed its offer to mediate.",
            ("NOR", "SDN", "03"),
        ),
        # an aid flight with no recipient named, after the source's pledge to a state
        (
            "Canada pledged emergency aid to Fiji on Sunday. "
            "A Canadian air force plane later landed with Canada's first consignment of aid.",
            ("CAN", "FJI", "07"),
        ),
    ],
)
def test_an_act_without_addressee_borrows_the_last_counterpart(
    code_body: CodeBody, body: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _pairs(code_body(body))


def test_a_named_recipient_that_is_no_state_is_not_replaced(code_body: CodeBody) -> None:
    body = (
        "Canada invited Fiji's prime minister to Ottawa on Sunday. "
        "Canada will also provide $2 billion in aid to Oceania over five years."
    )
    pairs = _pairs(code_body(body))
    assert ("CAN", "FJI", "03") in pairs  # the invitation
    # the pledged aid (an intent, 03) keeps its own recipient, which is no state
    assert ("CAN", None, "03") in pairs


@pytest.mark.parametrize(
    "body",
    [
        "Kenya has recalled its ambassador based in the Ugandan capital, Kampala.",
        "Kenya has recalled its envoy stationed in Uganda for consultations.",
    ],
)
def test_a_target_named_through_a_participle_of_the_object(code_body: CodeBody, body: str) -> None:
    assert ("KEN", "UGA", "16") in _pairs(code_body(body))


@pytest.mark.parametrize(
    "body",
    [
        "Norway offered to help resolve differences between Ethiopia and Eritrea.",
        "Norway renewed its offer of mediation between Ethiopia and Eritrea on Monday.",
    ],
)
def test_an_offer_to_mediate_goes_to_each_party_between(code_body: CodeBody, body: str) -> None:
    pairs = _pairs(code_body(body))
    assert {("NOR", "ETH", "03"), ("NOR", "ERI", "03")} <= pairs


def test_an_offer_to_help_talks_mediates_between_the_storys_parties(code_body: CodeBody) -> None:
    body = (
        "Fighting broke out between Kenya and Uganda on Thursday. "
        "China and the United States also offered to assist in negotiations."
    )
    pairs = _pairs(code_body(body))
    expected = {(s, t, "03") for s in ("CHN", "USA") for t in ("KEN", "UGA")}
    assert expected <= pairs
    # the helpers are no party to the talks they would help
    assert not {("CHN", "USA", "04"), ("USA", "CHN", "04")} & pairs


def test_where_a_trip_takes_its_traveller_is_where_the_visit_goes(code_body: CodeBody) -> None:
    body = "Blinken's first trip abroad as secretary of state will take him to Kenya and Rwanda."
    events = [e for e in code_body(body) if e.source_country == "USA"]
    assert {e.target_country for e in events} == {"KEN", "RWA"}
    assert {e.modality for e in events} == {"planned"}  # "will take": not yet made


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an answer to "the invitation" goes to whoever made it, sentences earlier
        (
            "Kenya's president invited Uganda's president to visit Nairobi. "
            "The Ugandan president accepted the invitation with pleasure.",
            ("UGA", "KEN", "03"),
        ),
        (
            "Norway offered to mediate between Chad and Sudan. Sudan rejected the offer.",
            ("SDN", "NOR", "12"),
        ),
    ],
)
def test_an_answer_to_a_proposal_goes_to_its_author(
    code_body: CodeBody, body: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _pairs(code_body(body))


def test_an_answer_to_a_proposal_the_article_does_not_tell_is_dropped(
    code_body: CodeBody,
) -> None:
    assert code_body("The Ugandan president accepted the invitation with pleasure.") == []


@pytest.mark.parametrize(
    ("body", "unexpected"),
    [
        # the object names the addressee, just no state: nothing is borrowed
        (
            "Kenya rejected an offer from Uganda. The Kenyan president later invited the "
            "opposition to talks.",
            ("KEN", "UGA", "03"),
        ),
        # an offer to help the talks of one's own state is toward no foreign party
        (
            "Kenya rejected an offer from Uganda to help resume talks. The Kenyan president "
            "invited the opposition to talks to help ease tensions.",
            ("KEN", "UGA", "03"),
        ),
    ],
)
def test_a_named_recipient_that_is_no_state_borrows_no_target(
    code_body: CodeBody, body: str, unexpected: tuple[str, str, str]
) -> None:
    assert unexpected not in _pairs(code_body(body))
