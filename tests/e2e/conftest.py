"""End-to-end fixtures: materialise the real asset graph and its checks into a folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import dagster as dg
import pytest

from pipeline.definitions import defs
from pipeline.defs.io_managers import ParquetIOManager
from pipeline.defs.resources import LandingDirectory, SpacyPipeline

Materialize = Callable[[Path, Path], dg.ExecuteInProcessResult]


@pytest.fixture(scope="session")
def materialize_all() -> Materialize:
    """Run every asset and check of the code location on `landing`, writing to `output`."""

    def run(landing: Path, output: Path) -> dg.ExecuteInProcessResult:
        definitions = defs()
        instance = dg.DagsterInstance.ephemeral()
        instance.add_dynamic_partitions("ingest_batches", ["all"])
        result = dg.materialize(
            [*(definitions.assets or []), *(definitions.asset_checks or [])],  # type: ignore[list-item]
            instance=instance,
            partition_key="all",
            resources={
                "landing": LandingDirectory(path=str(landing)),
                "spacy": SpacyPipeline(),
                "io_manager": ParquetIOManager(base_dir=str(output)),
            },
        )
        assert result.success
        return result

    return run
