"""Scoring predicted events against gold events: the counts and rates of EVALUATION.md.

The pairing itself lives in `pipeline.evaluation.matching`; this module counts what a
`GoldMatching` holds into an `EvaluationReport`.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.evaluation.calibration import calibrate
from pipeline.evaluation.matching import (
    ArticleMatch,
    GoldMatching,
    class_agrees,
    dyad_agrees,
    match_gold,
)
from pipeline.evaluation.predictions import PredictedEvent
from pipeline.evaluation.report import ArticleScore, EvaluationReport, TypeRecall
from schemas.gold import GoldArticle, GoldEvent


def date_agrees(gold: GoldEvent, rows: Sequence[PredictedEvent]) -> bool | None:
    """Tell whether a matched prediction has the gold date, at the gold precision.

    Args:
        gold: The gold event.
        rows: The predicted rows collapsed into the matched tuple; any one may carry the date.

    Returns:
        True when some row's `event_date` starts with the gold date string, False when none
        does, None when the gold has no date or its precision is `unknown` (not scored).
    """
    if gold.event_date is None or gold.date_precision == "unknown":
        return None
    expected = gold.event_date
    return any(
        row.event_date is not None and str(row.event_date).startswith(expected) for row in rows
    )


def mode_agrees(gold: GoldEvent, rows: Sequence[PredictedEvent]) -> bool | None:
    """Tell whether a matched prediction has the gold mode.

    Args:
        gold: The gold event.
        rows: The predicted rows collapsed into the matched tuple.

    Returns:
        True when some row's `modality` equals the gold `mode`, False when none does, None
        when the gold has no mode (not scored).
    """
    if gold.mode is None:
        return None
    return any(row.modality == gold.mode for row in rows)


def _tuple_confidence(rows: Sequence[PredictedEvent]) -> float | None:
    # A tuple is as believable as its most confident row: any row could be the one that is right.
    return max((row.confidence for row in rows if row.confidence is not None), default=None)


@dataclass
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    uncounted: int = 0
    dyad: int = 0
    klass: int = 0
    date_correct: int = 0
    date_scored: int = 0
    mode_correct: int = 0
    mode_scored: int = 0
    type_gold: Counter[str | None] = field(default_factory=Counter)
    type_matched: Counter[str | None] = field(default_factory=Counter)
    # (confidence, matched) per counted prediction tuple, for the calibration table.
    outcomes: list[tuple[float | None, bool]] = field(default_factory=list)


def _score_article(match: ArticleMatch, tally: _Tally) -> ArticleScore:
    for gold_key, best in match.pairs:
        tally.type_gold[gold_key.plover] += 1
        if any(dyad_agrees(gold_key, key) for key in match.counted):
            tally.dyad += 1
        if any(class_agrees(gold_key, key) for key in match.counted):
            tally.klass += 1
        if best is None:
            continue
        tally.type_matched[gold_key.plover] += 1
        gold_event = match.gold[gold_key]
        date_ok = date_agrees(gold_event, match.rows[best])
        if date_ok is not None:
            tally.date_scored += 1
            tally.date_correct += date_ok
        mode_ok = mode_agrees(gold_event, match.rows[best])
        if mode_ok is not None:
            tally.mode_scored += 1
            tally.mode_correct += mode_ok
    matched, missed, spurious = match.matched, match.missed, match.spurious
    uncounted = len(match.rows) - len(match.counted)
    tally.tp += len(matched)
    tally.fn += len(missed)
    tally.fp += len(spurious)
    tally.uncounted += uncounted
    left_over = set(spurious)
    tally.outcomes.extend(
        (_tuple_confidence(match.rows[key]), key not in left_over) for key in match.counted
    )
    return ArticleScore(
        file=match.article.file,
        gold=len(match.gold),
        predicted=len(match.counted),
        matched=len(matched),
        uncounted=uncounted,
        false_negatives=missed,
        false_positives=spurious,
    )


def score_matching(matching: GoldMatching) -> EvaluationReport:
    """Count a matching into the report's scores (see `score`).

    Args:
        matching: The pairing of a run's predictions with a gold set (`match_gold`).

    Returns:
        The report; undefined precision, recall and F1 are 0.
    """
    tally = _Tally()
    articles = tuple(_score_article(match, tally) for match in matching.articles)
    per_type = tuple(
        TypeRecall(plover=plover, gold=count, matched=tally.type_matched[plover])
        for plover, count in sorted(
            tally.type_gold.items(), key=lambda item: (-item[1], item[0] or "")
        )
    )
    return EvaluationReport(
        gold_kind=matching.kind,
        articles_scored=len(matching.articles),
        tp=tally.tp,
        fp=tally.fp,
        fn=tally.fn,
        uncounted_predictions=tally.uncounted,
        dyad_matched=tally.dyad,
        class_matched=tally.klass,
        date_correct=tally.date_correct,
        date_scored=tally.date_scored,
        modality_correct=tally.mode_correct,
        modality_scored=tally.mode_scored,
        per_type=per_type,
        articles=articles,
        ignored_files=tuple(sorted(matching.ignored)),
        ignored_predictions=sum(matching.ignored.values()),
        calibration=calibrate(tally.outcomes, tally.tp + tally.fn),
    )


def score(gold: Sequence[GoldArticle], predictions: Sequence[PredictedEvent]) -> EvaluationReport:
    """Score predicted events against a gold set, as EVALUATION.md specifies.

    Predictions are paired with gold events by `match_gold` (grouping by file, reduction to
    distinct tuples, the scope rule and greedy one-to-one matching in gold order are described
    there). Matched pairs are true positives, unmatched gold events false negatives and
    unmatched counted predictions false positives, summed over the articles.

    A matched pair is date-correct (mode-correct) when any prediction row collapsed into its
    tuple has the right date (modality); gold events without a date, with precision
    `unknown`, or without a mode are left out of those denominators.

    Each counted tuple takes the highest `confidence` of its collapsed rows (none when no row
    has one) and, matched or not, feeds the report's `calibration` (see `calibrate`).

    Args:
        gold: The gold articles, one per file.
        predictions: The predicted rows of a run, in any order.

    Returns:
        The report; undefined precision, recall and F1 are 0.

    Raises:
        ValueError: If the gold lists one file twice.
    """
    return score_matching(match_gold(gold, predictions))
