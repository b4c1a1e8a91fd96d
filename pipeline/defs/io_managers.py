"""Parquet IO manager: each asset is a hive-partitioned dataset under `<base>/<asset>/`.

Every file it writes records its lineage in the Parquet schema metadata (`attache.run_id`,
`attache.input_fingerprint`, `attache.upstream`; see `pipeline.table_lineage`). The upstream
run ids are read from the footers of the files a step loads, in `load_input`, and written with
that step's outputs in `handle_output`: both run in the step's own process, on the same IO
manager object, so what one step read never leaks into another's files.
"""

from __future__ import annotations

from typing import Any

import dagster as dg
import pyarrow as pa
from pydantic import PrivateAttr

from pipeline.heap import TABLE_PROCESS_THRESHOLD, hold_mapping_threshold, release_free_memory
from pipeline.storage import Location
from pipeline.table_lineage import TableLineage, lineage_for_output
from pipeline.warehouse import StoredTable, partition_file, read_parquet, write_parquet
from schemas.arrow import TableLike

#: Partition value for assets materialised without partitions (a whole-corpus run).
UNPARTITIONED_BATCH = "all"
#: Output metadata key through which an asset hands the IO manager the fingerprint of the raw
#: input it read (ingest does); other assets inherit their upstream's.
INPUT_FINGERPRINT_METADATA = "input_fingerprint"


def wants_stored_table(context: dg.InputContext) -> bool:
    """Whether the downstream input is annotated `StoredTable` (else it gets a whole table).

    The Dagster type of an input is inferred from its annotation, and keeps the annotated
    class as `typing_type`; an input without one (or whose type Dagster was not told) loads
    eagerly, as before.
    """
    try:
        dagster_type = context.dagster_type
    except dg.DagsterInvariantViolationError:  # an input built without a type (a test's)
        return False
    typing_type: Any = dagster_type.typing_type
    return isinstance(typing_type, type) and issubclass(typing_type, StoredTable)


def _fingerprint_from_metadata(context: dg.OutputContext) -> str | None:
    """The fingerprint the asset put in its output metadata, if it computed one."""
    value = context.output_metadata.get(INPUT_FINGERPRINT_METADATA)
    if value is None:
        return None
    # Output metadata arrives wrapped (a `TextMetadataValue`); a raw string is taken as it is.
    return str(value.value if isinstance(value, dg.MetadataValue) else value)


class ParquetIOManager(dg.ConfigurableIOManager):
    """Stores tables as Parquet; re-materialising a batch replaces its file.

    Outputs may be a `pyarrow.Table` or any streamed table (`schemas.arrow.TableSource`, such
    as a `SpooledTable`), which is written a row group at a time. Inputs load as a whole
    `pyarrow.Table`, or lazily as a `StoredTable` when the input is annotated so.

    `base_dir` is a local folder or an `s3://bucket/prefix` URI (credentials and endpoint from
    the environment, see `pipeline.storage`).
    """

    base_dir: str
    # (op, batch) -> upstream table -> the lineage its file recorded when the op loaded it.
    # Dagster builds the IO manager per run (or per step process), so this never outlives it.
    _inputs_read: dict[tuple[str, str], dict[str, TableLineage | None]] = PrivateAttr(
        default_factory=dict
    )

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Hold the process's mapping threshold low: its steps move tables (`pipeline.heap`)."""
        hold_mapping_threshold(TABLE_PROCESS_THRESHOLD)

    @staticmethod
    def _batch(context: dg.OutputContext | dg.InputContext) -> str:
        return context.partition_key if context.has_partition_key else UNPARTITIONED_BATCH

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Location:
        table_name = context.asset_key.path[-1]
        return partition_file(Location.parse(self.base_dir), table_name, self._batch(context))

    def handle_output(self, context: dg.OutputContext, obj: TableLike) -> None:
        """Write the table for this asset and batch, replacing any previous file.

        The file's schema metadata records the run, the input fingerprint and the run of each
        upstream file this step read. A spooled table is only read here, never closed: the
        asset that made it may still check it after yielding it, and closes it itself.
        """
        location = self._path(context)
        upstream = self._inputs_read.get((context.op_def.name, self._batch(context)), {})
        lineage = lineage_for_output(context.run_id, upstream, _fingerprint_from_metadata(context))
        # The step's work is done: what it freed goes back to the system before the next step.
        release_free_memory()
        size = write_parquet(obj, location, metadata=lineage.to_metadata())
        dataset = Location.parse(self.base_dir).joinpath(context.asset_key.path[-1])
        metadata: dict[str, Any] = {
            "path": dg.MetadataValue.path(dataset.uri),
            "dagster/row_count": obj.num_rows,
            "size_bytes": size,
            "upstream_run_ids": dg.MetadataValue.json(dict(lineage.upstream)),
        }
        if lineage.input_fingerprint and INPUT_FINGERPRINT_METADATA not in context.output_metadata:
            # Shown beside the ingest tables' own, so the UI compares a batch's tables at a glance.
            metadata[INPUT_FINGERPRINT_METADATA] = lineage.input_fingerprint
        context.add_output_metadata(metadata)

    def load_input(self, context: dg.InputContext) -> pa.Table | StoredTable:
        """The table an upstream asset wrote for this batch: lazily, or read whole.

        The lineage its file records is remembered for the outputs of the loading step, as the
        file said when the step loaded it. It comes from the schema in the footer, which the
        load reads anyway (a lazy table caches it, and its row count, for the step).
        """
        location = self._path(context)
        table: pa.Table | StoredTable = (
            StoredTable(location) if wants_stored_table(context) else read_parquet(location)
        )
        step = (context.op_def.name, self._batch(context))
        self._inputs_read.setdefault(step, {})[context.asset_key.path[-1]] = (
            TableLineage.from_metadata(table.schema.metadata)
        )
        return table
