"""Loading predicted events for scoring, from the `event_mentions` dataset or in-memory rows."""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pyarrow.dataset as ds

# The columns EVALUATION.md says the scorer reads; everything else in event_mentions is ignored.
PREDICTION_COLUMNS: tuple[str, ...] = (
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

# Columns read when the dataset has them; datasets written before they existed still load.
OPTIONAL_PREDICTION_COLUMNS: tuple[str, ...] = ("confidence", "source_url")

_OPTIONAL_TEXT_COLUMNS: tuple[str, ...] = (
    "source_country",
    "source_org",
    "target_country",
    "target_org",
    "cameo_root",
    "plover_type",
    "modality",
)


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """One predicted event mention, reduced to the columns the scorer reads.

    Attributes:
        source_file: The raw file the event was read from, relative to the run's input folder.
        source_country: ISO 3166 alpha-3 code of the source, or `IGO` for an organisation.
        source_org: Acronym of the source organisation when `source_country` is `IGO`.
        target_country: Coded like `source_country`; null when there is no codable target.
        target_org: Coded like `source_org`.
        cameo_root: Two-digit CAMEO root.
        plover_type: PLOVER event type; null for CAMEO codes PLOVER has no type for.
        modality: `occurred`, `planned`, `intent` or `denied`.
        event_date: Date the event was resolved to, at day resolution.
        confidence: The coder's confidence in [0, 1] that the row is right; null when the
            dataset predates the column or the row has none.
        source_url: Where the event's article was published, when the input said (a dump
            record's URL, a saved page's canonical URL); matched to the gold's `source_url`.
    """

    source_file: str
    source_country: str | None = None
    source_org: str | None = None
    target_country: str | None = None
    target_org: str | None = None
    cameo_root: str | None = None
    plover_type: str | None = None
    modality: str | None = None
    event_date: date | None = None
    confidence: float | None = None
    source_url: str | None = None


def _optional_text(row_number: int, column: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"row {row_number}: {column} must be a string or null, got {value!r}")
    # An empty string carries no more information than a null, and the matching rules treat
    # "empty org" and "no org" alike, so collapse them here rather than in every comparison.
    return value.strip() or None


def _optional_date(row_number: int, value: object) -> date | None:
    if value is None:
        return None
    # datetime is a subclass of date: test it first so a timestamp column is cut to its day
    # instead of printing as "YYYY-MM-DD HH:MM:SS".
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"row {row_number}: event_date {value!r} is not ISO 8601") from exc
    raise TypeError(f"row {row_number}: event_date must be a date or null, got {value!r}")


def _optional_confidence(row_number: int, value: object) -> float | None:
    if value is None:
        return None
    # bool is an int subclass; True is no confidence, so refuse it with the other non-numbers.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"row {row_number}: confidence must be a number or null, got {value!r}")
    confidence = float(value)
    if math.isnan(confidence) or not 0.0 <= confidence <= 1.0:
        raise ValueError(f"row {row_number}: confidence {value!r} is not in [0, 1]")
    return confidence


def predictions_from_rows(rows: Iterable[Mapping[str, object]]) -> list[PredictedEvent]:
    """Build predicted events from plain rows, such as `pyarrow.Table.to_pylist()` gives.

    Missing optional keys read as null, blank strings as null, and extra keys are ignored.

    Args:
        rows: Mappings with at least `source_file`, plus any of the other prediction columns.
            `event_date` may be a `date`, a `datetime` (cut to its day) or an ISO date string;
            `confidence` a number in [0, 1] or null.

    Returns:
        One `PredictedEvent` per row, in input order.

    Raises:
        ValueError: If a row has no `source_file`, an `event_date` string is not ISO 8601, or
            a `confidence` is outside [0, 1].
        TypeError: If a column holds a value of the wrong type.
    """
    events: list[PredictedEvent] = []
    for row_number, row in enumerate(rows):
        source_file = row.get("source_file")
        if not isinstance(source_file, str) or not source_file.strip():
            # Without its file an event cannot be placed in any article: refuse, do not guess.
            raise ValueError(f"row {row_number}: source_file is missing or empty")
        text = {
            column: _optional_text(row_number, column, row.get(column))
            for column in _OPTIONAL_TEXT_COLUMNS
        }
        events.append(
            PredictedEvent(
                source_file=source_file,
                source_country=text["source_country"],
                source_org=text["source_org"],
                target_country=text["target_country"],
                target_org=text["target_org"],
                cameo_root=text["cameo_root"],
                plover_type=text["plover_type"],
                modality=text["modality"],
                event_date=_optional_date(row_number, row.get("event_date")),
                confidence=_optional_confidence(row_number, row.get("confidence")),
                source_url=_optional_text(row_number, "source_url", row.get("source_url")),
            )
        )
    return events


def read_event_rows(events_dir: Path, extra_columns: Sequence[str] = ()) -> list[dict[str, object]]:
    """Read the rows of one run's `event_mentions` Parquet dataset as plain mappings.

    The columns of `PREDICTION_COLUMNS` are required; those of `OPTIONAL_PREDICTION_COLUMNS`
    (`confidence`) and of `extra_columns` are read when the dataset schema has them and are
    absent from the rows otherwise.

    Args:
        events_dir: The dataset folder (hive-partitioned, e.g. `ingest_batch=<key>/*.parquet`).
        extra_columns: Further columns a caller wants when the dataset has them.

    Returns:
        One mapping per row; an existing folder with no Parquet files gives an empty list.

    Raises:
        FileNotFoundError: If `events_dir` does not exist.
        NotADirectoryError: If `events_dir` is not a folder.
        ValueError: If the dataset lacks one of the required columns.
    """
    if not events_dir.exists():
        raise FileNotFoundError(f"no event_mentions dataset at {events_dir}")
    if not events_dir.is_dir():
        raise NotADirectoryError(f"{events_dir} is not a dataset folder")
    dataset = ds.dataset(str(events_dir), format="parquet", partitioning="hive")
    # A run that coded no events may leave the folder empty; that is zero predictions, which is
    # a score, not an error.
    if not dataset.files:
        return []
    missing = [name for name in PREDICTION_COLUMNS if name not in dataset.schema.names]
    if missing:
        raise ValueError(f"{events_dir}: event_mentions lacks the column(s) {', '.join(missing)}")
    wanted = [*OPTIONAL_PREDICTION_COLUMNS, *extra_columns]
    optional = [name for name in dict.fromkeys(wanted) if name in dataset.schema.names]
    table = dataset.to_table(columns=[*PREDICTION_COLUMNS, *optional])
    rows: list[dict[str, object]] = table.to_pylist()
    return rows


def read_predictions(events_dir: Path) -> list[PredictedEvent]:
    """Read the predicted events of one run from its `event_mentions` Parquet dataset.

    Args:
        events_dir: The dataset folder (hive-partitioned, e.g. `ingest_batch=<key>/*.parquet`).

    The columns of `PREDICTION_COLUMNS` are required; those of `OPTIONAL_PREDICTION_COLUMNS`
    (`confidence`) are read when the dataset schema has them and read as null otherwise.

    Returns:
        The predicted events; an existing folder with no Parquet files gives an empty list.

    Raises:
        FileNotFoundError: If `events_dir` does not exist.
        NotADirectoryError: If `events_dir` is not a folder.
        ValueError: If the dataset lacks one of the required columns, or a row is malformed
            (see `predictions_from_rows`).
        TypeError: If a column holds a value of the wrong type.
    """
    return predictions_from_rows(read_event_rows(events_dir))
