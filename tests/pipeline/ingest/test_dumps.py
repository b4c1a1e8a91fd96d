"""Pins the dump reader's dispatch: each format's reader, and a dump with no records reported."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from pipeline.ingest.dumps import read_dump_file
from pipeline.ingest.input_formats import InputFormat
from pipeline.ingest.news_fields import FieldMapping
from pipeline.ingest.news_records import DumpRecord
from schemas.records import ArticleReject


def _read(tmp_path: Path, name: str, data: bytes) -> list[DumpRecord | ArticleReject]:
    path = tmp_path / name
    path.write_bytes(data)
    dump_format = {".jsonl": InputFormat.JSON_LINES, ".csv": InputFormat.CSV}[
        Path(name.removesuffix(".gz")).suffix
    ]
    return list(read_dump_file(tmp_path, path, dump_format, FieldMapping()))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.jsonl", b""),
        ("blank.jsonl", b"\n\n  \n"),
        ("header-only.csv", b"title,maintext\n"),
        ("empty.jsonl.gz", gzip.compress(b"")),
    ],
)
def test_a_dump_without_records_is_one_reject_naming_the_file(
    tmp_path: Path, name: str, data: bytes
) -> None:
    (reject,) = _read(tmp_path, name, data)
    assert isinstance(reject, ArticleReject)
    assert (reject.source_file, reject.reason) == (name, "empty_file")


def test_records_are_named_below_the_input_directory(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    (record,) = _read(tmp_path, "2024/d.jsonl", b'{"maintext": "x"}\n')
    assert record == DumpRecord("2024/d.jsonl:1", b'{"maintext": "x"}')


def test_a_directory_named_like_a_dump_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "folder.jsonl").mkdir()
    items = list(
        read_dump_file(tmp_path, tmp_path / "folder.jsonl", InputFormat.JSON_LINES, FieldMapping())
    )
    assert [(item.source_file, getattr(item, "reason", None)) for item in items] == [
        ("folder.jsonl", "unreadable")
    ]
