"""The cluster files under deploy/ parse, and hold the settings the README promises.

No cluster and no Docker daemon are available here, so the files are checked as data: the
instance file against Dagster's own schema, the Helm values and the Dockerfile for the keys and
steps this project relies on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = REPO_ROOT / "deploy"


def _load(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _per_partition_limit(limits: list[dict[str, Any]]) -> int | None:
    for limit in limits:
        if limit["key"] == "dagster/partition" and limit.get("value") == {
            "applyLimitPerUniqueValue": True
        }:
            return int(limit["limit"])
    return None


def test_instance_file_is_valid_for_this_dagster() -> None:
    # Private, but it is the validation `dagster-daemon` itself applies when it starts.
    from dagster._core.instance.config import dagster_instance_config

    config, custom_class = dagster_instance_config(str(DEPLOY), "dagster.yaml")
    assert custom_class is None
    assert set(config["storage"]) == {"postgres"}
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["run_launcher"]["module"] == "dagster_k8s"
    assert config["run_launcher"]["class"] == "K8sRunLauncher"
    assert "attache-s3" in config["run_launcher"]["config"]["env_secrets"]
    runs = config["concurrency"]["runs"]
    assert runs["max_concurrent_runs"] >= 1
    assert _per_partition_limit(runs["tag_concurrency_limits"]) == 1


def test_instance_file_keeps_secrets_out() -> None:
    text = (DEPLOY / "dagster.yaml").read_text(encoding="utf-8")
    password = _load("dagster.yaml")["storage"]["postgres"]["postgres_db"]["password"]
    assert password == {"env": "DAGSTER_PG_PASSWORD"}
    assert "AWS_SECRET_ACCESS_KEY:" not in text


def test_helm_values_run_the_code_location_with_s3_from_a_secret() -> None:
    values = _load("values.yaml")
    user = values["dagster-user-deployments"]
    assert user["enabled"] is True
    (deployment,) = user["deployments"]
    assert deployment["dagsterApiGrpcArgs"] == ["-m", "pipeline.definitions"]
    assert {"repository", "tag", "pullPolicy"} <= set(deployment["image"])
    env = {item["name"]: item["value"] for item in deployment["env"]}
    assert env["ATTACHE_WAREHOUSE"].startswith("s3://")
    assert env["ATTACHE_LANDING"].startswith("s3://")
    assert {"name": "attache-s3"} in deployment["envSecrets"]
    launcher = values["runLauncher"]
    assert launcher["type"] == "K8sRunLauncher"
    assert {"name": "attache-s3"} in launcher["config"]["k8sRunLauncher"]["envSecrets"]
    coordinator = values["dagsterDaemon"]["runCoordinator"]
    assert coordinator["type"] == "QueuedRunCoordinator"
    queued = coordinator["config"]["queuedRunCoordinator"]
    assert queued["maxConcurrentRuns"] >= 1
    assert _per_partition_limit(queued["tagConcurrencyLimits"]) == 1
    assert values["postgresql"]["enabled"] in {True, False}


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"^FROM python:3\.11", "the Python the project supports"),
        (r"uv>=0\.5,<1", "uv from the registry, as the Makefile installs it"),
        (r"uv pip install .*-e \"\.\[deploy\]\"", "the project with the deploy extra"),
        (r"COPY data/reference", "the reference data read at run time"),
        (r"load_nlp\(\)", "the spaCy model package is installed and loads"),
        (r"^USER 10001", "not root"),
        (r"-m\", \"pipeline\.definitions\"", "serves this code location"),
    ],
)
def test_dockerfile_builds_the_code_location(pattern: str, why: str) -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(pattern, text, flags=re.MULTILINE), why


def test_deploy_extra_matches_the_dagster_release() -> None:
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    core = next(d for d in project["project"]["dependencies"] if d.startswith("dagster=="))
    minor, patch = core.removeprefix("dagster==1.").split(".")
    # Dagster libraries are released as 0.(minor + 16).patch alongside core 1.minor.patch.
    expected = f"==0.{int(minor) + 16}.{patch}"
    for requirement in project["project"]["optional-dependencies"]["deploy"]:
        assert requirement.endswith(expected), requirement
