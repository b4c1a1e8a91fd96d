"""Article bodies become sentences with offsets into the article text; boilerplate is skipped."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Span

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


def test_filtered_sentences_stay_in_place_unparsed(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    articles = [
        make_article("Rain fell. France recalled its envoy. Markets closed.", name="a.txt"),
        make_article("Nothing happened. Still nothing.", name="b.txt"),  # nothing to parse
        make_article("Spain did too.", name="c.txt"),
    ]

    def keep(span: Span) -> bool:
        return any(token.lower_ in {"recalled", "did"} for token in span)

    results = list(parse_articles(nlp, articles, keep=keep, batch_size=2))
    assert [a.source_file for a, _ in results] == ["a.txt", "b.txt", "c.txt"]
    first = results[0][1]
    assert [s.span.text for s in first] == [
        "Rain fell.",
        "France recalled its envoy.",
        "Markets closed.",
    ]
    assert [s.parsed for s in first] == [False, True, False]
    assert [s.index for s in first] == [0, 1, 2]
    assert first[1].span.root.lemma_ == "recall"  # parsed: lemmas and dependencies
    assert not any(s.parsed for s in results[1][1])
    for article, sentences in results:
        for sentence in sentences:
            assert article.text[sentence.char_start : sentence.char_end] == sentence.span.text


def test_two_processes_parse_the_same_sentences(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    articles = [
        make_article(f"Kenya hosted talks number {n}. Uganda sent a delegation.", name=f"{n}.txt")
        for n in range(12)
    ]

    def summary(n_process: int) -> list[tuple[str, int, str, str]]:
        return [
            (article.source_file, s.index, s.span.text, s.span.root.dep_)
            for article, sentences in parse_articles(
                nlp, articles, batch_size=4, n_process=n_process
            )
            for s in sentences
        ]

    assert summary(2) == summary(1)
