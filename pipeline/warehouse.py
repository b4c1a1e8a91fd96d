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
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import storage
from pipeline.storage import Location

#: Temporary files are `.<final name>.<random>.tmp`, next to the file they will replace.
TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"
#: The lock file `attache run` holds while it writes; a dot-file, so no reader lists it.
LOCK_FILE = ".attache-run.lock"


def write_parquet_atomically(table: pa.Table, path: Path) -> None:
    """Write a table so readers see either the old file or the complete new one, never a part.

    The file is written next to its destination, flushed to disk and renamed over it; rename is
    atomic on one filesystem, so a run killed mid-write leaves the previous table intact.

    Args:
        table: The rows to write.
        path: The final file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            pq.write_table(table, handle, compression="zstd")
            handle.flush()
            # Without it a power cut just after the rename may leave an empty file behind the
            # new name on some filesystems; a SIGKILL alone needs no fsync.
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_parquet(table: pa.Table, location: Location) -> int:
    """Write a table where readers see the old file or the complete new one: on disk or in S3.

    Local files go through `write_parquet_atomically`. In S3 the file is serialised in memory
    with the same writer settings (so the bytes equal the local file's) and uploaded in one
    request to its final key.

    Args:
        table: The rows to write.
        location: The final file.

    Returns:
        The size of the file written, in bytes.
    """
    if not location.is_s3:
        write_parquet_atomically(table, location.local_path)
        return location.local_path.stat().st_size
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer, compression="zstd")
    data = buffer.getvalue().to_pybytes()
    storage.put_object(location, data)
    return len(data)


def read_parquet(location: Location) -> pa.Table:
    """Read one Parquet file from the local disk or from S3."""
    if not location.is_s3:
        return pq.read_table(location.local_path)
    return pq.read_table(location.fs_path, filesystem=location.filesystem())


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
