"""Pins which reader a file's name selects, and how a dump record's row names its file."""

from __future__ import annotations

import pytest

from pipeline.ingest.input_formats import (
    DUMP_FORMATS,
    InputFormat,
    file_of_source,
    input_format,
    is_gzip_name,
    record_source_file,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", InputFormat.TEXT),
        # Extensions are compared without case: Windows tools write upper case.
        ("A.TXT", InputFormat.TEXT),
        ("page.html", InputFormat.HTML),
        ("page.htm", InputFormat.HTML),
        # news-please, trafilatura and Common Crawl extracts write JSON Lines, often gzipped.
        ("dump.jsonl", InputFormat.JSON_LINES),
        ("2024/dump.jsonl.gz", InputFormat.JSON_LINES),
        ("dump.ndjson", InputFormat.JSON_LINES),
        ("news.csv", InputFormat.CSV),
        ("news.csv.gz", InputFormat.CSV),
        ("articles.parquet", InputFormat.PARQUET),
        # Anything else is reported, not guessed at: a gzip of unknown content, documents,
        # a bare `.json` (one document, not records), a name without an extension.
        ("dump.gz", None),
        ("notes.docx", None),
        ("export.json", None),
        ("README", None),
        ("a.txt.bak", None),
    ],
)
def test_the_extension_decides_the_format(name: str, expected: InputFormat | None) -> None:
    assert input_format(name) == expected


def test_dumps_are_the_formats_of_many_articles() -> None:
    assert {InputFormat.JSON_LINES, InputFormat.CSV, InputFormat.PARQUET} == DUMP_FORMATS
    assert is_gzip_name("dump.jsonl.GZ")
    assert not is_gzip_name("dump.jsonl")


def test_a_record_is_named_by_its_file_and_line() -> None:
    assert record_source_file("2024/dump.jsonl", 1234) == "2024/dump.jsonl:1234"


@pytest.mark.parametrize(
    ("source_file", "owner"),
    [
        ("a.txt", "a.txt"),  # a file of one article names itself
        ("dump.jsonl:12", "dump.jsonl"),  # a record names its dump
        ("odd:7", "odd:7"),  # a listed file whose own name ends in ':7' is itself
        ("dump.jsonl:x", None),  # not a line number
        ("other.jsonl:3", None),  # a dump that was not listed
    ],
)
def test_rows_are_traced_back_to_the_listed_file(source_file: str, owner: str | None) -> None:
    assert file_of_source(source_file, {"a.txt", "dump.jsonl", "odd:7"}) == owner
