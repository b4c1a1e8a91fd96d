"""Pins the Parquet IO manager: spooled outputs are written whole, inputs load eager or lazy.

An asset may yield a `pyarrow.Table` or a `SpooledTable`; the file and its metadata are the
same either way, and the spool stays readable for the checks that follow. A downstream input
annotated `StoredTable` gets the file lazily; any other gets the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.defs.io_managers import ParquetIOManager
from pipeline.warehouse import StoredTable
from schemas.arrow import TABLE_SCHEMAS, TableSpool, to_arrow_table
from schemas.records import ArticleReject

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
    assert seen["lazy"].schema.equals(TABLE_SCHEMAS["article_rejects"], check_metadata=True)
    assert seen["lazy_ids"] == expected["reject_id"].to_pylist()
    for name in ("eager", "untyped"):
        assert isinstance(seen[name], pa.Table), name
        assert seen[name].equals(expected), name

    (materialization,) = result.asset_materializations_for_node("article_rejects")
    metadata = {key: value.value for key, value in materialization.metadata.items()}
    assert metadata["dagster/row_count"] == ROWS
    assert metadata["size_bytes"] == path.stat().st_size
    assert metadata["path"] == str(tmp_path / "article_rejects")
