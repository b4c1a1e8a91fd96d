"""`attache run` from and to S3: raw files read from a bucket, every table written to one.

Runs against the moto server on loopback (the `s3_server` fixture); nothing leaves the machine.
Pins that an S3 warehouse holds what a local one does (the same rows and data pages, byte for
byte; only the run ids in the footers differ), one object per table and batch, and that a rerun
replaces a batch's objects in place.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pytest

from pipeline.definitions import materialize_corpus
from pipeline.nlp.model import DEFAULT_MODEL
from pipeline.table_lineage import run_independent_content
from schemas.records import TABLE_MODELS

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "data" / "samples" / "raw"
BUCKET = "attache-e2e"


def _objects(s3_server: Any, prefix: str) -> dict[str, bytes]:
    client = s3_server.client()
    return {
        key: client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        for key in s3_server.keys(BUCKET, prefix)
    }


@pytest.fixture(scope="module")
def s3_run(s3_server: Any) -> subprocess.CompletedProcess[str]:
    """The samples uploaded to s3://attache-e2e/landing, coded by `attache run` into S3."""
    s3_server.client().create_bucket(Bucket=BUCKET)
    s3_server.upload(SAMPLES, BUCKET, "landing")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "run",
            "--input",
            f"s3://{BUCKET}/landing",
            "--output",
            f"s3://{BUCKET}/warehouse/",
        ],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, **s3_server.env},
        check=False,
        timeout=600,
    )


def test_run_writes_one_object_per_table_and_batch(
    s3_run: subprocess.CompletedProcess[str], s3_server: Any
) -> None:
    assert s3_run.returncode == 0, s3_run.stderr
    assert s3_run.stdout.rstrip().endswith(f"Parquet under s3://{BUCKET}/warehouse")
    assert sorted(_objects(s3_server, "warehouse/")) == sorted(
        f"warehouse/{table}/ingest_batch=all/part-0.parquet" for table in TABLE_MODELS
    )


def test_every_table_reads_back_from_s3_with_its_partition_column(
    s3_run: subprocess.CompletedProcess[str], s3_server: Any
) -> None:
    assert s3_run.returncode == 0, s3_run.stderr
    filesystem, _ = pafs.FileSystem.from_uri(f"s3://{BUCKET}")
    tables = {
        name: ds.dataset(
            f"{BUCKET}/warehouse/{name}", filesystem=filesystem, partitioning="hive"
        ).to_table()
        for name in TABLE_MODELS
    }
    for name, table in tables.items():
        assert set(table["ingest_batch"].to_pylist()) <= {"all"}, name
    files = sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*.txt"))
    seen = tables["articles"]["source_file"].to_pylist()
    seen += tables["article_rejects"]["source_file"].to_pylist()
    assert sorted(seen) == files
    assert tables["event_mentions"].num_rows > 0


def test_polars_reads_the_s3_dataset(
    s3_run: subprocess.CompletedProcess[str], s3_server: Any
) -> None:
    import polars as pl

    assert s3_run.returncode == 0, s3_run.stderr
    frame = pl.read_parquet(
        f"s3://{BUCKET}/warehouse/event_mentions/**/*.parquet",
        hive_partitioning=True,
        storage_options={
            "aws_endpoint_url": s3_server.endpoint,
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
            "aws_region": "us-east-1",
            "aws_allow_http": "true",
        },
    )
    assert frame.height > 0
    assert set(frame["ingest_batch"].to_list()) == {"all"}


def test_s3_objects_equal_a_local_run_and_a_rerun_replaces_them(
    s3_run: subprocess.CompletedProcess[str], s3_server: Any, tmp_path: Path
) -> None:
    assert s3_run.returncode == 0, s3_run.stderr
    first = _objects(s3_server, "warehouse/")
    local = materialize_corpus(SAMPLES, tmp_path, DEFAULT_MODEL)
    assert local.success
    for key, data in first.items():
        local_data = (tmp_path / key.removeprefix("warehouse/")).read_bytes()
        assert run_independent_content(local_data) == run_independent_content(data), key

    # The same input again: every object rewritten with the same content, nothing added; the
    # lineage check read the new objects' footers from S3 and found them to belong together.
    again = materialize_corpus(f"s3://{BUCKET}/landing", f"s3://{BUCKET}/warehouse", DEFAULT_MODEL)
    assert again.success
    assert again.failed_checks == []
    rewritten = _objects(s3_server, "warehouse/")
    assert sorted(rewritten) == sorted(first)
    for key, data in rewritten.items():
        assert data != first[key], key  # a new run id in the footer
        assert run_independent_content(data) == run_independent_content(first[key]), key

    # One raw file fewer: the batch's objects are replaced, one per table still, one row less.
    s3_server.client().delete_object(Bucket=BUCKET, Key="landing/france-summons-envoy.txt")
    fewer = materialize_corpus(f"s3://{BUCKET}/landing", f"s3://{BUCKET}/warehouse", DEFAULT_MODEL)
    assert fewer.success
    assert sorted(_objects(s3_server, "warehouse/")) == sorted(first)
    assert fewer.row_counts["articles"] == local.row_counts["articles"] - 1
    filesystem, _ = pafs.FileSystem.from_uri(f"s3://{BUCKET}")
    articles = ds.dataset(
        f"{BUCKET}/warehouse/articles", filesystem=filesystem, partitioning="hive"
    ).to_table()
    assert "france-summons-envoy.txt" not in articles["source_file"].to_pylist()
    assert articles.num_rows == fewer.row_counts["articles"]
