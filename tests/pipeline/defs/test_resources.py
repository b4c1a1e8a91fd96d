"""Resources: the landing location parses local paths and S3 URIs; spaCy loads once per process.

One process that executes several batches (in-process runs one after another, as `attache run`
and the tests do) must load the model once and say so in the run's log.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest

from pipeline.defs.resources import SPACY_LOAD_LOG, LandingDirectory, SpacyPipeline
from pipeline.storage import StorageError


@dg.asset
def needs_spacy(spacy: SpacyPipeline) -> None:
    """Stands in for the coding step: it only asks for the model."""
    assert spacy.nlp is not None


def _model_log_lines(instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult) -> list[str]:
    logs = instance.all_logs(result.run_id)
    return [entry.user_message for entry in logs if SPACY_LOAD_LOG in entry.user_message]


def test_the_model_is_loaded_once_per_process_not_once_per_run() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        lines = []
        for _ in range(3):  # three batches, one process
            result = dg.materialize(
                [needs_spacy], instance=instance, resources={"spacy": SpacyPipeline()}
            )
            assert result.success
            lines += _model_log_lines(instance, result)
    assert len(lines) == 3
    pid = f"process {os.getpid()} "
    assert all(pid in line for line in lines)
    # The first run may find the model loaded by an earlier test of this session; the later
    # ones must find it loaded.
    assert all(" reused the spaCy model " in line for line in lines[1:])


def test_landing_location_accepts_paths_and_s3_uris(tmp_path: Path) -> None:
    assert LandingDirectory(path=str(tmp_path)).resolved() == tmp_path.resolve()
    remote = LandingDirectory(path="s3://bucket/landing/")
    assert remote.location().uri == "s3://bucket/landing"
    with pytest.raises(StorageError, match="not on the local disk"):
        remote.resolved()


def test_the_field_mapping_is_checked_when_the_resource_is_configured() -> None:
    landing = LandingDirectory(field_mapping={"text": "article_body"})
    assert landing.fields().names["text"][0] == "article_body"
    assert LandingDirectory().fields().names["text"][0] == "maintext"
    with pytest.raises(ValueError, match="unknown field role 'body'"):
        LandingDirectory(field_mapping={"body": "article_body"})
