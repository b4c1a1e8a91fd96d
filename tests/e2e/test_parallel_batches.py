"""Two ingest batches coded at once on one machine, each by its own run and step processes.

Dagster's unit of parallelism for partitions is the run: one run per batch, each launched in
its own process (here two `dg launch` processes; on a cluster the run launcher's pods), and
inside a run the multiprocess executor gives every step its own process. Pinned here: both
runs succeed and overlap in time, every step ran in a process of its own, the spaCy model
was loaded exactly once per run, by the coding step's process, never per article or per step,
and each batch's files name the run that wrote them although every step had its own process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import dagster as dg
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from dagster import DagsterEventType, DagsterRunStatus

from pipeline.defs.resources import SPACY_LOAD_LOG
from pipeline.table_lineage import TableLineage
from schemas.records import TABLE_MODELS

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "data" / "samples" / "raw"
BATCHES = {
    "b1": ["france-summons-envoy.txt", "empty-download.txt"],
    "b2": ["sanctions-announcement.txt", "un-appeal-ceasefire.txt"],
}
#: The four asset steps, and the lineage check that runs after dyad_day (pipeline.defs.lineage).
STEPS = {"ingest", "coding", "events", "dyad_day", "dyad_day_batch_tables_belong_together"}


@pytest.fixture(scope="module")
def parallel_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """`dg launch` of job code_ingest_batch for b1 and b2, started together; (home, warehouse)."""
    home = tmp_path_factory.mktemp("dagster_home")
    landing = tmp_path_factory.mktemp("landing")
    warehouse = tmp_path_factory.mktemp("warehouse")
    for batch, names in BATCHES.items():
        (landing / batch).mkdir()
        for name in names:
            shutil.copy(SAMPLES / name, landing / batch / name)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.add_dynamic_partitions("ingest_batches", list(BATCHES))
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        # How a deployment points the code location at its storage (see deploy/).
        "ATTACHE_LANDING": str(landing),
        "ATTACHE_WAREHOUSE": str(warehouse),
    }
    dg_cli = Path(sys.executable).parent / "dg"
    launches = [
        subprocess.Popen(
            [
                str(dg_cli),
                "launch",
                "--job",
                "code_ingest_batch",
                "--partition",
                batch,
                "-m",
                "pipeline.definitions",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        for batch in BATCHES
    ]
    for launch in launches:
        output, _ = launch.communicate(timeout=600)
        assert launch.returncode == 0, output[-3000:]
    return home, warehouse


def test_each_batch_is_one_successful_run_and_the_runs_overlap(
    parallel_runs: tuple[Path, Path],
) -> None:
    home, _ = parallel_runs
    with dg.DagsterInstance.from_config(str(home)) as instance:
        records = instance.get_run_records()
    assert sorted(r.dagster_run.tags["dagster/partition"] for r in records) == sorted(BATCHES)
    assert {r.dagster_run.status for r in records} == {DagsterRunStatus.SUCCESS}
    starts = [r.start_time or 0.0 for r in records]
    ends = [r.end_time or 0.0 for r in records]
    assert max(starts) < min(ends), "the two runs did not run at the same time"


def test_every_step_has_its_own_process_and_the_model_loads_once_per_run(
    parallel_runs: tuple[Path, Path],
) -> None:
    home, _ = parallel_runs
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for record in instance.get_run_records():
            logs = instance.all_logs(record.dagster_run.run_id)
            step_pids = {
                entry.step_key: entry.dagster_event.pid
                for entry in logs
                if entry.dagster_event is not None
                and entry.dagster_event.event_type == DagsterEventType.STEP_START
            }
            (run_pid,) = {
                entry.dagster_event.pid
                for entry in logs
                if entry.dagster_event is not None
                and entry.dagster_event.event_type == DagsterEventType.RUN_START
            }
            assert set(step_pids) == STEPS
            assert len(set(step_pids.values())) == len(STEPS)  # one process per step
            assert run_pid not in step_pids.values()  # none in the run's own process
            loads = [e.user_message for e in logs if SPACY_LOAD_LOG in e.user_message]
            assert len(loads) == 1, loads
            assert f"process {step_pids['coding']} loaded spaCy model" in loads[0]


def test_each_run_wrote_only_its_batch(parallel_runs: tuple[Path, Path]) -> None:
    _, warehouse = parallel_runs
    articles = ds.dataset(warehouse / "articles", partitioning="hive").to_table()
    rejects = ds.dataset(warehouse / "article_rejects", partitioning="hive").to_table()
    batches = Counter(articles["ingest_batch"].to_pylist() + rejects["ingest_batch"].to_pylist())
    assert batches == {batch: len(names) for batch, names in BATCHES.items()}
    written = sorted(p.relative_to(warehouse).as_posix() for p in warehouse.rglob("*.parquet"))
    assert len(written) == 6 * len(BATCHES)


def test_each_batch_s_files_name_its_run_and_belong_together(
    parallel_runs: tuple[Path, Path],
) -> None:
    home, warehouse = parallel_runs
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for record in instance.get_run_records():
            run = record.dagster_run
            batch = run.tags["dagster/partition"]
            for table in TABLE_MODELS:
                path = warehouse / table / f"ingest_batch={batch}" / "part-0.parquet"
                lineage = TableLineage.from_metadata(pq.read_schema(path).metadata)
                assert lineage is not None, (batch, table)
                assert lineage.run_id == run.run_id, (batch, table)
                assert set(lineage.upstream.values()) <= {run.run_id}, (batch, table)
            checks = [
                entry.dagster_event.event_specific_data
                for entry in instance.all_logs(run.run_id)
                if entry.dagster_event is not None
                and entry.dagster_event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION
            ]
            lineage_checks = [
                c
                for c in checks
                if c.check_name == "batch_tables_belong_together"  # type: ignore[union-attr]
            ]
            assert [c.passed for c in lineage_checks] == [True], batch  # type: ignore[union-attr]
