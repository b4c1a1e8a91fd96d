"""Ingest assets: raw files in the landing directory become `articles` or `article_rejects`."""

# No `from __future__ import annotations` here: Dagster reads the `context` annotation at
# definition time and needs the real class, not a string.
from collections import Counter
from collections.abc import Iterator

import dagster as dg

from pipeline.defs.checks import table_check_results, table_check_specs
from pipeline.defs.io_managers import INPUT_FINGERPRINT_METADATA
from pipeline.defs.partitions import ingest_batches
from pipeline.defs.resources import LandingDirectory
from pipeline.defs.table_metadata import table_definition_metadata
from pipeline.defs.versions import CODE_VERSION
from pipeline.ingest.batches import batch_location
from pipeline.ingest.corpus import read_stored_corpus
from pipeline.ingest.raw_files import list_raw_files, source_file_name
from pipeline.table_lineage import ingest_fingerprint
from schemas.arrow import TableSpool, to_arrow_table
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
    partitions_def=ingest_batches,
    code_version=CODE_VERSION,
    check_specs=[
        *table_check_specs("articles", "article_rejects"),
        dg.AssetCheckSpec(
            "every_raw_file_accounted_for",
            asset="article_rejects",
            blocking=True,
            description="Articles plus rejects equal the raw files found: nothing dropped.",
        ),
    ],
)
def ingest(
    context: dg.AssetExecutionContext, landing: LandingDirectory
) -> Iterator[dg.Output[object] | dg.AssetCheckResult]:
    """Read every `*.txt` of one ingest batch into an article or a reject."""
    root = landing.location()
    directory = batch_location(root, context.partition_key)
    rejects: list[ArticleReject] = []
    # Listed once and handed to the reader, so a file that vanishes or appears mid-run
    # cannot make the accounting check below compare two different listings.
    files = list_raw_files(directory)
    accounted: list[str] = []
    # Articles are validated and written to a local spool file 512 at a time: a large batch
    # is held neither as Python objects nor as one Arrow table.
    with TableSpool(ArticleRecord, chunk_rows=512) as spool:
        for result in read_stored_corpus(root, files, processes=landing.process_count()):
            accounted.append(result.source_file)
            if isinstance(result, ArticleRecord):
                spool.extend([result])
            else:
                rejects.append(result)
        spooled = spool.finish()
    listed = sorted(source_file_name(root, file) for file in files)
    reasons = Counter(str(r.reason) for r in rejects)
    reject_table = to_arrow_table(rejects, ArticleReject)
    # The IO manager writes the spooled table as it is yielded; the checks then read it again,
    # and the spool file is removed when the block ends (or the step is abandoned).
    with spooled as article_table:
        # Recorded in both files (and by every table built from them) by the IO manager.
        fingerprint = ingest_fingerprint(article_table, reject_table)
        yield dg.Output(
            article_table,
            output_name="articles",
            metadata={
                "files_seen": article_table.num_rows + len(rejects),
                "directory": directory.uri,
                INPUT_FINGERPRINT_METADATA: fingerprint,
            },
        )
        yield dg.Output(
            reject_table,
            output_name="article_rejects",
            metadata={
                "reject_reasons": dg.MetadataValue.json(dict(sorted(reasons.items()))),
                INPUT_FINGERPRINT_METADATA: fingerprint,
            },
        )
        yield from table_check_results("articles", article_table)
    yield from table_check_results("article_rejects", reject_table)
    articles = spooled.num_rows
    yield dg.AssetCheckResult(
        check_name="every_raw_file_accounted_for",
        asset_key="article_rejects",
        passed=sorted(accounted) == listed and articles + len(rejects) == len(listed),
        metadata={
            "files": len(listed),
            "articles": articles,
            "rejects": len(rejects),
        },
    )
