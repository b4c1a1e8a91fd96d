"""Article bodies become sentences with offsets into the article text; boilerplate is skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

import pytest
from spacy.language import Language
from spacy.tokens import Span

from pipeline.nlp.segmentation import ParsedArticle, dateline_prefix_length, parse_articles
from pipeline.nlp.sentence_bounds import MAX_SENTENCE_TOKENS
from schemas.records import ArticleRecord


@pytest.mark.parametrize(
    ("paragraph", "rest"),
    [
        ("BEIJING, Aug. 5 (Xinhua) -- China on Thursday", "China on Thursday"),  # agency
        ("Aug 27 (Reuters) - Japan will", "Japan will"),  # date and agency only
        ("Nairobi — President Ruto arrived", "President Ruto arrived"),  # place and dash
        # the place's country in brackets before the agency
        ("Castries (Saint Lucia) (AFP) – Cuba and Haiti signed", "Cuba and Haiti signed"),
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
    assert [r.article.source_file for r in results] == ["a.txt", "empty.txt"]
    first, sentences = results[0].article, results[0].sentences
    none = results[1].sentences
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
    assert [r.article.source_file for r in results] == ["a.txt", "b.txt", "c.txt"]
    first = results[0].sentences
    assert [s.span.text for s in first] == [
        "Rain fell.",
        "France recalled its envoy.",
        "Markets closed.",
    ]
    assert [s.parsed for s in first] == [False, True, False]
    assert [s.index for s in first] == [0, 1, 2]
    assert first[1].span.root.lemma_ == "recall"  # parsed: lemmas and dependencies
    assert not any(s.parsed for s in results[1].sentences)
    for result in results:
        for sentence in result.sentences:
            assert (
                result.article.text[sentence.char_start : sentence.char_end] == sentence.span.text
            )


def test_two_processes_parse_the_same_sentences(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    articles = [
        make_article(f"Kenya hosted talks number {n}. Uganda sent a delegation.", name=f"{n}.txt")
        for n in range(12)
    ]

    def summary(n_process: int) -> list[tuple[str, int, str, str]]:
        return [
            (result.article.source_file, s.index, s.span.text, s.span.root.dep_)
            for result in parse_articles(nlp, articles, batch_size=4, n_process=n_process)
            for s in result.sentences
        ]

    assert summary(2) == summary(1)


class _ExplodingParser:
    """The real pipeline, but `pipe` raises on a marker word, as a broken component would."""

    def __init__(self, nlp: Language, marker: str) -> None:
        self._nlp, self._marker = nlp, marker

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)

    def pipe(self, texts: Iterable[tuple[str, Any]], **options: Any) -> Iterator[Any]:
        def checked() -> Iterator[tuple[str, Any]]:
            for text, context in texts:
                if self._marker in text:
                    raise ValueError(f"component cannot handle {self._marker}")
                yield text, context

        return self._nlp.pipe(checked(), **options)


def _summary(results: Iterable[ParsedArticle]) -> list[tuple[str, str | None, list[str]]]:
    return [(r.article.source_file, r.failure, [s.span.text for s in r.sentences]) for r in results]


def test_a_parser_failure_costs_only_its_own_article(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    good = [
        make_article(f"Kenya hosted talks number {n}. Uganda sent a delegation.", name=f"{n}.txt")
        for n in range(10)
    ]
    bad = make_article("Ghana recalled its envoy. The zorbix broke everything.", name="bad.txt")
    articles = [*good[:5], bad, *good[5:]]
    exploding = cast(Language, _ExplodingParser(nlp, "zorbix"))
    results = list(parse_articles(exploding, articles, batch_size=4))
    assert [r.article.source_file for r in results] == [a.source_file for a in articles]
    failed = [r for r in results if r.failure is not None]
    assert [r.article.source_file for r in failed] == ["bad.txt"]
    assert "zorbix" in (failed[0].failure or "")
    assert failed[0].sentences == []
    # Every other article is parsed as in a run without the bad one.
    alone = _summary(parse_articles(nlp, good, batch_size=4))
    assert _summary(r for r in results if r.failure is None) == alone


def test_a_splitting_failure_costs_only_its_own_article(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    articles = [make_article(f"Peru met Chile in round {n}.", name=f"{n}.txt") for n in range(3)]

    def skip_article(article: ArticleRecord) -> bool:
        if article.source_file == "1.txt":
            raise RuntimeError("topic rules broke")
        return False

    results = list(parse_articles(nlp, articles, skip_article=skip_article))
    assert [r.failure is None for r in results] == [True, False, True]
    assert "topic rules broke" in (results[1].failure or "")
    assert [len(r.sentences) for r in results] == [1, 0, 1]


def test_a_failing_input_stops_the_stream(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    def articles() -> Iterator[ArticleRecord]:
        yield make_article("Peru met Chile.", name="a.txt")
        raise OSError("No space left on device")

    with pytest.raises(OSError, match="No space left"):
        list(parse_articles(nlp, articles()))


def test_an_unpunctuated_dump_is_cut_into_bounded_sentences(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    words = ("the minister met officials from Kenya and Uganda " * 30_000).strip()
    article = make_article(words, name="dump.txt")
    (result,) = parse_articles(nlp, [article])
    assert result.failure is None
    assert all(len(s.span) <= MAX_SENTENCE_TOKENS for s in result.sentences)
    assert sum(len(s.span) for s in result.sentences) == len(words.split())
    assert all(s.cut for s in result.sentences)
    for sentence in result.sentences:
        assert article.text[sentence.char_start : sentence.char_end] == sentence.span.text


def test_a_dateline_after_a_byline_is_cut_off(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    body = (
        "By Jane Roe\n\nAssociated Press\n\n"
        "NAIROBI, Kenya (AP) — Kenya hosted Uganda's president on Monday.\n\n"
        "LUSAKA, May 2 (Wire) -- a later paragraph keeps its words."
    )
    article = make_article(body, name="a.txt")
    (result,) = parse_articles(nlp, [article])
    texts = [s.span.text for s in result.sentences]
    assert "Kenya hosted Uganda's president on Monday." in texts
    assert not any(text.startswith("NAIROBI") for text in texts)
    assert any(text.startswith("LUSAKA") for text in texts)  # only the lead's is a dateline


def test_a_dateline_after_a_standfirst_is_cut_off(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    body = (
        "The row comes days after a minister's remarks.\n\n"
        "Nairobi, Kenya – Kenya recalled its ambassador from Uganda.\n\n"
        "Kampala, Uganda – a later paragraph keeps its words."
    )
    article = make_article(body, name="a.txt")
    (result,) = parse_articles(nlp, [article])
    texts = [s.span.text for s in result.sentences]
    assert "Kenya recalled its ambassador from Uganda." in texts
    assert any(text.startswith("Kampala") for text in texts)  # one dateline per article
