"""Ingest assets: raw files in the landing directory become `articles` or `article_rejects`.

One row per `.txt` file or saved page, one per record of a dump, one per file of a format
attache does not read (see `pipeline.ingest.corpus`).
"""

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
from pipeline.ingest.accounting import RowAccounting
from pipeline.ingest.batches import batch_location
from pipeline.ingest.corpus import read_stored_corpus
from pipeline.ingest.input_formats import file_of_source
from pipeline.ingest.raw_files import list_raw_files, source_file_name
from pipeline.progress import ProgressMode, progress
from pipeline.table_lineage import ingest_fingerprint
from schemas.arrow import TableSpool, to_arrow_table
from schemas.records import ArticleRecord, ArticleReject
from schemas.types import RejectReason

#: Files of unsupported formats named in the materialisation's metadata; all are in the table.
UNSUPPORTED_LISTED = 50


class IngestConfig(dg.Config):
    """Run configuration of the ingest step."""

    progress: ProgressMode = "off"
    """`auto`: files read as a bar on a terminal, a line a minute otherwise (`attache run`)."""


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
            description="Every raw file found gave rows (a .txt file or page one, a dump one per "
            "record), and every row names a file found: nothing dropped.",
        ),
    ],
)
def ingest(
    context: dg.AssetExecutionContext, config: IngestConfig, landing: LandingDirectory
) -> Iterator[dg.Output[object] | dg.AssetCheckResult]:
    """Read every raw file of one ingest batch into articles or rejects: one per file or record."""
    root = landing.location()
    directory = batch_location(root, context.partition_key)
    rejects: list[ArticleReject] = []
    # Listed once and handed to the reader, so a file that vanishes or appears mid-run
    # cannot make the accounting check below compare two different listings.
    files = list_raw_files(directory)
    listed = {source_file_name(root, file) for file in files}
    accounting = RowAccounting(listed)
    # Articles are validated and written to a local spool file 512 at a time: a large batch
    # is held neither as Python objects nor as one Arrow table.
    with (
        TableSpool(ArticleRecord, chunk_rows=512) as spool,
        progress(len(files), "reading", config.progress, unit="files") as report,
    ):
        results = read_stored_corpus(
            root, files, processes=landing.process_count(), fields=landing.fields()
        )
        # Results come in file order, so a file is done when a row names the next one; a
        # dump's records all name it (`dump.jsonl:12`).
        current: str | None = None
        for result in results:
            accounting.add(result.source_file)
            file = file_of_source(result.source_file, listed) or result.source_file
            if file != current:
                report.advance(0 if current is None else 1)
                current = file
            if isinstance(result, ArticleRecord):
                spool.extend([result])
            else:
                rejects.append(result)
        report.advance(0 if current is None else 1)
        spooled = spool.finish()
    reasons = Counter(str(r.reason) for r in rejects)
    unsupported = [r.source_file for r in rejects if r.reason == RejectReason.UNSUPPORTED_FORMAT]
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
                "files_seen": len(listed),
                "records_seen": article_table.num_rows + len(rejects),
                "directory": directory.uri,
                INPUT_FINGERPRINT_METADATA: fingerprint,
            },
        )
        yield dg.Output(
            reject_table,
            output_name="article_rejects",
            metadata={
                "reject_reasons": dg.MetadataValue.json(dict(sorted(reasons.items()))),
                # Files of formats attache does not read, for the run's summary (the first 50).
                "unsupported_files": dg.MetadataValue.json(unsupported[:UNSUPPORTED_LISTED]),
                INPUT_FINGERPRINT_METADATA: fingerprint,
            },
        )
        yield from table_check_results("articles", article_table)
    yield from table_check_results("article_rejects", reject_table)
    yield dg.AssetCheckResult(
        check_name="every_raw_file_accounted_for",
        asset_key="article_rejects",
        passed=accounting.complete(),
        metadata={
            "files": len(listed),
            "files_without_rows": len(accounting.files_without_rows()),
            "files_with_extra_rows": len(accounting.single_files_with_extra_rows()),
            "rows_naming_no_file": accounting.stray_rows,
            "articles": spooled.num_rows,
            "rejects": len(rejects),
        },
    )
