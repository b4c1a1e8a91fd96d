"""The check that the six tables of an ingest batch come from one consistent set of runs.

It reads only the files' footers (`attache.*` schema metadata, see `pipeline.table_lineage`),
so it costs a few small reads per batch, local or in S3, however large the tables. It hangs on
`dyad_day`, the last table a run writes, so it runs at the end of every full run; it warns
rather than blocks, since by then every table is written and there is nothing left to stop.

In a partitioned run it checks that run's batch. Executed on its own (from the UI, without a
partition), it checks every batch that has a file in the warehouse.
"""

# No `from __future__ import annotations` here: Dagster reads the `context` annotation at
# definition time and needs the real class, not a string.
from typing import Any

import dagster as dg

# Modules, not their assets: a definition imported into this module's namespace would be
# autoloaded a second time from here.
from pipeline.defs import analysis as analysis_defs
from pipeline.defs import events as coding_defs
from pipeline.defs import ingest as ingest_defs
from pipeline.defs.io_managers import ParquetIOManager
from pipeline.storage import Location
from pipeline.table_lineage import Inconsistency, TableLineage, find_inconsistencies
from pipeline.warehouse import partition_file, read_schema_metadata, stored_batches
from schemas.records import TABLE_MODELS

#: Every table a batch has.
TABLES = tuple(TABLE_MODELS)
#: Batches (and inconsistencies) listed in the check's metadata; more are only counted, so a
#: warehouse of thousands of batches does not make a check result of megabytes.
MAX_LISTED = 50


def _written_together() -> list[set[str]]:
    """Tables one step always writes together: multi-assets that cannot be materialised apart."""
    return [
        {key.path[-1] for key in assets.keys}
        for assets in (ingest_defs.ingest, coding_defs.coding)
        if not assets.can_subset
    ]


def batch_lineages(base_dir: Location, batch: str) -> dict[str, TableLineage | None]:
    """The lineage each table of a batch records, for the tables that have a file.

    Raises:
        ValueError: when a file's `attache.upstream` entry is malformed.
        OSError: when a file is there but cannot be read (a corrupt footer raises
            `pyarrow.ArrowInvalid`, a `ValueError`): the check then fails loudly.
    """
    lineages: dict[str, TableLineage | None] = {}
    for table in TABLES:
        metadata = read_schema_metadata(partition_file(base_dir, table, batch))
        if metadata is not None:
            lineages[table] = TableLineage.from_metadata(metadata)
    return lineages


@dg.asset_check(
    asset=analysis_defs.dyad_day,
    required_resource_keys={"io_manager"},
    description="The tables of each ingest batch were written by runs that fit together: no "
    "table was built from an upstream file that has since been replaced (what a run killed "
    "between two writes leaves), tables one step writes come from one run, and all were "
    "built from the same raw input. Reads only the Parquet footers.",
)
def batch_tables_belong_together(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
    """Warn when a batch's tables carry lineage that does not fit together."""
    io_manager = context.resources.io_manager
    if not isinstance(io_manager, ParquetIOManager):
        raise dg.DagsterInvariantViolationError(
            f"batch_tables_belong_together reads the Parquet warehouse; io_manager is a "
            f"{type(io_manager).__name__}"
        )
    base_dir = Location.parse(io_manager.base_dir)
    if context.has_partition_key:
        batches = [context.partition_key]
    else:
        batches = sorted({batch for table in TABLES for batch in stored_batches(base_dir, table)})
    groups = _written_together()
    found: dict[str, list[Inconsistency]] = {}
    run_ids: dict[str, dict[str, str | None]] = {}
    for batch in batches:
        lineages = batch_lineages(base_dir, batch)
        problems = find_inconsistencies(lineages, expected=TABLES, written_together=groups)
        if problems:
            found[batch] = problems
        if len(run_ids) < MAX_LISTED:
            run_ids[batch] = {
                table: (lineage.run_id if lineage else None) for table, lineage in lineages.items()
            }
    details: list[dict[str, Any]] = [
        {"batch": batch, **problem.to_dict()}
        for batch, problems in found.items()
        for problem in problems
    ]
    offending = sorted({table for problem in details for table in problem["tables"]})
    return dg.AssetCheckResult(
        passed=not found,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "batches_checked": len(batches),
            "batches_inconsistent": dg.MetadataValue.json(sorted(found)),
            "offending_tables": dg.MetadataValue.json(offending),
            "inconsistencies": dg.MetadataValue.json(details[:MAX_LISTED]),
            "run_ids": dg.MetadataValue.json(run_ids),
            "warehouse": dg.MetadataValue.path(base_dir.uri),
        },
    )
