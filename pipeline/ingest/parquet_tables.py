"""Reading a Parquet article table (`.parquet`) a batch of rows at a time.

Only the columns some field role may be read from are decoded (`FieldMapping.columns`), so a
table that also stores the raw HTML or embeddings of each article costs no more to read than
one without. Rows are named by their position, counting from 1 (`articles.parquet:12`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.ingest.dump_streams import broken_stream
from pipeline.ingest.input_formats import record_source_file
from pipeline.ingest.news_fields import FieldMapping
from pipeline.ingest.news_records import DumpRecord
from pipeline.ingest.rejects import reject_row
from schemas.records import ArticleReject
from schemas.types import RejectReason

#: Rows decoded at a time: a few MB of article text.
BATCH_ROWS = 256


def read_parquet_rows(
    raw: BinaryIO, source_file: str, mapping: FieldMapping
) -> Iterator[DumpRecord | ArticleReject]:
    """Yield each row of a Parquet table as a record of the columns the mapping names.

    Args:
        raw: The file's bytes; Parquet needs to seek, so a local file or a seekable stream.
        source_file: The table's `source_file`; records are named `source_file:row`.
        mapping: The field names of each role, which decide the columns read.

    Yields:
        A `DumpRecord` per row; an `unreadable` reject naming the file when it is not a
        Parquet file, or naming the row where reading failed when a later part is corrupt.
    """
    try:
        table = pq.ParquetFile(raw)
        columns = mapping.columns(table.schema_arrow.names)
    except (OSError, pa.ArrowException) as error:
        yield reject_row(
            source_file, RejectReason.UNREADABLE, f"not a readable Parquet file: {error}"
        )
        return
    number = 0
    try:
        for batch in table.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            rows = batch.to_pylist() if columns else [{}] * batch.num_rows
            for row in rows:
                number += 1
                yield DumpRecord(record_source_file(source_file, number), row)
    except (OSError, pa.ArrowException) as error:
        yield broken_stream(source_file, number + 1, error)
