"""Through Dagster: a report in a later batch joins the row of the batch that owns the event.

Monday's batch holds a meeting; Wednesday's batch, coded later, recalls it. Wednesday's
`events` writes no row for it and names Monday's batch as stale; the `late_reports` sensor
requests `recluster_events` for Monday, whose row then lists both reports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import dagster as dg
import pyarrow.dataset as ds

from pipeline.definitions import defs
from pipeline.defs.automation import late_reports, recluster_events
from pipeline.defs.io_managers import ParquetIOManager
from pipeline.defs.resources import LandingDirectory, SpacyPipeline
from pipeline.storage import Location
from pipeline.warehouse import partition_file, write_parquet
from schemas.arrow import to_arrow_table
from schemas.records import EventMention

MentionFactory = Callable[..., EventMention]


def _write_mentions(warehouse: Path, batch: str, mentions: list[EventMention]) -> None:
    location = partition_file(Location.parse(str(warehouse)), "event_mentions", batch)
    write_parquet(to_arrow_table(mentions, EventMention), location)


def _cluster(instance: dg.DagsterInstance, warehouse: Path, batch: str) -> None:
    result = dg.materialize(
        list(defs().assets or []),  # type: ignore[arg-type]
        selection=[dg.AssetKey("events")],
        instance=instance,
        partition_key=batch,
        resources={
            "landing": LandingDirectory(path=str(warehouse)),
            "spacy": SpacyPipeline(),
            "io_manager": ParquetIOManager(base_dir=str(warehouse)),
        },
    )
    assert result.success


def _rows(warehouse: Path, batch: str) -> list[list[str]]:
    table = ds.dataset(warehouse / "events" / f"ingest_batch={batch}").to_table()
    return sorted(table.column("mention_ids").to_pylist())


def test_a_late_report_updates_the_owners_row(tmp_path: Path, make_mention: MentionFactory) -> None:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("ingest_batches", ["monday", "wednesday"])
    warehouse = tmp_path / "warehouse"
    # "The ministers met in Oslo on Monday."
    monday = make_mention(
        "mon",
        article="a1",
        published="2031-03-03",
        code="040",
        date="2031-03-03",
        source="NOR",
        target="CHL",
    )
    # Two days later, in another batch: "Monday's talks ended without an accord." (no date)
    wednesday = make_mention(
        "wed",
        article="a2",
        published="2031-03-05",
        code="043",
        date="2031-03-05",
        event_date_source="publication",
        source="CHL",
        target="NOR",
    )
    _write_mentions(warehouse, "monday", [monday])
    _cluster(instance, warehouse, "monday")
    assert _rows(warehouse, "monday") == [["mon"]]

    _write_mentions(warehouse, "wednesday", [wednesday])
    _cluster(instance, warehouse, "wednesday")
    assert _rows(warehouse, "wednesday") == []  # Monday's batch owns the event

    context = dg.build_sensor_context(instance=instance)
    result = late_reports(context)
    assert isinstance(result, dg.SensorResult)
    assert [r.partition_key for r in result.run_requests or []] == ["monday"]
    # The cursor moves past what was read: the same materialisations ask for nothing again.
    again = late_reports(dg.build_sensor_context(instance=instance, cursor=result.cursor))
    assert isinstance(again, dg.SensorResult)
    assert not again.run_requests
    assert recluster_events.name == "recluster_events"

    _cluster(instance, warehouse, "monday")  # what the requested run does
    assert _rows(warehouse, "monday") == [["mon", "wed"]]
    _cluster(instance, warehouse, "wednesday")  # up to date now: nothing more to request
    materialization = instance.get_latest_materialization_event(dg.AssetKey("events"))
    assert materialization is not None
    assert materialization.asset_materialization is not None
    assert materialization.asset_materialization.metadata["stale_batches"].value == []
