"""Pins the matching and counting rules of EVALUATION.md as `score` implements them."""

import json
from datetime import date

import pytest

from pipeline.evaluation.matching import GoldKey, PredictionKey, gold_kind
from pipeline.evaluation.predictions import PredictedEvent
from pipeline.evaluation.report import ArticleScore, TypeRecall
from pipeline.evaluation.scoring import score
from schemas.gold import GoldArticle, GoldEvent


def gold_event(
    source: str | None,
    target: str | None,
    cameo_root: str | None,
    plover: str | None,
    *,
    mode: str | None = None,
    event_date: str | None = None,
    date_precision: str | None = None,
) -> GoldEvent:
    return GoldEvent(
        source=source,
        target=target,
        cameo_root=cameo_root,
        plover=plover,
        mode=mode,
        event_date=event_date,
        date_precision=date_precision,
    )


def article(file: str, *events: GoldEvent) -> GoldArticle:
    return GoldArticle(file=file, published="2024-11-19", events=list(events))


def predicted(
    source_file: str,
    source_country: str | None,
    target_country: str | None,
    cameo_root: str | None,
    plover_type: str | None,
    *,
    source_org: str | None = None,
    target_org: str | None = None,
    modality: str | None = None,
    event_date: date | None = None,
) -> PredictedEvent:
    return PredictedEvent(
        source_file=source_file,
        source_country=source_country,
        source_org=source_org,
        target_country=target_country,
        target_org=target_org,
        cameo_root=cameo_root,
        plover_type=plover_type,
        modality=modality,
        event_date=event_date,
    )


@pytest.mark.parametrize(
    ("gold_source", "country", "org", "tp"),
    [
        ("RUS", "RUS", None, 1),  # a state matches its own ISO code
        ("RUS", "UKR", None, 0),  # ... and no other
        ("UN", "IGO", "UN", 1),  # a named organisation matches IGO with its acronym
        ("UN", "IGO", "UNO", 1),  # UNO is the lexicon's acronym for the UN
        ("EU", "IGO", "EUR", 1),  # EUR likewise for the EU
        ("UN", "IGO", None, 1),  # an IGO whose org was not resolved matches any gold IGO code
        ("AU", "IGO", None, 1),  # ... the African Union too
        ("UN", "IGO", "EU", 0),  # a different organisation does not
        ("EU", "IGO", "UNO", 0),  # an alias only stands for its own organisation
        ("UN", "USA", None, 0),  # a state is never an organisation
        ("UN", "IGO", "un", 1),  # acronyms compare case-insensitively
        ("IGO", "IGO", "NATO", 1),  # generic gold IGO names no body: any predicted IGO agrees
        ("IGO", "IGO", None, 1),  # ... including one with no org
        ("IGO", "NGO", None, 0),  # a non-state code other than IGO is not an organisation
    ],
)
def test_source_actor_rules(gold_source: str, country: str, org: str | None, tp: int) -> None:
    gold = [article("a.txt", gold_event(gold_source, "SDN", "02", "REQUEST"))]
    report = score(gold, [predicted("a.txt", country, "SDN", "02", "REQUEST", source_org=org)])
    assert (report.tp, report.fp, report.fn) == (tp, 1 - tp, 1 - tp)


@pytest.mark.parametrize(
    ("gold_target", "country", "org", "tp"),
    [
        (None, "USA", None, 1),  # a null gold target accepts a state
        (None, None, None, 1),  # ... no target at all
        (None, "IGO", "UN", 1),  # ... and an organisation
        ("AU", "IGO", "AU", 1),  # targets follow the organisation rule of sources
        ("AU", "IGO", "EUR", 0),  # ... so EUR is not the AU
        ("IND", None, None, 0),  # a named gold target needs a predicted one
    ],
)
def test_target_actor_rules(
    gold_target: str | None, country: str, org: str | None, tp: int
) -> None:
    gold = [article("a.txt", gold_event("IND", gold_target, "03", "AGREE"))]
    report = score(gold, [predicted("a.txt", "IND", country, "03", "AGREE", target_org=org)])
    assert report.tp == tp


@pytest.mark.parametrize(
    ("gold_root", "gold_plover", "root", "plover", "tp"),
    [
        ("03", "AGREE", "03", "AGREE", 1),  # same root, same type
        ("03", "AGREE", "03", None, 1),  # the root decides when both have one
        ("04", "CONSULT", "05", "CONSULT", 0),  # ... even against an agreeing PLOVER type
        ("03", "AGREE", None, "AGREE", 1),  # a rootless prediction falls back to the type
        ("03", "AGREE", None, "CONSULT", 0),  # ... which must then agree
        (None, "AGREE", "04", "AGREE", 1),  # PLOVER-only gold: the type decides, not the root
        (None, "AGREE", "03", "CONSULT", 0),  # ... and a matching root does not help
    ],
)
def test_class_rule(
    gold_root: str | None, gold_plover: str, root: str | None, plover: str | None, tp: int
) -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", gold_root, gold_plover))]
    report = score(gold, [predicted("a.txt", "RUS", "IND", root, plover)])
    assert report.tp == tp


@pytest.mark.parametrize(
    ("gold_events", "expected"),
    [
        ([gold_event("RUS", "IND", "03", "AGREE")], "real-news"),  # a CAMEO root: real news
        ([gold_event("RUS", "IND", None, "AGREE")], "plover-only"),  # no root anywhere
        (
            [gold_event("RUS", "IND", None, "AGREE"), gold_event("IND", "RUS", "03", "AGREE")],
            "real-news",
        ),  # one rooted event is enough to make the set real news
        ([], "real-news"),  # nothing says an empty set was coded in PLOVER only
    ],
)
def test_gold_kind(gold_events: list[GoldEvent], expected: str) -> None:
    assert gold_kind([article("a.txt", *gold_events)]) == expected


def test_domestic_predictions_are_not_counted_on_real_news() -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", "04", "CONSULT"))]
    predictions = [
        predicted("a.txt", "RUS", "IND", "04", "CONSULT"),
        predicted("a.txt", "RUS", "RUS", "04", "CONSULT"),  # domestic: out of scope
        predicted("a.txt", "IGO", "IGO", "04", "CONSULT", source_org="UN", target_org="EU"),
    ]
    report = score(gold, predictions)
    # Two organisations are not "the same state": the IGO pair is a counted false positive.
    assert (report.tp, report.fp, report.fn, report.uncounted_predictions) == (1, 1, 0, 1)
    assert report.articles[0].false_positives == (
        PredictionKey("IGO", "UN", "IGO", "EU", "04", "CONSULT"),
    )


def test_domestic_predictions_count_on_plover_only_gold() -> None:
    gold = [article("gsr-1.txt", gold_event("IRQ", "IRQ", None, "ASSAULT"))]
    report = score(gold, [predicted("gsr-1.txt", "IRQ", "IRQ", "19", "ASSAULT")])
    assert (report.tp, report.fp, report.uncounted_predictions) == (1, 0, 0)


@pytest.mark.parametrize(
    ("root", "gold_root", "counted"),
    [
        ("01", None, False),  # PLOVER-only gold: a statement without PLOVER type is not counted
        ("01", "04", True),  # real-news gold counts it, as a false positive
    ],
)
def test_predictions_without_plover_type(root: str, gold_root: str | None, counted: bool) -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", gold_root, "CONSULT"))]
    report = score(gold, [predicted("a.txt", "RUS", "IND", root, None)])
    assert report.fp == int(counted)
    assert report.uncounted_predictions == int(not counted)


@pytest.mark.parametrize(
    ("gold_events", "predictions"),
    [
        (
            # Both gold events accept the one prediction; only the first gets it.
            [gold_event("RUS", None, "04", "CONSULT"), gold_event("RUS", "IND", "04", "CONSULT")],
            [predicted("a.txt", "RUS", "IND", "04", "CONSULT")],
        ),
        (
            # An empty-org IGO can serve the UN or the EU, not both.
            [gold_event("UN", "SDN", "02", "REQUEST"), gold_event("EU", "SDN", "02", "REQUEST")],
            [predicted("a.txt", "IGO", "SDN", "02", "REQUEST")],
        ),
    ],
)
def test_matching_is_one_to_one(
    gold_events: list[GoldEvent], predictions: list[PredictedEvent]
) -> None:
    report = score([article("a.txt", *gold_events)], predictions)
    assert (report.tp, report.fp, report.fn) == (1, 0, 1)
    assert report.articles[0].false_negatives == (
        GoldKey(
            gold_events[1].source,
            gold_events[1].target,
            gold_events[1].cameo_root,
            gold_events[1].plover,
        ),
    )


@pytest.mark.parametrize(
    ("gold_events", "predictions"),
    [
        (
            # The null-target gold event comes first; taking RUS→IND (first in sort order)
            # would starve the second gold event, so the uncontended RUS→USA is spent.
            [gold_event("RUS", None, "04", "CONSULT"), gold_event("RUS", "IND", "04", "CONSULT")],
            [
                predicted("a.txt", "RUS", "IND", "04", "CONSULT"),
                predicted("a.txt", "RUS", "USA", "04", "CONSULT"),
            ],
        ),
        (
            # Gold UN takes the UN-specific prediction and leaves the empty-org one to the EU.
            [gold_event("UN", "SDN", "02", "REQUEST"), gold_event("EU", "SDN", "02", "REQUEST")],
            [
                predicted("a.txt", "IGO", "SDN", "02", "REQUEST"),
                predicted("a.txt", "IGO", "SDN", "02", "REQUEST", source_org="UNO"),
            ],
        ),
        (
            # A null gold target prefers the null-target prediction, whatever the row order.
            [gold_event("IND", None, "03", "AGREE"), gold_event("IND", "UKR", "03", "AGREE")],
            [
                predicted("a.txt", "IND", "UKR", "03", "AGREE"),
                predicted("a.txt", "IND", None, "03", "AGREE"),
            ],
        ),
    ],
)
def test_matching_keeps_flexible_predictions_for_later_gold(
    gold_events: list[GoldEvent], predictions: list[PredictedEvent]
) -> None:
    for rows in (predictions, predictions[::-1]):
        report = score([article("a.txt", *gold_events)], rows)
        assert (report.tp, report.fp, report.fn) == (2, 0, 0)


def test_duplicate_prediction_rows_collapse_into_one_tuple() -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", "04", "CONSULT"))]
    predictions = [predicted("a.txt", "RUS", "IND", "04", "CONSULT") for _ in range(3)]
    report = score(gold, predictions)
    assert (report.tp, report.fp, report.fn) == (1, 0, 0)
    assert report.articles[0].predicted == 1


def test_duplicate_gold_triples_collapse() -> None:
    # Same source, target and root: one gold event, scored with the first one's date.
    gold = [
        article(
            "a.txt",
            gold_event("RUS", "IND", "04", "CONSULT", event_date="2024", date_precision="year"),
            gold_event("RUS", "IND", "04", "CONSULT", event_date="2023", date_precision="year"),
        )
    ]
    row = predicted("a.txt", "RUS", "IND", "04", "CONSULT", event_date=date(2024, 5, 1))
    report = score(gold, [row])
    assert (report.gold_events, report.tp, report.date_correct, report.date_scored) == (1, 1, 1, 1)


@pytest.mark.parametrize(
    ("gold_date", "precision", "predicted_date", "correct", "scored"),
    [
        ("2024", "year", date(2024, 11, 19), 1, 1),  # year precision: the year must agree
        ("2024", "year", date(2025, 1, 1), 0, 1),  # ... a different year is wrong
        ("2024-11", "month", date(2024, 11, 3), 1, 1),  # month precision: year and month
        ("2024-11", "month", date(2024, 12, 3), 0, 1),  # ... a different month is wrong
        ("2024-11-19", "day", date(2024, 11, 19), 1, 1),  # day precision: the exact day
        ("2024-11-19", "day", date(2024, 11, 18), 0, 1),  # ... a day off is wrong
        ("2024-11-19", "day", None, 0, 1),  # an undated prediction is wrong, not skipped
        (None, "unknown", date(2024, 11, 19), 0, 0),  # undated gold leaves the denominator
        ("2024", "unknown", date(2024, 11, 19), 0, 0),  # ... so does precision unknown
    ],
)
def test_date_agrees_at_gold_precision(
    gold_date: str | None,
    precision: str,
    predicted_date: date | None,
    correct: int,
    scored: int,
) -> None:
    gold = [
        article(
            "a.txt",
            gold_event(
                "RUS", "IND", "04", "CONSULT", event_date=gold_date, date_precision=precision
            ),
        )
    ]
    row = predicted("a.txt", "RUS", "IND", "04", "CONSULT", event_date=predicted_date)
    report = score(gold, [row])
    assert (report.date_correct, report.date_scored) == (correct, scored)


@pytest.mark.parametrize(
    ("gold_mode", "modalities", "correct", "scored"),
    [
        ("planned", ["planned"], 1, 1),  # equal modality
        ("planned", ["occurred"], 0, 1),  # a different one
        ("planned", ["occurred", "planned"], 1, 1),  # any collapsed row with the right one
        ("planned", [None], 0, 1),  # no modality is wrong
        (None, ["planned"], 0, 0),  # gold without mode (PLOVER records) is not scored
    ],
)
def test_modality(
    gold_mode: str | None, modalities: list[str | None], correct: int, scored: int
) -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", "03", "AGREE", mode=gold_mode))]
    rows = [predicted("a.txt", "RUS", "IND", "03", "AGREE", modality=m) for m in modalities]
    report = score(gold, rows)
    assert (report.tp, report.modality_correct, report.modality_scored) == (1, correct, scored)


def test_date_is_correct_when_any_collapsed_row_is() -> None:
    gold = [
        article(
            "a.txt",
            gold_event("RUS", "IND", "03", "AGREE", event_date="2025", date_precision="year"),
        )
    ]
    rows = [
        predicted("a.txt", "RUS", "IND", "03", "AGREE", event_date=date(2024, 11, 19)),
        predicted("a.txt", "RUS", "IND", "03", "AGREE", event_date=date(2025, 3, 1)),
    ]
    report = score(gold, rows)
    assert report.date_accuracy == 1.0


def test_predictions_in_an_article_without_gold_events_are_false_positives() -> None:
    gold = [
        article("a.txt", gold_event("RUS", "IND", "04", "CONSULT")),
        article("empty.txt"),
    ]
    predictions = [
        predicted("a.txt", "RUS", "IND", "04", "CONSULT"),
        predicted("empty.txt", "USA", "CHN", "13", "THREATEN"),
        predicted("empty.txt", "CHN", "USA", "11", "ACCUSE"),
        predicted("empty.txt", "CHN", "CHN", "04", "CONSULT"),  # domestic: still out of scope
    ]
    report = score(gold, predictions)
    assert (report.tp, report.fp, report.fn) == (1, 2, 0)
    assert report.articles[1] == ArticleScore(
        file="empty.txt",
        gold=0,
        predicted=2,
        matched=0,
        uncounted=1,
        false_negatives=(),
        false_positives=(
            PredictionKey("CHN", None, "USA", None, "11", "ACCUSE"),
            PredictionKey("USA", None, "CHN", None, "13", "THREATEN"),
        ),
    )


def test_files_not_in_gold_are_ignored_and_reported() -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", "04", "CONSULT"))]
    predictions = [
        predicted("a.txt", "RUS", "IND", "04", "CONSULT"),
        predicted("stray.txt", "USA", "CHN", "13", "THREATEN"),
        predicted("stray.txt", "USA", "CHN", "13", "THREATEN"),
        predicted("other/b.txt", "USA", "CHN", "13", "THREATEN"),
    ]
    report = score(gold, predictions)
    assert (report.tp, report.fp) == (1, 0)
    assert report.ignored_files == ("other/b.txt", "stray.txt")
    assert report.ignored_predictions == 3


@pytest.mark.parametrize(
    "source_file",
    [
        "a.txt",  # the gold name itself
        "batch-1/a.txt",  # relative to an input folder with subfolders
        "./a.txt",  # a leading ./
        "batch-1\\a.txt",  # a Windows separator
        "/abs/corpus/raw/a.txt",  # an absolute path
    ],
)
def test_predictions_are_grouped_by_file_name(source_file: str) -> None:
    gold = [article("a.txt", gold_event("RUS", "IND", "04", "CONSULT"))]
    report = score(gold, [predicted(source_file, "RUS", "IND", "04", "CONSULT")])
    assert (report.tp, report.ignored_predictions) == (1, 0)


def test_gold_listing_a_file_twice_is_refused() -> None:
    gold = [article("a.txt"), article("a.txt")]
    with pytest.raises(ValueError, match=r"'a\.txt' twice"):
        score(gold, [])


def test_per_type_recall_uses_the_gold_type() -> None:
    gold = [
        article(
            "a.txt",
            gold_event("RUS", "IND", "03", "AGREE"),
            gold_event("IND", "RUS", "03", "AGREE"),
            gold_event("RUS", "IND", "04", "CONSULT"),
        ),
        article("b.txt", gold_event("USA", "CHN", "16", "SANCTION")),
    ]
    predictions = [
        predicted("a.txt", "RUS", "IND", "03", "AGREE"),
        # Matched on the root: the predicted type does not decide the row it counts in.
        predicted("a.txt", "RUS", "IND", "04", "COOPERATE"),
    ]
    report = score(gold, predictions)
    assert report.per_type == (
        TypeRecall(plover="AGREE", gold=2, matched=1),
        TypeRecall(plover="CONSULT", gold=1, matched=1),
        TypeRecall(plover="SANCTION", gold=1, matched=0),
    )
    assert [row.recall for row in report.per_type] == [0.5, 1.0, 0.0]


def test_dyad_and_class_recall_score_each_half_alone() -> None:
    gold = [
        article(
            "a.txt",
            gold_event("RUS", "IND", "04", "CONSULT"),  # dyad found (wrong class), class found
            gold_event("CHN", "USA", "16", "SANCTION"),  # neither half found
        ),
        article("b.txt", gold_event("FRA", "DEU", "05", "SUPPORT")),  # class only in another file
    ]
    predictions = [
        predicted("a.txt", "RUS", "IND", "05", "SUPPORT"),
        predicted("a.txt", "GBR", "FRA", "04", "CONSULT"),
        predicted("a.txt", "RUS", "RUS", "16", "SANCTION"),  # domestic, so it finds nothing
    ]
    report = score(gold, predictions)
    assert report.tp == 0
    assert (report.dyad_matched, report.class_matched) == (1, 1)
    assert report.dyad_recall == pytest.approx(1 / 3)
    assert report.class_recall == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("gold_events", "predictions", "rates"),
    [
        (
            # One hit, one false alarm, nothing missed.
            [gold_event("RUS", "IND", "04", "CONSULT")],
            [
                predicted("a.txt", "RUS", "IND", "04", "CONSULT"),
                predicted("a.txt", "IND", "RUS", "05", "SUPPORT"),
            ],
            (0.5, 1.0, 2 / 3),
        ),
        (
            # No predictions: precision undefined, reported as 0.
            [gold_event("RUS", "IND", "04", "CONSULT")],
            [],
            (0.0, 0.0, 0.0),
        ),
        (
            # No gold and no predictions: everything undefined, all 0.
            [],
            [],
            (0.0, 0.0, 0.0),
        ),
    ],
)
def test_micro_precision_recall_f1(
    gold_events: list[GoldEvent],
    predictions: list[PredictedEvent],
    rates: tuple[float, float, float],
) -> None:
    report = score([article("a.txt", *gold_events)], predictions)
    assert (report.precision, report.recall, report.f1) == pytest.approx(rates)


def _sample_report() -> tuple[list[GoldArticle], list[PredictedEvent]]:
    gold = [
        article(
            "a.txt",
            gold_event(
                "UN",
                "SDN",
                "02",
                "REQUEST",
                mode="occurred",
                event_date="2023-04-20",
                date_precision="day",
            ),
            gold_event("SDN", None, "03", "AGREE", mode="intent"),
        ),
        article("b.txt"),
    ]
    predictions = [
        predicted(
            "a.txt",
            "IGO",
            "SDN",
            "02",
            "REQUEST",
            source_org="UNO",
            modality="occurred",
            event_date=date(2023, 4, 20),
        ),
        predicted("b.txt", "USA", "CHN", "13", "THREATEN"),
        predicted("c.txt", "USA", "CHN", "13", "THREATEN"),
    ]
    return gold, predictions


def test_report_to_dict_is_json_and_carries_the_scores() -> None:
    report = score(*_sample_report())
    data = json.loads(json.dumps(report.to_dict()))
    assert data["gold_kind"] == "real-news"
    assert (data["tp"], data["fp"], data["fn"]) == (1, 1, 1)
    assert (data["precision"], data["recall"], data["f1"]) == (0.5, 0.5, 0.5)
    assert data["date"] == {"correct": 1, "scored": 1, "accuracy": 1.0}
    assert data["modality"] == {"correct": 1, "scored": 1, "accuracy": 1.0}
    assert data["articles"][0]["false_negatives"] == [
        {"source": "SDN", "target": None, "cameo_root": "03", "plover": "AGREE"}
    ]
    assert data["articles"][1]["false_positives"][0]["source_country"] == "USA"
    assert data["ignored_files"] == ["c.txt"]


def test_report_text_summary() -> None:
    text = score(*_sample_report()).format_text()
    lines = text.splitlines()
    assert lines[0] == "precision 0.500  recall 0.500  f1 0.500  (tp 1, fp 1, fn 1)"
    assert "dyad recall 0.500 (1/2)  class recall 0.500 (1/2)" in lines
    assert "date accuracy 1.000 (1/1)  modality accuracy 1.000 (1/1)" in lines
    assert "    FN SDN→* 03/AGREE" in lines
    assert "    FP USA→CHN 13/THREATEN" in lines


def test_report_text_limits_listed_tuples() -> None:
    gold = [article("a.txt")]
    rows = [predicted("a.txt", "USA", code, "13", "THREATEN") for code in ("CHN", "IRN", "PRK")]
    lines = score(gold, rows).format_text(max_keys=2).splitlines()
    assert [line for line in lines if line.startswith("    FP")] == [
        "    FP USA→CHN 13/THREATEN",
        "    FP USA→IRN 13/THREATEN",
        "    FP … and 1 more",
    ]


def test_undefined_accuracies_print_as_not_available() -> None:
    gold = [article("gsr-1.txt", gold_event("HUN", "ROU", None, "AGREE"))]
    report = score(gold, [predicted("gsr-1.txt", "HUN", "ROU", "03", "AGREE")])
    assert report.date_accuracy is None
    assert report.modality_accuracy is None
    assert "date accuracy n/a (0/0)  modality accuracy n/a (0/0)" in report.format_text()


@pytest.mark.parametrize(
    ("gold_events", "predictions", "left_over"),
    [
        (
            # A null gold target spends the null-target prediction, the named one is left.
            [gold_event("IND", None, "03", "AGREE")],
            [
                predicted("a.txt", "IND", "UKR", "03", "AGREE"),
                predicted("a.txt", "IND", None, "03", "AGREE"),
            ],
            PredictionKey("IND", None, "UKR", None, "03", "AGREE"),
        ),
        (
            # Gold UN spends the UN prediction before the empty-org one that sorts first.
            [gold_event("UN", "SDN", "02", "REQUEST")],
            [
                predicted("a.txt", "IGO", "SDN", "02", "REQUEST"),
                predicted("a.txt", "IGO", "SDN", "02", "REQUEST", source_org="UN"),
            ],
            PredictionKey("IGO", None, "SDN", None, "02", "REQUEST"),
        ),
        (
            # A rooted prediction is spent before a rootless one of the same PLOVER type.
            [gold_event("RUS", "IND", "03", "AGREE")],
            [
                predicted("a.txt", "RUS", "IND", None, "AGREE"),
                predicted("a.txt", "RUS", "IND", "03", "AGREE"),
            ],
            PredictionKey("RUS", None, "IND", None, None, "AGREE"),
        ),
    ],
)
def test_matching_spends_the_most_specific_candidate(
    gold_events: list[GoldEvent], predictions: list[PredictedEvent], left_over: PredictionKey
) -> None:
    for rows in (predictions, predictions[::-1]):
        report = score([article("a.txt", *gold_events)], rows)
        assert report.articles[0].false_positives == (left_over,)
