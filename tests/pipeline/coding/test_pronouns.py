"""Pronouns and epithets, pinned by invented sentences.

Pronouns that name each other as speaker resolve and never loop; a possessive binds to its
clause's subject; "He" as a subject continues the previous sentence's lead; "the island
nation" is a state named before.
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
