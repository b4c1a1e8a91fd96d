"""`attache run` on the samples and the dev corpus, then `attache evaluate` on its output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from pipeline.table_lineage import run_independent_content
from schemas.records import TABLE_MODELS

REPO_ROOT = Path(__file__).resolve().parents[2]


def attache(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
        timeout=900,
    )


SAMPLES = REPO_ROOT / "data" / "samples" / "raw"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("samples")
    result = attache("run", "--input", str(SAMPLES), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("attache run: ")
    return output


def test_run_on_bundled_samples_accounts_for_every_file(sample_run: Path) -> None:
    samples, tmp_path = SAMPLES, sample_run
    articles = ds.dataset(tmp_path / "articles", partitioning="hive").to_table()
    rejects = ds.dataset(tmp_path / "article_rejects", partitioning="hive").to_table()
    events = ds.dataset(tmp_path / "event_mentions", partitioning="hive").to_table()
    files = sorted(p.relative_to(samples).as_posix() for p in samples.rglob("*.txt"))
    seen = sorted(articles["source_file"].to_pylist() + rejects["source_file"].to_pylist())
    assert seen == files
    assert set(rejects["reason"].to_pylist()) <= {"empty_file", "no_date_line", "empty_body"}
    assert events.num_rows > 0
    assert set(events["ingest_batch"].to_pylist()) == {"all"}
    assert set(events["source_file"].to_pylist()) <= set(files)


def test_rerun_writes_the_same_parquet_but_for_the_run_ids(
    sample_run: Path, tmp_path: Path
) -> None:
    first, second = sample_run, tmp_path
    assert attache("run", "--input", str(SAMPLES), "--output", str(second)).returncode == 0
    for table in TABLE_MODELS:
        one = (first / table / "ingest_batch=all" / "part-0.parquet").read_bytes()
        two = (second / table / "ingest_batch=all" / "part-0.parquet").read_bytes()
        # Rows and data pages byte for byte, and all metadata but the run ids.
        assert run_independent_content(one) == run_independent_content(two), table
        assert one != two, table  # each file names the run that wrote it


def test_dev_corpus_is_scored(tmp_path: Path, shared_dir: Path) -> None:
    corpus = shared_dir / "corpus" / "dev"
    run = attache("run", "--input", str(corpus / "raw"), "--output", str(tmp_path))
    assert run.returncode == 0, run.stderr
    report = tmp_path / "report.json"
    scored = attache(
        "evaluate",
        "--gold",
        str(corpus / "gold.jsonl"),
        "--events",
        str(tmp_path / "event_mentions"),
        "--json",
        str(report),
    )
    assert scored.returncode == 0, scored.stderr
    assert scored.stdout.startswith("precision ")
    assert report.stat().st_size > 0


@pytest.mark.parametrize("table", ["articles", "event_mentions"])
def test_polars_reads_the_hive_layout(sample_run: Path, table: str) -> None:
    import polars as pl

    frame = pl.read_parquet(sample_run / table / "**" / "*.parquet", hive_partitioning=True)
    assert "ingest_batch" in frame.columns
    assert frame.height > 0
