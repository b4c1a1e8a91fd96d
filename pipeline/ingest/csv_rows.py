"""Reading a CSV dump (`.csv`, `.csv.gz`) one row at a time, under its header row.

The first row names the fields. The delimiter is the one of comma, tab or semicolon the header
uses most (spreadsheets in many locales write semicolons). Quoted fields may hold delimiters,
quotes and newlines, so a row may span lines; a row is named by the line it starts on
(`news.csv:12`), which is where an editor finds it. The text is read as UTF-8 (a byte-order
mark is skipped); a field holding other bytes, as a spreadsheet's Windows export writes them,
is decoded as a `.txt` file's text would be (Windows-1252, else Latin-1: see
`raw_files.decode_text`), and the record names the encoding it was read in.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from typing import BinaryIO

from pipeline.ingest.dump_streams import STREAM_ERRORS, broken_stream, dump_stream
from pipeline.ingest.input_formats import record_source_file
from pipeline.ingest.news_records import MAX_RECORD_BYTES, DumpRecord
from pipeline.ingest.raw_files import decode_text
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
            fields, encoding = _decoded(dict(zip(names, row, strict=True)))
            yield DumpRecord(name, fields, encoding)
    except csv.Error as error:
        yield _malformed(
            record_source_file(source_file, start),
            f"the CSV cannot be parsed on from this line ({error}); nothing after it is read",
        )
    except STREAM_ERRORS as error:
        yield broken_stream(source_file, start, error)


def _decoded(fields: dict[str, str]) -> tuple[dict[str, str], str]:
    """The row's fields with bytes that were not UTF-8 decoded, and the encoding used.

    The stream hands such bytes over as surrogate escapes (U+DC80-U+DCFF); they are turned
    back into the bytes and decoded by the rule `.txt` files follow. A field whose escapes do
    not stand for bytes is left as it is, and the record is rejected as `undecodable`.
    """
    encoding = "utf-8"
    decoded = dict(fields)
    for name, value in fields.items():
        if value.isascii() or not _ESCAPED_BYTE.search(value):
            continue
        try:
            found = decode_text(value.encode("utf-8", "surrogateescape"))
        except UnicodeEncodeError:
            continue
        if found is not None:
            decoded[name], encoding = found
    return decoded, encoding


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _malformed(source_file: str, detail: str) -> ArticleReject:
    return reject_row(source_file, RejectReason.MALFORMED_RECORD, detail)
