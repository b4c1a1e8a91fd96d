"""One call from a gold file and an event_mentions dataset on disk to an evaluation report."""

from pathlib import Path

from pipeline.evaluation.gold import read_gold
from pipeline.evaluation.predictions import read_predictions
from pipeline.evaluation.scoring import EvaluationReport, score


def evaluate(gold_path: Path, events_dir: Path) -> EvaluationReport:
    """Score a run's predicted events against a gold file.

    Args:
        gold_path: The `gold.jsonl` file of a corpus.
        events_dir: The run's `event_mentions` Parquet dataset folder.

    Returns:
        The evaluation report (see `pipeline.evaluation.scoring.score`).

    Raises:
        FileNotFoundError: If the gold file or the dataset folder does not exist.
        ValueError: If the gold file is malformed or the dataset lacks a scored column.
    """
    return score(read_gold(gold_path), read_predictions(events_dir))
