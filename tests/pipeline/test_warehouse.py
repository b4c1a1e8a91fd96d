"""Pins the output directory's guarantees: whole-file writes, unfinished files unseen, one writer.

A killed write leaves a temporary file beside the table; every reader an analyst might point at
the dataset (pyarrow, pandas, a DuckDB or Polars glob over `*.parquet`) must skip it, and the
next locked run removes it. The run lock makes a second holder wait, and says so. Entries a
write adds to the schema metadata join what the schema carries and are read back from the
footer alone.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from pipeline import warehouse
from pipeline.storage import Location
from pipeline.warehouse import (
    LOCK_FILE,
    StoredTable,
    hold_run_lock,
    is_temporary,
    partition_file,
    read_parquet,
    read_schema_metadata,
    remove_leftovers,
    stored_batches,
    write_parquet,
    write_parquet_atomically,
)
from schemas.arrow import TABLE_SCHEMAS, SpooledTable, TableSpool, to_arrow_table
from schemas.records import ArticleReject

TABLE = pa.table({"article_id": ["a", "b", "c"], "num_words": [10, 20, 30]})


def _killed_write(partition: Path) -> Path:
    """What a SIGKILL mid-write leaves: the start of a Parquet file under a temporary name."""
    leftover = partition / ".part-0.parquet.k1ll3d.tmp"
    leftover.write_bytes(b"PAR1\x15\x00\x15")
    return leftover


def _row_counts(dataset: Path) -> dict[str, int]:
    glob = str(dataset / "**" / "*.parquet")
    return {
        "pyarrow": ds.dataset(dataset, partitioning="hive").count_rows(),
        "pandas": len(pd.read_parquet(dataset)),
        "duckdb": duckdb.sql(f"select count(*) from read_parquet('{glob}')").fetchall()[0][0],
        "polars": pl.read_parquet(glob, hive_partitioning=True).height,
    }


def test_readers_see_the_complete_table_beside_an_unfinished_write(tmp_path: Path) -> None:
    partition = tmp_path / "articles" / "ingest_batch=all"
    write_parquet_atomically(TABLE, partition / "part-0.parquet")
    leftover = _killed_write(partition)
    assert is_temporary(leftover)
    assert _row_counts(tmp_path / "articles") == dict.fromkeys(
        ["pyarrow", "pandas", "duckdb", "polars"], 3
    )
    assert pq.read_table(partition / "part-0.parquet").equals(TABLE)


def test_a_leftover_named_like_parquet_would_break_glob_readers(tmp_path: Path) -> None:
    # Why temporary files must not end in .parquet: a glob reader picks the dot-file up.
    partition = tmp_path / "articles" / "ingest_batch=all"
    write_parquet_atomically(TABLE, partition / "part-0.parquet")
    (partition / ".tmp-k1ll3d.parquet").write_bytes(b"PAR1\x15\x00\x15")
    with pytest.raises(duckdb.Error):
        duckdb.sql(f"select count(*) from read_parquet('{tmp_path}/articles/**/*.parquet')")


def test_a_rewrite_replaces_the_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "events" / "ingest_batch=all" / "part-0.parquet"
    write_parquet_atomically(TABLE, path)
    write_parquet_atomically(TABLE.slice(0, 1), path)
    assert pq.read_table(path).num_rows == 1
    assert [p.name for p in path.parent.iterdir()] == ["part-0.parquet"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "events" / "ingest_batch=all" / "part-0.parquet"
    write_parquet_atomically(TABLE, path)
    with pytest.raises(AttributeError):  # pyarrow fails half-way through the write
        write_parquet_atomically("not a table", path)  # type: ignore[arg-type]
    assert pq.read_table(path).equals(TABLE)
    assert [p.name for p in path.parent.iterdir()] == ["part-0.parquet"]


def test_leftovers_are_removed_and_nothing_else(tmp_path: Path) -> None:
    partition = tmp_path / "articles" / "ingest_batch=all"
    write_parquet_atomically(TABLE, partition / "part-0.parquet")
    leftover = _killed_write(partition)
    (tmp_path / LOCK_FILE).write_text("")
    assert remove_leftovers(tmp_path) == [leftover]
    assert sorted(p.name for p in partition.iterdir()) == ["part-0.parquet"]
    assert (tmp_path / LOCK_FILE).exists()


def test_a_second_holder_waits_and_is_told_who_holds_the_lock(tmp_path: Path) -> None:
    waits: list[str] = []
    events: list[str] = []

    def second() -> None:
        with hold_run_lock(tmp_path, on_wait=waits.append):
            events.append("second holds the lock")

    with hold_run_lock(tmp_path, on_wait=waits.append):
        thread = threading.Thread(target=second)
        thread.start()
        deadline = time.monotonic() + 10
        while not waits and time.monotonic() < deadline:
            time.sleep(0.01)
        # flock locks belong to open files, so a second open in the same process waits too.
        assert waits == [str(os.getpid())]
        assert events == []
        events.append("first releases the lock")
    thread.join(timeout=10)
    assert events == ["first releases the lock", "second holds the lock"]


def test_an_uncontended_lock_does_not_wait(tmp_path: Path) -> None:
    waits: list[str] = []
    with hold_run_lock(tmp_path, on_wait=waits.append):
        pass
    with hold_run_lock(tmp_path, on_wait=waits.append):
        pass
    assert waits == []


def test_s3_tables_are_the_local_bytes_uploaded_whole(
    s3_server: Any, s3_bucket: str, tmp_path: Path
) -> None:
    local = Location.local(tmp_path / "t" / "ingest_batch=all" / "part-0.parquet")
    remote = Location.parse(f"s3://{s3_bucket}/w/t/ingest_batch=all/part-0.parquet")
    assert write_parquet(TABLE, local) == local.local_path.stat().st_size
    write_parquet(TABLE.slice(0, 1), remote)
    size = write_parquet(TABLE, remote)  # replaces the one-row file
    assert read_parquet(remote).equals(TABLE)
    assert read_parquet(local).equals(TABLE)
    body = s3_server.client().get_object(Bucket=s3_bucket, Key=remote.fs_path.split("/", 1)[1])
    assert body["Body"].read() == local.local_path.read_bytes()
    assert size == local.local_path.stat().st_size
    # One object, under its final name: no temporary key to clean up.
    assert s3_server.keys(s3_bucket) == ["w/t/ingest_batch=all/part-0.parquet"]


def _rejects(count: int) -> list[ArticleReject]:
    return [
        ArticleReject(
            reject_id=f"r{i:05d}",
            source_file=f"site/{i:05d}.txt",
            reason="empty_file",  # type: ignore[arg-type]
            detail="0 bytes",
            size_bytes=0,
            content_sha256=None,
        )
        for i in range(count)
    ]


def _spooled(count: int, tmp_path: Path) -> SpooledTable:
    spool = TableSpool(ArticleReject, chunk_rows=100, directory=tmp_path / "spool")
    spool.extend(_rejects(count))
    return spool.finish()


class _FailingSource:
    """A streamed table whose reading fails after its first batch (a disk or network error)."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table
        self.schema = table.schema
        self.num_rows = table.num_rows

    def iter_batches(
        self, columns: Sequence[str] | None = None, *, batch_size: int = 1024
    ) -> Iterator[pa.RecordBatch]:
        yield from self.table.to_batches(max_chunksize=10)[:1]
        raise OSError("lost the source half-way")


def test_a_spooled_table_is_written_a_row_group_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "spool").mkdir()
    # Row groups are bounded by bytes, so a large table is never one group in memory.
    monkeypatch.setattr(warehouse, "ROW_GROUP_BYTES", 4096)
    monkeypatch.setattr(warehouse, "STREAM_BATCH_ROWS", 50)
    path = tmp_path / "article_rejects" / "ingest_batch=all" / "part-0.parquet"
    with _spooled(1000, tmp_path) as spooled:
        size = write_parquet(spooled, Location.local(path))
        assert pq.read_table(path).equals(spooled.read())
    assert size == path.stat().st_size
    assert pq.read_table(path).equals(to_arrow_table(_rejects(1000), ArticleReject))
    metadata = pq.ParquetFile(path).metadata
    assert metadata.num_row_groups > 1
    assert metadata.row_group(0).column(0).compression == "ZSTD"
    assert pq.read_schema(path).equals(TABLE_SCHEMAS["article_rejects"], check_metadata=True)
    assert [p.name for p in path.parent.iterdir()] == ["part-0.parquet"]
    assert list((tmp_path / "spool").iterdir()) == []


def test_an_empty_spooled_table_writes_an_empty_file_with_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "article_rejects" / "ingest_batch=all" / "part-0.parquet"
    with TableSpool(ArticleReject).finish() as spooled:
        write_parquet(spooled, Location.local(path))
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.schema.equals(TABLE_SCHEMAS["article_rejects"], check_metadata=True)


def test_a_streamed_write_that_fails_keeps_the_old_file_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "article_rejects" / "ingest_batch=all" / "part-0.parquet"
    old = to_arrow_table(_rejects(3), ArticleReject)
    write_parquet(old, Location.local(path))
    with pytest.raises(OSError, match="half-way"):
        write_parquet(
            _FailingSource(to_arrow_table(_rejects(50), ArticleReject)), Location.local(path)
        )
    assert pq.read_table(path).equals(old)
    assert [p.name for p in path.parent.iterdir()] == ["part-0.parquet"]


def test_a_killed_streamed_write_leaves_a_file_the_next_run_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "spool").mkdir()
    partition = tmp_path / "article_rejects" / "ingest_batch=all"

    def killed(source: str, destination: Path) -> None:
        raise SystemExit("killed before the rename")

    with _spooled(10, tmp_path) as spooled:
        # What a SIGKILL between the write and the rename leaves: the whole temporary file,
        # since no clean-up runs.
        monkeypatch.setattr(os, "replace", killed)
        monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: None)
        with pytest.raises(SystemExit):
            write_parquet(spooled, Location.local(partition / "part-0.parquet"))
        monkeypatch.undo()
    (leftover,) = partition.iterdir()
    assert is_temporary(leftover)
    assert remove_leftovers(tmp_path) == [leftover]
    assert list((tmp_path / "spool").iterdir()) == []


def test_stored_tables_read_lazily_what_is_asked(tmp_path: Path) -> None:
    path = tmp_path / "article_rejects" / "ingest_batch=all" / "part-0.parquet"
    table = to_arrow_table(_rejects(30), ArticleReject)
    write_parquet(table, Location.local(path))
    stored = StoredTable(Location.local(path))
    assert stored.num_rows == 30
    assert stored.schema.equals(TABLE_SCHEMAS["article_rejects"], check_metadata=True)
    assert stored.column("reject_id").to_pylist() == table["reject_id"].to_pylist()
    assert [b.num_rows for b in stored.iter_batches(["reason"], batch_size=12)] == [12, 12, 6]
    assert stored.read().equals(table)
    assert stored.read(["detail"]).column_names == ["detail"]


def test_s3_writes_of_a_spooled_table_are_the_local_bytes_and_stay_atomic(
    s3_server: Any, s3_bucket: str, tmp_path: Path
) -> None:
    (tmp_path / "spool").mkdir()
    local = Location.local(tmp_path / "t" / "ingest_batch=all" / "part-0.parquet")
    remote = Location.parse(f"s3://{s3_bucket}/w/t/ingest_batch=all/part-0.parquet")
    key = remote.fs_path.split("/", 1)[1]
    with _spooled(500, tmp_path) as spooled:
        local_size = write_parquet(spooled, local)
        assert write_parquet(spooled, remote) == local_size
    body = s3_server.client().get_object(Bucket=s3_bucket, Key=key)["Body"].read()
    assert body == local.local_path.read_bytes()
    # A write that fails half-way publishes nothing: the old object stays, whole.
    with pytest.raises(OSError, match="half-way"):
        write_parquet(_FailingSource(to_arrow_table(_rejects(50), ArticleReject)), remote)
    assert s3_server.client().get_object(Bucket=s3_bucket, Key=key)["Body"].read() == body
    assert s3_server.keys(s3_bucket) == [key]
    stored = StoredTable(remote)
    assert stored.num_rows == 500
    assert stored.column("source_file").to_pylist()[:2] == ["site/00000.txt", "site/00001.txt"]
    assert sum(b.num_rows for b in stored.iter_batches(batch_size=100)) == 500
    assert stored.read().equals(read_parquet(local))
    assert list((tmp_path / "spool").iterdir()) == []


LINEAGE = {"attache.run_id": "run-a", "attache.upstream": "{}"}


@pytest.mark.parametrize("form", ["table", "spooled"])
def test_added_metadata_joins_what_the_schema_carries(
    tmp_path: Path, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "spool").mkdir()
    monkeypatch.setattr(warehouse, "ROW_GROUP_BYTES", 4096)  # several row groups when streamed
    location = Location.local(tmp_path / "article_rejects" / "ingest_batch=b" / "part-0.parquet")
    table = to_arrow_table(_rejects(300), ArticleReject)
    with _spooled(300, tmp_path) as spooled:
        write_parquet(table if form == "table" else spooled, location, metadata=LINEAGE)
    expected = TABLE_SCHEMAS["article_rejects"]
    schema = pq.read_schema(location.local_path)
    # The model's name and docstring stay beside the added keys, the column descriptions too.
    assert schema.metadata == {
        **expected.metadata,
        b"attache.run_id": b"run-a",
        b"attache.upstream": b"{}",
    }
    assert schema.with_metadata(expected.metadata).equals(expected, check_metadata=True)
    assert read_schema_metadata(location) == schema.metadata
    assert pq.read_table(location.local_path).equals(table)


def test_rewriting_a_stored_table_replaces_its_entries_rather_than_doubling_them(
    tmp_path: Path,
) -> None:
    first = Location.local(tmp_path / "a" / "ingest_batch=b" / "part-0.parquet")
    second = Location.local(tmp_path / "c" / "ingest_batch=b" / "part-0.parquet")
    write_parquet(TABLE, first, metadata=LINEAGE)
    write_parquet(StoredTable(first), second, metadata={"attache.run_id": "run-b"})
    assert read_schema_metadata(second) == {
        b"attache.run_id": b"run-b",
        b"attache.upstream": b"{}",
    }


def test_a_missing_file_has_no_metadata(tmp_path: Path) -> None:
    assert read_schema_metadata(Location.local(tmp_path / "none.parquet")) is None


def test_stored_batches_are_the_partitions_with_a_file(tmp_path: Path) -> None:
    base = Location.local(tmp_path)
    for batch in ("2025-03-14", "all"):
        write_parquet(TABLE, partition_file(base, "events", batch))
    (tmp_path / "events" / "ingest_batch=empty").mkdir()  # a folder without its file
    (tmp_path / "events" / "ingest_batch=killed").mkdir()
    _killed_write(tmp_path / "events" / "ingest_batch=killed")  # only an unfinished write
    assert stored_batches(base, "events") == ["2025-03-14", "all"]
    assert stored_batches(base, "dyad_day") == []


def test_s3_batches_and_footers_are_read_like_local_ones(s3_server: Any, s3_bucket: str) -> None:
    base = Location.parse(f"s3://{s3_bucket}/w")
    write_parquet(TABLE, partition_file(base, "events", "b2"), metadata=LINEAGE)
    write_parquet(TABLE, partition_file(base, "events", "b1"))
    assert stored_batches(base, "events") == ["b1", "b2"]
    assert stored_batches(base, "dyad_day") == []
    assert read_schema_metadata(partition_file(base, "events", "b2")) == {
        b"attache.run_id": b"run-a",
        b"attache.upstream": b"{}",
    }
    assert read_schema_metadata(partition_file(base, "events", "b3")) is None
