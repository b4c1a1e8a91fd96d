"""Parquet IO manager: each asset is a hive-partitioned dataset under `<base>/<asset>/`."""

from __future__ import annotations

from typing import Any

import dagster as dg
import pyarrow as pa

from pipeline.heap import release_free_memory
from pipeline.storage import Location
from pipeline.warehouse import StoredTable, read_parquet, write_parquet
from schemas.arrow import TableLike

#: Partition value for assets materialised without partitions (a whole-corpus run).
UNPARTITIONED_BATCH = "all"
PARTITION_COLUMN = "ingest_batch"
PART_FILE = "part-0.parquet"


def partition_file(base_dir: Location, table_name: str, batch: str) -> Location:
    """The single Parquet file that holds one table's rows for one ingest batch."""
    return base_dir.joinpath(table_name, f"{PARTITION_COLUMN}={batch}", PART_FILE)


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


class ParquetIOManager(dg.ConfigurableIOManager):
    """Stores tables as Parquet; re-materialising a batch replaces its file.

    Outputs may be a `pyarrow.Table` or any streamed table (`schemas.arrow.TableSource`, such
    as a `SpooledTable`), which is written a row group at a time. Inputs load as a whole
    `pyarrow.Table`, or lazily as a `StoredTable` when the input is annotated so.

    `base_dir` is a local folder or an `s3://bucket/prefix` URI (credentials and endpoint from
    the environment, see `pipeline.storage`).
    """

    base_dir: str

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Location:
        batch = context.partition_key if context.has_partition_key else UNPARTITIONED_BATCH
        table_name = context.asset_key.path[-1]
        return partition_file(Location.parse(self.base_dir), table_name, batch)

    def handle_output(self, context: dg.OutputContext, obj: TableLike) -> None:
        """Write the table for this asset and batch, replacing any previous file.

        A spooled table is only read here, never closed: the asset that made it may still
        check it after yielding it, and closes it itself.
        """
        location = self._path(context)
        # The step's work is done: what it freed goes back to the system before the next step.
        release_free_memory()
        size = write_parquet(obj, location)
        dataset = Location.parse(self.base_dir).joinpath(context.asset_key.path[-1])
        context.add_output_metadata(
            {
                "path": dg.MetadataValue.path(dataset.uri),
                "dagster/row_count": obj.num_rows,
                "size_bytes": size,
            }
        )

    def load_input(self, context: dg.InputContext) -> pa.Table | StoredTable:
        """The table an upstream asset wrote for this batch: lazily, or read whole."""
        location = self._path(context)
        if wants_stored_table(context):
            return StoredTable(location)
        return read_parquet(location)
