"""Reading a JSON Lines dump (`.jsonl`, `.jsonl.gz`) one line at a time.

Each non-blank line is one record, handed on as its bytes: decoding and parsing the JSON is
left to `news_records.dump_record_article`, on the reading processes, so this loop only finds
line ends. A line over the size limit is never held in memory: it is read past a buffer at a
time and reported as `too_large`. Blank lines are no records (a trailing newline, a spacer).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from pipeline.ingest.dump_streams import STREAM_ERRORS, broken_stream, dump_stream
from pipeline.ingest.input_formats import record_source_file
from pipeline.ingest.news_records import MAX_RECORD_BYTES, DumpRecord
from pipeline.ingest.rejects import reject_row
from schemas.records import ArticleReject
from schemas.types import RejectReason

# Bytes read at a time while skipping the rest of an over-long line.
_SKIP_CHUNK = 1 << 20


def read_json_lines(
    raw: BinaryIO, source_file: str, *, max_bytes: int = MAX_RECORD_BYTES
) -> Iterator[DumpRecord | ArticleReject]:
    """Yield each line of a JSON Lines dump as a record, or a reject for a line that cannot be.

    Args:
        raw: The dump's bytes as stored (gzip-compressed for a `.gz` name).
        source_file: The dump's `source_file`; records are named `source_file:line`.
        max_bytes: Lines longer than this are rejected as `too_large`, unread.

    Yields:
        A `DumpRecord` per line with content, a `too_large` reject per over-long line, and at
        the end, if the stream breaks off, one `truncated` (or `unreadable`) reject naming the
        line it broke in.
    """
    stream = dump_stream(raw, source_file)
    number = 0  # the line being read, counting from 1
    try:
        while True:
            number += 1
            line = stream.readline(max_bytes + 1)
            if not line:
                return
            if len(line) > max_bytes and not line.endswith(b"\n"):
                size = len(line) + _skip_line(stream)
                name = record_source_file(source_file, number)
                yield reject_row(
                    name,
                    RejectReason.TOO_LARGE,
                    f"the line holds {size} bytes, over the {max_bytes}-byte limit for an article",
                    size_bytes=size,
                )
                continue
            if not line.strip():
                continue
            yield DumpRecord(record_source_file(source_file, number), line.rstrip(b"\r\n"))
    except STREAM_ERRORS as error:
        yield broken_stream(source_file, number, error)


def _skip_line(stream: BinaryIO) -> int:
    """Read past the rest of the current line; the bytes skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped
