"""Fitting the confidence model's weights on gold sets, and cross-validating its ranking.

Each gold set is coded in process with the shipped coder while `recording_features` collects
the features of every `confidence` call; the rows are then matched to the gold by the
evaluation's own matching (`match_gold`). A sample is one counted prediction tuple (what the
scorer counts), labelled matched or not, with the feature vectors of the rows behind it: like
the scorer, the model scores a tuple by its most confident row. A logistic model (intercept
plus `FEATURES`, an L2 penalty on the weights but not the intercept) is fitted by Newton's
method over the rows, each row weighted 1 / rows of its tuple so that every tuple counts once.

Cross-validation: leave one set out (fit on the others, rank the held-out set) and k-fold by
article (the articles of a set dealt into k folds by name; each fold is ranked by a model fitted
on everything else, the other sets included, as the shipped model is).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from spacy.language import Language

from pipeline.coding.confidence import FEATURES, RecordedFeatures, recording_features, score
from pipeline.coding.event_coder import CodingReference, iter_coded_articles
from pipeline.evaluation.calibration import confidence_auc
from pipeline.evaluation.gold import read_gold
from pipeline.evaluation.matching import match_gold
from pipeline.evaluation.predictions import predictions_from_rows
from pipeline.ingest.corpus import read_stored_corpus
from pipeline.ingest.raw_files import list_raw_files
from pipeline.reference.confidence_weights import INTERCEPT
from pipeline.storage import Location
from schemas.records import ArticleRecord, EventMention

#: The L2 penalty on the feature weights (not the intercept), in units of tuples.
DEFAULT_L2 = 2.0
DEFAULT_FOLDS = 5

FeatureRow = tuple[float, ...]
Weights = Mapping[str, float]


@dataclass(frozen=True)
class Sample:
    """One counted prediction tuple of a gold set: its rows' features and whether it matched.

    Attributes:
        gold_set: The name of the gold set (its folder's name).
        article: The gold article's file.
        rows: One feature vector per event row behind the tuple, in `FEATURES` order.
        matched: Whether the matching paired the tuple with a gold event.
        coded_confidence: The tuple's confidence as the coder wrote it (its rows' maximum).
    """

    gold_set: str
    article: str
    rows: tuple[FeatureRow, ...]
    matched: bool
    coded_confidence: float


def _row_key(
    sentence: str,
    trigger: str,
    source: tuple[str | None, str | None],
    target: tuple[str | None, str | None],
) -> tuple[object, ...]:
    return (sentence, trigger, source, target)


def _recorded_key(call: RecordedFeatures) -> tuple[object, ...]:
    return _row_key(
        call.sentence,
        call.trigger,
        (call.source_country, call.source_org),
        (call.target_country, call.target_org),
    )


def _event_key(row: EventMention) -> tuple[object, ...]:
    return _row_key(
        row.sentence_text,
        row.trigger_text,
        (row.source_country, row.source_org),
        (row.target_country, row.target_org),
    )


def coded_rows(
    nlp: Language, articles: Iterable[ArticleRecord], reference: CodingReference
) -> list[tuple[EventMention, FeatureRow]]:
    """Code articles and return each event row with the features its confidence was scored on.

    Raises:
        ValueError: If a row has no recorded `confidence` call (the coder scored it elsewhere).
    """
    found: list[tuple[EventMention, FeatureRow]] = []
    with recording_features() as calls:
        for coded in iter_coded_articles(nlp, articles, reference):
            # The article is coded just before it is yielded: these calls are all its own.
            # The first call of a key wins, as the first of a sentence's duplicates is kept.
            by_key: dict[tuple[object, ...], Mapping[str, float]] = {}
            for call in calls:
                by_key.setdefault(_recorded_key(call), call.features)
            calls.clear()
            for row in coded.event_mentions:
                features = by_key.get(_event_key(row))
                if features is None:
                    raise ValueError(f"no features recorded for {row.mention_id}")
                found.append((row, tuple(features[name] for name in FEATURES)))
    return found


def read_articles(raw_dir: Path) -> list[ArticleRecord]:
    """The articles of a folder of raw files, as `attache run` reads them (rejects dropped)."""
    root = Location.local(raw_dir.resolve())
    read = read_stored_corpus(root, list_raw_files(root))
    return [article for article in read if isinstance(article, ArticleRecord)]


def gold_set_samples(
    name: str, rows: Sequence[tuple[EventMention, FeatureRow]], gold_path: Path
) -> list[Sample]:
    """Label a gold set's coded rows by the evaluation's matching, one sample per tuple."""
    predictions = predictions_from_rows(row.model_dump() for row, _ in rows)
    matching = match_gold(read_gold(gold_path), predictions)
    samples: list[Sample] = []
    for article in matching.articles:
        matched = {prediction for _, prediction in article.matched}
        for key in article.counted:
            positions = article.positions[key]
            samples.append(
                Sample(
                    gold_set=name,
                    article=article.article.file,
                    rows=tuple(rows[p][1] for p in positions),
                    matched=key in matched,
                    coded_confidence=max(rows[p][0].confidence for p in positions),
                )
            )
    return samples


def fit_weights(
    samples: Sequence[Sample], l2: float = DEFAULT_L2, iterations: int = 50
) -> dict[str, float]:
    """Fit the logistic model by Newton's method (see the module docstring).

    Args:
        samples: The labelled tuples; both outcomes must occur.
        l2: The penalty on the squared feature weights; the intercept is not penalised.
        iterations: At most this many Newton steps (it converges in well under ten).

    Returns:
        The weight of each feature and of the intercept.
    """
    rows = [
        (row, sample.matched, 1 / len(sample.rows)) for sample in samples for row in sample.rows
    ]
    x = np.array([(1.0, *row) for row, _, _ in rows], dtype=np.float64)
    y = np.array([float(matched) for _, matched, _ in rows], dtype=np.float64)
    w = np.array([weight for _, _, weight in rows], dtype=np.float64)
    penalty = np.full(x.shape[1], l2, dtype=np.float64)
    penalty[0] = 0.0
    beta: NDArray[np.float64] = np.zeros(x.shape[1], dtype=np.float64)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x @ beta)))
        gradient = x.T @ (w * (y - p)) - penalty * beta
        hessian = (x.T * (w * p * (1 - p))) @ x + np.diag(penalty)
        # A tiny ridge keeps the solve defined when a feature never fires in the sample.
        step = np.linalg.solve(hessian + 1e-9 * np.eye(x.shape[1]), gradient)
        beta = beta + step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    names = (INTERCEPT, *FEATURES)
    return {name: round(float(value), 4) for name, value in zip(names, beta, strict=True)}


def tuple_score(sample: Sample, weights: Weights) -> float:
    """A tuple's confidence under `weights`: its most confident row, as the scorer takes it."""
    return max(score(dict(zip(FEATURES, row, strict=True)), weights) for row in sample.rows)


def ranking_auc(samples: Sequence[Sample], scores: Sequence[float]) -> float | None:
    """The evaluation's confidence AUC of `scores` (one per sample, in order), or None."""
    pairs = list(zip(scores, (s.matched for s in samples), strict=True))
    return confidence_auc((s for s, m in pairs if m), (s for s, m in pairs if not m))


@dataclass(frozen=True)
class SetValidation:
    """How well the model ranks one gold set's tuples, fitted with and without it.

    Attributes:
        gold_set: The set's name.
        tuples: Counted prediction tuples.
        matched: Of them, matched to gold.
        coded: AUC of the confidence the coder wrote (the shipped weights when run).
        leave_set_out: AUC of a model fitted on the other sets only.
        k_fold: Mean AUC of the held-out folds by article (folds with both outcomes), each
            fold ranked by a model fitted on everything else. Per fold, since the scores of
            models fitted on different folds are not comparable with one another.
        in_sample: AUC of the model fitted on all sets (what ships).
    """

    gold_set: str
    tuples: int
    matched: int
    coded: float | None
    leave_set_out: float | None
    k_fold: float | None
    in_sample: float | None


def _fold_of(samples: Sequence[Sample], folds: int) -> dict[tuple[str, str], int]:
    """Deal the articles of each set into folds, round robin in name order."""
    articles = sorted({(s.gold_set, s.article) for s in samples})
    by_set: dict[str, list[str]] = {}
    for gold_set, article in articles:
        by_set.setdefault(gold_set, []).append(article)
    return {
        (gold_set, article): index % folds
        for gold_set, names in by_set.items()
        for index, article in enumerate(names)
    }


def cross_validate(
    samples: Sequence[Sample], folds: int = DEFAULT_FOLDS, l2: float = DEFAULT_L2
) -> list[SetValidation]:
    """Leave-one-set-out and k-fold-by-article AUC per gold set (see the module docstring)."""
    sets = list(dict.fromkeys(s.gold_set for s in samples))
    fold_of = _fold_of(samples, folds)
    full = fit_weights(samples, l2)
    results: list[SetValidation] = []
    for gold_set in sets:
        own = [s for s in samples if s.gold_set == gold_set]
        others = [s for s in samples if s.gold_set != gold_set]
        left_out = fit_weights(others, l2) if len(sets) > 1 else None
        fold_aucs: list[float] = []
        for fold in range(folds):
            test = [s for s in own if fold_of[(gold_set, s.article)] == fold]
            if len({s.matched for s in test}) < 2:
                continue  # no ranking to judge in a fold of one outcome
            train = [s for s in samples if s.gold_set != gold_set or s not in test]
            weights = fit_weights(train, l2)
            auc = ranking_auc(test, [tuple_score(s, weights) for s in test])
            fold_aucs.append(auc if auc is not None else 0.5)
        results.append(
            SetValidation(
                gold_set=gold_set,
                tuples=len(own),
                matched=sum(s.matched for s in own),
                coded=ranking_auc(own, [s.coded_confidence for s in own]),
                leave_set_out=(
                    ranking_auc(own, [tuple_score(s, left_out) for s in own])
                    if left_out is not None
                    else None
                ),
                k_fold=sum(fold_aucs) / len(fold_aucs) if fold_aucs else None,
                in_sample=ranking_auc(own, [tuple_score(s, full) for s in own]),
            )
        )
    return results


def _auc(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def format_validation(results: Sequence[SetValidation], folds: int) -> list[str]:
    """The cross-validation table, in Markdown."""
    lines = [
        f"| set | tuples | matched | AUC as coded | leave set out | {folds}-fold by article "
        "| in sample |",
        "|---|---|---|---|---|---|---|",
    ]
    lines.extend(
        f"| {r.gold_set} | {r.tuples} | {r.matched} | {_auc(r.coded)} | "
        f"{_auc(r.leave_set_out)} | {_auc(r.k_fold)} | {_auc(r.in_sample)} |"
        for r in results
    )
    return lines


def weights_csv(weights: Weights, results: Sequence[SetValidation], folds: int, l2: float) -> str:
    """The weights file: a comment header saying how it was trained, then feature,weight."""
    header = [
        "confidence_weights.csv: the coder's confidence model, a logistic regression over the",
        "features of pipeline/coding/confidence.py (FEATURES), written by `attache",
        "train-confidence` (pipeline/evaluation/confidence_training.py); do not edit by hand.",
        "Trained on every counted prediction tuple of the shared gold sets "
        f"({', '.join(r.gold_set for r in results)}),",
        "labelled matched or not by the evaluation's matching; rows weighted 1 / rows of their",
        f"tuple; L2 penalty {l2:g} on the feature weights (not the intercept); Newton's method.",
        "Cross-validated AUC (matched more confident than unmatched):",
        *format_validation(results, folds),
    ]
    lines = [f"# {line}" for line in header]
    lines.append("feature,weight")
    lines.extend(f"{name},{weights[name]:g}" for name in (INTERCEPT, *FEATURES))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Training:
    """The weights fitted on every set, with the cross-validation of the model."""

    weights: dict[str, float]
    validation: list[SetValidation]
    folds: int
    l2: float

    def csv(self) -> str:
        """The weights file: a comment header saying how it was trained, then the weights."""
        return weights_csv(self.weights, self.validation, self.folds, self.l2)


def train_confidence(
    gold_sets: Sequence[Path],
    nlp: Language,
    reference: CodingReference,
    *,
    folds: int = DEFAULT_FOLDS,
    l2: float = DEFAULT_L2,
) -> Training:
    """Code each gold set (a folder with `raw/` and `gold.jsonl`), fit and cross-validate.

    Raises:
        ValueError: If the sets hold no matched or no unmatched prediction, or the fit diverges.
    """
    samples: list[Sample] = []
    for folder in gold_sets:
        rows = coded_rows(nlp, read_articles(folder / "raw"), reference)
        samples.extend(gold_set_samples(folder.name, rows, folder / "gold.jsonl"))
    if {s.matched for s in samples} != {True, False}:
        raise ValueError("the gold sets need matched and unmatched predictions to fit on")
    weights = fit_weights(samples, l2)
    if not all(math.isfinite(value) for value in weights.values()):
        raise ValueError(f"the fit diverged: {weights}")
    return Training(weights, cross_validate(samples, folds, l2), folds, l2)
