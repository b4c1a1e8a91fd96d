"""Real `attache run` processes, killed mid-write or started together, never leave a bad table.

A run killed with SIGKILL while it writes leaves every table as the previous run wrote it:
readable by pyarrow, pandas, DuckDB and Polars, row for row, the unfinished file ignored; the
next run clears it away. Two runs started at once on one output take turns (the second says
it is waiting), and the tables afterwards all come from one of them.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from pipeline.table_lineage import INPUT_FINGERPRINT_KEY, RUN_ID_KEY, run_independent_content
from pipeline.warehouse import is_temporary
from schemas.records import TABLE_MODELS

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "data" / "samples" / "raw"
SMALL = REPO_ROOT / "tests" / "fixtures" / "raw"
PART = Path("ingest_batch=all") / "part-0.parquet"


def start_run(input_dir: Path, output_dir: Path) -> subprocess.Popen[str]:
    command = ["run", "--input", str(input_dir), "--output", str(output_dir)]
    # A killed run cannot remove its local spool files: they go to the test's own folder,
    # not the machine's temporary directory.
    spool = output_dir.parent / "spool"
    spool.mkdir(exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "TMPDIR": str(spool)},
        start_new_session=True,  # its own process group, so nothing it starts outlives the test
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # never leave a stuck run behind
        raise
    return process.returncode, out, err


def snapshot(output_dir: Path) -> dict[str, bytes]:
    return {table: (output_dir / table / PART).read_bytes() for table in TABLE_MODELS}


def leftovers(output_dir: Path) -> list[Path]:
    return sorted(p for p in output_dir.rglob("*") if p.is_file() and is_temporary(p))


def read_every_way(output_dir: Path, table: str) -> dict[str, int]:
    """Row counts of a dataset as each reader an analyst might use sees it."""
    folder = output_dir / table
    glob = str(folder / "**" / "*.parquet")
    return {
        "pyarrow": ds.dataset(folder, partitioning="hive").count_rows(),
        "pandas": len(pd.read_parquet(folder)),
        "duckdb": duckdb.sql(f"select count(*) from read_parquet('{glob}')").fetchall()[0][0],
        "polars": pl.read_parquet(glob, hive_partitioning=True).height,
    }


def write_big_corpus(folder: Path, articles: int, size: int = 200_000) -> None:
    """Invented articles big enough that writing their table takes a noticeable moment."""
    rng = random.Random(11)
    words = [
        "minister", "talks", "border", "trade", "agreement", "delegation", "harbour", "customs",
        "ferry", "river", "summit", "treaty", "envoy", "capital", "statement", "council",
        "committee", "budget", "region", "province", "railway", "pipeline", "grain", "water",
    ]  # fmt: skip
    folder.mkdir(parents=True)
    for number in range(articles):
        paragraphs, length = [], 0
        while length < size:
            sentences = (" ".join(rng.choice(words) for _ in range(12)) for _ in range(8))
            paragraph = " ".join(s.capitalize() + "." for s in sentences)
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
        head = f"date 2024-02-{number % 27 + 1:02d}\nLedger {number} of the port authority\n\n"
        (folder / f"ledger-{number:03d}.txt").write_text(head + "\n\n".join(paragraphs) + "\n")


def kill_when_writing(process: subprocess.Popen[str], output_dir: Path) -> bool:
    """SIGKILL the run as soon as an unfinished Parquet file appears; whether one did."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if leftovers(output_dir):
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate(timeout=60)
            return True
        time.sleep(0.001)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    return False


def test_sigkill_mid_write_leaves_the_previous_tables_whole(tmp_path: Path) -> None:
    output = tmp_path / "warehouse"
    code, _, err = finish(start_run(SAMPLES, output))
    assert code == 0, err
    before = snapshot(output)
    counts = {table: read_every_way(output, table) for table in TABLE_MODELS}

    big = tmp_path / "big"
    write_big_corpus(big, articles=20)
    process = start_run(big, output)
    if not kill_when_writing(process, output):
        pytest.fail("the run ended before it wrote a table; the corpus is too small to race")
    assert process.returncode == -signal.SIGKILL

    after = snapshot(output)
    # Almost always the kill lands inside the first write (articles), and every table is the
    # previous run's. Should the rename win the race by a hair, that one table is the new,
    # complete one: never anything in between.
    replaced = {table for table in TABLE_MODELS if after[table] != before[table]}
    assert replaced <= {"articles"}
    for table in TABLE_MODELS:
        expected = 20 if table in replaced else counts[table]["pyarrow"]
        assert read_every_way(output, table) == dict.fromkeys(counts[table], expected), table
    if not replaced:
        # The killed write is still lying there, as a file no reader lists.
        assert leftovers(output)

    # The next run waits for no stale lock, clears the litter and writes the same tables: the
    # same bytes but for the run ids in the footers.
    code, _, err = finish(start_run(SAMPLES, output))
    assert code == 0, err
    assert leftovers(output) == []
    again = snapshot(output)
    for table in TABLE_MODELS:
        assert run_independent_content(again[table]) == run_independent_content(before[table])


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.txt"))


def test_two_runs_at_once_take_turns(tmp_path: Path) -> None:
    output = tmp_path / "warehouse"
    first, second = start_run(SAMPLES, output), start_run(SMALL, output)
    results = {SAMPLES: finish(first), SMALL: finish(second)}
    assert [code for code, _, _ in results.values()] == [0, 0], results
    waited = [corpus for corpus, (_, _, err) in results.items() if "waiting for it" in err]
    assert len(waited) == 1, results
    message = f"is writing to {output.resolve()}; waiting for it to finish"
    assert message in results[waited[0]][2]

    # Every table comes from one run: the one that waited, and so wrote last.
    articles = ds.dataset(output / "articles", partitioning="hive").to_table()
    rejects = ds.dataset(output / "article_rejects", partitioning="hive").to_table()
    accounted = sorted(articles["source_file"].to_pylist() + rejects["source_file"].to_pylist())
    assert accounted == _files(waited[0])
    article_ids = set(articles["article_id"].to_pylist())
    for table in ("actor_mentions", "event_mentions"):
        rows = ds.dataset(output / table, partitioning="hive").to_table()
        assert set(rows["article_id"].to_pylist()) <= article_ids, table
    # ... as their footers say: one run id, one input fingerprint.
    footers = [pq.read_schema(output / table / PART).metadata for table in TABLE_MODELS]
    assert len({footer[RUN_ID_KEY.encode()] for footer in footers}) == 1
    assert len({footer[INPUT_FINGERPRINT_KEY.encode()] for footer in footers}) == 1
    assert leftovers(output) == []
