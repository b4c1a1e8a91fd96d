"""Parquet IO manager: each asset is a hive-partitioned dataset under `<base>/<asset>/`."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from pipeline.storage import Location
from pipeline.warehouse import read_parquet, write_parquet

#: Partition value for assets materialised without partitions (a whole-corpus run).
UNPARTITIONED_BATCH = "all"
PARTITION_COLUMN = "ingest_batch"
PART_FILE = "part-0.parquet"


def partition_file(base_dir: Location, table_name: str, batch: str) -> Location:
    """The single Parquet file that holds one table's rows for one ingest batch."""
    return base_dir.joinpath(table_name, f"{PARTITION_COLUMN}={batch}", PART_FILE)


class ParquetIOManager(dg.ConfigurableIOManager):
    """Stores `pyarrow.Table` outputs as Parquet; re-materialising a batch replaces its file.

    `base_dir` is a local folder or an `s3://bucket/prefix` URI (credentials and endpoint from
    the environment, see `pipeline.storage`).
    """

    base_dir: str

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Location:
        batch = context.partition_key if context.has_partition_key else UNPARTITIONED_BATCH
        table_name = context.asset_key.path[-1]
        return partition_file(Location.parse(self.base_dir), table_name, batch)

    def handle_output(self, context: dg.OutputContext, obj: pa.Table) -> None:
        """Write the table for this asset and batch, replacing any previous file."""
        location = self._path(context)
        size = write_parquet(obj, location)
        dataset = Location.parse(self.base_dir).joinpath(context.asset_key.path[-1])
        context.add_output_metadata(
            {
                "path": dg.MetadataValue.path(dataset.uri),
                "dagster/row_count": obj.num_rows,
                "size_bytes": size,
            }
        )

    def load_input(self, context: dg.InputContext) -> pa.Table:
        """Read the table an upstream asset wrote for this batch."""
        return read_parquet(self._path(context))
