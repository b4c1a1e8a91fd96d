"""Pins how a Parquet article table is read: the mapped columns only, rows named by position."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.ingest.news_fields import FieldMapping
from pipeline.ingest.news_records import DumpRecord
from pipeline.ingest.parquet_tables import read_parquet_rows
from schemas.records import ArticleReject


def _read(path: Path, mapping: FieldMapping | None = None) -> list[DumpRecord | ArticleReject]:
    with path.open("rb") as raw:
        return list(read_parquet_rows(raw, path.name, mapping or FieldMapping()))


def test_rows_carry_only_the_columns_a_role_may_use(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": [1, 2],
            "article_body": ["Kenya and Uganda met.", "Macron visited Accra."],
            "published": pa.array([dt.datetime(2024, 5, 2, 10), None], pa.timestamp("s")),
            "html": ["<html>…</html>", "<html>…</html>"],
        }
    )
    path = tmp_path / "articles.parquet"
    # Two row groups: rows are numbered across them.
    pq.write_table(table, path, row_group_size=1)
    mapping = FieldMapping.with_overrides({"text": "article_body"})
    assert _read(path, mapping) == [
        DumpRecord(
            "articles.parquet:1",
            {"article_body": "Kenya and Uganda met.", "published": dt.datetime(2024, 5, 2, 10)},
        ),
        DumpRecord(
            "articles.parquet:2", {"article_body": "Macron visited Accra.", "published": None}
        ),
    ]


def test_a_table_with_no_known_column_still_gives_a_record_per_row(tmp_path: Path) -> None:
    path = tmp_path / "ids.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3]}), path)
    # Each row becomes a `no_text` reject downstream: none is dropped.
    assert _read(path) == [DumpRecord(f"ids.parquet:{n}", {}) for n in (1, 2, 3)]


def test_a_file_that_is_no_parquet_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not a table")
    (reject,) = _read(path)
    assert isinstance(reject, ArticleReject)
    assert (reject.source_file, reject.reason) == ("broken.parquet", "unreadable")
    assert reject.detail.startswith("not a readable Parquet file")
