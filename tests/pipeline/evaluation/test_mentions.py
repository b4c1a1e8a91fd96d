"""Pins how mentions are read with their evidence: the scored event unchanged, text optional."""

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.evaluation.mentions import (
    EVIDENCE_COLUMNS,
    Mention,
    mentions_from_rows,
    read_mentions,
)
from pipeline.evaluation.predictions import (
    OPTIONAL_PREDICTION_COLUMNS,
    PREDICTION_COLUMNS,
    PredictedEvent,
    read_predictions,
)
from schemas.arrow import TABLE_SCHEMAS

EVENT_MENTIONS = TABLE_SCHEMAS["event_mentions"]

ROW: dict[str, object] = {
    "mention_id": "m-1",
    "source_file": "batch/a.txt",
    "sentence_index": 2,
    "char_start": 57,
    "sentence_text": "Norway and Chile signed a fisheries accord on Saturday.",
    "trigger_text": "signed",
    "source_name": "Norway",
    "source_country": "NOR",
    "source_org": None,
    "target_name": "Chile",
    "target_country": "CHL",
    "target_org": None,
    "cameo_code": "036",
    "cameo_root": "03",
    "plover_type": "AGREE",
    "modality": "occurred",
    "event_date": date(2031, 3, 1),
    "event_date_precision": "day",
    "confidence": 0.75,
    "source_url": "https://example.org/fisheries-accord",
}


def _write(events_dir: Path, columns: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    # Typed as the pipeline writes them, nullable: the reader must not rely on the writer.
    schema = pa.schema([pa.field(name, EVENT_MENTIONS.field(name).type) for name in columns])
    partition = events_dir / "ingest_batch=all"
    partition.mkdir(parents=True)
    table = pa.Table.from_pylist([{name: row[name] for name in columns} for row in rows], schema)
    pq.write_table(table, partition / "part-0.parquet")


def test_evidence_is_read_beside_the_event_the_scorer_reads(tmp_path: Path) -> None:
    columns = (*PREDICTION_COLUMNS, *OPTIONAL_PREDICTION_COLUMNS, *EVIDENCE_COLUMNS)
    _write(tmp_path / "event_mentions", columns, [ROW])
    [mention] = read_mentions(tmp_path / "event_mentions")
    assert [mention.event] == read_predictions(tmp_path / "event_mentions")
    assert mention == Mention(
        event=PredictedEvent(
            source_file="batch/a.txt",
            source_country="NOR",
            target_country="CHL",
            cameo_root="03",
            plover_type="AGREE",
            modality="occurred",
            event_date=date(2031, 3, 1),
            confidence=0.75,
            source_url="https://example.org/fisheries-accord",
        ),
        mention_id="m-1",
        sentence_index=2,
        char_start=57,
        sentence_text="Norway and Chile signed a fisheries accord on Saturday.",
        trigger_text="signed",
        source_name="Norway",
        target_name="Chile",
        cameo_code="036",
        event_date_precision="day",
    )


def test_a_dataset_without_evidence_columns_still_lists(tmp_path: Path) -> None:
    # Another tool's output, or an old run: only the scored columns.
    _write(tmp_path / "event_mentions", PREDICTION_COLUMNS, [ROW])
    [mention] = read_mentions(tmp_path / "event_mentions")
    assert mention.event.source_country == "NOR"
    assert (mention.sentence_text, mention.trigger_text, mention.sentence_index) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("sentence_index", "2", TypeError),  # a position must be a number
        ("sentence_index", True, TypeError),  # ... and a bool is not one
        ("sentence_text", 3, TypeError),  # text must be text
        ("source_file", None, ValueError),  # the scored columns are checked as for scoring
    ],
)
def test_malformed_rows_are_refused(column: str, value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=f"row 0: {column}"):
        mentions_from_rows([{**ROW, column: value}])


def test_mentions_sort_in_article_order_unknown_positions_last() -> None:
    first, second, unplaced = mentions_from_rows(
        [
            {**ROW, "sentence_index": 1, "char_start": 90},
            {**ROW, "sentence_index": 1, "char_start": 10},
            {**ROW, "sentence_index": None, "char_start": None},
        ]
    )
    assert sorted([unplaced, first, second], key=Mention.sort_key) == [second, first, unplaced]
