"""Pins how a CSV dump is cut into rows: header, delimiters, quoted newlines, short rows."""

from __future__ import annotations

import gzip
import io

from pipeline.ingest.csv_rows import read_csv_rows
from pipeline.ingest.news_records import DumpRecord
from schemas.records import ArticleReject


def _read(data: bytes, name: str = "news.csv") -> list[DumpRecord | ArticleReject]:
    return list(read_csv_rows(io.BufferedReader(io.BytesIO(data)), name))


def test_quoted_newlines_stay_in_their_field_and_rows_are_named_by_their_first_line() -> None:
    data = (
        b"title,maintext,date\r\n"
        b'Accord,"Kenya and Uganda met.\r\n\r\nThey signed, at last.",2024-05-02\r\n'
        b"Visit,Macron visited Accra.,2024-05-03\r\n"
    )
    first, second = _read(data)
    assert first == DumpRecord(
        "news.csv:2",
        {
            "title": "Accord",
            "maintext": "Kenya and Uganda met.\r\n\r\nThey signed, at last.",
            "date": "2024-05-02",
        },
    )
    # The second row starts on line 5: the first spanned lines 2 to 4.
    assert second == DumpRecord(
        "news.csv:5", {"title": "Visit", "maintext": "Macron visited Accra.", "date": "2024-05-03"}
    )


def test_semicolons_tabs_a_bom_and_gzip() -> None:
    data = "\ufefftitle;maintext\nAccord;Kenya and Uganda met.\n".encode()
    assert _read(gzip.compress(data), "news.csv.gz") == [
        DumpRecord("news.csv.gz:2", {"title": "Accord", "maintext": "Kenya and Uganda met."})
    ]
    assert _read(b"title\tmaintext\nA\tB\n") == [
        DumpRecord("news.csv:2", {"title": "A", "maintext": "B"})
    ]


def test_a_row_of_the_wrong_width_is_malformed_and_the_next_is_read() -> None:
    data = b"title,maintext\nonly one field\n\nA,B\n"
    short, good = _read(data)
    assert isinstance(short, ArticleReject)
    assert (short.source_file, short.reason) == ("news.csv:2", "malformed_record")
    assert short.detail == "the row has 1 fields and the header 2"
    assert good == DumpRecord("news.csv:4", {"title": "A", "maintext": "B"})


def test_a_file_with_only_a_header_holds_no_rows() -> None:
    assert _read(b"title,maintext\n") == []
    assert _read(b"") == []


def test_bytes_that_are_not_utf8_reach_the_record_for_it_to_reject() -> None:
    (row,) = _read(b"title,maintext\nCaf\xe9,text\n")
    assert isinstance(row, DumpRecord)
    assert isinstance(row.content, dict)
    assert row.content["title"] == "Caf\udce9"  # kept as an escape, rejected downstream
