"""Coding on several processes gives the rows of one process, and loses no article silently."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest
from spacy.language import Language

from pipeline.coding import parallel
from pipeline.coding.event_coder import CodingOptions, CodingReference
from pipeline.coding.parallel import CodedSlice, iter_coded_slices
from pipeline.ingest.corpus import read_corpus
from schemas.arrow import to_arrow_table
from schemas.records import ArticleRecord


@pytest.fixture(scope="module")
def dev_articles(shared_dir: Path) -> pa.Table:
    articles = [
        r
        for r in read_corpus(shared_dir / "corpus" / "dev" / "raw")
        if isinstance(r, ArticleRecord)
    ]
    assert len(articles) >= 10
    return to_arrow_table(articles, ArticleRecord)


def _code(
    nlp: Language, reference: CodingReference, articles: pa.Table, processes: int
) -> list[CodedSlice]:
    options = CodingOptions(n_process=processes)
    # Small slices and short-lived workers, so the test crosses slice and pool boundaries.
    return list(
        iter_coded_slices(
            nlp,
            articles.to_batches(max_chunksize=7),
            reference,
            options,
            articles_per_task=3,
            articles_per_worker=6,
        )
    )


def test_two_processes_code_the_same_rows_as_one(
    nlp: Language, reference: CodingReference, dev_articles: pa.Table
) -> None:
    one = _code(nlp, reference, dev_articles, 1)
    two = _code(nlp, reference, dev_articles, 2)
    assert sum(s.num_articles for s in two) == dev_articles.num_rows
    for name in ("actor_mentions", "event_mentions"):
        rows_one = pa.concat_tables([getattr(s, name) for s in one])
        rows_two = pa.concat_tables([getattr(s, name) for s in two])
        assert rows_two.num_rows > 0
        assert rows_two.equals(rows_one)
    assert [s.num_parsed_sentences for s in two] == [s.num_parsed_sentences for s in one]
    assert not any(s.failures for s in two)


def test_articles_lost_with_a_dead_worker_are_reported_as_failures(
    nlp: Language,
    reference: CodingReference,
    make_article: Callable[..., ArticleRecord],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = [
        make_article("Norway pledged aid to Sudan on Monday.", name=f"a{i}.txt") for i in range(6)
    ]

    def dies(*args: object) -> CodedSlice:
        os._exit(3)  # a worker gone mid-slice, as if killed

    # Workers are forked after this, so they run the stand-in.
    monkeypatch.setattr(parallel, "code_slice", dies)
    table = to_arrow_table(articles, ArticleRecord)
    coded = list(
        iter_coded_slices(nlp, [table], reference, CodingOptions(n_process=2), articles_per_task=2)
    )
    failures = [f for s in coded for f in s.failures]
    assert sorted(f.source_file for f in failures) == sorted(a.source_file for a in articles)
    assert all("coding process died" in f.error for f in failures)


def test_a_slice_sent_to_a_worker_carries_only_its_own_rows(dev_articles: pa.Table) -> None:
    import pickle

    batch = pa.concat_tables([dev_articles] * 20).combine_chunks()
    assert batch.num_rows >= 200
    slices = list(parallel._slices([batch], 3))
    assert pa.concat_tables(slices).equals(batch)
    one = len(pickle.dumps(slices[0]))
    # Not the whole table's buffers, which a zero-copy slice would drag along.
    assert one * 20 < len(pickle.dumps(batch))
    assert pickle.loads(pickle.dumps(slices[0])).equals(batch.slice(0, 3))
