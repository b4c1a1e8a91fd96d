"""The evaluation report: the scores of one run against one gold set, as text or JSON."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.evaluation.calibration import Calibration, calibrate, optional_rate
from pipeline.evaluation.matching import GoldKey, GoldKind, PredictionKey


@dataclass(frozen=True, slots=True)
class TypeRecall:
    """Recall on the gold events of one PLOVER type.

    Attributes:
        plover: The gold PLOVER type (null for gold events without one).
        gold: Distinct gold events of that type.
        matched: How many of them were matched.
    """

    plover: str | None
    gold: int
    matched: int

    @property
    def recall(self) -> float:
        """Matched over gold events of this type; 0 when there are none."""
        return _ratio(self.matched, self.gold)


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """How one gold article scored, for debugging the pipeline on it.

    Attributes:
        file: The gold `file`.
        gold: Distinct gold events.
        predicted: Distinct counted predictions.
        matched: Matched pairs.
        uncounted: Distinct predictions set aside by the gold set's scope rule.
        false_negatives: Gold events left unmatched, in gold order.
        false_positives: Counted predictions left unmatched, in sort order.
    """

    file: str
    gold: int
    predicted: int
    matched: int
    uncounted: int
    false_negatives: tuple[GoldKey, ...]
    false_positives: tuple[PredictionKey, ...]


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Scores of one prediction run against one gold set.

    Attributes:
        gold_kind: `plover-only` when no gold event has a CAMEO root, else `real-news`.
        articles_scored: Gold articles (every line of the gold file).
        tp: Matched gold/prediction pairs.
        fp: Counted predictions left unmatched.
        fn: Gold events left unmatched.
        uncounted_predictions: Distinct predictions in gold articles set aside by the scope
            rule (no PLOVER type on PLOVER-only gold; same-state dyads on real-news gold).
        dyad_matched: Gold events whose actor pair some counted prediction of the article has.
        class_matched: Gold events whose class some counted prediction of the article has.
        date_correct: Matched events with a gold date whose predicted date agrees with it.
        date_scored: Matched events with a gold date (the date accuracy denominator).
        modality_correct: Matched events with a gold mode whose predicted modality equals it.
        modality_scored: Matched events with a gold mode (the modality denominator).
        per_type: Recall by gold PLOVER type, most frequent type first.
        articles: One row per gold article, in gold order.
        ignored_files: Predicted `source_file` values that name no gold article, sorted.
        ignored_predictions: Predicted rows in those files.
        calibration: Precision of the counted predictions by confidence (see `Calibration`).
    """

    gold_kind: GoldKind
    articles_scored: int
    tp: int
    fp: int
    fn: int
    uncounted_predictions: int
    dyad_matched: int
    class_matched: int
    date_correct: int
    date_scored: int
    modality_correct: int
    modality_scored: int
    per_type: tuple[TypeRecall, ...]
    articles: tuple[ArticleScore, ...]
    ignored_files: tuple[str, ...]
    ignored_predictions: int
    # Defaulted so that reports built without predictions' confidences stay constructible.
    calibration: Calibration = field(default_factory=lambda: calibrate((), 0))

    @property
    def gold_events(self) -> int:
        """Distinct gold events (the recall denominator)."""
        return self.tp + self.fn

    @property
    def counted_predictions(self) -> int:
        """Distinct counted predictions (the precision denominator)."""
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        """Matched over counted predictions; 0 when nothing was counted."""
        return _ratio(self.tp, self.counted_predictions)

    @property
    def recall(self) -> float:
        """Matched over gold events; 0 when the gold has none."""
        return _ratio(self.tp, self.gold_events)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0 when both are 0."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def dyad_recall(self) -> float:
        """Share of gold events whose actor pair was found, whatever the class."""
        return _ratio(self.dyad_matched, self.gold_events)

    @property
    def class_recall(self) -> float:
        """Share of gold events whose class was found in their article, whatever the actors."""
        return _ratio(self.class_matched, self.gold_events)

    @property
    def date_accuracy(self) -> float | None:
        """Share of dated matched events with the right date; None when none is dated."""
        return self.date_correct / self.date_scored if self.date_scored else None

    @property
    def modality_accuracy(self) -> float | None:
        """Share of matched events with a gold mode and the right modality; None if none."""
        return self.modality_correct / self.modality_scored if self.modality_scored else None

    def to_dict(self) -> dict[str, object]:
        """Return the report, derived rates included, as JSON-serialisable data."""
        return {
            "gold_kind": self.gold_kind,
            "articles_scored": self.articles_scored,
            "gold_events": self.gold_events,
            "counted_predictions": self.counted_predictions,
            "uncounted_predictions": self.uncounted_predictions,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "dyad": {"matched": self.dyad_matched, "recall": self.dyad_recall},
            "class": {"matched": self.class_matched, "recall": self.class_recall},
            "date": {
                "correct": self.date_correct,
                "scored": self.date_scored,
                "accuracy": self.date_accuracy,
            },
            "modality": {
                "correct": self.modality_correct,
                "scored": self.modality_scored,
                "accuracy": self.modality_accuracy,
            },
            "per_type": [
                {
                    "plover": row.plover,
                    "gold": row.gold,
                    "matched": row.matched,
                    "recall": row.recall,
                }
                for row in self.per_type
            ],
            "articles": [
                {
                    "file": row.file,
                    "gold": row.gold,
                    "predicted": row.predicted,
                    "matched": row.matched,
                    "uncounted": row.uncounted,
                    "false_negatives": [key.to_dict() for key in row.false_negatives],
                    "false_positives": [key.to_dict() for key in row.false_positives],
                }
                for row in self.articles
            ],
            "ignored_files": list(self.ignored_files),
            "ignored_predictions": self.ignored_predictions,
            "calibration": self.calibration.to_dict(),
        }

    def format_text(self, max_articles: int = 20, max_keys: int = 5) -> str:
        """Summarise the report for a terminal.

        Args:
            max_articles: Most articles with errors to list.
            max_keys: Most false negatives, and false positives, to list per article.

        Returns:
            Lines of text, headline scores first; no trailing newline.
        """
        lines = [
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  f1 {self.f1:.3f}  "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn})",
            f"gold {self.gold_kind}: {self.gold_events} events in {self.articles_scored} "
            f"articles; {self.counted_predictions} predictions counted, "
            f"{self.uncounted_predictions} out of scope",
            f"dyad recall {self.dyad_recall:.3f} ({self.dyad_matched}/{self.gold_events})  "
            f"class recall {self.class_recall:.3f} ({self.class_matched}/{self.gold_events})",
            f"date accuracy {optional_rate(self.date_accuracy)} "
            f"({self.date_correct}/{self.date_scored})  "
            f"modality accuracy {optional_rate(self.modality_accuracy)} "
            f"({self.modality_correct}/{self.modality_scored})",
        ]
        if self.ignored_files:
            lines.append(
                f"ignored {self.ignored_predictions} predictions in "
                f"{len(self.ignored_files)} files not in the gold"
            )
        if self.per_type:
            lines.append("per PLOVER type    gold  matched  recall")
            lines.extend(
                f"  {row.plover or '-':<14} {row.gold:>5} {row.matched:>8}  {row.recall:.3f}"
                for row in self.per_type
            )
        lines.extend(self.calibration.format_lines())
        with_errors = [row for row in self.articles if row.false_negatives or row.false_positives]
        if with_errors:
            lines.append("errors by article")
        for row in with_errors[:max_articles]:
            lines.append(
                f"  {row.file}  gold {row.gold}  predicted {row.predicted}  matched {row.matched}"
            )
            lines.extend(_listed("FN", [key.label() for key in row.false_negatives], max_keys))
            lines.extend(_listed("FP", [key.label() for key in row.false_positives], max_keys))
        if len(with_errors) > max_articles:
            lines.append(f"  … and {len(with_errors) - max_articles} more articles with errors")
        return "\n".join(lines)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _listed(tag: str, labels: Sequence[str], limit: int) -> list[str]:
    lines = [f"    {tag} {label}" for label in labels[:limit]]
    if len(labels) > limit:
        lines.append(f"    {tag} … and {len(labels) - limit} more")
    return lines
