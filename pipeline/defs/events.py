"""Coding assets: articles are parsed with spaCy into `actor_mentions` and `event_mentions`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import dagster as dg
import pyarrow as pa

from pipeline.coding.event_coder import CodingReference, code_articles
from pipeline.defs.checks import table_check_results, table_check_specs
from pipeline.defs.partitions import ingest_batches
from pipeline.defs.resources import SpacyPipeline
from pipeline.defs.table_metadata import table_definition_metadata
from pipeline.defs.versions import CODE_VERSION
from schemas.arrow import rows_from_table, to_arrow_table
from schemas.records import ActorMention, ArticleRecord, EventMention


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
    articles: pa.Table, spacy: SpacyPipeline
) -> Iterator[dg.Output[pa.Table] | dg.AssetCheckResult]:
    """Parse article bodies and code who did what to whom, when and where."""
    records = rows_from_table(articles, ArticleRecord)
    coded = code_articles(
        spacy.nlp,
        records,
        CodingReference.default(),
        batch_size=spacy.batch_size,
    )
    resolved = sum(1 for m in coded.actor_mentions if m.actor_country is not None)
    actor_table = to_arrow_table(coded.actor_mentions, ActorMention)
    event_table = to_arrow_table(coded.event_mentions, EventMention)
    yield dg.Output(
        actor_table,
        output_name="actor_mentions",
        metadata={"resolved_mentions": resolved},
    )
    roots = Counter(m.cameo_root for m in coded.event_mentions)
    yield dg.Output(
        event_table,
        output_name="event_mentions",
        metadata={
            "events_by_root": dg.MetadataValue.json(dict(sorted(roots.items()))),
            "model": spacy.model_name,
            "articles_not_coded": len(coded.failures),
            "coding_failures": dg.MetadataValue.json(
                [{"source_file": f.source_file, "error": f.error} for f in coded.failures[:50]]
            ),
        },
    )
    yield from table_check_results("actor_mentions", actor_table)
    yield from table_check_results("event_mentions", event_table)
    yield dg.AssetCheckResult(
        check_name="every_article_coded",
        asset_key="event_mentions",
        passed=not coded.failures,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"articles": len(records), "failures": len(coded.failures), "threshold": 0},
    )
