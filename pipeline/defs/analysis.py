"""Analysis assets: mentions clustered into `events`, and the daily dyad summary `dyad_day`."""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg

from pipeline.aggregation.dyad_day import dyad_day_chart_markdown, iter_dyad_days
from pipeline.aggregation.event_clusters import cluster_event_source
from pipeline.defs.checks import table_check_results, table_check_specs
from pipeline.defs.partitions import ingest_batches
from pipeline.defs.table_metadata import table_definition_metadata
from pipeline.defs.versions import CODE_VERSION
from pipeline.warehouse import StoredTable
from schemas.arrow import TableSpool, iter_rows
from schemas.records import DyadDayRecord, EventRecord


@dg.asset(
    group_name="analysis",
    kinds={"python", "parquet"},
    metadata=table_definition_metadata("events"),
    check_specs=table_check_specs("events"),
    partitions_def=ingest_batches,
    code_version=CODE_VERSION,
)
def events(event_mentions: StoredTable) -> Iterator[dg.Output[object] | dg.AssetCheckResult]:
    """One row per real-world event: mentions of one act between the same parties, clustered."""
    # Read lazily and clustered bucket by bucket through local spool files, so a large
    # partition costs a bucket's memory, not the partition's.
    mentions = event_mentions.num_rows
    unclustered: list[str] = []
    with cluster_event_source(event_mentions, unclustered=unclustered) as table:
        yield dg.Output(
            table,
            metadata={
                "mentions": mentions,
                # Mentions whose key failed to cluster: each became an event of its own.
                "mentions_not_clustered": len(unclustered),
                "mentions_per_event": round(mentions / table.num_rows, 3)
                if table.num_rows
                else 0.0,
            },
        )
        yield from table_check_results("events", table)


@dg.asset(
    group_name="analysis",
    kinds={"python", "parquet"},
    metadata=table_definition_metadata("dyad_day"),
    check_specs=table_check_specs("dyad_day"),
    partitions_def=ingest_batches,
    code_version=CODE_VERSION,
)
def dyad_day(events: StoredTable) -> Iterator[dg.Output[object] | dg.AssetCheckResult]:
    """Events per day, source state, target state and QuadClass, with mean Goldstein."""
    # The events stream from the warehouse a batch at a time and only the totals are kept;
    # rows are spooled to a local file as they are made, and the chart reads them back.
    with TableSpool(DyadDayRecord) as spool:
        spool.extend(iter_dyad_days(iter_rows(events, EventRecord)))
        spooled = spool.finish()
    with spooled as table:
        chart = dyad_day_chart_markdown(iter_rows(table, DyadDayRecord))
        yield dg.Output(table, metadata={"chart": dg.MetadataValue.md(chart)})
        yield from table_check_results("dyad_day", table)
