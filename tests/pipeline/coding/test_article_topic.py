"""Sports reports are recognised by their vocabulary; political news mentioning a match is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.coding.article_topic import load_topic_rules, off_topic
from pipeline.reference.errors import ReferenceDataError

SPORTS = (
    "Brazil beat Argentina 3-0 in the World Cup qualifier on Tuesday. The striker scored twice "
    "before half-time and the goalkeeper saved a penalty, leaving the coach delighted with his "
    "squad ahead of the tournament."
)
POLITICS_WITH_A_MATCH = (
    "The two presidents met in Brasilia on Tuesday and later watched a football match together, "
    "officials said. They signed a trade agreement."
)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (SPORTS, "sports"),  # many distinct sports words
        (POLITICS_WITH_A_MATCH, None),  # one or two sports words do not make a sports report
        ("", None),  # empty text
    ],
)
def test_off_topic(text: str, topic: str | None) -> None:
    assert off_topic(text, load_topic_rules()) == topic


def test_malformed_rules_fail_loudly(tmp_path: Path) -> None:
    path = tmp_path / "topic_terms.yaml"
    path.write_text("sports:\n  words: [goal]\n")
    with pytest.raises(ReferenceDataError, match="sports"):
        load_topic_rules(path)
