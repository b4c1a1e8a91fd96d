"""`attache evaluate`: the summary alone by default; `--details` adds the listing, in text and JSON.

Gold and event_mentions are invented and written to `tmp_path`; the mistakes of use of the
command (missing files) are pinned in test_cli.py.
"""

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.evaluation.evaluate import evaluate
from schemas.arrow import TABLE_SCHEMAS

EVENT_MENTIONS = TABLE_SCHEMAS["event_mentions"]


def _mention(
    sentence: int, text: str, trigger: str, *, dyad: tuple[str, str], code: str, plover: str
) -> dict[str, object]:
    return {
        "mention_id": f"m{sentence}",
        "source_file": "a.txt",
        "sentence_index": sentence,
        "char_start": 0,
        "sentence_text": text,
        "trigger_text": trigger,
        "source_name": dyad[0].title(),
        "source_country": dyad[0],
        "source_org": None,
        "target_name": dyad[1].title(),
        "target_country": dyad[1],
        "target_org": None,
        "cameo_code": code,
        "cameo_root": code[:2],
        "plover_type": plover,
        "modality": "occurred",
        "event_date": date(2031, 3, 1),
        "event_date_precision": "day",
        "confidence": 0.7,
    }


@pytest.fixture
def scored(tmp_path: Path) -> tuple[Path, Path]:
    """An invented gold file and an event_mentions dataset: one match, one miss, one extra."""
    gold = tmp_path / "gold.jsonl"
    events = [
        {
            "source": "NOR",
            "target": "CHL",
            "cameo_root": "03",
            "cameo_code": "036",
            "plover": "AGREE",
            "mode": "occurred",
            "event_date": "2031-03-01",
            "date_precision": "day",
            "evidence": "Norway and Chile signed an accord.",
        },
        {"source": "CHL", "target": "NOR", "cameo_root": "11", "plover": "ACCUSE"},
    ]
    gold.write_text(
        json.dumps({"file": "a.txt", "published": "2031-03-02", "events": events}) + "\n",
        encoding="utf-8",
    )
    rows = [
        _mention(
            0,
            "Norway and Chile signed an accord.",
            "signed",
            dyad=("NOR", "CHL"),
            code="036",
            plover="AGREE",
        ),
        _mention(
            1,
            "Peru threatened Chile.",
            "threatened",
            dyad=("PER", "CHL"),
            code="130",
            plover="THREATEN",
        ),
    ]
    columns = list(rows[0])
    schema = pa.schema([pa.field(name, EVENT_MENTIONS.field(name).type) for name in columns])
    partition = tmp_path / "event_mentions" / "ingest_batch=all"
    partition.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), partition / "part-0.parquet")
    return gold, tmp_path / "event_mentions"


def test_without_details_the_output_is_the_summary_alone(
    scored: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold, events = scored
    report_path = tmp_path / "report.json"
    args = ["evaluate", "--gold", str(gold), "--events", str(events), "--json", str(report_path)]
    assert main(args) == 0
    report = evaluate(gold, events)
    assert capsys.readouterr().out == report.format_text() + "\n"
    assert json.loads(report_path.read_text(encoding="utf-8")) == json.loads(
        json.dumps(report.to_dict())
    )


def test_details_follow_the_summary_and_go_into_the_json(
    scored: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold, events = scored
    report_path = tmp_path / "report.json"
    args = ["evaluate", "--gold", str(gold), "--events", str(events), "--json", str(report_path)]
    assert main([*args, "--details"]) == 0
    out = capsys.readouterr().out
    report = evaluate(gold, events)
    summary = report.format_text()
    assert out.startswith(summary + "\n\ndetails by article")
    assert "== a.txt  (published 2031-03-02)  gold 2  matched 1  missed 1  spurious 1" in out
    assert "  MATCHED  NOR→CHL 03/AGREE  by NOR→CHL 03/AGREE  date ok  mode ok" in out
    assert '      gold evidence: "Norway and Chile signed an accord."' in out
    assert "  MISSED   CHL→NOR 11/ACCUSE" in out
    assert "  SPURIOUS PER→CHL 13/THREATEN" in out
    assert '      s1 "Peru threatened Chile."' in out
    assert out.endswith(
        "details total: matched 1, missed 1, spurious 1 (the summary's tp, fn and fp)\n"
    )
    data = json.loads(report_path.read_text(encoding="utf-8"))
    # The report's own keys are unchanged; the listing is one more key beside them.
    assert {key: value for key, value in data.items() if key != "details"} == json.loads(
        json.dumps(report.to_dict())
    )
    details = data["details"]
    assert (details["matched"], details["missed"], details["spurious"]) == (
        data["tp"],
        data["fn"],
        data["fp"],
    )
    [article] = details["articles"]
    assert article["spurious_predictions"][0]["mentions"][0]["trigger_text"] == "threatened"
