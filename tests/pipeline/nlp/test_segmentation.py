"""Article bodies become sentences with offsets into the article text; boilerplate is skipped."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.nlp.segmentation import dateline_prefix_length, parse_articles
from schemas.records import ArticleRecord


@pytest.mark.parametrize(
    ("paragraph", "rest"),
    [
        ("BEIJING, Aug. 5 (Xinhua) -- China on Thursday", "China on Thursday"),  # agency
        ("Aug 27 (Reuters) - Japan will", "Japan will"),  # date and agency only
        ("Nairobi — President Ruto arrived", "President Ruto arrived"),  # place and dash
        ("The UK has announced sanctions", "The UK has announced sanctions"),  # no dateline
        ("Kenya and Tanzania — two neighbours", "Kenya and Tanzania — two neighbours"),  # prose
    ],
)
def test_dateline_prefix(paragraph: str, rest: str) -> None:
    assert paragraph[dateline_prefix_length(paragraph) :] == rest


def test_sentences_point_into_the_article_and_skip_captions(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    body = (
        "PARIS, May 2 (Sample Wire) -- France recalled its envoy. Spain did too.\n\n"
        "Photo: The envoy leaves the embassy. (Reuters)\n\n"
        "Talks resume next week."
    )
    empty = make_article("", name="empty.txt")
    results = list(parse_articles(nlp, [make_article(body, name="a.txt"), empty]))
    assert [a.source_file for a, _ in results] == ["a.txt", "empty.txt"]
    (first, sentences), (_, none) = results
    assert none == []
    texts = [s.span.text for s in sentences]
    assert texts == ["France recalled its envoy.", "Spain did too.", "Talks resume next week."]
    for sentence in sentences:
        assert first.text[sentence.char_start : sentence.char_end] == sentence.span.text
    assert [s.index for s in sentences] == [0, 1, 2]
