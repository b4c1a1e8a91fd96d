"""The output directory: whole-file atomic writes (disk or S3), one writing run at a time.

Readers of a dataset directory (pyarrow, pandas, DuckDB or Polars globs over `*.parquet`) must
never see a half-written file. Files are therefore written under a temporary name that starts
with '.' (pyarrow and pandas skip such files) and does not end in `.parquet` (globs skip it),
then renamed over the real name. A run killed mid-write leaves at most such a temporary file,
which the next run holding the lock removes.

A warehouse in S3 needs none of this: an object becomes visible only when its upload is
complete, so each table is uploaded whole to its final key (`write_parquet`). Nor can it have
the lock: `flock` is local to one machine, so runs writing one S3 warehouse are kept apart by
Dagster instead (one run per partition, and a queue with a per-partition concurrency limit).

Tables are written a row group at a time from any `TableSource` (a spooled table, a stored
one), so writing costs one row group of memory, not the table; `StoredTable` reads a written
file back just as lazily. A write may add entries to the file's schema metadata (the run
lineage of `pipeline.table_lineage`), and `read_schema_metadata` reads them back from the
footer alone.

Layout: one file per table and ingest batch, `<base>/<table>/ingest_batch=<batch>/part-0.parquet`
(`partition_file`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from pipeline import storage
from pipeline.storage import Location
from schemas.arrow import PARQUET_COMPRESSION, ParquetTable, TableLike, TableSource

#: Temporary files are `.<final name>.<random>.tmp`, next to the file they will replace.
TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"
#: The lock file `attache run` holds while it writes; a dot-file, so no reader lists it.
LOCK_FILE = ".attache-run.lock"
#: A table streamed from a `TableSource` is written in row groups of at most this many rows
#: (pyarrow's own default limit) ...
ROW_GROUP_ROWS = 1024 * 1024
#: ... and about this much Arrow data, which bounds what a write holds in memory. 16 MiB is
#: some 3,000 articles or 40,000 event mentions: row groups still large enough for column
#: scans, small enough that a large partition costs no more memory to write than a small one.
ROW_GROUP_BYTES = 16 * 1024 * 1024
#: Rows read from a streamed table at a time: a few MB of articles, far less of other tables.
STREAM_BATCH_ROWS = 1024
#: Local staging files of S3 uploads, in the system's temporary directory.
UPLOAD_PREFIX = "attache-upload-"
#: The hive partition column of every dataset, and the one file of each partition.
PARTITION_COLUMN = "ingest_batch"
PART_FILE = "part-0.parquet"

#: Entries to add to a file's schema metadata.
SchemaMetadata = Mapping[str, str]


def partition_file(base_dir: Location, table_name: str, batch: str) -> Location:
    """The single Parquet file that holds one table's rows for one ingest batch."""
    return base_dir.joinpath(table_name, f"{PARTITION_COLUMN}={batch}", PART_FILE)


def stored_batches(base_dir: Location, table_name: str) -> list[str]:
    """The batches for which a table has a file, sorted; none when the dataset is absent.

    Temporary files of unfinished writes are not files of the layout and are not counted.
    """
    prefix = f"{PARTITION_COLUMN}="
    dataset = base_dir.joinpath(table_name)
    if not dataset.is_s3:
        folder = dataset.local_path
        if not folder.is_dir():
            return []
        return sorted(
            path.parent.name.removeprefix(prefix)
            for path in folder.glob(f"{prefix}*/{PART_FILE}")
            if path.is_file()
        )
    batches = []
    for stored in storage.list_files(dataset, suffix=PART_FILE):
        parts = stored.location.relative_to(dataset).split("/")
        if len(parts) == 2 and parts[0].startswith(prefix) and parts[1] == PART_FILE:
            batches.append(parts[0].removeprefix(prefix))
    return sorted(batches)


def _with_metadata(schema: pa.Schema, metadata: SchemaMetadata | None) -> pa.Schema:
    """The schema with `metadata` added to what its metadata has, replacing equal keys.

    What the schema carries stays: its own metadata (the model's name and docstring) and the
    fields' (the column descriptions). Keys are compared as bytes, as pyarrow stores them, so
    a table read back from the warehouse has its old entries replaced, not doubled.
    """
    if not metadata:
        return schema
    added = {key.encode(): value.encode() for key, value in metadata.items()}
    return schema.with_metadata({**(schema.metadata or {}), **added})


def _row_groups(source: TableSource) -> Iterator[pa.Table]:
    """A streamed table regrouped into row groups of `ROW_GROUP_ROWS` / `ROW_GROUP_BYTES`.

    Whole batches are gathered, so a batch larger than the bound on its own makes a group of
    its own: the bound caps memory, it is not an exact size.
    """
    group: list[pa.RecordBatch] = []
    rows = size = 0
    for batch in source.iter_batches(batch_size=STREAM_BATCH_ROWS):
        if group and (
            size + batch.nbytes > ROW_GROUP_BYTES or rows + batch.num_rows > ROW_GROUP_ROWS
        ):
            yield pa.Table.from_batches(group, schema=source.schema)
            group, rows, size = [], 0, 0
        group.append(batch)
        rows += batch.num_rows
        size += batch.nbytes
    if group:
        yield pa.Table.from_batches(group, schema=source.schema)


def write_parquet_file(
    table: TableLike, sink: str | IO[bytes], *, metadata: SchemaMetadata | None = None
) -> None:
    """Write a table as Parquet with the warehouse's settings, to a path or an open file.

    An in-memory table is written as it is, as `pyarrow.parquet.write_table` would; any other
    `TableSource` is read and written a row group at a time, never whole.

    Args:
        table: The rows to write.
        sink: A local path or a binary file open for writing.
        metadata: Entries added to the file's schema metadata (kept: what the schema has).
    """
    schema = _with_metadata(table.schema, metadata)
    if isinstance(table, pa.Table):
        if metadata:
            table = table.replace_schema_metadata(schema.metadata)
        pq.write_table(table, sink, compression=PARQUET_COMPRESSION)
        return
    # The writer's schema, metadata included, is the file's; row groups need only match its
    # columns (pyarrow compares them without metadata).
    with pq.ParquetWriter(sink, schema, compression=PARQUET_COMPRESSION) as writer:
        for group in _row_groups(table):
            writer.write_table(group, row_group_size=ROW_GROUP_ROWS)


def write_parquet_atomically(
    table: TableLike, path: Path, *, metadata: SchemaMetadata | None = None
) -> None:
    """Write a table so readers see either the old file or the complete new one, never a part.

    The file is written next to its destination, flushed to disk and renamed over it; rename is
    atomic on one filesystem, so a run killed mid-write leaves the previous table intact.

    Args:
        table: The rows to write: a table in memory, or any `TableSource` (streamed).
        path: The final file.
        metadata: Entries added to the file's schema metadata.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            write_parquet_file(table, handle, metadata=metadata)
            handle.flush()
            # Without it a power cut just after the rename may leave an empty file behind the
            # new name on some filesystems; a SIGKILL alone needs no fsync.
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_parquet(
    table: TableLike, location: Location, *, metadata: SchemaMetadata | None = None
) -> int:
    """Write a table where readers see the old file or the complete new one: on disk or in S3.

    Local files go through `write_parquet_atomically`. For S3 the file is first written with
    the same settings to a local temporary file (so the bytes equal the local file's), then
    uploaded to its final key in one call to `pyarrow.fs.copy_files`; memory stays at one row
    group either way.

    Why not stream the Parquet writer straight into an S3 output stream: pyarrow's S3 stream
    has no abort, and it completes the upload when closed or destroyed, also after an error.
    A write that failed (or was interrupted) half-way would then publish a truncated object
    over the previous table. Staging on disk means the upload starts only once the file is
    whole, and runs in a single C++ call that no Python exception can cut short; a failed
    upload is never completed, so the old object stays.

    Args:
        table: The rows to write: a table in memory, or any `TableSource` (streamed).
        location: The final file.
        metadata: Entries added to the file's schema metadata (the column descriptions and
            the rest of what the schema carries are kept).

    Returns:
        The size of the file written, in bytes.
    """
    if not location.is_s3:
        write_parquet_atomically(table, location.local_path, metadata=metadata)
        return location.local_path.stat().st_size
    fd, staged = tempfile.mkstemp(prefix=UPLOAD_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            write_parquet_file(table, handle, metadata=metadata)
        size = os.stat(staged).st_size
        pafs.copy_files(
            staged,
            location.fs_path,
            source_filesystem=pafs.LocalFileSystem(),
            destination_filesystem=location.filesystem(),
        )
    finally:
        Path(staged).unlink(missing_ok=True)
    return size


def read_parquet(location: Location) -> pa.Table:
    """Read one Parquet file from the local disk or from S3."""
    if not location.is_s3:
        return pq.read_table(location.local_path)
    return pq.read_table(location.fs_path, filesystem=location.filesystem())


def read_schema_metadata(location: Location) -> dict[bytes, bytes] | None:
    """A Parquet file's schema metadata, from its footer alone; None when there is no file.

    Only the footer is read (one or two range requests in S3), however large the file.

    Raises:
        OSError: when the file is there but cannot be read.
        pyarrow.ArrowInvalid: when it is not a Parquet file.
    """
    if storage.file_size(location) is None:
        return None
    schema = pq.read_schema(location.fs_path, filesystem=location.filesystem())
    return dict(schema.metadata or {})


class StoredTable(ParquetTable):
    """A table written to the warehouse (local or S3), read lazily as a `TableSource`.

    Only what is asked for is read: the footer for `schema` and `num_rows`, one column for
    `column`, a batch at a time for `iter_batches`. Nothing stays open between calls, and the
    object pickles (it holds only its location).
    """

    def __init__(self, location: Location) -> None:
        self.location = location

    @contextlib.contextmanager
    def _open(self) -> Iterator[pq.ParquetFile]:
        if not self.location.is_s3:
            with pq.ParquetFile(self.location.local_path) as parquet:
                yield parquet
            return
        # A random-access file: the footer, then only the column chunks read, by range requests.
        filesystem = self.location.filesystem()
        with (
            filesystem.open_input_file(self.location.fs_path) as handle,
            pq.ParquetFile(handle) as parquet,
        ):
            yield parquet

    def __repr__(self) -> str:
        return f"StoredTable({self.location.uri})"


def is_temporary(path: Path) -> bool:
    """Whether a file is an unfinished write (see `write_parquet_atomically`)."""
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


def remove_leftovers(output_dir: Path) -> list[Path]:
    """Delete the temporary files killed runs left in the datasets below a directory.

    Call it only while holding `hold_run_lock`: an unfinished write of a running writer looks
    the same as a killed one's.

    Args:
        output_dir: The warehouse directory.

    Returns:
        The files removed, sorted.
    """
    removed = []
    for path in sorted(output_dir.glob(f"*/*/{TEMP_PREFIX}*{TEMP_SUFFIX}")):
        if path.is_file() and is_temporary(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def hold_run_lock(output_dir: Path, *, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold the output directory's run lock, waiting for another holder to finish first.

    The lock is an `fcntl.flock` on `LOCK_FILE`; the kernel releases it when its holder exits,
    however it exits (a SIGKILL included), so a killed run never leaves a stale lock.

    Args:
        output_dir: The warehouse directory (must exist).
        on_wait: Called once, with the process id the lock file names, when another process
            holds the lock and this one is about to wait for it.

    Yields:
        Nothing; the lock is held inside the `with` block.
    """
    path = output_dir / LOCK_FILE
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            on_wait(handle.read().strip() or "unknown")
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            # Truncating the lock file is safe: only the holder writes it, and waiters only
            # read it to name the holder.
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
