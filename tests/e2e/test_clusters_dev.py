"""The shared clusters-dev corpus, scored pairwise: reports of one event joined in `events`.

Not timed. Recall is capped by the members the coder gives no mention (their pairs can never
be joined); the test asks that `events` join what is coded, and join it right.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import pytest

from pipeline.cli import main
from pipeline.evaluation.clusters import evaluate_clusters

Materialize = Callable[[Path, Path], dg.ExecuteInProcessResult]


@pytest.fixture(scope="module")
def clusters_dev(shared_dir: Path) -> Path:
    folder = shared_dir / "corpus" / "clusters-dev"
    if not (folder / "clusters.json").is_file():
        pytest.skip("../shared/corpus/clusters-dev is not there")
    return folder


def test_clusters_dev_pairwise(
    clusters_dev: Path,
    materialize_all: Materialize,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    materialize_all(clusters_dev / "raw", tmp_path)
    clusters = clusters_dev / "clusters.json"
    report = tmp_path / "report.json"
    args = ["--clusters", str(clusters), "--events", str(tmp_path / "event_mentions")]
    assert main(["evaluate", *args, "--json", str(report)]) == 0
    assert "event clusters (pairwise): precision" in capsys.readouterr().out
    assert json.loads(report.read_text())["clusters"]["gold_pairs"] == 24
    score = evaluate_clusters(
        clusters_dev / "clusters.json", tmp_path / "event_mentions", tmp_path / "events"
    )
    assert score.gold_pairs == 24
    assert score.predicted_joins > 0
    assert score.precision >= 0.90
    # Every gold pair whose two members are coded is joined (at least nine in ten of them).
    assert score.joined_pairs >= 0.9 * score.reachable_pairs
