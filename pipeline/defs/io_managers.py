"""Parquet IO manager: each asset is a hive-partitioned dataset under `<base>/<asset>/`."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.warehouse import write_parquet_atomically

#: Partition value for assets materialised without partitions (a whole-corpus run).
UNPARTITIONED_BATCH = "all"
PARTITION_COLUMN = "ingest_batch"
PART_FILE = "part-0.parquet"


def partition_file(base_dir: Path, table_name: str, batch: str) -> Path:
    """The single Parquet file that holds one table's rows for one ingest batch."""
    return base_dir / table_name / f"{PARTITION_COLUMN}={batch}" / PART_FILE


class ParquetIOManager(dg.ConfigurableIOManager):
    """Stores `pyarrow.Table` outputs as Parquet; re-materialising a batch replaces its file."""

    base_dir: str

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        batch = context.partition_key if context.has_partition_key else UNPARTITIONED_BATCH
        table_name = context.asset_key.path[-1]
        return partition_file(Path(self.base_dir), table_name, batch)

    def handle_output(self, context: dg.OutputContext, obj: pa.Table) -> None:
        """Write the table for this asset and batch, replacing any previous file."""
        path = self._path(context)
        write_parquet_atomically(obj, path)
        context.add_output_metadata(
            {
                "path": dg.MetadataValue.path(str(path.parent.parent.resolve())),
                "dagster/row_count": obj.num_rows,
                "size_bytes": path.stat().st_size,
            }
        )

    def load_input(self, context: dg.InputContext) -> pa.Table:
        """Read the table an upstream asset wrote for this batch."""
        return pq.read_table(self._path(context))
