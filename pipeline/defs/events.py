"""Coding assets: articles are parsed with spaCy into `actor_mentions` and `event_mentions`."""

# No `from __future__ import annotations` here: Dagster reads the `config` annotation at
# definition time and needs the real class, not a string.
import time
from collections import Counter
from collections.abc import Iterator

import dagster as dg

from pipeline.coding.event_coder import CodingFailure, CodingOptions, CodingReference
from pipeline.coding.parallel import iter_coded_slices
from pipeline.defs.checks import table_check_results, table_check_specs
from pipeline.defs.partitions import ingest_batches
from pipeline.defs.resources import SpacyPipeline
from pipeline.defs.table_metadata import table_definition_metadata
from pipeline.defs.versions import CODE_VERSION
from pipeline.progress import ProgressMode, progress
from pipeline.warehouse import StoredTable
from schemas.arrow import TableSpool
from schemas.records import ActorMention, EventMention


class CodingConfig(dg.Config):
    """Run configuration of the coding step."""

    prefilter: bool = True
    """Parse only sentences that can hold an event; off, every sentence is parsed."""
    progress: ProgressMode = "off"
    """`auto`: a bar on a terminal, a line a minute otherwise (`attache run` sets it)."""


@dg.multi_asset(
    outs={
        "actor_mentions": dg.AssetOut(
            description="Every actor mention found in article bodies, resolved or not.",
            group_name="events",
            kinds={"spacy", "parquet"},
            metadata=table_definition_metadata("actor_mentions"),
        ),
        "event_mentions": dg.AssetOut(
            description="One row per event coded in a sentence: actors, CAMEO, PLOVER, "
            "modality, date, place and provenance.",
            group_name="events",
            kinds={"spacy", "parquet"},
            metadata=table_definition_metadata("event_mentions"),
        ),
    },
    partitions_def=ingest_batches,
    code_version=CODE_VERSION,
    check_specs=[
        *table_check_specs("actor_mentions", "event_mentions"),
        dg.AssetCheckSpec(
            "every_article_coded",
            asset="event_mentions",
            description="No article failed to code (it would keep its row but lose its events).",
        ),
    ],
)
def coding(
    config: CodingConfig, articles: StoredTable, spacy: SpacyPipeline
) -> Iterator[dg.Output[object] | dg.AssetCheckResult]:
    """Parse article bodies and code who did what to whom, when and where."""
    options = CodingOptions(
        batch_size=spacy.batch_size, n_process=spacy.process_count(), prefilter=config.prefilter
    )
    failures: list[CodingFailure] = []
    roots: Counter[str] = Counter()
    resolved = sentences = parsed = cut = 0
    rule_seconds = slice_seconds = 0.0
    started = time.perf_counter()
    reference = CodingReference.default()
    # Articles are read from Parquet and rows spooled to disk a slice at a time, so memory
    # does not grow with the batch.
    with (
        TableSpool(ActorMention) as actor_spool,
        TableSpool(EventMention) as event_spool,
        progress(articles.num_rows, "coding", config.progress) as report,
    ):
        batches = articles.iter_batches()
        for coded in iter_coded_slices(spacy.nlp, batches, reference, options):
            report.advance(coded.num_articles)
            actor_spool.append_table(coded.actor_mentions)
            event_spool.append_table(coded.event_mentions)
            failures.extend(coded.failures)
            resolved += coded.resolved_mentions
            roots.update(coded.events_by_root)
            sentences += coded.num_sentences
            parsed += coded.num_parsed_sentences
            cut += coded.num_cut_sentences
            rule_seconds += coded.rule_seconds
            slice_seconds += coded.seconds
        actor_table, event_table = actor_spool.finish(), event_spool.finish()
    elapsed = time.perf_counter() - started
    # The checks read the spooled files, so they run before the files are removed.
    with actor_table, event_table:
        yield dg.Output(
            actor_table,
            output_name="actor_mentions",
            metadata={"resolved_mentions": resolved},
        )
        yield dg.Output(
            event_table,
            output_name="event_mentions",
            metadata={
                "events_by_root": dg.MetadataValue.json(dict(sorted(roots.items()))),
                "model": spacy.model_name,
                "entities": spacy.entities,
                "prefilter": config.prefilter,
                "processes": options.n_process,
                "sentences": sentences,
                "sentences_parsed": parsed,
                # Ended by a bound (token budget, chunk edge, over-long run), not punctuation.
                "sentences_cut": cut,
                "coding_seconds": round(elapsed, 3),
                "rule_coding_seconds": round(rule_seconds, 3),
                # Summed over the coding processes: over coding_seconds, the cores kept busy.
                "slice_coding_seconds": round(slice_seconds, 3),
                "articles_not_coded": len(failures),
                "coding_failures": dg.MetadataValue.json(
                    [{"source_file": f.source_file, "error": f.error} for f in failures[:50]]
                ),
            },
        )
        yield from table_check_results("actor_mentions", actor_table)
        yield from table_check_results("event_mentions", event_table)
    yield dg.AssetCheckResult(
        check_name="every_article_coded",
        asset_key="event_mentions",
        passed=not failures,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"articles": articles.num_rows, "failures": len(failures), "threshold": 0},
    )
