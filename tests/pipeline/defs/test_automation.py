"""Batches: the sensor requests exactly the changed ones, and a batch writes only its rows.

Rewriting a batch partition gives the same rows and data pages, byte for byte; the files differ
only in the run ids their footers record.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from pipeline.definitions import defs
from pipeline.defs.automation import daily_batches, landing_batches
from pipeline.defs.io_managers import ParquetIOManager
from pipeline.defs.resources import LandingDirectory, SpacyPipeline
from pipeline.table_lineage import RUN_ID_KEY, run_independent_content

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLE = REPO_ROOT / "data" / "samples" / "raw" / "france-summons-envoy.txt"


def evaluate(instance: dg.DagsterInstance, landing: Path, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources={"landing": LandingDirectory(path=str(landing))}
    )
    result = landing_batches(context)
    assert isinstance(result, dg.SensorResult)
    return result


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> dg.DagsterInstance:
    """One instance kept open for the module.

    Dagster remembers the last instance it was handed; closing one mid-session leaves later
    definition loads pointing at a dead instance.
    """
    return dg.DagsterInstance.local_temp(str(tmp_path_factory.mktemp("dagster_home")))


def test_sensor_requests_new_and_changed_batches_once(
    tmp_path: Path, instance: dg.DagsterInstance
) -> None:
    for batch in ("s1", "s2"):
        (tmp_path / batch).mkdir()
        shutil.copy(SAMPLE, tmp_path / batch / "a.txt")
    first = evaluate(instance, tmp_path, None)
    assert sorted(r.partition_key for r in first.run_requests or []) == ["s1", "s2"]
    (request,) = first.dynamic_partitions_requests or []
    assert sorted(request.partition_keys) == ["s1", "s2"]  # type: ignore[union-attr]
    instance.add_dynamic_partitions("ingest_batches", ["s1", "s2"])
    again = evaluate(instance, tmp_path, first.cursor)
    assert not again.run_requests  # nothing changed
    (tmp_path / "s2" / "b.txt").write_text((tmp_path / "s2" / "a.txt").read_text() + " ")
    changed = evaluate(instance, tmp_path, again.cursor)
    assert [r.partition_key for r in changed.run_requests or []] == ["s2"]
    assert not changed.dynamic_partitions_requests  # s2 is already a partition
    assert json.loads(changed.cursor or "{}").keys() == {"s1", "s2"}


def test_daily_schedule_requests_registered_batches(
    tmp_path: Path, instance: dg.DagsterInstance
) -> None:
    (tmp_path / "d1").mkdir()
    shutil.copy(SAMPLE, tmp_path / "d1" / "a.txt")
    (tmp_path / "unregistered").mkdir()
    instance.add_dynamic_partitions("ingest_batches", ["d1"])
    context = dg.build_schedule_context(
        instance=instance, resources={"landing": LandingDirectory(path=str(tmp_path))}
    )
    requests = list(daily_batches(context))  # type: ignore[arg-type]
    assert [r.partition_key for r in requests] == ["d1"]
    assert requests[0].run_key is not None


@pytest.fixture(scope="module")
def batch_runs(
    tmp_path_factory: pytest.TempPathFactory, instance: dg.DagsterInstance
) -> tuple[Path, Path, Path]:
    landing = tmp_path_factory.mktemp("landing")
    (landing / "b1").mkdir()
    shutil.copy(SAMPLE, landing / "b1" / "a.txt")
    (landing / "b2").mkdir()
    (landing / "b2" / "empty.txt").write_text("")
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    assets = list(defs().assets or [])
    instance.add_dynamic_partitions("ingest_batches", ["b1", "b2"])
    for output in (first, second):
        for batch in ("b1", "b2", "b1"):  # b1 twice: a rerun replaces, never duplicates
            result = dg.materialize(
                assets,  # type: ignore[arg-type]
                instance=instance,
                partition_key=batch,
                resources={
                    "landing": LandingDirectory(path=str(landing)),
                    "spacy": SpacyPipeline(),
                    "io_manager": ParquetIOManager(base_dir=str(output)),
                },
            )
            assert result.success
    return landing, first, second


def test_each_batch_writes_its_own_partition(batch_runs: tuple[Path, Path, Path]) -> None:
    import pyarrow.dataset as ds

    _, first, _ = batch_runs
    articles = ds.dataset(first / "articles", partitioning="hive").to_table()
    rejects = ds.dataset(first / "article_rejects", partitioning="hive").to_table()
    assert articles["source_file"].to_pylist() == ["b1/a.txt"]
    assert articles["ingest_batch"].to_pylist() == ["b1"]
    assert rejects["source_file"].to_pylist() == ["b2/empty.txt"]
    assert rejects["ingest_batch"].to_pylist() == ["b2"]


def test_rerunning_a_batch_gives_the_same_files_but_for_the_run_ids(
    batch_runs: tuple[Path, Path, Path],
) -> None:
    _, first, second = batch_runs
    written = sorted(p.relative_to(first) for p in first.rglob("*.parquet"))
    assert written == sorted(p.relative_to(second) for p in second.rglob("*.parquet"))
    assert len(written) == 12  # six tables, two batches
    for path in written:
        one, two = (first / path).read_bytes(), (second / path).read_bytes()
        assert run_independent_content(one) == run_independent_content(two), path
        # What does differ: the run that wrote each file.
        runs = {pq.read_schema(d / path).metadata[RUN_ID_KEY.encode()] for d in (first, second)}
        assert len(runs) == 2, path


def test_sensor_codes_a_batch_holding_a_name_that_is_not_utf8(
    tmp_path: Path, instance: dg.DagsterInstance
) -> None:
    (tmp_path / "latin1").mkdir()
    odd = os.fsencode(tmp_path / "latin1") + b"/\xe9t\xe9\n.txt"
    shutil.copy(SAMPLE, os.fsdecode(odd))
    first = evaluate(instance, tmp_path, None)
    assert [r.partition_key for r in first.run_requests or []] == ["latin1"]
    again = evaluate(instance, tmp_path, first.cursor)
    assert again.cursor == first.cursor  # the same fingerprint on every tick


def test_both_sensors_run_from_the_first_start() -> None:
    # A fresh clone's `make dev` must code the sample batch without anyone finding the sensor,
    # and batches it codes later must bring their late reports to the rows of earlier ones.
    status = {sensor.name: sensor.default_status for sensor in defs().sensors or []}
    assert status["landing_batches"] == dg.DefaultSensorStatus.RUNNING
    assert status["late_reports"] == dg.DefaultSensorStatus.RUNNING


def test_first_tick_on_a_fresh_instance_registers_and_requests_the_sample_batch(
    tmp_path: Path,
) -> None:
    # What the daemon does on the first tick after `make dev`: the bundled samples hold one
    # batch folder, which is registered as a partition and requested as a run.
    with dg.DagsterInstance.local_temp(str(tmp_path)) as fresh:
        assert fresh.get_dynamic_partitions("ingest_batches") == []
        result = evaluate(fresh, REPO_ROOT / "data" / "samples" / "raw", None)
    batches = sorted(
        p.name for p in (REPO_ROOT / "data" / "samples" / "raw").iterdir() if p.is_dir()
    )
    assert batches == ["2025-03"]
    assert [r.partition_key for r in result.run_requests or []] == batches
    (request,) = result.dynamic_partitions_requests or []
    assert list(request.partition_keys) == batches  # type: ignore[union-attr]
