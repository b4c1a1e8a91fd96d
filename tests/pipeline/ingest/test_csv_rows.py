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


def test_a_windows_1252_row_is_decoded_as_a_txt_file_would_be() -> None:
    data = b"title,maintext\r\nAccord,Kenya\x92s envoy met Uganda\x96s in the caf\xe9.\r\n"
    (record,) = _read(data)
    assert isinstance(record, DumpRecord)
    assert record.content == {
        "title": "Accord",
        "maintext": "Kenya\u2019s envoy met Uganda\u2013s in the caf\u00e9.",
    }
    assert record.encoding == "cp1252"


def test_utf8_rows_keep_their_encoding() -> None:
    (record,) = _read("title,maintext\r\nAccord,Caf\u00e9 talks in Lom\u00e9.\r\n".encode())
    assert isinstance(record, DumpRecord)
    assert record.content == {"title": "Accord", "maintext": "Caf\u00e9 talks in Lom\u00e9."}
    assert record.encoding == "utf-8"
