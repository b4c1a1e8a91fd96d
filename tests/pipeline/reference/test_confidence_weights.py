"""The confidence weights file: comments, then one finite weight per feature and intercept."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.coding.confidence import FEATURES
from pipeline.reference.confidence_weights import INTERCEPT, load_confidence_weights
from pipeline.reference.errors import ReferenceDataError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "weights.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_weighs_every_feature() -> None:
    weights = load_confidence_weights(FEATURES)
    assert set(weights) == {INTERCEPT, *FEATURES}


def test_comments_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "# trained on nothing\nfeature,weight\nintercept,1.5\nx,-2\n")
    assert load_confidence_weights(["x"], path) == {INTERCEPT: 1.5, "x": -2.0}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name,value\nintercept,1\nx,1\n", "first row"),
        ("feature,weight\nintercept,1\n", "no weight for x"),
        ("feature,weight\nintercept,1\nx,1\ny,1\n", "unknown features y"),
        ("feature,weight\nintercept,1\nx,1\nx,2\n", "listed twice"),
        ("feature,weight\nintercept,1\nx,nan\n", "not a finite number"),
        ("feature,weight\nintercept,1\nx,heavy\n", "not a finite number"),
    ],
)
def test_a_bad_file_is_refused_with_its_problem(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(ReferenceDataError, match=problem):
        load_confidence_weights(["x"], write(tmp_path, text))
