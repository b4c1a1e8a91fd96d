"""Reading a dump file (JSON Lines, CSV or Parquet), on disk or in S3, record by record.

Opens the file with the checks every local read makes (`raw_files.open_raw_file`), hands its
bytes to the reader of its format, and makes sure the file is accounted for even when it holds
no record at all (an `empty_file` reject naming the file).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pipeline import storage
from pipeline.ingest.csv_rows import read_csv_rows
from pipeline.ingest.file_names import relative_source_name
from pipeline.ingest.input_formats import InputFormat
from pipeline.ingest.json_lines import read_json_lines
from pipeline.ingest.news_fields import FieldMapping
from pipeline.ingest.news_records import DumpRecord
from pipeline.ingest.parquet_tables import read_parquet_rows
from pipeline.ingest.raw_files import open_raw_file, source_file_name
from pipeline.ingest.rejects import reject_row
from pipeline.storage import Location
from schemas.records import ArticleReject
from schemas.types import RejectReason


def read_dump_file(
    input_dir: Path, path: Path, dump_format: InputFormat, mapping: FieldMapping
) -> Iterator[DumpRecord | ArticleReject]:
    """Yield the records of a local dump, or the rejects of what cannot be read.

    Args:
        input_dir: The corpus directory `path` was found in.
        path: The dump, as listed by `discover_raw_files`.
        dump_format: Its format (one of `input_formats.DUMP_FORMATS`).
        mapping: The field names of each role (Parquet reads only those columns).
    """
    opened = open_raw_file(input_dir, path)
    if isinstance(opened, ArticleReject):
        yield opened
        return
    with opened as raw:
        yield from read_dump(raw, relative_source_name(path, input_dir), dump_format, mapping)


def read_dump_object(
    root: Location, file: Location, dump_format: InputFormat, mapping: FieldMapping
) -> Iterator[DumpRecord | ArticleReject]:
    """`read_dump_file` for a dump stored in S3 (streamed; Parquet read by ranges)."""
    source_file = source_file_name(root, file)
    try:
        raw: BinaryIO = (
            storage.open_seekable(file)
            if dump_format is InputFormat.PARQUET
            else storage.open_binary(file)
        )
    except OSError as error:
        yield _file_reject(source_file, RejectReason.UNREADABLE, f"cannot read the file: {error}")
        return
    with raw:
        yield from read_dump(raw, source_file, dump_format, mapping)


def read_dump(
    raw: BinaryIO, source_file: str, dump_format: InputFormat, mapping: FieldMapping
) -> Iterator[DumpRecord | ArticleReject]:
    """The records of an open dump, by its format's reader; an empty dump is one reject.

    Args:
        raw: The dump's bytes as stored.
        source_file: The dump's `source_file`.
        dump_format: JSON Lines, CSV or Parquet.
        mapping: The field names of each role.

    Raises:
        ValueError: For a format that is not a dump format (a caller error).
    """
    if dump_format is InputFormat.JSON_LINES:
        records = read_json_lines(raw, source_file)
    elif dump_format is InputFormat.CSV:
        records = read_csv_rows(raw, source_file)
    elif dump_format is InputFormat.PARQUET:
        records = read_parquet_rows(raw, source_file, mapping)
    else:
        raise ValueError(f"{dump_format} is not a dump format")
    found = 0
    for record in records:
        found += 1
        yield record
    if not found:
        yield _file_reject(source_file, RejectReason.EMPTY_FILE, "the dump holds no records")


def _file_reject(source_file: str, reason: RejectReason, detail: str) -> ArticleReject:
    return reject_row(source_file, reason, detail)
