"""The unseen-text measurement codes a warm-up, then the same articles pass after pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.benchmark import unseen_text
from pipeline.benchmark.unseen_text import measure_unseen_text, read_articles

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples" / "raw"


def test_each_pass_is_timed_for_coding_and_the_plain_parse() -> None:
    articles = read_articles([SAMPLES / "2025-03"])
    warm_up = read_articles([SAMPLES])
    assert articles.num_rows >= 2
    # The folder's bad files are rejects of ingest, not articles to code.
    assert set(warm_up.column("source_file").to_pylist()).isdisjoint(
        {"empty-download.txt", "missing-date-line.txt"}
    )
    report = measure_unseen_text(warm_up, articles, passes=3)
    assert report.articles == articles.num_rows
    assert report.warm_up_articles == warm_up.num_rows
    assert len(report.coding_seconds) == len(report.plain_parse_seconds) == 3
    assert all(seconds > 0 for seconds in report.coding_seconds + report.plain_parse_seconds)
    assert report.coding_first_to_repeat == pytest.approx(
        report.coding_seconds[0] / min(report.coding_seconds[1:]), abs=1e-3
    )


def test_one_pass_has_nothing_to_compare_with() -> None:
    articles = read_articles([SAMPLES / "2025-03"])
    with pytest.raises(ValueError, match="two passes"):
        measure_unseen_text(articles, articles, passes=1)


def test_the_command_prints_and_writes_its_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    for path in sorted((SAMPLES / "2025-03").glob("*.txt"))[:2]:
        (corpus / "raw" / path.name).write_bytes(path.read_bytes())
    report_file = tmp_path / "unseen.json"
    argv = ["--corpus-folders", str(corpus), "--warm-up", str(SAMPLES), "--passes", "2"]
    assert unseen_text.main([*argv, "--json", str(report_file)]) == 0
    assert "first / repeat" in capsys.readouterr().out
    figures = json.loads(report_file.read_text(encoding="utf-8"))
    assert figures["articles"] == 2
    assert len(figures["coding_seconds"]) == 2
    assert figures["coding_first_to_repeat"] > 0
