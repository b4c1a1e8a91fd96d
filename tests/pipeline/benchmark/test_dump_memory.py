"""Pins the constant-memory measurement's plumbing (the figures themselves are in the README)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.benchmark.dump_memory import (
    main,
    measure,
    read_dump,
    template_records,
    write_template_dump,
)


def test_template_records_are_distinct_news_please_records() -> None:
    records = list(template_records(20))
    assert len({record["maintext"] for record in records}) == 20
    assert all(str(record["date_publish"]).endswith(" 00:00:00") for record in records)
    assert {record["source_domain"] for record in records} == {"news.example.org"}


def test_each_stage_reads_every_record(tmp_path: Path) -> None:
    dump = write_template_dump(tmp_path / "dump.jsonl", 30)
    records = read_dump(dump, "records")
    ingest = read_dump(dump, "ingest")
    assert (records.records, records.articles) == (30, 30)
    assert (ingest.records, ingest.articles) == (30, 30)
    assert ingest.peak_rss_mb > 0


def test_a_measure_runs_in_a_fresh_process_and_reports_json(tmp_path: Path) -> None:
    dump = write_template_dump(tmp_path / "d" / "dump.jsonl", 10)
    measured = measure(dump, "records")
    assert (measured.stage, measured.records) == ("records", 10)
    report = tmp_path / "report.json"
    assert (
        main(
            [
                "--records",
                "10",
                "--work-dir",
                str(tmp_path / "w"),
                "--stage",
                "records",
                "--json",
                str(report),
            ]
        )
        == 0
    )
    assert [entry["records"] for entry in json.loads(report.read_text())] == [10]
