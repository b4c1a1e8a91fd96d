"""Pins the lineage the real assets record and the check that a batch's tables belong together.

A full run writes six files that name the same run and input; the check passes. A run killed
after ingest (simulated by re-materialising only ingest on a changed input) or an older file
put back over a newer one makes it warn, naming the tables; re-materialising only `dyad_day`
later is legitimate and does not.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import pyarrow.parquet as pq
import pytest

from pipeline.definitions import defs
from pipeline.defs.io_managers import ParquetIOManager
from pipeline.defs.lineage import batch_tables_belong_together
from pipeline.defs.resources import LandingDirectory, SpacyPipeline
from pipeline.table_lineage import TableLineage, ingest_fingerprint
from schemas.records import TABLE_MODELS

REPO_ROOT = Path(__file__).resolve().parents[3]
ARTICLE = REPO_ROOT / "data" / "samples" / "raw" / "france-summons-envoy.txt"
EMPTY = REPO_ROOT / "tests" / "fixtures" / "raw" / "empty.txt"
BATCH = "all"
UPSTREAM = {
    "articles": None,
    "article_rejects": None,
    "actor_mentions": "articles",
    "event_mentions": "articles",
    "events": "event_mentions",
    "dyad_day": "events",
}
CHECK = "batch_tables_belong_together"


def materialize(
    landing: Path,
    warehouse: Path,
    selection: Sequence[str] | dg.AssetSelection | None = None,
    *,
    partition: str | None = BATCH,
) -> dg.ExecuteInProcessResult:
    definitions = defs()
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("ingest_batches", [BATCH])
    result = dg.materialize(
        [*(definitions.assets or []), *(definitions.asset_checks or [])],  # type: ignore[list-item]
        instance=instance,
        partition_key=partition,
        selection=selection,
        resources={
            "landing": LandingDirectory(path=str(landing)),
            "spacy": SpacyPipeline(),
            "io_manager": ParquetIOManager(base_dir=str(warehouse)),
        },
    )
    assert result.success
    return result


def run_check(landing: Path, warehouse: Path) -> dg.AssetCheckEvaluation:
    """The check executed on its own, as from the UI: without a partition, over every batch.

    (Dagster will not run an unpartitioned check alone for one partition of its asset.)
    """
    result = materialize(
        landing, warehouse, dg.AssetSelection.checks(batch_tables_belong_together), partition=None
    )
    (evaluation,) = result.get_asset_check_evaluations()
    return evaluation


def part(warehouse: Path, table: str) -> Path:
    return warehouse / table / f"ingest_batch={BATCH}" / "part-0.parquet"


def lineage(warehouse: Path, table: str) -> TableLineage:
    found = TableLineage.from_metadata(pq.read_schema(part(warehouse, table)).metadata)
    assert found is not None, table
    return found


def values(evaluation: dg.AssetCheckEvaluation) -> dict[str, Any]:
    return {key: value.value for key, value in evaluation.metadata.items()}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, Any]:
    """One article and one empty file, run through every asset and check."""
    landing = tmp_path_factory.mktemp("landing")
    shutil.copy(ARTICLE, landing / ARTICLE.name)
    shutil.copy(EMPTY, landing / EMPTY.name)
    warehouse = tmp_path_factory.mktemp("warehouse")
    result = materialize(landing, warehouse)
    (evaluation,) = [e for e in result.get_asset_check_evaluations() if e.check_name == CHECK]
    return landing, warehouse, result.run_id, evaluation


@pytest.fixture
def copied(first_run: tuple[Path, Path, str, Any], tmp_path: Path) -> tuple[Path, Path, str]:
    """A copy of the first run's landing and warehouse, for a test to change."""
    landing, warehouse, run_id, _ = first_run
    shutil.copytree(landing, tmp_path / "landing")
    shutil.copytree(warehouse, tmp_path / "warehouse")
    return tmp_path / "landing", tmp_path / "warehouse", run_id


def test_all_six_files_name_the_run_and_the_input_and_the_check_passes(
    first_run: tuple[Path, Path, str, Any],
) -> None:
    _, warehouse, run_id, evaluation = first_run
    articles = pq.read_table(part(warehouse, "articles"))
    rejects = pq.read_table(part(warehouse, "article_rejects"))
    assert (articles.num_rows, rejects.num_rows) == (1, 1)
    fingerprint = ingest_fingerprint(articles, rejects)
    for table, upstream in UPSTREAM.items():
        expected = TableLineage(run_id, fingerprint, {upstream: run_id} if upstream else {})
        assert lineage(warehouse, table) == expected, table
        # The column descriptions and the model's metadata are still there.
        assert pq.read_schema(part(warehouse, table)).metadata[b"model"], table
    assert evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.WARN
    assert values(evaluation)["run_ids"] == {BATCH: dict.fromkeys(TABLE_MODELS, run_id)}
    assert values(evaluation)["offending_tables"] == []


def test_a_run_killed_after_ingest_on_a_changed_input_is_named(
    copied: tuple[Path, Path, str],
) -> None:
    landing, warehouse, first = copied
    (landing / "late.txt").write_text("")  # the input changed before the next run
    # What a run killed after writing both ingest tables leaves: new ingest files beside the
    # old coding, events and dyad_day files.
    killed = materialize(landing, warehouse, ["articles", "article_rejects"])
    assert lineage(warehouse, "articles").run_id == killed.run_id
    assert lineage(warehouse, "events").run_id == first

    evaluation = run_check(landing, warehouse)
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.WARN
    found = values(evaluation)
    assert found["batches_inconsistent"] == [BATCH]
    assert found["offending_tables"] == ["actor_mentions", "dyad_day", "event_mentions", "events"]
    stale = [i for i in found["inconsistencies"] if i["kind"] == "stale_upstream"]
    assert [i["tables"] for i in stale] == [["actor_mentions"], ["event_mentions"]]
    assert stale[0]["run_ids"] == {
        "actor_mentions": first,
        "articles when read": first,
        "articles": killed.run_id,
    }
    assert [i["kind"] for i in found["inconsistencies"]][-1] == "mixed_inputs"


def test_an_older_file_put_back_is_named_and_a_downstream_rerun_is_not(
    copied: tuple[Path, Path, str],
) -> None:
    landing, warehouse, first = copied
    events = part(warehouse, "events")
    older = events.read_bytes()
    # Re-materialising only the analysis tables later is legitimate: no warning.
    later = materialize(landing, warehouse, ["events", "dyad_day"])
    assert lineage(warehouse, "dyad_day") == TableLineage(
        later.run_id, lineage(warehouse, "articles").input_fingerprint, {"events": later.run_id}
    )
    assert lineage(warehouse, "events").upstream == {"event_mentions": first}
    (after_rerun,) = [e for e in later.get_asset_check_evaluations() if e.check_name == CHECK]
    assert after_rerun.passed

    events.write_bytes(older)  # the first run's events back over the later run's
    evaluation = run_check(landing, warehouse)
    assert not evaluation.passed
    found = values(evaluation)
    assert found["offending_tables"] == ["dyad_day"]
    (problem,) = found["inconsistencies"]
    assert problem["run_ids"] == {
        "dyad_day": later.run_id,
        "events when read": later.run_id,
        "events": first,
    }


def test_run_on_its_own_the_check_reads_every_batch_in_the_warehouse(
    copied: tuple[Path, Path, str],
) -> None:
    landing, warehouse, first = copied
    # A second batch with only its ingest tables (its other steps never ran).
    for table in ("articles", "article_rejects"):
        shutil.copytree(
            warehouse / table / "ingest_batch=all", warehouse / table / "ingest_batch=b2"
        )
    evaluation = run_check(landing, warehouse)
    assert not evaluation.passed
    found = values(evaluation)
    assert found["batches_checked"] == 2
    assert found["batches_inconsistent"] == ["b2"]
    (problem,) = found["inconsistencies"]
    assert problem["kind"] == "missing"
    assert problem["tables"] == ["actor_mentions", "dyad_day", "event_mentions", "events"]
    assert found["run_ids"]["all"] == dict.fromkeys(TABLE_MODELS, first)
