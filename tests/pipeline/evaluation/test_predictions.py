"""Pins how predicted events are read: from rows, and from a hive-partitioned Parquet dataset."""

from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.evaluation.predictions import (
    PREDICTION_COLUMNS,
    PredictedEvent,
    predictions_from_rows,
    read_predictions,
)
from schemas.arrow import TABLE_SCHEMAS

# The event_mentions columns the scorer reads, typed as the pipeline writes them (nullable:
# tests also feed rows the pipeline would never write).
EVENT_MENTIONS = TABLE_SCHEMAS["event_mentions"]
SCHEMA = pa.schema(
    [
        pa.field(name, EVENT_MENTIONS.field(name).type)
        for name in (*PREDICTION_COLUMNS, "char_start")
    ]
)

ROWS: list[dict[str, object]] = [
    {
        "source_file": "a.txt",
        "source_country": "IGO",
        "source_org": "UNO",
        "target_country": "SDN",
        "target_org": None,
        "cameo_root": "02",
        "plover_type": "REQUEST",
        "modality": "occurred",
        "event_date": date(2023, 4, 20),
        "char_start": 10,
    },
    {
        "source_file": "sub/b.txt",
        "source_country": "RUS",
        "source_org": None,
        "target_country": None,
        "target_org": None,
        "cameo_root": "01",
        "plover_type": None,
        "modality": None,
        "event_date": None,
        "char_start": 0,
    },
]

EXPECTED = [
    PredictedEvent(
        source_file="a.txt",
        source_country="IGO",
        source_org="UNO",
        target_country="SDN",
        cameo_root="02",
        plover_type="REQUEST",
        modality="occurred",
        event_date=date(2023, 4, 20),
    ),
    PredictedEvent(source_file="sub/b.txt", source_country="RUS", cameo_root="01"),
]


def test_rows_become_events_and_extra_keys_are_ignored() -> None:
    assert predictions_from_rows(ROWS) == EXPECTED


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 11, 19), date(2024, 11, 19)),  # a date column (date32)
        (datetime(2024, 11, 19, 15, 30), date(2024, 11, 19)),  # a timestamp is cut to its day
        ("2024-11-19", date(2024, 11, 19)),  # an ISO string, as hand-written rows may have
        (None, None),  # undated
    ],
)
def test_event_date_forms(value: object, expected: date | None) -> None:
    [event] = predictions_from_rows([{"source_file": "a.txt", "event_date": value}])
    assert event.event_date == expected


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ({"source_country": "RUS"}, ValueError),  # no source_file: cannot place the event
        ({"source_file": "  "}, ValueError),  # a blank one neither
        ({"source_file": "a.txt", "event_date": "next week"}, ValueError),  # not ISO
        ({"source_file": "a.txt", "event_date": 20241119}, TypeError),  # not a date at all
        ({"source_file": "a.txt", "cameo_root": 3}, TypeError),  # codes are strings
    ],
)
def test_bad_rows_are_refused(row: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error, match="row 0"):
        predictions_from_rows([row])


def test_blank_strings_read_as_null() -> None:
    # An empty org is how some writers say "no org"; the IGO rule treats both alike.
    [event] = predictions_from_rows(
        [{"source_file": "a.txt", "source_country": "IGO", "source_org": "", "modality": " "}]
    )
    assert (event.source_org, event.modality) == (None, None)


def test_parquet_round_trip(tmp_path: Path) -> None:
    events_dir = tmp_path / "event_mentions"
    for batch, rows in (("first", ROWS[:1]), ("second", ROWS[1:])):
        partition = events_dir / f"ingest_batch={batch}"
        partition.mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), partition / "part-0.parquet")
    events = read_predictions(events_dir)
    assert sorted(events, key=lambda event: event.source_file) == EXPECTED


def test_empty_dataset_folder_gives_no_predictions(tmp_path: Path) -> None:
    (tmp_path / "event_mentions").mkdir()
    assert read_predictions(tmp_path / "event_mentions") == []


def test_dataset_with_zero_rows_gives_no_predictions(tmp_path: Path) -> None:
    partition = tmp_path / "event_mentions" / "ingest_batch=all"
    partition.mkdir(parents=True)
    pq.write_table(SCHEMA.empty_table(), partition / "part-0.parquet")
    assert read_predictions(tmp_path / "event_mentions") == []


def test_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_predictions(tmp_path / "event_mentions")


def test_missing_column_is_named(tmp_path: Path) -> None:
    events_dir = tmp_path / "event_mentions" / "ingest_batch=all"
    events_dir.mkdir(parents=True)
    table = pa.Table.from_pylist(ROWS, schema=SCHEMA).drop_columns(["modality"])
    pq.write_table(table, events_dir / "part-0.parquet")
    with pytest.raises(ValueError, match="modality"):
        read_predictions(tmp_path / "event_mentions")


def test_scored_columns_are_the_documented_ones() -> None:
    # EVALUATION.md, "Predictions": the scorer reads exactly these columns.
    documented = (
        "source_file",
        "source_country",
        "source_org",
        "target_country",
        "target_org",
        "cameo_root",
        "plover_type",
        "modality",
        "event_date",
    )
    assert documented == PREDICTION_COLUMNS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.75, 0.75),  # a float, as the pipeline writes it
        (1, 1.0),  # an int is a number too, widened to float
        (0.0, 0.0),  # both ends of [0, 1] are allowed
        (1.0, 1.0),
        (None, None),  # no confidence
    ],
)
def test_confidence_forms(value: object, expected: float | None) -> None:
    [event] = predictions_from_rows([{"source_file": "a.txt", "confidence": value}])
    assert event.confidence == expected


def test_rows_without_a_confidence_key_read_as_null() -> None:
    assert [event.confidence for event in predictions_from_rows(ROWS)] == [None, None]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (1.5, ValueError),  # above 1
        (-0.1, ValueError),  # below 0
        (float("nan"), ValueError),  # NaN is no confidence
        ("0.8", TypeError),  # a string is not a number
        (True, TypeError),  # nor is a boolean
    ],
)
def test_bad_confidences_are_refused(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="row 0: confidence"):
        predictions_from_rows([{"source_file": "a.txt", "confidence": value}])


def _write_single_partition(events_dir: Path, table: pa.Table) -> None:
    partition = events_dir / "ingest_batch=all"
    partition.mkdir(parents=True)
    pq.write_table(table, partition / "part-0.parquet")


def test_dataset_without_confidence_column_still_loads(tmp_path: Path) -> None:
    # A dataset written before the column existed: SCHEMA has no `confidence`.
    assert "confidence" not in SCHEMA.names
    _write_single_partition(tmp_path / "event_mentions", pa.Table.from_pylist(ROWS, schema=SCHEMA))
    events = read_predictions(tmp_path / "event_mentions")
    assert sorted(events, key=lambda event: event.source_file) == EXPECTED
    assert [event.confidence for event in events] == [None, None]


@pytest.mark.parametrize(
    ("arrow_type", "stored", "expected"),
    [
        (pa.float64(), [0.875, None], [0.875, None]),  # double, with a null row
        (pa.float32(), [0.5, 0.25], [0.5, 0.25]),  # float32 widens (these values exactly)
    ],
)
def test_dataset_with_confidence_column_is_read(
    tmp_path: Path, arrow_type: pa.DataType, stored: list[float | None], expected: list[float]
) -> None:
    schema = SCHEMA.append(pa.field("confidence", arrow_type))
    rows = [row | {"confidence": value} for row, value in zip(ROWS, stored, strict=True)]
    _write_single_partition(tmp_path / "event_mentions", pa.Table.from_pylist(rows, schema=schema))
    events = sorted(read_predictions(tmp_path / "event_mentions"), key=lambda e: e.source_file)
    assert [event.confidence for event in events] == expected
