"""The pre-filter keeps every sentence the coder would code, and the fast path loses nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.benchmark.corpus_generator import generate_corpus
from pipeline.coding.event_coder import CodingReference, code_articles, iter_coded_articles
from pipeline.coding.sentence_filter import EventSentenceFilter, sentence_filter_for
from pipeline.ingest.corpus import read_corpus
from schemas.records import ArticleRecord
from tests.pipeline.coding.test_lexicon_patterns import CASES


@pytest.fixture(scope="module")
def sentence_filter(nlp: Language, reference: CodingReference) -> EventSentenceFilter:
    built = EventSentenceFilter.for_pipeline(nlp, reference.lexicon)
    assert built is not None
    return built


@pytest.mark.parametrize(
    ("form", "pos", "lemma"),
    [
        ("met", "VERB", "meet"),  # irregular
        ("sanctions", "NOUN", "sanction"),
        ("visiting", "VERB", "visit"),
        ("planned", "VERB", "plan"),  # doubled consonant
        ("talks", "VERB", "talk"),
    ],
)
def test_inflected_forms_reach_their_lemma(
    sentence_filter: EventSentenceFilter, form: str, pos: str, lemma: str
) -> None:
    assert lemma in sentence_filter.lemma_candidates(form)[pos]


def test_a_verb_form_does_not_reach_a_noun_entry(sentence_filter: EventSentenceFilter) -> None:
    assert "accord" not in sentence_filter.lemma_candidates("according")["NOUN"]


@pytest.mark.parametrize(
    ("sentence", "keep"),
    [
        ("Chile and Peru met in Lima on Monday.", True),  # irregular past of a trigger
        ("Norway imposed fresh counter-measures on the fleet.", True),  # hyphenated compound
        ("The envoy said Ghana must repay the loan.", True),  # speech verb with a modal demand
        ("The envoy said the weather was mild.", False),  # speech verb alone
        ("According to the report, prices fell.", False),  # "accord" is a noun entry
        ("Norway broke off relations with Chad.", True),  # particle and object present
        ("The vase broke into pieces.", False),  # "break" needs relations or ties
        ("Rainfall in the north was twice the seasonal average.", False),
        ("The company reported higher profits for the quarter.", False),
    ],
)
def test_keeps_sentences_that_can_hold_an_event(
    nlp: Language, sentence_filter: EventSentenceFilter, sentence: str, keep: bool
) -> None:
    assert sentence_filter.may_hold_event(nlp.make_doc(sentence)[:]) is keep


def test_every_regression_sentence_with_an_event_is_kept(
    nlp: Language, sentence_filter: EventSentenceFilter
) -> None:
    dropped = [
        body
        for _, body, expected in CASES
        if expected and not sentence_filter.may_hold_event(nlp.make_doc(body)[:])
    ]
    assert dropped == []


def test_fast_path_codes_the_same_rows_as_parsing_everything(
    nlp: Language, reference: CodingReference, make_article: Callable[..., ArticleRecord]
) -> None:
    # Every regression sentence, plus filler a filter must skip, as a few multi-paragraph
    # articles: pronouns and dates then cross skipped sentences as they do in real reports.
    filler = "Rainfall in the north was twice the seasonal average. Markets were closed."
    bodies = [body for _, body, _ in CASES]
    articles = [
        make_article(
            "\n\n".join(f"{filler} {body}" for body in bodies[start : start + 25]),
            name=f"bundle-{start}.txt",
        )
        for start in range(0, len(bodies), 25)
    ]
    sports = make_article(
        "Brazil's captain scored twice as the squad beat Chile in the cup final. The coach "
        "praised the goalkeeper after the match, and Chile's striker missed a late penalty.",
        name="sports.txt",
    )
    articles.append(sports)
    fast = code_articles(nlp, articles, reference, prefilter=True)
    full = code_articles(nlp, articles, reference, prefilter=False)
    assert fast.failures == full.failures == []
    assert len(fast.event_mentions) > len(CASES) // 2
    assert fast.event_mentions == full.event_mentions
    assert fast.actor_mentions == full.actor_mentions


def test_fast_path_codes_the_same_rows_on_a_sample_of_generated_news(
    nlp: Language, reference: CodingReference, tmp_path: Path
) -> None:
    # A general news feed, as the benchmark codes it: about half its sentences are skipped,
    # and with entities found by rule a skipped sentence's actors are those a parse would give.
    generate_corpus(tmp_path, 60, seed=11)
    articles = [a for a in read_corpus(tmp_path) if isinstance(a, ArticleRecord)]
    assert len(articles) == 60
    fast = code_articles(nlp, articles, reference, prefilter=True)
    full = code_articles(nlp, articles, reference, prefilter=False)
    assert fast.failures == full.failures == []
    assert len(fast.event_mentions) > 100
    assert fast.event_mentions == full.event_mentions
    assert fast.actor_mentions == full.actor_mentions


def test_a_sports_report_is_not_parsed_at_all(
    nlp: Language, reference: CodingReference, make_article: Callable[..., ArticleRecord]
) -> None:
    sports = make_article(
        "Ghana's captain scored twice as the squad beat Mali in the cup final. The coach "
        "praised the goalkeeper after the match, and Mali's striker missed a late penalty.",
        name="sports.txt",
    )
    coded = list(iter_coded_articles(nlp, [sports], reference))
    assert coded[0].num_sentences == 2
    assert coded[0].num_parsed_sentences == 0
    assert coded[0].event_mentions == []


def test_a_process_builds_one_filter_per_pipeline_and_lexicon(nlp: Language) -> None:
    lexicon = CodingReference.default().lexicon
    first = sentence_filter_for(nlp, lexicon)
    assert first is not None
    # Every slice a coding worker codes shares the filter, and with it its word cache.
    assert sentence_filter_for(nlp, lexicon) is first
    other = copy.copy(lexicon)  # an equal lexicon, another object
    assert other is not lexicon
    assert sentence_filter_for(nlp, other) is not first
