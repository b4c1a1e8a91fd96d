"""Confidence calibration: how often the counted predictions matched, by their confidence."""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

# Edges of the calibration bins: [0, 0.5), [0.5, 0.6), ..., [0.8, 0.9), and [0.9, 1.0] closed.
CONFIDENCE_BIN_EDGES: tuple[float, ...] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
# Cut-offs for "precision at confidence >= t" and the recall such a cut-off keeps.
CONFIDENCE_THRESHOLDS: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9)
# Confidences are rounded to this many decimals before they are binned or cut, so that a value
# stored as float32 (0.7 → 0.69999999) or computed with float noise lands on its nominal side.
_CONFIDENCE_DECIMALS = 6


@dataclass(frozen=True, slots=True)
class ConfidenceBin:
    """Counted predictions whose confidence falls in one calibration bin.

    Attributes:
        lower: Lowest confidence of the bin (inclusive).
        upper: Upper end of the bin: exclusive, except for the last bin, which ends at 1.0.
        predictions: Distinct counted predictions in the bin.
        matched: How many of them matched a gold event.
    """

    lower: float
    upper: float
    predictions: int
    matched: int

    @property
    def precision(self) -> float | None:
        """Matched over predictions in the bin; None for an empty bin."""
        return self.matched / self.predictions if self.predictions else None

    def label(self) -> str:
        """Render the bin's interval, e.g. `[0.5, 0.6)` or `[0.9, 1.0]`."""
        closing = "]" if self.upper >= CONFIDENCE_BIN_EDGES[-1] else ")"
        return f"[{self.lower:.1f}, {self.upper:.1f}{closing}"


@dataclass(frozen=True, slots=True)
class ConfidenceThreshold:
    """What keeping only the predictions at or above one confidence would score.

    Attributes:
        threshold: The cut-off: predictions with confidence >= it are kept.
        predictions: Distinct counted predictions kept.
        matched: How many of them matched a gold event.
        gold_events: All distinct gold events (the recall denominator).
    """

    threshold: float
    predictions: int
    matched: int
    gold_events: int

    @property
    def precision(self) -> float | None:
        """Matched over kept predictions; None when none is kept."""
        return self.matched / self.predictions if self.predictions else None

    @property
    def recall(self) -> float:
        """Matched kept predictions over all gold events; 0 when the gold has none."""
        return _ratio(self.matched, self.gold_events)


@dataclass(frozen=True, slots=True)
class Calibration:
    """Whether higher confidence is more often right, over the counted prediction tuples.

    Each counted tuple carries the highest confidence of the rows collapsed into it and is
    either matched (a true positive) or not (a false positive). Tuples whose rows have no
    confidence are counted apart and left out of the bins, the thresholds and the AUC.

    Attributes:
        bins: One row per bin of `CONFIDENCE_BIN_EDGES`, lowest first.
        thresholds: One row per cut-off of `CONFIDENCE_THRESHOLDS`, lowest first.
        auc: Probability that a random matched tuple has a higher confidence than a random
            unmatched one, ties counting half (see `confidence_auc`); None when either group
            is empty.
        without_confidence: Counted tuples with no confidence.
        without_confidence_matched: How many of those matched a gold event.
    """

    bins: tuple[ConfidenceBin, ...]
    thresholds: tuple[ConfidenceThreshold, ...]
    auc: float | None
    without_confidence: int
    without_confidence_matched: int

    @property
    def with_confidence(self) -> int:
        """Counted tuples with a confidence (the tuples in the bins)."""
        return sum(row.predictions for row in self.bins)

    def to_dict(self) -> dict[str, object]:
        """Return the calibration, derived rates included, as JSON-serialisable data."""
        return {
            "with_confidence": self.with_confidence,
            "without_confidence": {
                "predictions": self.without_confidence,
                "matched": self.without_confidence_matched,
            },
            "auc": self.auc,
            "bins": [
                {
                    "lower": row.lower,
                    "upper": row.upper,
                    "predictions": row.predictions,
                    "matched": row.matched,
                    "precision": row.precision,
                }
                for row in self.bins
            ],
            "thresholds": [
                {
                    "threshold": row.threshold,
                    "predictions": row.predictions,
                    "matched": row.matched,
                    "precision": row.precision,
                    "recall": row.recall,
                }
                for row in self.thresholds
            ],
        }

    def format_lines(self) -> list[str]:
        """Render the calibration as a compact block; no lines when no tuple has a confidence.

        One line per bin: its counted predictions, matches and precision, then what the
        cut-off at the bin's lower edge keeps (`>= lower`, for the edges that are
        `CONFIDENCE_THRESHOLDS`): predictions, matches, precision and recall over all gold.
        """
        if not self.with_confidence:
            return []
        missing = (
            f"; {self.without_confidence} without a confidence "
            f"({self.without_confidence_matched} matched) left out"
            if self.without_confidence
            else ""
        )
        lines = [
            f"confidence calibration over {self.with_confidence} counted predictions: "
            f"AUC {optional_rate(self.auc)} (matched above unmatched){missing}",
            f"  {'bin':<10} {'counted':>7} {'matched':>7} {'precision':>9} | "
            f"{'cut':<7} {'kept':>5} {'matched':>7} {'precision':>9} {'recall':>6}",
        ]
        by_threshold = {row.threshold: row for row in self.thresholds}
        for row in self.bins:
            line = (
                f"  {row.label():<10} {row.predictions:>7} {row.matched:>7} "
                f"{optional_rate(row.precision):>9} |"
            )
            cut = by_threshold.get(row.lower)
            if cut is not None:
                line += (
                    f" {'>= ' + format(cut.threshold, '.1f'):<7} {cut.predictions:>5} "
                    f"{cut.matched:>7} {optional_rate(cut.precision):>9} {cut.recall:>6.3f}"
                )
            lines.append(line)
        return lines


def confidence_auc(matched: Iterable[float], unmatched: Iterable[float]) -> float | None:
    """Probability that a random matched prediction is more confident than an unmatched one.

    The area under the ROC curve of confidence as a matched/unmatched classifier (the
    Mann-Whitney statistic): 1.0 when every matched prediction is more confident than every
    unmatched one, 0.0 for the reverse, 0.5 when confidence does not tell them apart. Ties
    count half.

    Args:
        matched: Confidences of matched (true positive) predictions.
        unmatched: Confidences of unmatched (false positive) predictions.

    Returns:
        The probability, or None when either group is empty.
    """
    positives = list(matched)
    negatives = sorted(unmatched)
    if not positives or not negatives:
        return None
    wins = 0.0
    for value in positives:
        below = bisect_left(negatives, value)
        ties = bisect_right(negatives, value) - below
        wins += below + ties / 2
    return wins / (len(positives) * len(negatives))


def calibrate(outcomes: Iterable[tuple[float | None, bool]], gold_events: int) -> Calibration:
    """Tabulate how often counted predictions matched, by confidence.

    Args:
        outcomes: One (confidence, matched) pair per counted prediction tuple; a null
            confidence puts the tuple in `without_confidence`.
        gold_events: Distinct gold events, the denominator of each threshold's recall.

    Returns:
        The calibration table, thresholds and AUC.
    """
    scored: list[tuple[float, bool]] = []
    without = without_matched = 0
    for confidence, matched in outcomes:
        if confidence is None:
            without += 1
            without_matched += matched
        else:
            scored.append((round(confidence, _CONFIDENCE_DECIMALS), matched))
    inner_edges = CONFIDENCE_BIN_EDGES[1:-1]
    counts = [[0, 0] for _ in CONFIDENCE_BIN_EDGES[:-1]]
    for confidence, matched in scored:
        # bisect_right puts an edge value in the bin it opens; 1.0 stays in the last bin.
        position = bisect_right(inner_edges, confidence)
        counts[position][0] += 1
        counts[position][1] += matched
    bins = tuple(
        ConfidenceBin(lower=lower, upper=upper, predictions=total, matched=hits)
        for lower, upper, (total, hits) in zip(
            CONFIDENCE_BIN_EDGES[:-1], CONFIDENCE_BIN_EDGES[1:], counts, strict=True
        )
    )
    thresholds = tuple(
        ConfidenceThreshold(
            threshold=threshold,
            predictions=sum(confidence >= threshold for confidence, _ in scored),
            matched=sum(matched for confidence, matched in scored if confidence >= threshold),
            gold_events=gold_events,
        )
        for threshold in CONFIDENCE_THRESHOLDS
    )
    auc = confidence_auc(
        (confidence for confidence, matched in scored if matched),
        (confidence for confidence, matched in scored if not matched),
    )
    return Calibration(
        bins=bins,
        thresholds=thresholds,
        auc=auc,
        without_confidence=without,
        without_confidence_matched=without_matched,
    )


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def optional_rate(rate: float | None) -> str:
    """Render a rate to three decimals, or `n/a` when it is undefined."""
    return "n/a" if rate is None else f"{rate:.3f}"
