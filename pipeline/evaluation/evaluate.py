"""One call from a gold file and an event_mentions dataset on disk to an evaluation report."""

from pathlib import Path

from pipeline.evaluation.details import EvaluationDetails, build_details
from pipeline.evaluation.gold import read_gold
from pipeline.evaluation.matching import match_gold
from pipeline.evaluation.mentions import read_mentions
from pipeline.evaluation.predictions import read_predictions
from pipeline.evaluation.report import EvaluationReport
from pipeline.evaluation.scoring import score, score_matching


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


def evaluate_with_details(
    gold_path: Path, events_dir: Path
) -> tuple[EvaluationReport, EvaluationDetails]:
    """Score a run like `evaluate`, and list its matches and errors article by article.

    The report and the listing are read off one matching, so the listing's matched, missed
    and spurious events are exactly the report's tp, fn and fp.

    Args:
        gold_path: The `gold.jsonl` file of a corpus.
        events_dir: The run's `event_mentions` Parquet dataset folder; its text columns
            (`sentence_text`, `trigger_text`, `source_name`, ...) are listed when present.

    Returns:
        The report (equal to what `evaluate` returns) and the listing.

    Raises:
        FileNotFoundError: If the gold file or the dataset folder does not exist.
        ValueError: If the gold file is malformed or the dataset lacks a scored column.
    """
    mentions = read_mentions(events_dir)
    matching = match_gold(read_gold(gold_path), [mention.event for mention in mentions])
    return score_matching(matching), build_details(matching, mentions)
