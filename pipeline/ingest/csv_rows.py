"""Reading a CSV dump (`.csv`, `.csv.gz`) one row at a time, under its header row.

The first row names the fields. The delimiter is the one of comma, tab or semicolon the header
uses most (spreadsheets in many locales write semicolons). Quoted fields may hold delimiters,
quotes and newlines, so a row may span lines; a row is named by the line it starts on
(`news.csv:12`), which is where an editor finds it. The text must be UTF-8 (a byte-order mark
is skipped); a row holding other bytes is rejected as `undecodable` by
`news_records.dump_record_article`, the rows around it are read as usual.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import BinaryIO

from pipeline.ingest.dump_streams import STREAM_ERRORS, broken_stream, dump_stream
from pipeline.ingest.input_formats import record_source_file
from pipeline.ingest.news_records import MAX_RECORD_BYTES, DumpRecord
from pipeline.ingest.rejects import reject_row
from schemas.records import ArticleReject
from schemas.types import RejectReason

#: Characters one field may hold before the csv module gives up on the row. Above the record
#: limit, so that an over-long article is read whole and rejected as `too_large` by size,
#: and bounded, so that a quote never closed cannot swallow a whole dump into memory.
MAX_FIELD_CHARS = 2 * MAX_RECORD_BYTES
_DELIMITERS = (",", "\t", ";")


def read_csv_rows(raw: BinaryIO, source_file: str) -> Iterator[DumpRecord | ArticleReject]:
    """Yield each row of a CSV dump as a record of its header's fields, or a reject.

    Args:
        raw: The dump's bytes as stored (gzip-compressed for a `.gz` name).
        source_file: The dump's `source_file`; records are named `source_file:line`.

    Yields:
        A `DumpRecord` per row with content, a `malformed_record` reject per row with more or
        fewer fields than the header, and, when the file cannot be parsed on (a quote never
        closed, a field over `MAX_FIELD_CHARS`) or its stream breaks off, one last reject
        naming the line it happened on.
    """
    if csv.field_size_limit() < MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS)
    text = io.TextIOWrapper(
        dump_stream(raw, source_file), encoding="utf-8-sig", errors="surrogateescape", newline=""
    )
    start = 1  # the line the row being read starts on
    try:
        first = text.readline()
        delimiter = max(_DELIMITERS, key=first.count)
        rows = csv.reader(itertools.chain([first], text), delimiter=delimiter)
        header = next(rows, None)
        if header is None:
            return
        names = [name.strip() for name in header]
        start = rows.line_num + 1
        for row in rows:
            here, start = start, rows.line_num + 1
            if not any(field.strip() for field in row):
                continue  # a blank line
            name = record_source_file(source_file, here)
            if len(row) != len(names):
                yield _malformed(name, f"the row has {len(row)} fields and the header {len(names)}")
                continue
            yield DumpRecord(name, dict(zip(names, row, strict=True)))
    except csv.Error as error:
        yield _malformed(
            record_source_file(source_file, start),
            f"the CSV cannot be parsed on from this line ({error}); nothing after it is read",
        )
    except STREAM_ERRORS as error:
        yield broken_stream(source_file, start, error)


def _malformed(source_file: str, detail: str) -> ArticleReject:
    return reject_row(source_file, RejectReason.MALFORMED_RECORD, detail)
