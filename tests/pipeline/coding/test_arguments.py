"""Participants of triggers, pinned by invented sentences.

Pronouns that name each other as speaker resolve and never loop; possessives bind to their
clause's subject; the object of "praised X for doing" does it; a subject the parser hung under
"after" still acts; "the island nation" is a state named before.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.coding.event_coder import CodingReference, code_articles
from schemas.records import ArticleRecord, EventMention


@pytest.mark.parametrize(
    "body",
    [
        # each "they" is the subject of the other's speech verb
        "They will retaliate, they said.",
        "It will respond to the sanctions, it said.",
        "We will strike back, we said on Monday.",
        "They said they would retaliate, they said.",
    ],
)
def test_pronouns_that_report_each_other_do_not_recurse(
    nlp: Language,
    reference: CodingReference,
    make_article: Callable[..., ArticleRecord],
    body: str,
) -> None:
    body = f"Iran rejected the sanctions imposed by France. {body}"
    coded = code_articles(nlp, [make_article(body)], reference)
    assert coded.failures == []
    # The sentence naming its parties still codes: the pronoun guard only cuts cycles.
    assert ("IRN", "FRA") in {(e.source_country, e.target_country) for e in coded.event_mentions}


def _pairs(events: list[EventMention]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source_country, e.target_country, e.cameo_root) for e in events}


@pytest.mark.parametrize(
    ("body", "expected", "unexpected"),
    [
        # a fronted phrase's possessive is the following subject's (cataphora), through a
        # participle that has no subject of its own
        (
            "Before his talks with Ugandan President Yoweri Museveni, Kenyan President "
            "William Ruto said the border would reopen.",
            ("KEN", "UGA", "04"),
            None,
        ),
        (
            "Opening a joint briefing before his talks with Ugandan President Yoweri Museveni, "
            "Kenyan President William Ruto said the border would reopen.",
            ("KEN", "UGA", "04"),
            None,
        ),
        # the possessive in the object is the subject's, not the nearer person's
        (
            "Kenyan President William Ruto, with Ugandan President Yoweri Museveni by his "
            "side, renewed his offer to mediate between Ethiopia and Eritrea.",
            ("KEN", "ETH", "03"),
            ("UGA", "ETH", "03"),
        ),
    ],
)
def test_a_possessive_is_bound_to_the_subject_of_its_clause(
    code_body: Callable[[str], list[EventMention]],
    body: str,
    expected: tuple[str, str, str],
    unexpected: tuple[str, str, str] | None,
) -> None:
    pairs = _pairs(code_body(body))
    assert expected in pairs
    assert unexpected not in pairs


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
        (
            "Qatar hosted the talks. Saudi Arabia later praised the Gulf state.",
            ("SAU", "QAT", "05"),
        ),
        # a state named in the sentence itself is not the one the epithet stands for
        (
            "Nepalese troops fired at Indian fishermen. The envoy of the Himalayan nation in "
            "India was summoned to the Indian foreign ministry.",
            ("IND", "NPL", "11"),
        ),
    ],
)
def test_an_epithet_for_a_state_is_the_state_named_before(
    code_body: Callable[[str], list[EventMention]], body: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _pairs(code_body(body))


def test_a_relative_pronoun_coordinated_with_a_noun_is_no_party(
    code_body: Callable[[str], list[EventMention]],
) -> None:
    body = (
        "Canada sanctioned Zeta Cloud, a provider sanctioned by the United States and which "
        "it said was helping Iran's government."
    )
    assert ("CAN", "USA", "16") not in _pairs(code_body(body))


def test_a_subject_pronoun_continues_the_last_protagonist(
    code_body: Callable[[str], list[EventMention]],
) -> None:
    body = (
        "President Ruto congratulated the Ugandan president on his victory. "
        "He also met with the Tanzanian president."
    )
    pairs = _pairs(code_body(body))
    assert ("KEN", "TZA", "04") in pairs
    assert ("UGA", "TZA", "04") not in pairs


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
