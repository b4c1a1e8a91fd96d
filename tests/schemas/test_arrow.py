"""Arrow schemas are derived from the pydantic models, and rows are validated on the way in."""

from __future__ import annotations

import datetime as dt
import gc
import typing
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import ValidationError

from schemas.arrow import (
    TABLE_SCHEMAS,
    SpooledTable,
    TableSpool,
    arrow_schema,
    as_table_source,
    count_invalid_rows,
    iter_rows,
    rows_from_table,
    to_arrow_table,
)
from schemas.records import TABLE_MODELS, ArticleReject, EventMention


def event(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "mention_id": "m1",
        "article_id": "a1",
        "source_file": "x/y.txt",
        "publication_date": dt.date(2024, 11, 19),
        "sentence_index": 0,
        "sentence_text": "Putin met Modi.",
        "char_start": 6,
        "char_end": 9,
        "trigger_text": "met",
        "source_name": "Putin",
        "source_country": "RUS",
        "source_org": None,
        "source_sector": "GOV",
        "target_name": "Modi",
        "target_country": "IND",
        "target_org": None,
        "target_sector": "GOV",
        "cameo_code": "040",
        "cameo_root": "04",
        "event_label": "Consult",
        "quad_class": 1,
        "goldstein": 1.0,
        "plover_type": "CONSULT",
        "plover_mode": None,
        "modality": "occurred",
        "event_date": dt.date(2024, 11, 19),
        "event_date_precision": "day",
        "event_date_text": None,
        "event_date_source": "publication",
        "location_name": None,
        "location_country": None,
        "latitude": None,
        "longitude": None,
        "geonames_id": None,
        "confidence": 0.8,
        "coder_version": "test",
    }
    row.update(overrides)
    return row


@pytest.mark.parametrize("name", sorted(TABLE_MODELS))
def test_every_field_maps_with_nullability_and_description(name: str) -> None:
    model = TABLE_MODELS[name]
    schema = TABLE_SCHEMAS[name]
    assert schema.names == list(model.model_fields)
    for field in schema:
        info = model.model_fields[field.name]
        optional = type(None) in typing.get_args(info.annotation)
        assert field.nullable == optional, field.name
        assert field.metadata[b"description"].decode() == info.description
    assert schema.metadata[b"model"].decode() == model.__name__


def test_event_mentions_types_keep_codes_as_strings_and_dates_as_dates() -> None:
    schema = TABLE_SCHEMAS["event_mentions"]
    assert schema.field("cameo_code").type == pa.string()
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("quad_class").type == pa.int8()
    assert not schema.field("cameo_code").nullable
    assert schema.field("target_country").nullable


def test_round_trip_through_parquet(tmp_path: pa.NativeFile) -> None:
    table = to_arrow_table([EventMention.model_validate(event())], EventMention)
    path = f"{tmp_path}/events.parquet"
    pq.write_table(table, path)
    back = pq.read_table(path)
    assert back.equals(table)
    assert back.schema.equals(arrow_schema(EventMention), check_metadata=True)
    assert rows_from_table(back, EventMention)[0].cameo_code == "040"


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"goldstein": 12.0}, "Goldstein weights stop at 10"),
        ({"cameo_root": "05"}, "the root must be the code's first two digits"),
        ({"source_country": "XXX"}, "unknown country code"),
        ({"modality": "ongoing"}, "ongoing is not a modality"),
        ({"event_date": None}, "a null date needs precision unknown"),
        ({"confidence": 1.5}, "confidence is a probability"),
        ({"target_name": None}, "target country without a target"),
    ],
)
def test_invalid_rows_are_refused(overrides: dict[str, object], why: str) -> None:
    with pytest.raises(ValidationError):
        to_arrow_table([event(**overrides)], EventMention)  # type: ignore[list-item]


def test_reject_reason_is_written_as_its_code() -> None:
    reject = ArticleReject(
        reject_id="r",
        source_file="a.txt",
        reason="empty_file",  # type: ignore[arg-type]
        detail="0 bytes",
        size_bytes=0,
        content_sha256=None,
    )
    table = to_arrow_table([reject], ArticleReject)
    assert table.column("reason").to_pylist() == ["empty_file"]


def test_invalid_rows_are_counted_slice_by_slice() -> None:
    valid = to_arrow_table([event(), event(), event()], EventMention)  # type: ignore[list-item]
    assert count_invalid_rows(valid, EventMention, batch_rows=2) == 0
    broken = valid.set_column(
        valid.schema.get_field_index("goldstein"),
        valid.schema.field("goldstein"),
        pa.array([1.0, 12.0, 11.0]),
    )
    assert count_invalid_rows(broken, EventMention, batch_rows=2) == 2


def _mentions(count: int) -> list[EventMention]:
    return [
        EventMention.model_validate(event(mention_id=f"m{i}", sentence_index=i))
        for i in range(count)
    ]


def test_a_spool_writes_chunks_to_a_file_and_reads_back_the_same_table(tmp_path: Path) -> None:
    rows = _mentions(50)
    spool = TableSpool(EventMention, chunk_rows=8, directory=tmp_path)
    spool.extend(rows[:20])
    # Rows converted elsewhere (a worker process) arrive as Arrow tables, in between.
    spool.append_table(to_arrow_table(rows[20:23], EventMention))
    spool.append_table(to_arrow_table(rows[23:24], EventMention).to_batches()[0])
    spool.extend(iter(rows[24:]))
    assert spool.num_rows == 50
    spooled = spool.finish()
    assert spooled.path.parent == tmp_path
    assert spooled.num_rows == 50
    assert spooled.schema.equals(TABLE_SCHEMAS["event_mentions"], check_metadata=True)
    table = spooled.read()
    assert table.schema.equals(TABLE_SCHEMAS["event_mentions"], check_metadata=True)
    assert table.equals(to_arrow_table(rows, EventMention))
    # Written a chunk at a time, never as one table: a row group per chunk of 8 rows.
    assert pq.ParquetFile(spooled.path).metadata.num_row_groups == 7
    assert spooled.column("mention_id").to_pylist() == [f"m{i}" for i in range(50)]
    batches = list(spooled.iter_batches(["mention_id", "goldstein"], batch_size=5))
    assert all(batch.schema.names == ["mention_id", "goldstein"] for batch in batches)
    assert sum(batch.num_rows for batch in batches) == 50
    assert [row.mention_id for row in iter_rows(spooled, EventMention)] == [
        row.mention_id for row in rows
    ]
    assert count_invalid_rows(spooled, EventMention, batch_rows=7) == 0
    spooled.close()


def test_an_empty_spool_is_a_valid_empty_table_with_the_model_schema() -> None:
    with TableSpool(ArticleReject).finish() as spooled:
        assert spooled.num_rows == 0
        assert spooled.schema.equals(TABLE_SCHEMAS["article_rejects"], check_metadata=True)
        table = pq.read_table(spooled.path)
        assert table.num_rows == 0
        assert table.schema.equals(TABLE_SCHEMAS["article_rejects"], check_metadata=True)
        assert spooled.read().schema.equals(table.schema, check_metadata=True)
        assert list(spooled.iter_batches()) == []
        assert len(spooled.column("reject_id")) == 0
        assert count_invalid_rows(spooled, ArticleReject) == 0


def test_spool_files_are_temporary_and_removed_however_the_table_ends(tmp_path: Path) -> None:
    def spooled() -> SpooledTable:
        spool = TableSpool(EventMention, directory=tmp_path)
        spool.extend(_mentions(3))
        return spool.finish()

    closed = spooled()
    closed.close()
    assert not closed.path.exists()
    with pytest.raises(ValueError, match="closed"):
        closed.read()
    with spooled() as table:
        path = table.path
        assert path.exists()
    assert not path.exists()
    dropped = spooled()
    path = dropped.path
    del dropped
    gc.collect()
    assert not path.exists()

    # A spool abandoned half-way (the step failed) removes its file too.
    def failing_step() -> None:
        with TableSpool(EventMention, directory=tmp_path) as spool:
            spool.extend(_mentions(3))
            raise RuntimeError("the step failed")

    with pytest.raises(RuntimeError):
        failing_step()
    assert list(tmp_path.iterdir()) == []


def test_a_spool_validates_each_chunk_and_refuses_foreign_tables(tmp_path: Path) -> None:
    with TableSpool(EventMention, chunk_rows=2, directory=tmp_path) as spool:
        with pytest.raises(ValidationError):
            spool.extend([event(), event(goldstein=12.0)])  # type: ignore[list-item]
        with pytest.raises(ValueError, match="do not match"):
            spool.append_table(pa.table({"mention_id": ["m1"]}))
        table = to_arrow_table(_mentions(1), EventMention)
        nulls = table.set_column(
            0, pa.field("mention_id", pa.string()), pa.array([None], pa.string())
        )
        with pytest.raises(ValueError, match="not nullable"):
            spool.append_table(nulls)
        # The same columns without the schema's metadata are accepted and given it.
        spool.append_table(table.replace_schema_metadata(None))
        # The chunk that failed was dropped with its error; the spool goes on.
        assert spool.num_rows == 1
        with spool.finish() as spooled:
            assert spooled.read().equals(table)
            assert spooled.schema.equals(table.schema, check_metadata=True)
        with pytest.raises(ValueError, match="finished"):
            spool.extend(_mentions(1))


def test_an_in_memory_table_reads_through_the_same_interface() -> None:
    table = to_arrow_table(_mentions(5), EventMention)
    source = as_table_source(table)
    assert source.num_rows == 5
    assert source.schema.equals(table.schema)
    assert source.read(["goldstein"]).column_names == ["goldstein"]
    assert [b.num_rows for b in source.iter_batches(["mention_id"], batch_size=2)] == [2, 2, 1]
