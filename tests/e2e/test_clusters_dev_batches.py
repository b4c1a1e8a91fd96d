"""clusters-dev coded one day per ingest batch, newest first: late reports settle by re-clustering.

Each batch is clustered with its window of days when it is coded; the `late_reports` sensor
then re-clusters the batches whose rows no longer fit, until it asks for nothing. The result
must be what one run over all six articles gives: every mention in exactly one row, and the
same pairwise score. Newest first is the hard order: every earlier report arrives later and
takes its event over.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pyarrow.dataset as ds
import pytest

from pipeline.definitions import defs
from pipeline.defs.automation import late_reports
from pipeline.defs.io_managers import ParquetIOManager
from pipeline.defs.resources import LandingDirectory, SpacyPipeline
from pipeline.evaluation.clusters import evaluate_clusters


def test_batches_newest_first_settle_to_one_row_per_event(shared_dir: Path, tmp_path: Path) -> None:
    corpus = shared_dir / "corpus" / "clusters-dev"
    if not (corpus / "clusters.json").is_file():
        pytest.skip("../shared/corpus/clusters-dev is not there")
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse"
    for raw in sorted((corpus / "raw").glob("*.txt")):
        day = raw.name[:10]  # the files are named by publication day
        (landing / day).mkdir(parents=True, exist_ok=True)
        shutil.copy(raw, landing / day / raw.name)
    batches = sorted((p.name for p in landing.iterdir()), reverse=True)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("ingest_batches", batches)
    resources = {
        "landing": LandingDirectory(path=str(landing)),
        "spacy": SpacyPipeline(),
        "io_manager": ParquetIOManager(base_dir=str(warehouse)),
    }
    assets = list(defs().assets or [])

    def materialize(batch: str, selection: list[dg.AssetKey] | None = None) -> None:
        result = dg.materialize(
            assets,  # type: ignore[arg-type]
            instance=instance,
            partition_key=batch,
            resources=resources,
            selection=selection,
        )
        assert result.success

    for batch in batches:
        materialize(batch)
    cursor, rounds = None, 0
    while True:
        result = late_reports(dg.build_sensor_context(instance=instance, cursor=cursor))
        assert isinstance(result, dg.SensorResult)
        cursor = result.cursor
        if not result.run_requests:
            break
        rounds += 1
        assert rounds <= 3, "re-clustering does not settle"
        for request in result.run_requests:
            assert request.partition_key is not None
            materialize(request.partition_key, [dg.AssetKey("events"), dg.AssetKey("dyad_day")])
    assert rounds >= 1  # newest first, something had to be taken over

    mentions = ds.dataset(warehouse / "event_mentions", partitioning="hive").to_table()
    events = ds.dataset(warehouse / "events", partitioning="hive").to_table()
    listed = [i for ids in events.column("mention_ids").to_pylist() for i in ids]
    assert sorted(listed) == sorted(mentions.column("mention_id").to_pylist())

    # The same articles in one run, as `attache run` codes them.
    whole = tmp_path / "whole"
    instance.add_dynamic_partitions("ingest_batches", ["all"])
    run = dg.materialize(
        assets,  # type: ignore[arg-type]
        instance=instance,
        partition_key="all",
        resources={
            "landing": LandingDirectory(path=str(corpus / "raw")),
            "spacy": SpacyPipeline(),
            "io_manager": ParquetIOManager(base_dir=str(whole)),
        },
    )
    assert run.success
    in_batches = evaluate_clusters(
        corpus / "clusters.json", warehouse / "event_mentions", warehouse / "events"
    )
    at_once = evaluate_clusters(
        corpus / "clusters.json", whole / "event_mentions", whole / "events"
    )
    assert in_batches.to_dict() == at_once.to_dict()
