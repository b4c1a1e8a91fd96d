"""Load data/reference/confidence_weights.csv: the weights of the coder's confidence model."""

from __future__ import annotations

import csv
import math
from collections.abc import Collection, Mapping
from pathlib import Path

from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir

#: File name of the confidence weights inside the reference directory.
CONFIDENCE_WEIGHTS_FILE = "confidence_weights.csv"
#: Columns the CSV must have, in this order.
COLUMNS = ("feature", "weight")
#: The constant term of the logistic model; every weights file has one.
INTERCEPT = "intercept"


def load_confidence_weights(
    features: Collection[str], path: Path | None = None
) -> Mapping[str, float]:
    """Read the logistic weights of the confidence model, one per feature plus the intercept.

    Lines starting with `#` are comments (the file says how it was trained). The file must
    name every feature in `features` and the intercept exactly once, each with a finite
    weight: a feature the coder computes but the file forgets would silently weigh nothing.

    Args:
        features: The names of the features the coder computes (not counting the intercept).
        path: The CSV; the shipped `data/reference/confidence_weights.csv` by default.

    Returns:
        Weight by feature name, the intercept under `INTERCEPT`.

    Raises:
        ReferenceDataError: If the file is missing, has other columns, repeats, lacks or adds
            a name, or holds a weight that is not a finite number.
    """
    path = path or reference_dir() / CONFIDENCE_WEIGHTS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ReferenceDataError(path, None, f"cannot be read ({error})") from error
    numbered = [(n, line) for n, line in enumerate(lines, 1) if not line.startswith("#")]
    rows = list(csv.reader(line for _, line in numbered))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise ReferenceDataError(
            path, None, f"the first row after the comments must be {','.join(COLUMNS)}"
        )
    weights: dict[str, float] = {}
    for (number, _), row in zip(numbered[1:], rows[1:], strict=True):
        if not row:
            continue
        if len(row) != len(COLUMNS):
            raise ReferenceDataError(path, number, "expected feature,weight")
        name, text = row
        if name in weights:
            raise ReferenceDataError(path, number, f"{name!r} is listed twice")
        try:
            weight = float(text)
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight):
            raise ReferenceDataError(path, number, f"{text!r} is not a finite number")
        weights[name] = weight
    expected = {INTERCEPT, *features}
    if missing := sorted(expected - weights.keys()):
        raise ReferenceDataError(path, None, f"no weight for {', '.join(missing)}")
    if unknown := sorted(weights.keys() - expected):
        raise ReferenceDataError(path, None, f"unknown features {', '.join(unknown)}")
    return weights
