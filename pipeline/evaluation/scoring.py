"""Scoring predicted events against gold events by the matching rules of EVALUATION.md."""

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pipeline.evaluation.predictions import PredictedEvent
from schemas.gold import GoldArticle, GoldEvent

GoldKind = Literal["real-news", "plover-only"]

# Organisations the gold names individually; any other organisation is the generic `IGO`.
NAMED_ORGANISATIONS: frozenset[str] = frozenset({"UN", "EU", "AU"})
GENERIC_ORGANISATION = "IGO"
# Acronyms the actor lexicon may emit for the same body the gold codes as UN or EU.
ORGANISATION_ALIASES: Mapping[str, str] = {"UNO": "UN", "EUR": "EU"}
# Codes that name no state: a prediction between two of them is not a domestic event.
NON_STATE_CODES: frozenset[str] = frozenset(
    {GENERIC_ORGANISATION, "NGO", "IMG", "ISM", *NAMED_ORGANISATIONS}
)
# Edges of the calibration bins: [0, 0.5), [0.5, 0.6), ..., [0.8, 0.9), and [0.9, 1.0] closed.
CONFIDENCE_BIN_EDGES: tuple[float, ...] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
# Cut-offs for "precision at confidence >= t" and the recall such a cut-off keeps.
CONFIDENCE_THRESHOLDS: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9)
# Confidences are rounded to this many decimals before they are binned or cut, so that a value
# stored as float32 (0.7 → 0.69999999) or computed with float noise lands on its nominal side.
_CONFIDENCE_DECIMALS = 6


@dataclass(frozen=True, slots=True)
class GoldKey:
    """A distinct gold event of one article: its actors and its class.

    Attributes:
        source: Gold source code, or null when the gold has no codable source.
        target: Gold target code, or null (accepts any predicted target).
        cameo_root: Two-digit CAMEO root, null on PLOVER-only gold.
        plover: PLOVER type.
    """

    source: str | None
    target: str | None
    cameo_root: str | None
    plover: str | None

    def label(self) -> str:
        """Render the key compactly, e.g. `RUS→IND 04/CONSULT`."""
        actors = f"{self.source or '*'}→{self.target or '*'}"
        return f"{actors} {_class_label(self.cameo_root, self.plover)}"

    def to_dict(self) -> dict[str, str | None]:
        """Return the key as a JSON-ready mapping."""
        return {
            "source": self.source,
            "target": self.target,
            "cameo_root": self.cameo_root,
            "plover": self.plover,
        }


@dataclass(frozen=True, slots=True)
class PredictionKey:
    """A distinct predicted event of one article: the tuple predictions are reduced to.

    Attributes:
        source_country: Predicted source code (ISO alpha-3 or `IGO`).
        source_org: Organisation acronym when the source is an `IGO`.
        target_country: Predicted target code.
        target_org: Organisation acronym when the target is an `IGO`.
        cameo_root: Predicted CAMEO root.
        plover_type: Predicted PLOVER type.
    """

    source_country: str | None
    source_org: str | None
    target_country: str | None
    target_org: str | None
    cameo_root: str | None
    plover_type: str | None

    @classmethod
    def of(cls, event: PredictedEvent) -> "PredictionKey":
        """Reduce a predicted row to its key, dropping file, date and modality."""
        return cls(
            event.source_country,
            event.source_org,
            event.target_country,
            event.target_org,
            event.cameo_root,
            event.plover_type,
        )

    def sort_key(self) -> tuple[str, ...]:
        """Return a total order on keys (nulls first), so matching ignores row order."""
        return (
            self.source_country or "",
            self.source_org or "",
            self.target_country or "",
            self.target_org or "",
            self.cameo_root or "",
            self.plover_type or "",
        )

    def label(self) -> str:
        """Render the key compactly, e.g. `IGO(UN)→SDN 02/REQUEST`."""
        source = _actor_label(self.source_country, self.source_org)
        target = _actor_label(self.target_country, self.target_org)
        return f"{source}→{target} {_class_label(self.cameo_root, self.plover_type)}"

    def to_dict(self) -> dict[str, str | None]:
        """Return the key as a JSON-ready mapping."""
        return {
            "source_country": self.source_country,
            "source_org": self.source_org,
            "target_country": self.target_country,
            "target_org": self.target_org,
            "cameo_root": self.cameo_root,
            "plover_type": self.plover_type,
        }


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
            f"AUC {_optional_rate(self.auc)} (matched above unmatched){missing}",
            f"  {'bin':<10} {'counted':>7} {'matched':>7} {'precision':>9} | "
            f"{'cut':<7} {'kept':>5} {'matched':>7} {'precision':>9} {'recall':>6}",
        ]
        by_threshold = {row.threshold: row for row in self.thresholds}
        for row in self.bins:
            line = (
                f"  {row.label():<10} {row.predictions:>7} {row.matched:>7} "
                f"{_optional_rate(row.precision):>9} |"
            )
            cut = by_threshold.get(row.lower)
            if cut is not None:
                line += (
                    f" {'>= ' + format(cut.threshold, '.1f'):<7} {cut.predictions:>5} "
                    f"{cut.matched:>7} {_optional_rate(cut.precision):>9} {cut.recall:>6.3f}"
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
            f"date accuracy {_optional_rate(self.date_accuracy)} "
            f"({self.date_correct}/{self.date_scored})  "
            f"modality accuracy {_optional_rate(self.modality_accuracy)} "
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


def _optional_rate(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.3f}"


def _listed(tag: str, labels: Sequence[str], limit: int) -> list[str]:
    lines = [f"    {tag} {label}" for label in labels[:limit]]
    if len(labels) > limit:
        lines.append(f"    {tag} … and {len(labels) - limit} more")
    return lines


def _class_label(cameo_root: str | None, plover: str | None) -> str:
    return f"{cameo_root or '--'}/{plover or '-'}"


def _actor_label(country: str | None, org: str | None) -> str:
    if country is None:
        return "*" if org is None else f"({org})"
    return country if org is None else f"{country}({org})"


def _canonical_org(org: str | None) -> str | None:
    if org is None:
        return None
    upper = org.upper()
    return ORGANISATION_ALIASES.get(upper, upper)


def actor_rank(gold: str | None, country: str | None, org: str | None) -> int | None:
    """Decide whether a predicted actor agrees with a gold actor, and how specifically.

    The rank orders the predictions that agree with one gold actor from the least to the most
    flexible, so that greedy matching spends the prediction that could serve fewest other gold
    events first: an exact code before an empty-org `IGO`, a null target before a named one
    where the gold target is null.

    Args:
        gold: The gold code; null accepts any predicted actor (stated for targets by
            EVALUATION.md, extended to the rare null gold source).
        country: The predicted `*_country`.
        org: The predicted `*_org`; `UNO` counts as `UN` and `EUR` as `EU`.

    Returns:
        None when the actors disagree, else 0 (most specific) to 2 (most flexible).
    """
    if gold is None:
        return 0 if country is None and org is None else 1
    if gold in NAMED_ORGANISATIONS:
        if country != GENERIC_ORGANISATION:
            return None
        canonical = _canonical_org(org)
        if canonical == gold:
            return 0
        return 1 if canonical is None else None
    if gold == GENERIC_ORGANISATION:
        # The generic gold code names no particular body (the PLOVER records code the UN, the
        # European Community and NATO all as IGO), so any predicted organisation agrees.
        if country != GENERIC_ORGANISATION:
            return None
        canonical = _canonical_org(org)
        if canonical is None:
            return 2
        return 1 if canonical in NAMED_ORGANISATIONS else 0
    return 0 if country == gold else None


def class_rank(gold: GoldKey, prediction: PredictionKey) -> int | None:
    """Decide whether a predicted event class agrees with a gold one.

    The CAMEO root decides where both have one, else the PLOVER type (two nulls never agree).

    Args:
        gold: The gold event.
        prediction: The predicted event.

    Returns:
        None when the classes disagree; 0 for agreement on the field that both sides fill
        natively; 1 when a rootless prediction agrees with a rooted gold event on the PLOVER
        type alone (that prediction could serve any gold event of the type, so keep it back).
    """
    if gold.cameo_root is not None and prediction.cameo_root is not None:
        return 0 if gold.cameo_root == prediction.cameo_root else None
    if gold.plover is None or gold.plover != prediction.plover_type:
        return None
    return 1 if gold.cameo_root is not None else 0


def match_rank(gold: GoldKey, prediction: PredictionKey) -> int | None:
    """Decide whether a prediction matches a gold event (EVALUATION.md, matching rule 4).

    Args:
        gold: The gold event.
        prediction: The predicted event.

    Returns:
        None when source, target or class disagree, else the summed specificity ranks of
        `actor_rank` and `class_rank` (lower is a more specific candidate).
    """
    ranks = (
        actor_rank(gold.source, prediction.source_country, prediction.source_org),
        actor_rank(gold.target, prediction.target_country, prediction.target_org),
        class_rank(gold, prediction),
    )
    if any(rank is None for rank in ranks):
        return None
    return sum(rank for rank in ranks if rank is not None)


def gold_kind(gold: Sequence[GoldArticle]) -> GoldKind:
    """Classify a gold set: PLOVER-only when it has events and none has a CAMEO root.

    Args:
        gold: The gold articles.

    Returns:
        `plover-only` or `real-news`; a gold set with no events at all counts as real-news,
        since nothing in it says it was coded in PLOVER only.
    """
    events = [event for article in gold for event in article.events]
    if events and all(event.cameo_root is None for event in events):
        return "plover-only"
    return "real-news"


def is_counted(prediction: PredictionKey, kind: GoldKind) -> bool:
    """Apply the gold set's scope rule (EVALUATION.md, matching rules 2 and 3).

    Args:
        prediction: The predicted event.
        kind: The gold set's kind.

    Returns:
        False for a prediction without PLOVER type on PLOVER-only gold, and for a prediction
        between one state and itself on real-news gold; True otherwise.
    """
    if kind == "plover-only":
        return prediction.plover_type is not None
    source = prediction.source_country
    domestic = (
        source is not None and source == prediction.target_country and source not in NON_STATE_CODES
    )
    return not domestic


def _basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _file_index(gold: Sequence[GoldArticle]) -> tuple[dict[str, int], dict[str, int]]:
    by_file: dict[str, int] = {}
    for position, article in enumerate(gold):
        if article.file in by_file:
            raise ValueError(f"gold lists {article.file!r} twice; merge its events into one line")
        by_file[article.file] = position
    basenames = Counter(_basename(article.file) for article in gold)
    by_basename = {
        _basename(article.file): position
        for position, article in enumerate(gold)
        # Two gold files with one basename cannot be told apart by name alone: exact only.
        if basenames[_basename(article.file)] == 1
    }
    return by_file, by_basename


def _distinct_gold(events: Iterable[GoldEvent]) -> dict[GoldKey, GoldEvent]:
    # EVALUATION.md reduces gold to (source, target, class) triples; the first event of a
    # triple stands for it, so its date and mode are the ones scored.
    seen: dict[tuple[str | None, str | None, str | None], GoldKey] = {}
    distinct: dict[GoldKey, GoldEvent] = {}
    for event in events:
        triple = (event.source, event.target, event.cameo_root or event.plover)
        if triple in seen:
            continue
        key = GoldKey(event.source, event.target, event.cameo_root, event.plover)
        seen[triple] = key
        distinct[key] = event
    return distinct


def _date_agrees(gold: GoldEvent, rows: Sequence[PredictedEvent]) -> bool | None:
    if gold.event_date is None or gold.date_precision == "unknown":
        return None
    expected = gold.event_date
    return any(
        row.event_date is not None and str(row.event_date).startswith(expected) for row in rows
    )


def _mode_agrees(gold: GoldEvent, rows: Sequence[PredictedEvent]) -> bool | None:
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


def _pick(
    gold: GoldKey, unused: Sequence[PredictionKey], later: Sequence[GoldKey]
) -> PredictionKey | None:
    candidates = [(rank, key) for key in unused if (rank := match_rank(gold, key)) is not None]
    if not candidates:
        return None

    def preference(candidate: tuple[int, PredictionKey]) -> tuple[int, int]:
        rank, key = candidate
        # Contention first: a candidate no later gold event could take costs nothing to spend.
        contention = sum(match_rank(other, key) is not None for other in later)
        return contention, rank

    # min() keeps the first of equal candidates, and `unused` is in sort order: deterministic.
    return min(candidates, key=preference)[1]


def _score_article(
    article: GoldArticle,
    rows: Sequence[PredictedEvent],
    kind: GoldKind,
    tally: _Tally,
) -> ArticleScore:
    gold = _distinct_gold(article.events)
    collapsed: dict[PredictionKey, list[PredictedEvent]] = {}
    for row in rows:
        collapsed.setdefault(PredictionKey.of(row), []).append(row)
    counted = sorted(
        (key for key in collapsed if is_counted(key, kind)), key=PredictionKey.sort_key
    )
    unused = list(counted)
    false_negatives: list[GoldKey] = []
    matched = 0
    gold_keys = list(gold)
    for position, (gold_key, gold_event) in enumerate(gold.items()):
        tally.type_gold[gold_key.plover] += 1
        if any(
            actor_rank(gold_key.source, key.source_country, key.source_org) is not None
            and actor_rank(gold_key.target, key.target_country, key.target_org) is not None
            for key in counted
        ):
            tally.dyad += 1
        if any(class_rank(gold_key, key) is not None for key in counted):
            tally.klass += 1
        best = _pick(gold_key, unused, gold_keys[position + 1 :])
        if best is None:
            false_negatives.append(gold_key)
            continue
        unused.remove(best)
        matched += 1
        tally.type_matched[gold_key.plover] += 1
        date_ok = _date_agrees(gold_event, collapsed[best])
        if date_ok is not None:
            tally.date_scored += 1
            tally.date_correct += date_ok
        mode_ok = _mode_agrees(gold_event, collapsed[best])
        if mode_ok is not None:
            tally.mode_scored += 1
            tally.mode_correct += mode_ok
    tally.tp += matched
    tally.fn += len(false_negatives)
    tally.fp += len(unused)
    tally.uncounted += len(collapsed) - len(counted)
    left_over = set(unused)
    tally.outcomes.extend(
        (_tuple_confidence(collapsed[key]), key not in left_over) for key in counted
    )
    return ArticleScore(
        file=article.file,
        gold=len(gold),
        predicted=len(counted),
        matched=matched,
        uncounted=len(collapsed) - len(counted),
        false_negatives=tuple(false_negatives),
        false_positives=tuple(unused),
    )


def score(gold: Sequence[GoldArticle], predictions: Sequence[PredictedEvent]) -> EvaluationReport:
    """Score predicted events against a gold set, as EVALUATION.md specifies.

    Predictions are grouped into gold articles by `source_file`: first by the exact gold
    `file`, then by basename, since `source_file` is relative to the run's input folder and may
    include subfolders. Predictions whose file is not in the gold are ignored and reported.

    Per article, predictions are reduced to distinct `PredictionKey` tuples and gold events to
    distinct (source, target, class) triples; the scope rule (`is_counted`) sets some
    predictions aside. Gold events are then matched one-to-one in gold order: each takes the
    unused counted prediction that matches it (`match_rank`), preferring, in this order, the
    candidate fewest later gold events of the article could also match, then the one with the
    lowest specificity rank (an exact org before an empty-org IGO, a null target before a named
    one for a null gold target, a rooted class before a rootless one), then the first in the
    tuples' sort order. Those preferences keep flexible predictions for the later gold events
    they may be the only match for, and make the result independent of the order of the
    prediction rows. Matching stays greedy in gold order, as EVALUATION.md prescribes; no
    globally maximal matching is sought.

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
    by_file, by_basename = _file_index(gold)
    kind = gold_kind(gold)
    rows_by_article: list[list[PredictedEvent]] = [[] for _ in gold]
    ignored: Counter[str] = Counter()
    for prediction in predictions:
        name = prediction.source_file.replace("\\", "/").removeprefix("./")
        position = by_file.get(name, by_basename.get(_basename(name)))
        if position is None:
            ignored[prediction.source_file] += 1
        else:
            rows_by_article[position].append(prediction)

    tally = _Tally()
    articles = tuple(
        _score_article(article, rows, kind, tally)
        for article, rows in zip(gold, rows_by_article, strict=True)
    )
    per_type = tuple(
        TypeRecall(plover=plover, gold=count, matched=tally.type_matched[plover])
        for plover, count in sorted(
            tally.type_gold.items(), key=lambda item: (-item[1], item[0] or "")
        )
    )
    return EvaluationReport(
        gold_kind=kind,
        articles_scored=len(gold),
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
        ignored_files=tuple(sorted(ignored)),
        ignored_predictions=sum(ignored.values()),
        calibration=calibrate(tally.outcomes, tally.tp + tally.fn),
    )
