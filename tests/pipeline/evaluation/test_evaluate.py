"""Pins the gold file + Parquet dataset → report (and listing) path, on invented and shared gold."""

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.evaluation.evaluate import evaluate, evaluate_with_details
from pipeline.evaluation.gold import read_gold
from pipeline.evaluation.predictions import PREDICTION_COLUMNS
from schemas.arrow import TABLE_SCHEMAS

SHARED = Path(__file__).resolve().parents[3].parent / "shared"

# The event_mentions columns the scorer reads, typed as the pipeline writes them (nullable:
# tests also feed rows the pipeline would never write).
EVENT_MENTIONS = TABLE_SCHEMAS["event_mentions"]
SCHEMA = pa.schema([pa.field(name, EVENT_MENTIONS.field(name).type) for name in PREDICTION_COLUMNS])


def _write_events(events_dir: Path, rows: list[dict[str, object]]) -> None:
    partition = events_dir / "ingest_batch=all"
    partition.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), partition / "part-0.parquet")


def _row(
    source_file: str,
    source: str | None,
    target: str | None,
    root: str | None,
    plover: str | None,
) -> dict[str, object]:
    # Gold organisation codes become the pipeline's IGO + org pair.
    def split(code: str | None) -> tuple[str | None, str | None]:
        return ("IGO", code) if code in {"UN", "EU", "AU"} else (code, None)

    (source_country, source_org), (target_country, target_org) = split(source), split(target)
    return {
        "source_file": source_file,
        "source_country": source_country,
        "source_org": source_org,
        "target_country": target_country,
        "target_org": target_org,
        "cameo_root": root,
        "plover_type": plover,
        "modality": None,
        "event_date": None,
    }


def test_evaluate_reads_both_inputs(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(
        json.dumps(
            {
                "file": "a.txt",
                "published": "2024-11-19",
                "events": [
                    {
                        "source": "RUS",
                        "target": "IND",
                        "cameo_root": "04",
                        "plover": "CONSULT",
                        "mode": "occurred",
                        "event_date": "2024-11",
                        "date_precision": "month",
                    }
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    row = _row("raw/a.txt", "RUS", "IND", "04", "CONSULT") | {
        "modality": "occurred",
        "event_date": date(2024, 11, 2),
    }
    _write_events(tmp_path / "event_mentions", [row])
    report = evaluate(gold_path, tmp_path / "event_mentions")
    assert (report.tp, report.fp, report.fn) == (1, 0, 0)
    assert (report.date_correct, report.modality_correct) == (1, 1)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the corpora and gold) is not present")
@pytest.mark.parametrize(
    ("relative", "kind", "gold_events"),
    [
        ("corpus/dev/gold.jsonl", "real-news", 32),  # no duplicate triples in the dev gold
        ("benchmarks/plover-gsr/gold.jsonl", "plover-only", 356),  # 363 events, 356 distinct
    ],
)
def test_gold_scored_against_itself_is_perfect(
    tmp_path: Path, relative: str, kind: str, gold_events: int
) -> None:
    gold_path = SHARED / relative
    if not gold_path.is_file():
        pytest.skip(f"{gold_path} is not present")
    # Each gold event copied as a prediction row, under a subfolder as `attache run` may write.
    rows = [
        _row(f"raw/{article.file}", event.source, event.target, event.cameo_root, event.plover)
        for article in read_gold(gold_path)
        for event in article.events
    ]
    _write_events(tmp_path / "event_mentions", rows)
    report = evaluate(gold_path, tmp_path / "event_mentions")
    assert report.gold_kind == kind
    assert (report.tp, report.fp, report.fn) == (gold_events, 0, 0)
    assert report.f1 == 1.0


def test_evaluate_with_details_scores_as_evaluate_does(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    events = [
        {"source": "NOR", "target": "CHL", "cameo_root": "03", "plover": "AGREE"},
        {"source": "CHL", "target": "NOR", "cameo_root": "11", "plover": "ACCUSE"},
    ]
    gold_path.write_text(
        json.dumps({"file": "a.txt", "published": "2031-03-02", "events": events}) + "\n",
        encoding="utf-8",
    )
    rows = [
        _row("raw/a.txt", "NOR", "CHL", "03", "AGREE"),
        _row("raw/a.txt", "PER", "CHL", "13", "THREATEN"),
        _row("raw/b.txt", "PER", "CHL", "13", "THREATEN"),  # not in the gold: ignored
    ]
    _write_events(tmp_path / "event_mentions", rows)
    report, details = evaluate_with_details(gold_path, tmp_path / "event_mentions")
    assert report == evaluate(gold_path, tmp_path / "event_mentions")
    assert (details.matched, details.missed, details.spurious) == (1, 1, 1)
    # This dataset has no text columns: the listing still names every event.
    [article] = details.articles
    [spurious] = article.spurious
    assert spurious.key.label() == "PER→CHL 13/THREATEN"
    assert spurious.mentions[0].sentence_text is None
