"""Analysis assets: mentions clustered into `events`, and the daily dyad summary `dyad_day`."""

# No `from __future__ import annotations` here: Dagster reads the `context` annotation at
# definition time and needs the real class, not a string.
from collections.abc import Iterator

import dagster as dg

from pipeline.aggregation.dyad_day import dyad_day_chart_markdown, iter_dyad_days
from pipeline.aggregation.event_window import (
    cluster_batch_events,
    listed_mentions,
    stale_batches,
)
from pipeline.defs.checks import table_check_results, table_check_specs
from pipeline.defs.io_managers import ParquetIOManager
from pipeline.defs.partitions import ingest_batches
from pipeline.defs.table_metadata import table_definition_metadata
from pipeline.defs.versions import CODE_VERSION
from pipeline.ingest.batches import WHOLE_CORPUS
from pipeline.storage import Location
from pipeline.warehouse import StoredTable, partition_file, stored_batches
from schemas.arrow import TableLike, TableSpool, as_table_source, iter_rows
from schemas.records import DyadDayRecord, EventRecord

#: Output metadata of `events` naming the batches whose rows no longer fit this batch's.
STALE_BATCHES_METADATA = "stale_batches"
#: Events a batch needs before a share of none joined across articles is worth a warning.
MIN_EVENTS_FOR_SHARE = 100


@dg.asset(
    group_name="analysis",
    kinds={"python", "parquet"},
    metadata=table_definition_metadata("events"),
    check_specs=[
        *table_check_specs("events"),
        dg.AssetCheckSpec(
            "events_reported_by_several_articles",
            asset="events",
            description="The share of events reported by more than one article (measured); "
            f"warns when a batch of at least {MIN_EVENTS_FOR_SHARE} events joins none across "
            "articles, which news never does.",
        ),
    ],
    partitions_def=ingest_batches,
    code_version=CODE_VERSION,
    required_resource_keys={"io_manager"},
)
def events(
    context: dg.AssetExecutionContext, event_mentions: StoredTable
) -> Iterator[dg.Output[object] | dg.AssetCheckResult]:
    """One row per real-world event: the mentions of one act, across articles and batches."""
    # Read lazily and clustered bucket by bucket through local spool files, so a large
    # partition costs a bucket's memory, not the partition's; other batches are read only
    # within the window of days (pipeline.aggregation.event_window).
    warehouse = _warehouse(context)
    batch = context.partition_key if context.has_partition_key else WHOLE_CORPUS
    others = window_batches(warehouse, "event_mentions", batch)
    mentions = event_mentions.num_rows
    unclustered: list[str] = []
    clustered = cluster_batch_events(event_mentions, others, unclustered=unclustered)
    owners = [*clustered.window_batches, *clustered.late_reports]
    stored = window_batches(warehouse, "events", batch)
    stale = (
        stale_batches(
            clustered.late_reports,
            listed_mentions(clustered.events),
            {b: stored[b] for b in owners if b in stored},
        )
        if owners
        else []
    )
    with clustered.events as table:
        yield dg.Output(
            table,
            metadata={
                "mentions": mentions,
                # Mentions whose key failed to cluster: each became an event of its own.
                "mentions_not_clustered": len(unclustered),
                "mentions_per_event": round(mentions / table.num_rows, 3)
                if table.num_rows
                else 0.0,
                "window_mentions": clustered.window_mentions,
                "late_reports": dg.MetadataValue.json(
                    {owner: len(ids) for owner, ids in clustered.late_reports.items()}
                ),
                # Read by the `late_reports` sensor, which re-clusters these batches.
                STALE_BATCHES_METADATA: dg.MetadataValue.json(stale),
            },
        )
        yield from table_check_results("events", table)
        yield several_articles_check(table)


def several_articles_check(table: TableLike) -> dg.AssetCheckResult:
    """The share of events reported by more than one article, and whether it warns."""
    num_articles = as_table_source(table).column("num_articles").to_pylist()
    total = len(num_articles)
    several = sum(1 for count in num_articles if count is not None and count > 1)
    share = several / total if total else 0.0
    return dg.AssetCheckResult(
        check_name="events_reported_by_several_articles",
        asset_key="events",
        passed=several > 0 or total < MIN_EVENTS_FOR_SHARE,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "share": round(share, 4),
            "events_reported_by_several_articles": several,
            "events": total,
            "min_events": MIN_EVENTS_FOR_SHARE,
        },
    )


def _warehouse(context: dg.AssetExecutionContext) -> Location | None:
    """The Parquet warehouse, when the IO manager is the one that writes it."""
    io_manager = context.resources.io_manager
    return Location.parse(io_manager.base_dir) if isinstance(io_manager, ParquetIOManager) else None


def window_batches(
    warehouse: Location | None, table_name: str, batch: str
) -> dict[str, StoredTable]:
    """Every other ingest batch's stored file of a table (none for the whole-corpus batch)."""
    if warehouse is None or batch == WHOLE_CORPUS:
        return {}
    return {
        other: StoredTable(partition_file(warehouse, table_name, other))
        for other in stored_batches(warehouse, table_name)
        if other not in (batch, WHOLE_CORPUS)
    }


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
