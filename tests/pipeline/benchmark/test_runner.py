"""The benchmark runs the real pipeline on a small generated corpus and reports every number."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.benchmark import runner
from pipeline.benchmark.runner import BenchmarkSettings, format_report, run_benchmark
from pipeline.cli import main
from pipeline.heap import PARSING_PROCESS_THRESHOLD, TABLE_PROCESS_THRESHOLD, mapping_threshold
from tests.pipeline.glibc import requires_glibc

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples" / "raw"


def test_small_benchmark_reports_throughput_memory_and_stages(tmp_path: Path) -> None:
    settings = BenchmarkSettings(num_articles=12, work_dir=tmp_path, text="template")
    result = run_benchmark(settings)
    assert result.articles == 12
    assert result.words > 12 * 300
    assert 0 < result.sentences_parsed <= result.sentences
    assert result.plain_parse_seconds is not None
    assert result.plain_parse_seconds > 0
    assert result.ratio_to_plain_parse is not None
    assert result.ratio_to_plain_parse > 0
    assert result.peak_rss_mb > 100  # the model alone is larger than this
    stages = result.stage_seconds
    assert {"ingest", "coding", "coding.rules", "events", "dyad_day"} <= set(stages)
    # Parse and rule shares divide the coding step's wall time; they do not exceed it.
    assert stages["coding.rules"] + stages["coding.parse_and_filter"] <= stages["coding"] + 0.01
    assert result.coding_busy_processes > 0
    # The run wrote the same tables `attache run` writes.
    events = pq.read_table(tmp_path / "warehouse" / "event_mentions")
    assert events.num_rows == result.events
    report = format_report(result)
    assert "articles/s" in report
    assert "ratio pipeline / plain parse" in report


def test_command_writes_a_json_report(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code = main(
        [
            "benchmark",
            "--articles",
            "5",
            "--work-dir",
            str(tmp_path),
            "--text",
            "template",
            "--no-plain-parse",
            "--json",
            str(report),
        ]
    )
    assert code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["articles"] == 5
    assert data["plain_parse_seconds"] is None
    assert data["ratio_to_plain_parse"] is None
    for key in ("articles_per_second", "words_per_second", "sentences_per_second", "peak_rss_mb"):
        assert data[key] > 0


def test_real_text_run_reads_the_given_folders_and_compares_on_as_many_processes(
    tmp_path: Path,
) -> None:
    # The shared corpora are read at run time; here two sample articles stand in for them.
    source = tmp_path / "sources" / "set" / "raw"
    source.mkdir(parents=True)
    for name in ("france-summons-envoy.txt", "sanctions-announcement.txt"):
        shutil.copy(SAMPLES / name, source / name)
    report = tmp_path / "report.json"
    code = main(
        [
            "benchmark",
            "--articles",
            "6",
            "--work-dir",
            str(tmp_path / "work"),
            "--corpus-folders",
            str(source.parent),
            "--processes",
            "1",
            "--progress",
            "off",
            "--json",
            str(report),
        ]
    )
    assert code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    # Six articles dealt from two articles' sentences share most of their text, so ingest may
    # reject some as near-duplicates of others (the shared corpora's pool is far larger).
    assert 0 < data["articles"] <= 6
    assert data["settings"]["text"] == "real"
    assert data["settings"]["corpus_folders"] == [str(source.parent)]
    # The yardstick parses on the pipeline's number of processes unless told otherwise.
    assert data["settings"]["plain_processes"] == data["settings"]["n_process"] == 1
    assert data["ratio_to_plain_parse"] > 0
    assert 0 < data["share_of_sentences_parsed"] <= 1
    assert (tmp_path / "work" / "corpus-real-6-20261207" / ".complete").is_file()


class _RecordingPipeline:
    """Stands in for the stock model; notes the heap setting its parse ran under."""

    def __init__(self) -> None:
        self.thresholds: list[int | None] = []

    def pipe(self, texts: Iterable[str], **_: object) -> Iterator[str]:
        for text in texts:
            self.thresholds.append(mapping_threshold())
            yield text


@requires_glibc
def test_the_plain_parse_gets_the_heap_setting_of_the_pipelines_own_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The run holds the main process's threshold low for moving tables; a parse under that
    # setting would be slower, and the ratio flattered.
    stand_in = _RecordingPipeline()
    monkeypatch.setattr(runner, "load_stock_nlp", lambda name: stand_in)
    run_benchmark(BenchmarkSettings(num_articles=3, work_dir=tmp_path, text="template"))
    assert stand_in.thresholds
    assert set(stand_in.thresholds) == {PARSING_PROCESS_THRESHOLD}
    assert mapping_threshold() == TABLE_PROCESS_THRESHOLD
