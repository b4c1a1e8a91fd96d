"""Pins how a JSON Lines dump is cut into records: line numbers, blank and over-long lines, cuts."""

from __future__ import annotations

import gzip
import io

from pipeline.ingest.json_lines import read_json_lines
from pipeline.ingest.news_records import DumpRecord
from schemas.records import ArticleReject

LINES = [b'{"maintext": "one"}', b"", b'{"maintext": "two"}\r', b"not json"]


def _read(data: bytes, name: str = "dump.jsonl", **limits: int) -> list[DumpRecord | ArticleReject]:
    return list(read_json_lines(io.BufferedReader(io.BytesIO(data)), name, **limits))


def test_each_non_blank_line_is_a_record_named_by_its_line() -> None:
    items = _read(b"\n".join(LINES) + b"\n")
    # Blank lines are no records but keep their number; parsing JSON is left to the workers.
    assert items == [
        DumpRecord("dump.jsonl:1", b'{"maintext": "one"}'),
        DumpRecord("dump.jsonl:3", b'{"maintext": "two"}'),
        DumpRecord("dump.jsonl:4", b"not json"),
    ]


def test_gzip_is_read_the_same() -> None:
    data = b"\n".join(LINES)
    assert _read(gzip.compress(data), "dump.jsonl.gz") == [
        DumpRecord(f"dump.jsonl.gz:{item.source_file.rsplit(':', 1)[1]}", item.content)
        for item in _read(data)
        if isinstance(item, DumpRecord)
    ]


def test_an_over_long_line_is_skipped_unread_and_the_next_one_read() -> None:
    data = b'{"maintext": "' + b"x" * 5000 + b'"}\n{"maintext": "short"}\n'
    first, second = _read(data, max_bytes=1000)
    assert isinstance(first, ArticleReject)
    assert (first.source_file, first.reason, first.size_bytes) == (
        "dump.jsonl:1",
        "too_large",
        5017,
    )
    assert second == DumpRecord("dump.jsonl:2", b'{"maintext": "short"}')


def test_a_gzip_that_ends_early_keeps_the_records_before_the_cut() -> None:
    lines = [b'{"maintext": "record %d"}' % n for n in range(1, 2001)]
    whole = gzip.compress(b"\n".join(lines) + b"\n")
    items = _read(whole[: len(whole) // 2], "dump.jsonl.gz")
    *records, cut = items
    assert records, "records before the cut are read"
    assert records == [
        DumpRecord(f"dump.jsonl.gz:{n}", lines[n - 1]) for n in range(1, len(records) + 1)
    ]
    assert isinstance(cut, ArticleReject)
    assert cut.reason == "truncated"
    # The reject names the line the stream broke in: the first one not read.
    assert cut.source_file == f"dump.jsonl.gz:{len(records) + 1}"
    assert "ends early" in cut.detail


def test_bytes_that_are_no_gzip_are_unreadable() -> None:
    (item,) = _read(b'{"maintext": "plain"}\n', "dump.jsonl.gz")
    assert isinstance(item, ArticleReject)
    assert (item.source_file, item.reason) == ("dump.jsonl.gz:1", "unreadable")
