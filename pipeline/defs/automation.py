"""Automation: code new or changed batch folders, and re-cluster events that gained late reports.

A sensor and a daily schedule code batch folders; a second sensor re-clusters the `events` of
a batch when a later batch reports an event that batch owns.
"""

import json
from collections.abc import Iterator, Mapping

import dagster as dg

from pipeline.defs.analysis import STALE_BATCHES_METADATA
from pipeline.defs.partitions import INGEST_BATCHES, ingest_batches
from pipeline.defs.resources import LandingDirectory
from pipeline.ingest.batches import changed_batches, landing_fingerprints

#: Each step of a run in its own process, forked from a server that has already imported the
#: pipeline (dagster, pyarrow, spaCy's code; not the model, which loads on first use), so a
#: step process does not import them all again. Batches run in parallel as separate runs, one
#: per partition, as many at once as the run queue allows.
batch_executor = dg.multiprocess_executor.configured(
    {"start_method": {"forkserver": {"preload_modules": ["pipeline.definitions"]}}},
    name="batch_multiprocess",
)

#: Every asset, for one ingest batch.
code_ingest_batch = dg.define_asset_job(
    "code_ingest_batch",
    selection=dg.AssetSelection.all(),
    description="Ingest, code and summarise one batch folder of the landing directory.",
    executor_def=batch_executor,
)


#: `events` and `dyad_day` again for one batch: its events re-clustered with its window.
recluster_events = dg.define_asset_job(
    "recluster_events",
    selection=dg.AssetSelection.assets("events", "dyad_day"),
    description="Re-cluster one batch's events with the batches of its window of days, so "
    "that late reports from later batches join the rows it owns.",
    executor_def=batch_executor,
)


def stale_batches_of(metadata: Mapping[str, object]) -> list[str]:
    """The batches an `events` materialisation names as to be re-clustered."""
    value = metadata.get(STALE_BATCHES_METADATA)
    if isinstance(value, dg.MetadataValue):
        value = value.value
    return sorted(str(batch) for batch in value) if isinstance(value, list) else []


#: `events` materialisations read per tick at most; the cursor takes up the rest next tick.
LATE_REPORTS_PAGE = 200


#: Running from the first start too: batches coded by the landing sensor must not leave an
#: earlier batch's rows missing their late reports until someone finds this sensor.
LATE_REPORTS_SENSOR_DEFAULT = dg.DefaultSensorStatus.RUNNING


@dg.sensor(
    job=recluster_events,
    minimum_interval_seconds=60,
    default_status=LATE_REPORTS_SENSOR_DEFAULT,
)
def late_reports(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    """Re-cluster the batches whose events rows no longer fit a newer batch's.

    A batch's `events` materialisation lists, under `stale_batches`, the batches that own an
    event some of its mentions report but whose stored row does not list them yet, and those
    whose rows list mentions its own rows took over (`pipeline.aggregation.event_window`).
    Every materialisation since the cursor is read (not only the latest: batches are coded in
    bursts), and one run is requested per stale batch; the run key ties it to the
    materialisation that asked, so it is requested once.
    """
    page = context.instance.fetch_materializations(
        dg.AssetKey("events"), limit=LATE_REPORTS_PAGE, cursor=context.cursor, ascending=True
    )
    requests: dict[str, dg.RunRequest] = {}
    for record in page.records:
        materialization = record.asset_materialization
        if materialization is None:
            continue
        for batch in stale_batches_of(materialization.metadata):
            # One run per batch however many later batches found it stale in this page.
            requests.setdefault(
                batch, dg.RunRequest(partition_key=batch, run_key=f"{record.storage_id}:{batch}")
            )
    return dg.SensorResult(
        run_requests=[requests[batch] for batch in sorted(requests)],
        cursor=page.cursor if page.records else context.cursor,
    )


#: Running from the first start, so `make dev` on a fresh clone registers and codes the sample
#: batch without a click. A user's toggle in the UI is stored in the instance and wins over this.
LANDING_SENSOR_DEFAULT = dg.DefaultSensorStatus.RUNNING


@dg.sensor(
    job=code_ingest_batch, minimum_interval_seconds=60, default_status=LANDING_SENSOR_DEFAULT
)
def landing_batches(
    context: dg.SensorEvaluationContext, landing: LandingDirectory
) -> dg.SensorResult:
    """Register new batch folders as partitions and code the batches whose files changed.

    The cursor holds each batch's fingerprint (file paths, sizes, modification times), so a
    batch is requested again exactly when its files change, and never otherwise. It runs by
    default (see `LANDING_SENSOR_DEFAULT`); stop it in the UI's Automation tab.
    """
    previous = json.loads(context.cursor) if context.cursor else {}
    current = landing_fingerprints(landing.location())
    changed = changed_batches(previous, current)
    known = set(context.instance.get_dynamic_partitions(INGEST_BATCHES))
    new = [batch for batch in changed if batch not in known]
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(partition_key=batch, run_key=f"{batch}:{current[batch]}")
            for batch in changed
        ],
        dynamic_partitions_requests=[ingest_batches.build_add_request(new)] if new else [],
        cursor=json.dumps(current, sort_keys=True),
    )


@dg.schedule(job=code_ingest_batch, cron_schedule="0 2 * * *", execution_timezone="UTC")
def daily_batches(
    context: dg.ScheduleEvaluationContext, landing: LandingDirectory
) -> Iterator[dg.RunRequest]:
    """Every night, code each registered batch whose files are not coded in their present state.

    The run key is the batch's fingerprint, so a batch already coded as it is is not run again.
    """
    known = set(context.instance.get_dynamic_partitions(INGEST_BATCHES))
    for batch, fingerprint in landing_fingerprints(landing.location()).items():
        if batch in known:
            yield dg.RunRequest(partition_key=batch, run_key=f"{batch}:{fingerprint}")


@dg.definitions
def automation() -> dg.Definitions:
    """The batch jobs, their sensors and the schedule."""
    return dg.Definitions(
        jobs=[code_ingest_batch, recluster_events],
        sensors=[landing_batches, late_reports],
        schedules=[daily_batches],
    )
