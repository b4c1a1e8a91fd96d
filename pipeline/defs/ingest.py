"""Ingest assets: raw files in the landing directory become `articles` or `article_rejects`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import dagster as dg

from pipeline.defs.resources import LandingDirectory
from pipeline.defs.table_metadata import table_definition_metadata
from pipeline.ingest.corpus import read_corpus
from schemas.arrow import to_arrow_table
from schemas.records import ArticleRecord, ArticleReject


@dg.multi_asset(
    outs={
        "articles": dg.AssetOut(
            description="Parsed news articles: dates, headline and normalised text.",
            group_name="ingest",
            kinds={"python", "parquet"},
            metadata=table_definition_metadata("articles"),
        ),
        "article_rejects": dg.AssetOut(
            description="Raw files that did not become articles, each with a reason.",
            group_name="ingest",
            kinds={"python", "parquet"},
            metadata=table_definition_metadata("article_rejects"),
        ),
    },
)
def ingest(landing: LandingDirectory) -> Iterator[dg.Output[object]]:
    """Read every `*.txt` below the landing directory into an article or a reject."""
    articles: list[ArticleRecord] = []
    rejects: list[ArticleReject] = []
    for result in read_corpus(landing.resolved()):
        (articles if isinstance(result, ArticleRecord) else rejects).append(result)  # type: ignore[arg-type]
    reasons = Counter(str(r.reason) for r in rejects)
    yield dg.Output(
        to_arrow_table(articles, ArticleRecord),
        output_name="articles",
        metadata={"files_seen": len(articles) + len(rejects), "landing_dir": landing.path},
    )
    yield dg.Output(
        to_arrow_table(rejects, ArticleReject),
        output_name="article_rejects",
        metadata={"reject_reasons": dg.MetadataValue.json(dict(sorted(reasons.items())))},
    )
