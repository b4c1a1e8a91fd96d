"""The Dagster code location, and the in-process run behind `attache run`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipeline.defs.io_managers import ParquetIOManager
from pipeline.defs.partitions import INGEST_BATCHES
from pipeline.defs.resources import LandingDirectory, SpacyPipeline
from pipeline.ingest.batches import WHOLE_CORPUS
from pipeline.nlp.entities import EntitySource
from pipeline.nlp.model import DEFAULT_ENTITIES
from pipeline.progress import ProgressMode


@dg.definitions
def defs() -> dg.Definitions:
    """Everything under `pipeline/defs/`, autoloaded."""
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)


@dataclass(frozen=True)
class RunSummary:
    """What an in-process run materialised."""

    success: bool
    row_counts: dict[str, int]
    failed_checks: list[str]
    metadata: dict[str, dict[str, object]]
    """Materialisation metadata values by asset name (timings, pre-filter counts, ...)."""
    step_seconds: dict[str, float]
    """Wall time of each step (ingest, coding, events, dyad_day)."""
    failure: str | None = None
    """The first failed step and its error, in one line ("coding: OSError: [Errno 28] ...")."""


def materialize_corpus(
    input_dir: Path | str,
    output_dir: Path | str,
    model_name: str,
    *,
    log_level: str = "WARNING",
    prefilter: bool = True,
    n_process: int | None = None,
    entities: EntitySource = DEFAULT_ENTITIES,
    progress: ProgressMode = "off",
    field_mapping: Mapping[str, str] | None = None,
) -> RunSummary:
    """Materialise every asset and check on `input_dir`, writing Parquet under `output_dir`.

    The same asset definitions that `dg dev` shows run here in-process, with the paths, the
    model, its entity source, the parser processes (unset: one per available core) and the
    pre-filter given by the caller instead of the defaults; `progress` shows the reading
    and coding steps' progress (see `pipeline.progress`); `field_mapping` names the fields of dump
    records by role (`{"text": "article_body"}`, see `pipeline.ingest.news_fields`).
    Either path may be an `s3://bucket/prefix` URI (see `pipeline.storage`).
    """
    definitions = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    # Most checks are reported by the assets themselves (see pipeline.defs.checks); the ones
    # defined on their own (the batch's lineage, pipeline.defs.lineage) run only if passed.
    assets = [*(definitions.assets or []), *(definitions.asset_checks or [])]
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(INGEST_BATCHES, [WHOLE_CORPUS])
        result = dg.materialize(
            assets,  # type: ignore[arg-type]
            instance=instance,
            partition_key=WHOLE_CORPUS,
            run_config={
                "loggers": {"console": {"config": {"log_level": log_level}}},
                "ops": {
                    "ingest": {"config": {"progress": progress}},
                    "coding": {"config": {"prefilter": prefilter, "progress": progress}},
                },
            },
            resources={
                "landing": LandingDirectory(
                    path=str(input_dir),
                    processes=n_process,
                    field_mapping=dict(field_mapping or {}),
                ),
                "spacy": SpacyPipeline(
                    model_name=model_name, entities=entities, n_process=n_process
                ),
                "io_manager": ParquetIOManager(base_dir=str(output_dir)),
            },
            raise_on_error=False,
        )
        counts: dict[str, int] = {}
        metadata: dict[str, dict[str, object]] = {}
        for event in result.get_asset_materialization_events():
            materialization = event.event_specific_data.materialization  # type: ignore[union-attr]
            metadata[materialization.asset_key.path[-1]] = {
                key: value.value for key, value in materialization.metadata.items()
            }
            row_count = materialization.metadata.get("dagster/row_count")
            if row_count is not None:
                counts[materialization.asset_key.path[-1]] = int(str(row_count.value))
        failed = [
            evaluation.check_name
            for evaluation in result.get_asset_check_evaluations()
            if not evaluation.passed
        ]
        steps = {
            str(event.step_key): event.event_specific_data.duration_ms / 1000  # type: ignore[union-attr]
            for event in result.all_events
            if event.is_step_success
        }
        return RunSummary(
            success=result.success,
            row_counts=counts,
            failed_checks=failed,
            metadata=metadata,
            step_seconds=steps,
            failure=_first_step_failure(result.all_events),
        )


def _first_step_failure(events: Sequence[dg.DagsterEvent]) -> str | None:
    """The first failed step and the error at the root of its failure, on one line.

    Bad articles never fail a step (each is a reject or a listed coding failure), so a failed
    step is the machinery's: a full disk, a lost bucket, a broken model.
    """
    for event in events:
        if not event.is_step_failure or event.step_failure_data is None:
            continue
        error = event.step_failure_data.error
        if error is None:
            return f"{event.step_key}: failed"
        while error.cause is not None:  # Dagster wraps the error the step's code raised
            error = error.cause
        message = " ".join(error.message.split())
        return f"{event.step_key}: {message}"
    return None
