"""Invented multi-article stories: which reports `events` joins into one real-world event.

Each story is a few articles about Norway and Chile, reduced to the mentions the coder would
give them (the sentence in each comment). The articles are invented; no shared text is used.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from pipeline.aggregation.event_clusters import cluster_events
from schemas.records import EventMention, EventRecord

MentionFactory = Callable[..., EventMention]
PARTIES = {"source": "NOR", "target": "CHL", "source_name": "Norway"}
#: The same two parties the other way round: Chile acting toward Norway.
REVERSED = {"source": "CHL", "target": "NOR", "source_name": "Chile"}


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _groups(events: list[EventRecord]) -> list[list[str]]:
    return sorted(e.mention_ids for e in events)


def _story_announced_held_recalled(make: MentionFactory) -> list[EventMention]:
    return [
        # 3 March: "Norway's prime minister will travel to Santiago on Thursday for talks."
        make(
            "ann",
            article="a1",
            published="2031-03-03",
            code="036",
            modality="planned",
            date="2031-03-06",
            **PARTIES,
        ),
        # 7 March: "The Norwegian and Chilean leaders met in Santiago on Thursday." (both ways)
        make(
            "met1", article="a2", published="2031-03-07", code="040", date="2031-03-06", **PARTIES
        ),
        make(
            "met2",
            article="a2",
            published="2031-03-07",
            code="040",
            date="2031-03-06",
            **REVERSED,
        ),
        # 10 March: "After his visit to Chile, the prime minister flew on to Peru." (no date)
        make(
            "recall",
            article="a3",
            published="2031-03-10",
            code="042",
            date="2031-03-10",
            event_date_source="publication",
            **PARTIES,
        ),
    ]


def test_announcement_occurrence_and_recall_are_one_event(make_mention: MentionFactory) -> None:
    (event,) = cluster_events(_story_announced_held_recalled(make_mention))
    assert event.mention_ids == ["ann", "met1", "met2", "recall"]
    assert (event.num_articles, event.num_mentions) == (3, 4)
    assert event.modalities == ["occurred", "planned"]
    assert event.announcement_date == _day("2031-03-03")
    assert (event.occurred_code, event.occurred_date) == ("040", _day("2031-03-06"))
    assert (event.event_date, event.event_date_precision) == (_day("2031-03-06"), "day")
    assert (event.first_seen, event.last_seen) == (_day("2031-03-03"), _day("2031-03-10"))


def test_a_visit_announced_for_a_day_joins_the_meeting_the_day_after(
    make_mention: MentionFactory,
) -> None:
    events = cluster_events(
        [
            # "The minister is due in Oslo on Sunday." (a two-day visit)
            make_mention(
                "due",
                article="a1",
                published="2031-03-01",
                code="036",
                modality="planned",
                date="2031-03-02",
                **PARTIES,
            ),
            # "The king received the Chilean minister on Monday."
            make_mention(
                "received",
                article="a2",
                published="2031-03-03",
                code="043",
                date="2031-03-03",
                **REVERSED,
            ),
        ]
    )
    assert _groups(events) == [["due", "received"]]


def test_a_month_dated_announcement_joins_the_day_in_it(make_mention: MentionFactory) -> None:
    events = cluster_events(
        [
            # "Norway's foreign minister plans to visit Chile this month."
            make_mention(
                "plan",
                article="a1",
                published="2031-03-02",
                code="036",
                modality="planned",
                date="2031-03-01",
                precision="month",
                **PARTIES,
            ),
            # "The foreign minister arrived in Santiago on 20 March."
            make_mention(
                "visit",
                article="a2",
                published="2031-03-21",
                code="042",
                date="2031-03-20",
                **PARTIES,
            ),
        ]
    )
    assert _groups(events) == [["plan", "visit"]]


def test_visit_and_hosting_are_one_event(make_mention: MentionFactory) -> None:
    events = cluster_events(
        [
            # "Norway's prime minister visited Chile on Thursday."
            make_mention(
                "visit",
                article="a1",
                published="2031-03-07",
                code="042",
                date="2031-03-06",
                **PARTIES,
            ),
            # "Chile hosted the Norwegian prime minister on Thursday."
            make_mention(
                "host",
                article="a2",
                published="2031-03-08",
                code="043",
                date="2031-03-06",
                **REVERSED,
            ),
        ]
    )
    assert _groups(events) == [["host", "visit"]]


def test_the_treaty_signed_at_a_summit_is_its_own_event(make_mention: MentionFactory) -> None:
    events = cluster_events(
        [
            # 7 March: "The leaders met on Thursday and signed a fisheries accord."
            make_mention(
                "met",
                article="a1",
                published="2031-03-07",
                code="042",
                date="2031-03-06",
                **PARTIES,
            ),
            make_mention(
                "signed",
                article="a1",
                published="2031-03-07",
                code="057",
                date="2031-03-06",
                **PARTIES,
            ),
            # 9 March: "Chile and Norway will cooperate on fisheries under the accord signed
            # this week." (the signing recalled, and the cooperation it seals)
            make_mention(
                "recalled",
                article="a2",
                published="2031-03-09",
                code="057",
                date="2031-03-09",
                event_date_source="publication",
                **REVERSED,
            ),
            make_mention(
                "cooperate",
                article="a2",
                published="2031-03-09",
                code="061",
                date="2031-03-09",
                event_date_source="publication",
                **PARTIES,
            ),
        ]
    )
    assert _groups(events) == [["cooperate", "recalled", "signed"], ["met"]]


def test_two_meetings_weeks_apart_stay_apart(make_mention: MentionFactory) -> None:
    events = cluster_events(
        [
            # "The ministers met in Oslo on 6 March."
            make_mention(
                "first",
                article="a1",
                published="2031-03-07",
                code="040",
                date="2031-03-06",
                **PARTIES,
            ),
            # "They met again in Santiago on 27 March."
            make_mention(
                "second",
                article="a2",
                published="2031-03-27",
                code="040",
                date="2031-03-27",
                **PARTIES,
            ),
            # 28 March: "The two ministers held talks." (no date: the recent one)
            make_mention(
                "talks",
                article="a3",
                published="2031-03-28",
                code="043",
                date="2031-03-28",
                event_date_source="publication",
                **PARTIES,
            ),
        ]
    )
    assert _groups(events) == [["first"], ["second", "talks"]]


def test_an_undated_report_weeks_later_is_not_the_old_meeting(
    make_mention: MentionFactory,
) -> None:
    events = cluster_events(
        [
            make_mention(
                "met",
                article="a1",
                published="2031-03-07",
                code="040",
                date="2031-03-06",
                **PARTIES,
            ),
            # 20 March: "The two ministers met." (no date: some meeting of the last week)
            make_mention(
                "met-again",
                article="a2",
                published="2031-03-20",
                code="040",
                date="2031-03-20",
                event_date_source="publication",
                **PARTIES,
            ),
        ]
    )
    assert _groups(events) == [["met"], ["met-again"]]


def test_an_announced_meeting_is_not_one_held_a_week_later(
    make_mention: MentionFactory,
) -> None:
    events = cluster_events(
        [
            make_mention(
                "due",
                article="a1",
                published="2031-03-02",
                code="036",
                modality="planned",
                date="2031-03-05",
                **PARTIES,
            ),
            make_mention(
                "held",
                article="a2",
                published="2031-03-13",
                code="040",
                date="2031-03-12",
                **PARTIES,
            ),
        ]
    )
    assert _groups(events) == [["due"], ["held"]]


def test_accusations_in_each_direction_stay_apart(make_mention: MentionFactory) -> None:
    events = cluster_events(
        [
            # "Chile accused Norway of overfishing on Monday."
            make_mention(
                "chl",
                article="a1",
                code="111",
                date="2031-03-03",
                **REVERSED,
            ),
            # "Norway accused Chile of breaking the accord on Monday."
            make_mention("nor", article="a2", code="111", date="2031-03-03", **PARTIES),
        ]
    )
    assert _groups(events) == [["chl"], ["nor"]]


def test_stories_cluster_the_same_in_any_order(make_mention: MentionFactory) -> None:
    mentions = [
        *_story_announced_held_recalled(make_mention),
        make_mention(
            "met-late",
            article="a9",
            published="2031-03-27",
            code="040",
            date="2031-03-27",
            **PARTIES,
        ),
        make_mention(
            "talks",
            article="a8",
            published="2031-03-28",
            code="043",
            date="2031-03-28",
            event_date_source="publication",
            **PARTIES,
        ),
        make_mention(
            "month",
            article="a7",
            published="2031-03-30",
            code="036",
            modality="planned",
            date="2031-03-01",
            precision="month",
            **PARTIES,
        ),
    ]
    expected = cluster_events(mentions)
    rng = random.Random(18)
    for _ in range(10):
        shuffled = list(mentions)
        rng.shuffle(shuffled)
        assert cluster_events(shuffled) == expected
