"""Fitting the confidence model: it recovers the sign of a known effect and validates by set."""

from __future__ import annotations

import random

from pipeline.coding.confidence import FEATURES
from pipeline.evaluation.confidence_training import (
    Sample,
    cross_validate,
    fit_weights,
    format_validation,
    ranking_auc,
    weights_csv,
)
from pipeline.reference.confidence_weights import INTERCEPT

NO_TARGET = FEATURES.index("no_target")
NOUN = FEATURES.index("noun_trigger")


def synthetic(gold_set: str, count: int, seed: int) -> list[Sample]:
    """Invented tuples: a missing target makes a match rare, a noun trigger changes nothing."""
    chance = random.Random(seed)
    samples = []
    for index in range(count):
        row = [0.0] * len(FEATURES)
        row[NO_TARGET] = float(chance.random() < 0.4)
        row[NOUN] = float(chance.random() < 0.5)
        matched = chance.random() < (0.2 if row[NO_TARGET] else 0.85)
        samples.append(Sample(gold_set, f"a{index % 20}.txt", (tuple(row),), matched, 0.5))
    return samples


def test_fit_recovers_the_sign_of_a_known_effect() -> None:
    weights = fit_weights(synthetic("s", 400, seed=1), l2=1.0)
    assert weights["no_target"] < -1.0
    assert abs(weights["noun_trigger"]) < 0.5
    assert weights[INTERCEPT] > 1.0
    # A feature that never fires gets no weight.
    assert weights["hypothetical"] == 0.0


def test_a_tuple_counts_once_whatever_its_rows() -> None:
    row = tuple(0.0 for _ in FEATURES)
    missing = tuple(1.0 if i == NO_TARGET else 0.0 for i in range(len(FEATURES)))
    one = [Sample("s", "a.txt", (row,), True, 0.5), Sample("s", "a.txt", (missing,), False, 0.5)]
    many = [
        Sample("s", "a.txt", (row,), True, 0.5),
        Sample("s", "a.txt", (missing,) * 5, False, 0.5),
    ]
    assert fit_weights(one, l2=1.0) == fit_weights(many, l2=1.0)


def test_ranking_auc_is_the_evaluations() -> None:
    samples = [Sample("s", "a.txt", (), matched, 0.5) for matched in (True, True, False)]
    assert ranking_auc(samples, [0.9, 0.4, 0.5]) == 0.5
    assert ranking_auc(samples[:2], [0.9, 0.4]) is None


def test_cross_validation_ranks_held_out_sets_and_folds() -> None:
    samples = synthetic("one", 200, seed=2) + synthetic("two", 200, seed=3)
    results = cross_validate(samples, folds=4, l2=1.0)
    assert [r.gold_set for r in results] == ["one", "two"]
    for result in results:
        assert result.tuples == 200
        for auc in (result.leave_set_out, result.k_fold, result.in_sample):
            assert auc is not None
            assert auc > 0.7
    table = format_validation(results, 4)
    assert table[0].startswith("| set |")
    assert len(table) == 4


def test_weights_file_says_how_it_was_trained() -> None:
    samples = synthetic("one", 100, seed=4) + synthetic("two", 100, seed=5)
    weights = fit_weights(samples)
    text = weights_csv(weights, cross_validate(samples, folds=2), folds=2, l2=2.0)
    lines = text.splitlines()
    assert all(line.startswith("#") for line in lines[: lines.index("feature,weight")])
    assert "L2 penalty 2" in text
    assert "(one, two)" in text
    assert len(lines) - lines.index("feature,weight") - 1 == len(FEATURES) + 1
