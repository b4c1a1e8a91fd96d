"""Participants of triggers: pronouns that name each other as speaker resolve, never loop."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.coding.event_coder import CodingReference, code_articles
from schemas.records import ArticleRecord


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
