"""Pins the Parquet IO manager: spooled outputs are written whole, inputs load eager or lazy.

An asset may yield a `pyarrow.Table` or a `SpooledTable`; the file and its metadata are the
same either way, and the spool stays readable for the checks that follow. A downstream input
annotated `StoredTable` gets the file lazily; any other gets the whole table. Every file records
the run that wrote it, the fingerprint of its input and the run of each upstream file its step
read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.defs.io_managers import INPUT_FINGERPRINT_METADATA, ParquetIOManager
from pipeline.heap import TABLE_PROCESS_THRESHOLD, mapping_threshold
from pipeline.table_lineage import TableLineage
from pipeline.warehouse import StoredTable
from schemas.arrow import TABLE_SCHEMAS, TableSpool, to_arrow_table
from schemas.records import ArticleReject
from tests.pipeline.glibc import requires_glibc

ROWS = 25


def _rejects() -> list[ArticleReject]:
    return [
        ArticleReject(
            reject_id=f"r{i:03d}",
            source_file=f"site/{i:03d}.txt",
            reason="empty_file",  # type: ignore[arg-type]
            detail="0 bytes",
            size_bytes=0,
            content_sha256=None,
        )
        for i in range(ROWS)
    ]


def test_spooled_outputs_are_written_and_inputs_load_lazily_or_whole(tmp_path: Path) -> None:
    seen: dict[str, Any] = {}

    @dg.asset
    def article_rejects() -> Iterator[dg.Output[Any]]:
        spool = TableSpool(ArticleReject, chunk_rows=4)
        spool.extend(_rejects())
        with spool.finish() as spooled:
            yield dg.Output(spooled)
            # The IO manager has written it; it is the asset's to read again and to close.
            seen["spool_after_output"] = (spooled.closed, spooled.read().num_rows)
            seen["spool_path"] = spooled.path

    @dg.asset
    def lazy(article_rejects: StoredTable) -> None:
        seen["lazy"] = article_rejects
        seen["lazy_ids"] = article_rejects.column("reject_id").to_pylist()

    @dg.asset
    def eager(article_rejects: pa.Table) -> None:
        seen["eager"] = article_rejects

    @dg.asset
    def untyped(article_rejects) -> None:  # type: ignore[no-untyped-def]  # no annotation on purpose
        seen["untyped"] = article_rejects

    result = dg.materialize(
        [article_rejects, lazy, eager, untyped],
        resources={"io_manager": ParquetIOManager(base_dir=str(tmp_path))},
    )
    assert result.success
    expected = to_arrow_table(_rejects(), ArticleReject)
    path = tmp_path / "article_rejects" / "ingest_batch=all" / "part-0.parquet"
    assert pq.read_table(path).equals(expected)
    assert seen["spool_after_output"] == (False, ROWS)
    assert not seen["spool_path"].exists()

    assert isinstance(seen["lazy"], StoredTable)
    assert seen["lazy"].location.local_path == path
    assert seen["lazy"].num_rows == ROWS
    # The schema's own metadata and the column descriptions, beside the run's lineage.
    expected_schema = TABLE_SCHEMAS["article_rejects"]
    stored_schema = seen["lazy"].schema
    assert stored_schema.with_metadata(expected_schema.metadata).equals(
        expected_schema, check_metadata=True
    )
    assert TableLineage.from_metadata(stored_schema.metadata) == TableLineage(result.run_id)
    assert seen["lazy_ids"] == expected["reject_id"].to_pylist()
    for name in ("eager", "untyped"):
        assert isinstance(seen[name], pa.Table), name
        assert seen[name].equals(expected), name

    (materialization,) = result.asset_materializations_for_node("article_rejects")
    metadata = {key: value.value for key, value in materialization.metadata.items()}
    assert metadata["dagster/row_count"] == ROWS
    assert metadata["size_bytes"] == path.stat().st_size
    assert metadata["path"] == str(tmp_path / "article_rejects")


def _table(name: str) -> pa.Table:
    return pa.table({"id": [name]})


def test_each_file_records_its_run_its_input_and_the_upstream_runs_it_read(
    tmp_path: Path,
) -> None:
    @dg.multi_asset(outs={"raw": dg.AssetOut(), "raw_rejects": dg.AssetOut()})
    def reading() -> Iterator[dg.Output[Any]]:
        yield dg.Output(_table("r"), "raw", metadata={INPUT_FINGERPRINT_METADATA: "f1"})
        yield dg.Output(_table("x"), "raw_rejects", metadata={INPUT_FINGERPRINT_METADATA: "f1"})

    @dg.asset
    def coded(raw: StoredTable) -> pa.Table:
        return _table("c")

    @dg.asset
    def summary(coded: pa.Table) -> pa.Table:
        return _table("s")

    manager = ParquetIOManager(base_dir=str(tmp_path))

    def lineage(name: str) -> TableLineage | None:
        path = tmp_path / name / "ingest_batch=all" / "part-0.parquet"
        return TableLineage.from_metadata(pq.read_schema(path).metadata)

    first = dg.materialize([reading, coded, summary], resources={"io_manager": manager})
    assert first.success
    run = first.run_id
    assert lineage("raw") == lineage("raw_rejects") == TableLineage(run, "f1", {})
    assert lineage("coded") == TableLineage(run, "f1", {"raw": run})
    assert lineage("summary") == TableLineage(run, "f1", {"coded": run})
    (materialization,) = first.asset_materializations_for_node("summary")
    assert materialization.metadata[INPUT_FINGERPRINT_METADATA].value == "f1"
    assert materialization.metadata["upstream_run_ids"].value == {"coded": run}

    # Only `summary` again, in a later run: it records the `coded` it read, of the first run.
    again = dg.materialize(
        [reading, coded, summary], selection=["summary"], resources={"io_manager": manager}
    )
    assert again.success
    assert again.run_id != run
    assert lineage("summary") == TableLineage(again.run_id, "f1", {"coded": run})
    assert lineage("coded") == TableLineage(run, "f1", {"raw": run})


@requires_glibc
def test_a_step_that_writes_tables_holds_the_low_mapping_threshold(tmp_path: Path) -> None:
    seen: dict[str, int | None] = {}

    @dg.asset
    def article_rejects() -> pa.Table:
        seen["threshold"] = mapping_threshold()
        return to_arrow_table(_rejects(), ArticleReject)

    manager = ParquetIOManager(base_dir=str(tmp_path))
    assert dg.materialize([article_rejects], resources={"io_manager": manager}).success
    assert seen["threshold"] == TABLE_PROCESS_THRESHOLD
