"""Pins the confidence calibration of the report: per-tuple confidence, bins, cut-offs and AUC."""

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.evaluation.calibration import (
    CONFIDENCE_BIN_EDGES,
    CONFIDENCE_THRESHOLDS,
    Calibration,
    calibrate,
    confidence_auc,
)
from pipeline.evaluation.evaluate import evaluate
from pipeline.evaluation.predictions import PREDICTION_COLUMNS, PredictedEvent
from pipeline.evaluation.report import EvaluationReport
from pipeline.evaluation.scoring import score
from schemas.arrow import TABLE_SCHEMAS
from schemas.gold import GoldArticle, GoldEvent


def gold_event(source: str, target: str | None, cameo_root: str, plover: str) -> GoldEvent:
    return GoldEvent(source=source, target=target, cameo_root=cameo_root, plover=plover)


def article(file: str, *events: GoldEvent) -> GoldArticle:
    return GoldArticle(file=file, published="2024-11-19", events=list(events))


def predicted(
    source_file: str,
    source_country: str,
    target_country: str | None,
    cameo_root: str,
    plover_type: str,
    *,
    confidence: float | None,
) -> PredictedEvent:
    return PredictedEvent(
        source_file=source_file,
        source_country=source_country,
        target_country=target_country,
        cameo_root=cameo_root,
        plover_type=plover_type,
        confidence=confidence,
    )


def bin_of(calibration: Calibration, lower: float) -> tuple[int, int]:
    [row] = [row for row in calibration.bins if row.lower == lower]
    return row.predictions, row.matched


def test_bins_and_thresholds_are_the_documented_ones() -> None:
    assert CONFIDENCE_BIN_EDGES == (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    assert CONFIDENCE_THRESHOLDS == (0.5, 0.6, 0.7, 0.8, 0.9)


@pytest.mark.parametrize(
    ("confidences", "bin_lower"),
    [
        ([0.3, 0.95, 0.6], 0.9),  # the most confident row decides, wherever it is listed
        ([0.95, 0.3], 0.9),  # ... first or not
        ([None, 0.55], 0.5),  # a row without confidence does not drag the tuple to "none"
        ([0.72, None, 0.71], 0.7),  # ... wherever it sits
        ([0.45], 0.0),  # a single row keeps its own confidence
        ([None, None], None),  # no row has one: the tuple is counted apart
    ],
)
def test_tuple_confidence_is_the_max_over_collapsed_rows(
    confidences: list[float | None], bin_lower: float | None
) -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", "04", "CONSULT"))]
    rows = [predicted("a.txt", "RUS", "IND", "04", "CONSULT", confidence=c) for c in confidences]
    calibration = score(gold, rows).calibration
    # The rows collapse into one matched tuple, placed in exactly one bin (or none).
    occupied = [(row.lower, row.predictions, row.matched) for row in calibration.bins]
    assert [entry for entry in occupied if entry[1]] == (
        [] if bin_lower is None else [(bin_lower, 1, 1)]
    )
    assert (calibration.without_confidence, calibration.without_confidence_matched) == (
        (1, 1) if bin_lower is None else (0, 0)
    )


def test_one_tuple_in_two_articles_is_two_tuples_with_their_own_confidence() -> None:
    gold = [
        article("a.txt", gold_event("RUS", "IND", "04", "CONSULT")),
        article("b.txt"),
    ]
    rows = [
        predicted("a.txt", "RUS", "IND", "04", "CONSULT", confidence=0.55),
        # The same tuple in b.txt, an article without gold: a false positive there.
        predicted("b.txt", "RUS", "IND", "04", "CONSULT", confidence=0.95),
    ]
    calibration = score(gold, rows).calibration
    assert bin_of(calibration, 0.5) == (1, 1)
    assert bin_of(calibration, 0.9) == (1, 0)


# A hand-made run: 4 gold events in a.txt, none in b.txt; 4 matched and 4 unmatched tuples.
HAND_GOLD = [
    article(
        "a.txt",
        gold_event("RUS", "IND", "04", "CONSULT"),
        gold_event("USA", "CHN", "16", "SANCTION"),
        gold_event("FRA", "DEU", "05", "SUPPORT"),
        gold_event("GBR", "FRA", "03", "AGREE"),
    ),
    article("b.txt"),
]
HAND_ROWS = [
    predicted("a.txt", "RUS", "IND", "04", "CONSULT", confidence=0.95),  # TP
    # The same tuple again: its confidence stays the max, 0.95.
    predicted("a.txt", "RUS", "IND", "04", "CONSULT", confidence=0.4),
    predicted("a.txt", "USA", "CHN", "16", "SANCTION", confidence=0.85),  # TP
    predicted("a.txt", "FRA", "DEU", "05", "SUPPORT", confidence=0.62),  # TP
    predicted("a.txt", "GBR", "FRA", "03", "AGREE", confidence=None),  # TP without confidence
    predicted("a.txt", "CHN", "USA", "11", "ACCUSE", confidence=0.88),  # FP
    predicted("a.txt", "IND", "RUS", "04", "CONSULT", confidence=0.65),  # FP
    predicted("a.txt", "USA", "IRN", "13", "THREATEN", confidence=0.3),  # FP
    # Domestic: out of scope on real-news gold, so not counted at all.
    predicted("a.txt", "USA", "USA", "04", "CONSULT", confidence=0.99),
    # A false positive in the article without gold.
    predicted("b.txt", "ISR", "PSE", "19", "ASSAULT", confidence=0.5),
]


@pytest.fixture(scope="module")
def hand_report() -> EvaluationReport:
    return score(HAND_GOLD, HAND_ROWS)


def test_hand_made_totals(hand_report: EvaluationReport) -> None:
    assert (hand_report.tp, hand_report.fp, hand_report.fn) == (4, 4, 0)
    calibration = hand_report.calibration
    # Every counted tuple is in a bin or counted apart: 7 with a confidence + 1 without.
    assert calibration.with_confidence + calibration.without_confidence == 8
    assert (calibration.without_confidence, calibration.without_confidence_matched) == (1, 1)


# (upper, counted, matched, precision) per bin lower edge.
@pytest.mark.parametrize(
    ("lower", "expected"),
    [
        (0.0, (0.5, 1, 0, 0.0)),  # USA→IRN 0.3 (the 0.4 row is hidden in the 0.95 tuple)
        (0.5, (0.6, 1, 0, 0.0)),  # ISR→PSE at exactly 0.5 opens the second bin
        (0.6, (0.7, 2, 1, 0.5)),  # FRA→DEU 0.62 matched, IND→RUS 0.65 not
        (0.7, (0.8, 0, 0, None)),  # empty: precision undefined, not 0
        (0.8, (0.9, 2, 1, 0.5)),  # USA→CHN 0.85 matched, CHN→USA 0.88 not
        (0.9, (1.0, 1, 1, 1.0)),  # RUS→IND 0.95; the domestic 0.99 is out of scope
    ],
)
def test_hand_made_bins(
    hand_report: EvaluationReport,
    lower: float,
    expected: tuple[float, int, int, float | None],
) -> None:
    [row] = [row for row in hand_report.calibration.bins if row.lower == lower]
    assert (row.upper, row.predictions, row.matched, row.precision) == expected


# (kept, matched, precision, recall over the 4 gold events) per cut-off.
@pytest.mark.parametrize(
    ("threshold", "kept", "rates"),
    [
        (0.5, (6, 3), (0.5, 0.75)),  # all but the 0.3 tuple
        (0.6, (5, 3), (0.6, 0.75)),  # the 0.5 false positive goes
        (0.7, (3, 2), (2 / 3, 0.5)),  # the 0.62 hit goes with the 0.65 miss
        (0.8, (3, 2), (2 / 3, 0.5)),  # nothing lies in [0.7, 0.8)
        (0.9, (1, 1), (1.0, 0.25)),  # only the 0.95 hit is kept
    ],
)
def test_hand_made_thresholds(
    hand_report: EvaluationReport,
    threshold: float,
    kept: tuple[int, int],
    rates: tuple[float, float],
) -> None:
    [row] = [row for row in hand_report.calibration.thresholds if row.threshold == threshold]
    assert (row.predictions, row.matched) == kept
    assert (row.precision, row.recall) == pytest.approx(rates)


def test_hand_made_auc(hand_report: EvaluationReport) -> None:
    # Matched 0.95, 0.85, 0.62 against unmatched 0.88, 0.65, 0.5, 0.3: 4 + 3 + 2 of 12 pairs.
    assert hand_report.calibration.auc == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("confidence", "lower"),
    [
        (0.0, 0.0),  # the lowest confidence is in the first bin
        (0.499, 0.0),  # just below an edge stays below it
        (0.5, 0.5),  # an edge belongs to the bin it opens
        (0.6, 0.6),  # ... every edge
        (0.6000000000000001, 0.6),  # float noise above an edge
        (0.6999999999999999, 0.7),  # ... and below it, as 0.1 * 7 style arithmetic gives
        (0.699999988079071, 0.7),  # 0.7 stored as float32 and widened back
        (0.9, 0.9),  # the last bin opens at 0.9
        (1.0, 0.9),  # ... and is closed at 1.0
    ],
)
def test_bin_edges(confidence: float, lower: float) -> None:
    calibration = calibrate([(confidence, True)], gold_events=1)
    assert bin_of(calibration, lower) == (1, 1)
    assert calibration.with_confidence == 1


@pytest.mark.parametrize(
    ("matched", "unmatched", "auc"),
    [
        ([0.9, 0.8], [0.6, 0.5], 1.0),  # perfectly separated: every hit above every miss
        ([0.5, 0.6], [0.8, 0.9], 0.0),  # reversed: every hit below every miss
        ([0.7, 0.7], [0.7, 0.7, 0.7], 0.5),  # all tied: confidence tells nothing
        ([0.8, 0.6], [0.7, 0.6], 0.625),  # mixed: wins 1 + 1 + 0, tie 0.5 → 2.5 of 4 pairs
        ([0.6], [0.6, 0.5], 0.75),  # one tie and one win
        ([], [0.5], None),  # no matched tuple: undefined
        ([0.5], [], None),  # no unmatched tuple: undefined
    ],
)
def test_auc_on_known_orderings(
    matched: list[float], unmatched: list[float], auc: float | None
) -> None:
    assert confidence_auc(matched, unmatched) == auc
    # The same through calibrate, which also ignores tuples without a confidence.
    outcomes = [(c, True) for c in matched] + [(c, False) for c in unmatched] + [(None, False)]
    assert calibrate(outcomes, gold_events=len(matched)).auc == auc


def test_auc_through_score_on_a_reversed_run() -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", "04", "CONSULT"))]
    rows = [
        # The hit is the least sure row.
        predicted("a.txt", "RUS", "IND", "04", "CONSULT", confidence=0.55),
        predicted("a.txt", "IND", "RUS", "04", "CONSULT", confidence=0.85),
    ]
    assert score(gold, rows).calibration.auc == 0.0


def test_calibration_in_to_dict_is_json(hand_report: EvaluationReport) -> None:
    data = json.loads(json.dumps(hand_report.to_dict()))
    calibration = data["calibration"]
    assert calibration["with_confidence"] == 7
    assert calibration["without_confidence"] == {"predictions": 1, "matched": 1}
    assert calibration["auc"] == pytest.approx(0.75)
    assert [(row["lower"], row["upper"]) for row in calibration["bins"]] == [
        (0.0, 0.5),
        (0.5, 0.6),
        (0.6, 0.7),
        (0.7, 0.8),
        (0.8, 0.9),
        (0.9, 1.0),
    ]
    assert calibration["bins"][3] == {
        "lower": 0.7,
        "upper": 0.8,
        "predictions": 0,
        "matched": 0,
        "precision": None,
    }
    assert calibration["thresholds"][-1] == {
        "threshold": 0.9,
        "predictions": 1,
        "matched": 1,
        "precision": 1.0,
        "recall": 0.25,
    }


def test_text_block_follows_the_per_type_table(hand_report: EvaluationReport) -> None:
    lines = hand_report.format_text().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("confidence calibration"))
    assert lines[header] == (
        "confidence calibration over 7 counted predictions: AUC 0.750 (matched above unmatched)"
        "; 1 without a confidence (1 matched) left out"
    )
    # After the per-type rows, before the errors; a column header, then one line per bin.
    assert lines[header - 1].startswith("  SUPPORT")
    assert lines[header + 8] == "errors by article"
    assert lines[header + 2 : header + 8] == [
        "  [0.0, 0.5)       1       0     0.000 |",
        "  [0.5, 0.6)       1       0     0.000 | >= 0.5      6       3     0.500  0.750",
        "  [0.6, 0.7)       2       1     0.500 | >= 0.6      5       3     0.600  0.750",
        "  [0.7, 0.8)       0       0       n/a | >= 0.7      3       2     0.667  0.500",
        "  [0.8, 0.9)       2       1     0.500 | >= 0.8      3       2     0.667  0.500",
        "  [0.9, 1.0]       1       1     1.000 | >= 0.9      1       1     1.000  0.250",
    ]


@pytest.mark.parametrize(
    ("confidences", "shown"),
    [
        ([None, None], False),  # no prediction has a confidence: no block at all
        ([], False),  # no predictions at all: no block either
        ([None, 0.8], True),  # one confidence is enough for the block
        ([0.8, 0.3], True),  # all have one
    ],
)
def test_text_block_only_when_confidences_exist(
    confidences: list[float | None], shown: bool
) -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", "04", "CONSULT"))]
    targets = ["IND", "CHN", "USA"]
    rows = [
        predicted("a.txt", "RUS", target, "04", "CONSULT", confidence=confidence)
        for target, confidence in zip(targets, confidences, strict=False)
    ]
    text = score(gold, rows).format_text()
    assert ("confidence calibration" in text) == shown
    assert ("[0.9, 1.0]" in text) == shown


# The event_mentions columns the scorer reads, typed as the pipeline writes them (nullable:
# tests also feed rows the pipeline would never write).
EVENT_MENTIONS = TABLE_SCHEMAS["event_mentions"]
SCHEMA = pa.schema(
    [
        pa.field(name, EVENT_MENTIONS.field(name).type)
        for name in (*PREDICTION_COLUMNS, "confidence")
    ]
)


def test_evaluate_reads_confidence_from_parquet(tmp_path: Path) -> None:
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(
        json.dumps(
            {
                "file": "a.txt",
                "published": "2024-11-19",
                "events": [{"source": "RUS", "target": "IND", "cameo_root": "04"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    base = dict.fromkeys(SCHEMA.names) | {"source_file": "raw/a.txt", "cameo_root": "04"}
    rows = [
        base | {"source_country": "RUS", "target_country": "IND", "confidence": 0.91},
        base | {"source_country": "IND", "target_country": "RUS", "confidence": 0.52},
    ]
    partition = tmp_path / "event_mentions" / "ingest_batch=all"
    partition.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), partition / "part-0.parquet")
    calibration = evaluate(gold_path, tmp_path / "event_mentions").calibration
    assert (bin_of(calibration, 0.9), bin_of(calibration, 0.5)) == ((1, 1), (1, 0))
    assert calibration.auc == 1.0
