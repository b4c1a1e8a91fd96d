"""Pins the `--details` listing: matched, missed and spurious events with the text behind them.

Gold and mentions are invented. What matters most: the listing is read off the matching the
summary counts, so its matched / missed / spurious events are exactly the report's tp / fn / fp,
article by article and in total.
"""

import json
from collections.abc import Sequence
from datetime import date

import pytest

from pipeline.evaluation.details import (
    SENTENCE_CHARACTERS,
    EvaluationDetails,
    build_details,
)
from pipeline.evaluation.matching import match_gold
from pipeline.evaluation.mentions import Mention, mentions_from_rows
from pipeline.evaluation.report import EvaluationReport
from pipeline.evaluation.scoring import score, score_matching
from schemas.gold import GoldArticle, GoldEvent


def gold(
    source: str | None,
    target: str | None,
    root: str | None,
    plover: str,
    **extra: str,
) -> GoldEvent:
    return GoldEvent(source=source, target=target, cameo_root=root, plover=plover, **extra)


def mention(
    file: str,
    source: tuple[str | None, str | None, str | None],
    target: tuple[str | None, str | None, str | None],
    code: str,
    plover: str | None,
    *,
    sentence: int,
    text: str,
    trigger: str,
    modality: str = "occurred",
    event_date: date | None = None,
    confidence: float | None = 0.5,
) -> dict[str, object]:
    # (name, country, org) per actor, as event_mentions stores them.
    (source_name, source_country, source_org), (target_name, target_country, target_org) = (
        source,
        target,
    )
    return {
        "mention_id": f"{file}:{sentence}:{trigger}",
        "source_file": file,
        "sentence_index": sentence,
        "char_start": 0,
        "sentence_text": text,
        "trigger_text": trigger,
        "source_name": source_name,
        "source_country": source_country,
        "source_org": source_org,
        "target_name": target_name,
        "target_country": target_country,
        "target_org": target_org,
        "cameo_code": code,
        "cameo_root": code[:2],
        "plover_type": plover,
        "modality": modality,
        "event_date": event_date,
        "event_date_precision": None if event_date is None else "day",
        "confidence": confidence,
    }


NOR = ("Norway", "NOR", None)
CHL = ("Chile", "CHL", None)
PER = ("Lima", "PER", None)
UN = ("the UN", "IGO", "UNO")

GOLD = [
    GoldArticle(
        file="a.txt",
        published="2031-03-02",
        events=[
            gold(
                "NOR",
                "CHL",
                "03",
                "AGREE",
                cameo_code="036",
                mode="occurred",
                event_date="2031-03-01",
                date_precision="day",
                evidence="Norway and Chile signed a fisheries accord on Saturday.",
            ),
            gold("CHL", "NOR", "11", "ACCUSE", evidence="Chile blamed Oslo for the overfishing."),
            gold("UN", "PER", "02", "REQUEST"),
        ],
    ),
    GoldArticle(file="b.txt", published="2031-03-02", events=[]),
    GoldArticle(file="c.txt", published="2031-03-03", events=[gold("PER", "CHL", "04", "CONSULT")]),
]

ROWS = [
    # The later mention of the matched tuple first: the listing must restore article order.
    mention(
        "a.txt",
        NOR,
        CHL,
        "036",
        "AGREE",
        sentence=4,
        text="The accord between Norway and Chile takes effect in May.",
        trigger="accord",
        confidence=0.6,
    ),
    mention(
        "a.txt",
        NOR,
        CHL,
        "036",
        "AGREE",
        sentence=0,
        text="Norway and Chile signed a fisheries accord on Saturday.",
        trigger="signed",
        event_date=date(2031, 3, 1),
        confidence=0.8,
    ),
    mention(
        "a.txt",
        CHL,
        NOR,
        "120",
        "REJECT",
        sentence=2,
        text="Chile rejected the Norwegian complaint.",
        trigger="rejected",
    ),
    mention(
        "a.txt",
        PER,
        NOR,
        "112",
        "ACCUSE",
        sentence=3,
        text="Lima accused Norway of favouring its own fleet.",
        trigger="accused",
    ),
    mention(
        "a.txt",
        UN,
        PER,
        "020",
        "REQUEST",
        sentence=5,
        text="The UN urged Peru to join the talks.",
        trigger="urged",
        modality="occurred",
    ),
    mention(
        "a.txt",
        CHL,
        ("Chilean fishermen", "CHL", None),
        "040",
        "CONSULT",
        sentence=6,
        text="Chile consulted its fishermen.",
        trigger="consulted",
    ),
    mention(
        "a.txt",
        ("Argentina", "ARG", None),
        ("Brazil", "BRA", None),
        "050",
        "SUPPORT",
        sentence=7,
        text="Argentina backed Brazil.",
        trigger="backed",
    ),
    mention(
        "b.txt",
        ("Brazil", "BRA", None),
        ("Argentina", "ARG", None),
        "112",
        "ACCUSE",
        sentence=1,
        text="Brazil accused Argentina of dumping steel.",
        trigger="accused",
    ),
]


def run(
    articles: Sequence[GoldArticle], rows: Sequence[dict[str, object]]
) -> tuple[EvaluationReport, EvaluationDetails]:
    mentions = mentions_from_rows(rows)
    matching = match_gold(articles, [item.event for item in mentions])
    return score_matching(matching), build_details(matching, mentions)


def test_each_gold_event_is_listed_matched_or_missed_and_each_spurious_prediction() -> None:
    _, details = run(GOLD, ROWS)
    a, b, c = details.articles
    assert [(row.key.label(), row.matched) for row in a.gold] == [
        ("NOR→CHL 03/AGREE", True),
        ("CHL→NOR 11/ACCUSE", False),
        ("UN→PER 02/REQUEST", True),
    ]
    assert [row.key.label() for row in a.spurious] == [
        "ARG→BRA 05/SUPPORT",
        "CHL→NOR 12/REJECT",
        "PER→NOR 11/ACCUSE",
    ]
    # Same-state events are outside real-news gold: listed apart, not as errors.
    assert [row.key.label() for row in a.out_of_scope] == ["CHL→CHL 04/CONSULT"]
    # An article without gold events: every prediction in it is spurious.
    assert (b.gold, [row.key.label() for row in b.spurious]) == ((), ["BRA→ARG 11/ACCUSE"])
    assert [(row.key.label(), row.matched) for row in c.gold] == [("PER→CHL 04/CONSULT", False)]
    assert c.spurious == ()


def test_a_match_carries_its_mentions_in_article_order_and_its_date_and_mode_verdicts() -> None:
    _, details = run(GOLD, ROWS)
    agree = details.articles[0].gold[0]
    assert agree.prediction is not None
    assert [item.trigger_text for item in agree.prediction.mentions] == ["signed", "accord"]
    assert (agree.date_agrees, agree.mode_agrees) == (True, True)
    request = details.articles[0].gold[2]
    assert request.prediction is not None
    # The gold UN matches the predicted IGO whose org is the lexicon's UNO.
    assert request.prediction.key.label() == "IGO(UNO)→PER 02/REQUEST"
    # No gold date or mode: neither is scored.
    assert (request.date_agrees, request.mode_agrees) == (None, None)


def test_a_missed_event_lists_predictions_sharing_its_actors_or_its_class() -> None:
    _, details = run(GOLD, ROWS)
    missed = details.articles[0].gold[1]
    assert missed.prediction is None
    assert [
        (near.prediction.key.label(), near.shares, near.status) for near in missed.near_misses
    ] == [
        ("CHL→NOR 12/REJECT", ("actors",), "spurious"),
        ("PER→NOR 11/ACCUSE", ("class",), "spurious"),
    ]
    # Nothing in c.txt at all: no hint.
    assert details.articles[2].gold[0].near_misses == ()


def test_a_near_miss_taken_by_another_gold_event_names_that_event() -> None:
    # Two gold events want the one prediction; the first in gold order takes it.
    articles = [
        GoldArticle(
            file="a.txt",
            published="2031-03-02",
            events=[gold("NOR", None, "03", "AGREE"), gold("NOR", "CHL", "03", "AGREE")],
        )
    ]
    rows = [
        mention("a.txt", NOR, CHL, "036", "AGREE", sentence=0, text="x.", trigger="agreed"),
        mention(
            "a.txt",
            NOR,
            ("Oslo", "NOR", None),
            "040",
            "CONSULT",
            sentence=1,
            text="y.",
            trigger="met",
        ),
    ]
    report, details = run(articles, rows)
    assert (report.tp, report.fn) == (1, 1)
    [first, second] = details.articles[0].gold
    assert first.matched
    assert not second.matched
    [near] = second.near_misses
    assert near.shares == ("actors", "class")
    assert near.status == "matched"
    assert near.matched_to == first.key
    # The domestic CONSULT shares the source only: no hint, and out of scope anyway.
    assert [row.key.label() for row in details.articles[0].out_of_scope] == ["NOR→NOR 04/CONSULT"]


@pytest.mark.parametrize(
    ("articles", "rows"),
    [
        (GOLD, ROWS),  # matched, missed, spurious, out of scope and an article without gold
        (GOLD, []),  # no predictions: every gold event missed
        ([], ROWS),  # no gold: every prediction ignored, nothing listed
        (GOLD, ROWS[:1] * 3),  # one tuple mentioned three times: one true positive
        (
            # Two gold events that could share one prediction: contention decides the pairs.
            [
                GoldArticle(
                    file="a.txt",
                    published="2031-03-02",
                    events=[gold("NOR", None, "03", "AGREE"), gold("NOR", "CHL", "03", "AGREE")],
                )
            ],
            [ROWS[1], {**ROWS[1], "target_country": None, "target_name": None}],
        ),
    ],
)
def test_the_listing_agrees_with_the_summary_counts(
    articles: list[GoldArticle], rows: list[dict[str, object]]
) -> None:
    report, details = run(articles, rows)
    assert (details.matched, details.missed, details.spurious) == (
        report.tp,
        report.fn,
        report.fp,
    )
    assert report == score(articles, [item.event for item in mentions_from_rows(rows)])
    for listed, scored in zip(details.articles, report.articles, strict=True):
        assert listed.file == scored.file
        assert (listed.matched, listed.missed, len(listed.spurious)) == (
            scored.matched,
            len(scored.false_negatives),
            len(scored.false_positives),
        )
        assert tuple(row.key for row in listed.gold if not row.matched) == scored.false_negatives
        assert tuple(row.key for row in listed.spurious) == scored.false_positives
        assert len(listed.out_of_scope) == scored.uncounted


def test_a_repeated_gold_triple_is_listed_once_with_its_repeats() -> None:
    repeated = [gold("PER", "CHL", "04", "CONSULT")] * 3
    articles = [GoldArticle(file="c.txt", published="2031-03-03", events=repeated)]
    _, details = run(articles, [])
    [row] = details.articles[0].gold
    assert row.repeats == 2
    assert "(+2 more gold events with this key)" in details.format_text()


def test_text_has_one_block_per_article_in_gold_order_with_the_evidence() -> None:
    _, details = run(GOLD, ROWS)
    text = details.format_text()
    headers = [line for line in text.splitlines() if line.startswith("== ")]
    assert headers == [
        "== a.txt  (published 2031-03-02)  gold 3  matched 2  missed 1  spurious 3  out of scope 1",
        "== b.txt  (published 2031-03-02)  gold 0  matched 0  missed 0  spurious 1",
        "== c.txt  (published 2031-03-03)  gold 1  matched 0  missed 1  spurious 0",
    ]
    block = text.split("== a.txt")[1].split("== b.txt")[0]
    assert "  MATCHED  NOR→CHL 03/AGREE  by NOR→CHL 03/AGREE  date ok  mode ok" in block
    assert "      gold: mode occurred, date 2031-03-01 (day), cameo 036" in block
    assert '      gold evidence: "Norway and Chile signed a fisheries accord on Saturday."' in block
    assert '      s0 "Norway and Chile signed a fisheries accord on Saturday."' in block
    assert (
        '         trigger "signed" | source "Norway" (NOR) | target "Chile" (CHL) | cameo 036 '
        "| occurred | 2031-03-01 (day) | confidence 0.80"
    ) in block
    assert "  MISSED   CHL→NOR 11/ACCUSE" in block
    assert "      near miss (same actors): CHL→NOR 12/REJECT, spurious" in block
    assert "      near miss (same root): PER→NOR 11/ACCUSE, spurious" in block
    assert '| source "the UN" (IGO/UNO) |' in block
    assert "  SPURIOUS ARG→BRA 05/SUPPORT" in block
    assert "  OUT OF SCOPE CHL→CHL 04/CONSULT  (not counted)" in block
    assert "no prediction in the article has its actors or its class" in text.split("== c.txt")[1]
    assert text.splitlines()[-1] == (
        "details total: matched 2, missed 2, spurious 4 (the summary's tp, fn and fp)"
    )


def test_text_cuts_long_sentences_and_many_mentions_the_json_keeps_them() -> None:
    long_text = "Norway and Chile " + "agreed and agreed again " * 40 + "in Oslo."
    rows = [{**ROWS[1], "sentence_index": index, "sentence_text": long_text} for index in range(5)]
    _, details = run(GOLD[:1], rows)
    text = details.format_text(max_mentions=2)
    [sentence_line, *_] = [line for line in text.splitlines() if line.startswith("      s0 ")]
    # Cut to the limit (the ellipsis included), plus the two quotes.
    assert len(sentence_line) <= len("      s0 ") + SENTENCE_CHARACTERS + 2
    assert sentence_line.endswith('…"')
    assert "… and 3 more mentions of this key" in text
    data = json.loads(json.dumps(details.to_dict()))
    listed = data["articles"][0]["gold_events"][0]["prediction"]["mentions"]
    assert len(listed) == 5
    assert listed[0]["sentence_text"] == long_text


def test_json_carries_gold_evidence_predictions_and_totals() -> None:
    _, details = run(GOLD, ROWS)
    data = json.loads(json.dumps(details.to_dict()))
    assert (data["matched"], data["missed"], data["spurious"]) == (2, 2, 4)
    first = data["articles"][0]["gold_events"][0]
    assert first["status"] == "matched"
    assert first["gold"]["evidence"] == "Norway and Chile signed a fisheries accord on Saturday."
    assert (first["gold"]["mode"], first["gold"]["event_date"]) == ("occurred", "2031-03-01")
    assert first["prediction"]["mentions"][0] == {
        "mention_id": "a.txt:0:signed",
        "sentence_index": 0,
        "sentence_text": "Norway and Chile signed a fisheries accord on Saturday.",
        "trigger_text": "signed",
        "source_name": "Norway",
        "source_country": "NOR",
        "source_org": None,
        "target_name": "Chile",
        "target_country": "CHL",
        "target_org": None,
        "cameo_code": "036",
        "cameo_root": "03",
        "plover_type": "AGREE",
        "modality": "occurred",
        "event_date": "2031-03-01",
        "event_date_precision": "day",
        "confidence": 0.8,
    }
    missed = data["articles"][0]["gold_events"][1]
    assert missed["status"] == "missed"
    assert missed["prediction"] is None
    assert [near["shares"] for near in missed["near_misses"]] == [["actors"], ["class"]]
    assert [row["label"] for row in data["articles"][1]["spurious_predictions"]] == [
        "BRA→ARG 11/ACCUSE"
    ]


def test_a_matching_of_other_rows_is_refused() -> None:
    mentions = mentions_from_rows(ROWS)
    matching = match_gold(GOLD, [item.event for item in mentions])
    other: list[Mention] = list(reversed(mentions))
    with pytest.raises(ValueError, match="not computed from these mentions"):
        build_details(matching, other)
