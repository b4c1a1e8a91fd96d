"""Reading predicted events with the text they were read from, for listing errors to a reader."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluation.predictions import PredictedEvent, predictions_from_rows, read_event_rows

# The event_mentions columns that show a reader where a prediction came from. All optional:
# a dataset written before one of them existed, or by another tool, still lists its errors.
EVIDENCE_TEXT_COLUMNS: tuple[str, ...] = (
    "mention_id",
    "sentence_text",
    "trigger_text",
    "source_name",
    "target_name",
    "cameo_code",
    "event_date_precision",
)
EVIDENCE_NUMBER_COLUMNS: tuple[str, ...] = ("sentence_index", "char_start")
EVIDENCE_COLUMNS: tuple[str, ...] = (*EVIDENCE_TEXT_COLUMNS, *EVIDENCE_NUMBER_COLUMNS)


@dataclass(frozen=True, slots=True)
class Mention:
    """One predicted event mention: the event as the scorer reads it, and its evidence.

    Attributes:
        event: The row reduced to the scored columns (`PredictedEvent`).
        mention_id: The row's id in `event_mentions`.
        sentence_index: Position of the sentence in its article.
        char_start: Offset of the trigger in the article text.
        sentence_text: The sentence the event was read from.
        trigger_text: The words that triggered the event.
        source_name: The source as named in the text.
        target_name: The target as named in the text; null without a target.
        cameo_code: The full CAMEO code (`036`, `0311`).
        event_date_precision: `day`, `month`, `year` or `unknown`.
    """

    event: PredictedEvent
    mention_id: str | None = None
    sentence_index: int | None = None
    char_start: int | None = None
    sentence_text: str | None = None
    trigger_text: str | None = None
    source_name: str | None = None
    target_name: str | None = None
    cameo_code: str | None = None
    event_date_precision: str | None = None

    def sort_key(self) -> tuple[int, int, str]:
        """Order mentions as they occur in the article; rows without positions go last."""
        unknown = 1 << 62
        return (
            unknown if self.sentence_index is None else self.sentence_index,
            unknown if self.char_start is None else self.char_start,
            self.mention_id or "",
        )

    def to_dict(self) -> dict[str, object]:
        """Return the mention as JSON-ready data: evidence, actors as found, code, date."""
        event = self.event
        return {
            "mention_id": self.mention_id,
            "sentence_index": self.sentence_index,
            "sentence_text": self.sentence_text,
            "trigger_text": self.trigger_text,
            "source_name": self.source_name,
            "source_country": event.source_country,
            "source_org": event.source_org,
            "target_name": self.target_name,
            "target_country": event.target_country,
            "target_org": event.target_org,
            "cameo_code": self.cameo_code,
            "cameo_root": event.cameo_root,
            "plover_type": event.plover_type,
            "modality": event.modality,
            "event_date": None if event.event_date is None else event.event_date.isoformat(),
            "event_date_precision": self.event_date_precision,
            "confidence": event.confidence,
        }


def _text(row_number: int, column: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"row {row_number}: {column} must be a string or null, got {value!r}")
    return value


def _number(row_number: int, column: str, value: object) -> int | None:
    if value is None:
        return None
    # bool is an int subclass, and no position.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"row {row_number}: {column} must be an integer or null, got {value!r}")
    return value


def mentions_from_rows(rows: Iterable[Mapping[str, object]]) -> list[Mention]:
    """Build mentions from plain rows, such as `pyarrow.Table.to_pylist()` gives.

    The scored columns are validated as `predictions_from_rows` does; evidence columns that
    a row lacks read as null.

    Args:
        rows: Mappings with at least `source_file`, plus any prediction or evidence columns.

    Returns:
        One `Mention` per row, in input order.

    Raises:
        ValueError: If a row is malformed (see `predictions_from_rows`).
        TypeError: If a column holds a value of the wrong type.
    """
    listed = list(rows)
    events = predictions_from_rows(listed)
    mentions: list[Mention] = []
    for row_number, (row, event) in enumerate(zip(listed, events, strict=True)):
        text = {
            column: _text(row_number, column, row.get(column)) for column in EVIDENCE_TEXT_COLUMNS
        }
        mentions.append(
            Mention(
                event=event,
                mention_id=text["mention_id"],
                sentence_index=_number(row_number, "sentence_index", row.get("sentence_index")),
                char_start=_number(row_number, "char_start", row.get("char_start")),
                sentence_text=text["sentence_text"],
                trigger_text=text["trigger_text"],
                source_name=text["source_name"],
                target_name=text["target_name"],
                cameo_code=text["cameo_code"],
                event_date_precision=text["event_date_precision"],
            )
        )
    return mentions


def read_mentions(events_dir: Path) -> list[Mention]:
    """Read a run's `event_mentions` dataset with the evidence of each row.

    Args:
        events_dir: The dataset folder (hive-partitioned, as `read_predictions` reads it).

    Returns:
        The mentions, in dataset order; their `event`s are what `read_predictions` returns.

    Raises:
        FileNotFoundError: If `events_dir` does not exist.
        NotADirectoryError: If `events_dir` is not a folder.
        ValueError: If the dataset lacks a scored column or a row is malformed.
        TypeError: If a column holds a value of the wrong type.
    """
    return mentions_from_rows(read_event_rows(events_dir, EVIDENCE_COLUMNS))
