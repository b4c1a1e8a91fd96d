"""Dating events: the expression that modifies the trigger, the story's time, yearless days.

Pinned here, each by an invented sentence (articles published Wednesday 2024-11-20):
- story time: an undated act takes the day the story last fixed for what was done or said
  (across paragraphs, from a sentence with or without an event), or for what is planned;
  never across a shift to a coarser time or from a background sentence;
- phrases for the story's own day ("later that same day") take that day;
- the expression of the trigger's own clause wins; a date of a clause set apart in time
  ("after ... last week") dates nothing else;
- a calendar day without its year is the nearest such day for an offer, the last one for a
  past act.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.coding import event_dating
from pipeline.coding.event_coder import CodingReference, code_articles
from pipeline.coding.event_dates import closest_expression, expression_span, in_other_time
from pipeline.coding.event_dating import StoryTime
from pipeline.normalize.dates import DateExpression, find_date_expressions
from schemas.records import ArticleRecord, EventMention

PUBLISHED = dt.date(2024, 11, 20)
MONDAY = dt.date(2024, 11, 18)

CodeBody = Callable[[str], list[EventMention]]


def dates(events: list[EventMention], root: str) -> set[tuple[dt.date | None, str]]:
    return {(e.event_date, e.event_date_source) for e in events if e.cameo_root == root}


# -- story time --------------------------------------------------------------------------------


def test_story_day_carries_into_the_next_paragraph(code_body: CodeBody) -> None:
    body = (
        "Egypt's foreign minister met his Jordanian counterpart in Amman on Monday.\n\n"
        "Egypt praised Jordan for its mediation."
    )
    assert dates(code_body(body), "05") == {(MONDAY, "context")}


def test_a_sentence_without_an_event_sets_the_story_day(code_body: CodeBody) -> None:
    body = (
        "Norway's prime minister spent Monday at his office, receiving foreign delegations.\n\n"
        "Norway's prime minister also met Sweden's prime minister."
    )
    assert dates(code_body(body), "04") == {(MONDAY, "context")}


def test_a_coarser_time_shift_ends_the_story_day(code_body: CodeBody) -> None:
    body = (
        "Egypt's foreign minister met his Jordanian counterpart in Amman on Monday.\n\n"
        "Last year, Egypt accused Jordan of harbouring smugglers.\n\n"
        "Egypt praised Jordan for its mediation."
    )
    assert dates(code_body(body), "05") == {(PUBLISHED, "publication")}


def test_a_background_sentence_takes_no_story_day(code_body: CodeBody) -> None:
    body = (
        "Egypt's foreign minister met his Jordanian counterpart in Amman on Monday. "
        "Egypt had previously praised Jordan for its mediation."
    )
    assert dates(code_body(body), "05") == {(PUBLISHED, "publication")}


def test_an_undated_plan_takes_the_planned_day(code_body: CodeBody) -> None:
    body = (
        "Kenya's president will visit Uganda on December 3.\n\n"
        "Kenya will sign a trade agreement with Uganda."
    )
    signing = [e for e in code_body(body) if e.cameo_root == "03" and e.event_date_source != "text"]
    assert {(e.event_date, e.event_date_precision) for e in signing} == {
        (dt.date(2024, 12, 3), "day")
    }


def test_later_that_same_day_is_the_story_day(code_body: CodeBody) -> None:
    body = (
        "Canada summoned Iran's ambassador on Monday.\n\n"
        "Iran summoned Canada's ambassador later that same day."
    )
    assert {(e.source_country, e.event_date) for e in code_body(body)} == {
        ("CAN", MONDAY),
        ("IRN", MONDAY),
    }


# -- which expression dates the trigger ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # the trigger's own clause holds the later date; the nearer one is the other clause's
        (
            "The ministers, who talked on May 3, will sign the treaty in Lima on May 10.",
            "sign",
            "on May 10",
        ),
        # the trigger's clause is a relative clause of the date
        (
            "The ministry asked reporters to wait for Tuesday, when the two presidents meet.",
            "meet",
            "Tuesday",
        ),
    ],
)
def test_the_expression_of_the_triggers_clause_wins(
    nlp: Language, sentence: str, trigger: str, expected: str
) -> None:
    span = next(iter(nlp(sentence).sents))
    token = next(t for t in span if t.text == trigger)
    chosen = closest_expression(token, span, find_date_expressions(sentence))
    assert chosen.text == expected


def test_a_date_of_a_clause_set_apart_in_time_is_not_the_triggers(nlp: Language) -> None:
    sentence = "Peru recalled its ambassador after its bid was vetoed last week."
    span = next(iter(nlp(sentence).sents))
    trigger = next(t for t in span if t.text == "recalled")
    (expression,) = find_date_expressions(sentence)
    located = expression_span(span, expression)
    assert located is not None
    assert in_other_time(trigger, located)


def test_the_recall_after_an_earlier_veto_is_not_dated_by_it(code_body: CodeBody) -> None:
    body = "Peru recalled its ambassador to Chile after its bid was vetoed last week."
    assert dates(code_body(body), "16") == {(PUBLISHED, "publication")}


def test_a_span_of_clock_times_dates_the_act_by_its_day(code_body: CodeBody) -> None:
    # "until" bounds the meeting within its day; it sets no other time
    body = "From 2 pm until 4:30 pm on Monday, a meeting was held between Kenya and Uganda."
    assert dates(code_body(body), "04") == {(MONDAY, "text")}


# -- yearless calendar days ----------------------------------------------------------------------


def test_an_offer_for_a_yearless_day_looks_to_the_coming_one(code_body: CodeBody) -> None:
    body = "Kenya offered to host talks with Uganda on January 23."
    offers = [e for e in code_body(body) if e.cameo_root == "03"]
    assert {e.event_date for e in offers} == {dt.date(2025, 1, 23)}


def test_a_past_act_on_a_yearless_day_looks_back(code_body: CodeBody) -> None:
    body = "Kenya's president met Uganda's president in Kampala on October 30."
    assert {e.event_date for e in code_body(body)} == {dt.date(2024, 10, 30)}


def test_a_yearless_day_far_ahead_sets_no_planned_story_time(
    nlp: Language, make_article: Callable[..., ArticleRecord]
) -> None:
    # In a late-January paper, "January 20" is last week's, not next year's: the plan after
    # it is placed in the reporting month, not on a day eleven months ahead.
    body = (
        "In his speech on January 20, the Kenyan president criticised Uganda. "
        "His foreign minister will visit Tanzania."
    )
    article = make_article(body, published=dt.date(2025, 1, 30))
    events = code_articles(nlp, [article], CodingReference.default()).event_mentions
    planned = [e for e in events if e.cameo_root == "03"]
    assert planned
    assert {(e.event_date, e.event_date_precision) for e in planned} == {
        (dt.date(2025, 1, 1), "month")
    }


def test_an_adjective_of_a_thing_dates_the_thing_not_the_act(code_body: CodeBody) -> None:
    body = "Kenya's president called Uganda's president to discuss the recent clashes."
    assert dates(code_body(body), "04") == {(PUBLISHED, "publication")}


# -- finding a sentence's expressions ----------------------------------------------------------


def test_an_article_finds_each_sentences_expressions_once(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The story's time and each event ask again within an article; another article holding
    # the same sentence (a wire copy, or the benchmark's reshuffled sentences) finds them
    # anew, so no process-wide cache keyed by text makes a repetitive corpus look fast.
    searched: list[str] = []
    finding = event_dating._sentence_expressions

    def counted(text: str) -> tuple[DateExpression, ...]:
        searched.append(text)
        return finding(text)

    monkeypatch.setattr(event_dating, "_sentence_expressions", counted)
    sentence = "Chile's foreign minister met his Peruvian counterpart on Monday."
    span = nlp(sentence)[:]
    first, second = StoryTime(PUBLISHED), StoryTime(PUBLISHED)
    assert [e.text for e in first.expressions(span)] == ["on Monday"]
    assert first.expressions(span) == first.expressions(span)
    assert searched == [sentence]
    assert [e.text for e in second.expressions(span)] == ["on Monday"]
    assert searched == [sentence, sentence]
