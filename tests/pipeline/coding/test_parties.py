"""Every party of an act: lists after a named actor, and meetings between two parties.

Invented sentences.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemas.records import EventMention

CodeBody = Callable[[str], list[EventMention]]


def _pairs(events: list[EventMention]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source_country, e.target_country, e.cameo_root) for e in events}


def test_a_list_after_an_actor_of_a_country_keeps_every_country(code_body: CodeBody) -> None:
    body = "Representatives of Kenya, Uganda and Rwanda held talks with Tanzania's president."
    pairs = _pairs(code_body(body))
    assert {("KEN", "TZA", "04"), ("UGA", "TZA", "04"), ("RWA", "TZA", "04")} <= pairs


@pytest.mark.parametrize(
    "body",
    [
        "The meeting between the presidents of Kenya and Uganda took place in Arusha.",
        "A meeting between Kenyan and Ugandan officials was held on Monday.",
        "Talks between Kenya and Uganda resumed on Monday.",
        "Morocco hosted a meeting between Kenya and Uganda on Monday.",
        # the phrase hangs off the light verb; the leaders' names restate the two states
        "A meeting was held on Monday between the presidents of Kenya and Uganda, William Ruto "
        "and Yoweri Museveni, respectively.",
        # the second party is parsed under the first one's apposition
        "Kenya's president, William Ruto, and Uganda's president, Yoweri Museveni, met on Monday.",
    ],
)
def test_a_meeting_between_two_parties_is_theirs_both_ways(code_body: CodeBody, body: str) -> None:
    pairs = _pairs(code_body(body))
    assert {("KEN", "UGA", "04"), ("UGA", "KEN", "04")} <= pairs
    assert not any(source == target for source, target, _ in pairs)


def test_an_offer_to_host_a_meeting_is_the_hosts_alone(code_body: CodeBody) -> None:
    body = "Morocco's king said he would be ready to host a meeting between Kenya and Uganda."
    pairs = _pairs(code_body(body))
    assert {("MAR", "KEN", "03"), ("MAR", "UGA", "03")} <= pairs
    assert not {("KEN", "UGA", "03"), ("UGA", "KEN", "03")} & pairs  # they agreed to nothing


def test_an_agentless_meeting_is_held_by_the_story_protagonist(code_body: CodeBody) -> None:
    body = (
        "Kenya's president William Ruto met Ethiopia's prime minister on Monday. "
        "Ruto later hosted Somalia's president in Nairobi. "
        "A bilateral meeting with Tanzanian President Samia Suluhu took place as well."
    )
    pairs = _pairs(code_body(body))
    assert {("KEN", "TZA", "04"), ("TZA", "KEN", "04")} <= pairs
    assert ("ETH", "TZA", "04") not in pairs  # the last party named is not the host


@pytest.mark.parametrize(
    ("body", "sources"),
    [
        ("Canada joined Britain and France in imposing sanctions on Iran.", {"CAN", "GBR", "FRA"}),
        (
            "Japan joins the United States and Australia in sanctioning Russian banks.",
            {"JPN", "USA", "AUS"},
        ),
    ],
)
def test_those_joined_in_an_act_do_it_too(
    code_body: CodeBody, body: str, sources: set[str]
) -> None:
    assert {e.source_country for e in code_body(body) if e.cameo_root == "16"} == sources


@pytest.mark.parametrize(
    "body",
    [
        "Kenya and Uganda accused each other of violating the truce.",
        "Kenya and Uganda blamed one another for the clashes.",
        # "the neighbours" are the two parties just named
        "Fighting broke out between Kenya and Uganda on Thursday. "
        "The East African neighbours accuse each other of starting it.",
    ],
)
def test_each_other_makes_each_party_the_others_target(code_body: CodeBody, body: str) -> None:
    assert {("KEN", "UGA", "11"), ("UGA", "KEN", "11")} <= _pairs(code_body(body))


def test_sides_named_by_their_own_modifiers_are_not_the_last_two(code_body: CodeBody) -> None:
    body = (
        "Kenya hosted Uganda's president on Monday. "
        "The Turkish and Greek sides agreed to share information on missing people."
    )
    pairs = _pairs(code_body(body))
    assert ("KEN", "UGA", "03") not in pairs


def test_talks_hosted_by_a_third_party_are_the_parties_and_the_host_receives_them(
    code_body: CodeBody,
) -> None:
    body = (
        "The Kenyan and Ugandan leaders held talks in Tanzania hosted by its President "
        "Samia Suluhu."
    )
    pairs = _pairs(code_body(body))
    assert {("KEN", "UGA", "04"), ("UGA", "KEN", "04")} <= pairs  # the talks are theirs
    assert {("TZA", "KEN", "04"), ("KEN", "TZA", "04"), ("TZA", "UGA", "04")} <= pairs
    assert not any(s == "TZA" and root == "04" and t is None for s, t, root in pairs)


def test_an_apposition_keeps_its_own_list(code_body: CodeBody) -> None:
    body = "Ruto also met presidents Hakainde Hichilema (Zambia) and Lazarus Chakwera (Malawi)."
    assert {("KEN", "ZMB", "04"), ("KEN", "MWI", "04")} <= _pairs(code_body(body))


@pytest.mark.parametrize(
    "body",
    [
        "Ruto met regional leaders, such as presidents Jan Novak (Zambia) and Ivo Banda (Malawi).",
        "Ruto met regional leaders, including the presidents of Zambia and Malawi.",
    ],
)
def test_examples_of_an_unnamed_group_are_its_parties(code_body: CodeBody, body: str) -> None:
    assert {("KEN", "ZMB", "04"), ("KEN", "MWI", "04")} <= _pairs(code_body(body))


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("Tanzania called for talks between Kenya and Uganda.", "026"),
        ("Tanzania proposed peace talks between Kenya and Uganda.", "026"),
        # with no parties named, the two the story is about
        ("Kenya and Uganda clashed on the border. Tanzania called for a ceasefire.", "0256"),
        ("Kenya and Uganda clashed on the border. Tanzania proposed talks.", "026"),
    ],
)
def test_a_third_partys_call_for_talks_or_a_truce_goes_to_each_party(
    code_body: CodeBody, body: str, code: str
) -> None:
    coded = {(e.source_country, e.target_country, e.cameo_code) for e in code_body(body)}
    assert {("TZA", "KEN", code), ("TZA", "UGA", code)} <= coded


def test_their_joint_act_is_the_two_parties_acting_in_the_story(code_body: CodeBody) -> None:
    body = (
        "Kenya's president invited Uganda's president to Nairobi, and the Ugandan president "
        "accepted the invitation. Both proposed a club of mediators for Sudan and Chad. "
        "At the end of their talks, the two leaders signed a trade deal."
    )
    pairs = _pairs(code_body(body))
    assert {("KEN", "UGA", "04"), ("UGA", "KEN", "04")} <= pairs
    assert ("SDN", "TCD", "04") not in pairs  # merely mentioned, not acting


def test_talks_taking_place_are_those_of_the_two_parties_acting(code_body: CodeBody) -> None:
    body = "Kenya and Uganda pledged to settle the dispute. Talks are taking place in Arusha."
    assert {("KEN", "UGA", "04"), ("UGA", "KEN", "04")} <= _pairs(code_body(body))
    # with only one party acting so far, the talks' parties are unknown
    body = "Kenya accused Uganda of incursions. Talks are taking place in Arusha."
    assert not any(root == "04" for _, _, root in _pairs(code_body(body)))
