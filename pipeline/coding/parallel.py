"""Coding articles on several processes: each worker parses and codes whole articles.

spaCy's own `nlp.pipe(n_process=...)` parallelises only the parse: the main process still
splits, filters and codes every sentence and unpickles every parsed `Doc`, so on two cores it
became the bottleneck while the parser processes waited. Here the unit of work is a slice of
articles instead. A worker runs the whole of `iter_coded_articles` on it (split, pre-filter,
parse, rules, row validation) and sends back two small Arrow tables of rows, so both cores do
the same kind of work and almost nothing but rows crosses a process boundary.

Slices are coded independently (an article never spans two) and come back in input order
(see `pipeline.process_pool`), so the tables equal a single-process run's, row for row. A
worker is replaced after `articles_per_worker` articles, because spaCy's string store grows
with every new word a process sees; the articles of a slice lost with a dead worker are
reported as coding failures, never dropped.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import pyarrow as pa
from spacy.language import Language

from pipeline.coding.event_coder import (
    CodingFailure,
    CodingOptions,
    CodingReference,
    iter_coded_articles,
)
from pipeline.nlp.matmul import limit_blas_threads
from pipeline.process_pool import map_in_order
from schemas.arrow import TableBuilder, iter_rows, to_arrow_table
from schemas.records import ActorMention, ArticleRecord, EventMention

#: Articles per unit of work: large enough that pickling is noise, small enough that the two
#: workers finish together.
ARTICLES_PER_TASK = 24
#: Articles a worker codes before it is replaced (see the module docstring).
ARTICLES_PER_WORKER = 2500


@dataclass
class CodedSlice:
    """The rows and counts of a slice of consecutive articles."""

    actor_mentions: pa.Table
    event_mentions: pa.Table
    failures: list[CodingFailure] = field(default_factory=list)
    num_articles: int = 0
    num_sentences: int = 0
    num_parsed_sentences: int = 0
    num_cut_sentences: int = 0
    """Sentences ended by a bound, not punctuation (see `pipeline.nlp.sentence_bounds`)."""
    resolved_mentions: int = 0
    """Actor mentions resolved to a country."""
    events_by_root: Counter[str] = field(default_factory=Counter)
    rule_seconds: float = 0.0
    """Time spent applying the coding rules after parsing, summed over the slice."""
    seconds: float = 0.0
    """Time the process took over the whole slice (split, filter, parse, rules, rows)."""


def code_slice(
    nlp: Language, articles: pa.Table, reference: CodingReference, options: CodingOptions
) -> CodedSlice:
    """Parse and code a table of articles in this process, returning their rows as Arrow."""
    started = time.perf_counter()
    actor_rows = TableBuilder(ActorMention)
    event_rows = TableBuilder(EventMention)
    coded = CodedSlice(to_arrow_table([], ActorMention), to_arrow_table([], EventMention))
    one_process = replace(options, n_process=1)
    stream = iter_rows(articles, ArticleRecord)
    for article in iter_coded_articles(nlp, stream, reference, one_process):
        actor_rows.extend(article.actor_mentions)
        event_rows.extend(article.event_mentions)
        if article.failure is not None:
            coded.failures.append(article.failure)
        coded.num_articles += 1
        coded.num_sentences += article.num_sentences
        coded.num_parsed_sentences += article.num_parsed_sentences
        coded.num_cut_sentences += article.num_cut_sentences
        coded.resolved_mentions += sum(
            1 for m in article.actor_mentions if m.actor_country is not None
        )
        coded.events_by_root.update(m.cameo_root for m in article.event_mentions)
        coded.rule_seconds += article.rule_seconds
    coded.actor_mentions = actor_rows.build()
    coded.event_mentions = event_rows.build()
    coded.seconds = time.perf_counter() - started
    return coded


def iter_coded_slices(
    nlp: Language,
    articles: Iterable[pa.Table | pa.RecordBatch],
    reference: CodingReference,
    options: CodingOptions,
    *,
    articles_per_task: int = ARTICLES_PER_TASK,
    articles_per_worker: int = ARTICLES_PER_WORKER,
) -> Iterator[CodedSlice]:
    """Code tables of articles on `options.n_process` processes; slices come back in order.

    `articles` may be one table or many (record batches read from Parquet, say), together cut
    into slices of `articles_per_task` articles. With one process the slices are coded here,
    by the same function a worker runs.
    """
    slices = _slices(articles, articles_per_task)
    yield from map_in_order(
        _code_in_worker,
        slices,
        processes=options.n_process,
        on_lost=lambda table, error: _lost_slice(table, f"coding process died: {error!r}"),
        initializer=_start_worker,
        initargs=(nlp, reference, options),
        tasks_per_process=max(1, articles_per_worker // articles_per_task),
    )


def _start_worker(nlp: Language, reference: CodingReference, options: CodingOptions) -> None:
    # A forked OpenBLAS keeps its parent's thread setting; a spawned one would not.
    limit_blas_threads()
    _worker_state.update(nlp=nlp, reference=reference, options=options)


_worker_state: dict[str, object] = {}


def _code_in_worker(articles: pa.Table) -> CodedSlice:
    nlp = _worker_state["nlp"]
    reference = _worker_state["reference"]
    options = _worker_state["options"]
    assert isinstance(nlp, Language)
    assert isinstance(reference, CodingReference)
    assert isinstance(options, CodingOptions)
    return code_slice(nlp, articles, reference, options)


def _lost_slice(articles: pa.Table, error: str) -> CodedSlice:
    coded = CodedSlice(to_arrow_table([], ActorMention), to_arrow_table([], EventMention))
    for article in iter_rows(articles, ArticleRecord):
        coded.failures.append(CodingFailure(article.article_id, article.source_file, error))
        coded.num_articles += 1
    return coded


def _slices(tables: Iterable[pa.Table | pa.RecordBatch], size: int) -> Iterator[pa.Table]:
    buffered: list[pa.Table] = []
    rows = 0
    for batch in tables:
        table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
        offset = 0
        while offset < table.num_rows:
            piece = table.slice(offset, size - rows)
            buffered.append(piece)
            rows += piece.num_rows
            offset += piece.num_rows
            if rows == size:
                yield _combined(buffered)
                buffered, rows = [], 0
    if rows:
        yield _combined(buffered)


def _combined(pieces: list[pa.Table]) -> pa.Table:
    # A slice is pickled to a worker, and pyarrow pickles a slice with every buffer of the
    # record batch it was cut from (7.3 MB for 24 articles of a 1,024-row batch); taking its
    # rows copies them into buffers of their own (93 KB). `combine_chunks` does not copy a
    # table of one chunk.
    table = pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]
    return table.take(pa.array(range(table.num_rows), type=pa.int64()))
