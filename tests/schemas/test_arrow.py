"""Arrow schemas are derived from the pydantic models, and rows are validated on the way in."""

from __future__ import annotations

import datetime as dt
import typing

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import ValidationError

from schemas.arrow import (
    TABLE_SCHEMAS,
    arrow_schema,
    count_invalid_rows,
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
