"""Pins the clustering rule of `cluster_events`: which mentions are one real-world event."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.aggregation import event_clusters
from pipeline.aggregation.event_clusters import (
    cluster_event_source,
    cluster_event_table,
    cluster_events,
    cluster_key,
    mention_groups,
)
from pipeline.aggregation.mention_facts import MentionFacts
from pipeline.provenance import stable_id
from schemas.arrow import rows_from_table, to_arrow_table
from schemas.records import EventMention, EventRecord

MentionFactory = Callable[..., EventMention]


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_two_articles_same_visit_same_day_are_one_event(make_mention: MentionFactory) -> None:
    mentions = [
        make_mention("m2", article="a2", published="2024-11-19"),
        make_mention("m1", article="a1", published="2024-11-18"),
    ]
    (event,) = cluster_events(mentions)
    assert event.num_mentions == 2
    assert event.num_articles == 2
    assert event.mention_ids == ["m1", "m2"]
    assert event.event_date == dt.date(2024, 11, 18)
    assert event.event_date_precision == "day"
    assert (event.first_seen, event.last_seen) == (dt.date(2024, 11, 18), dt.date(2024, 11, 19))
    # A visit is a joint act: its key is the unordered pair and the consultation family.
    assert event.event_id == stable_id("event", "IND", None, "RUS", None, "04", "m1")


def test_two_mentions_in_one_article_count_one_article(make_mention: MentionFactory) -> None:
    (event,) = cluster_events([make_mention("m1", article="a"), make_mention("m2", article="a")])
    assert (event.num_mentions, event.num_articles, event.num_sources) == (2, 1, 1)


def test_same_key_different_days_are_two_events(make_mention: MentionFactory) -> None:
    # A criticism is dated to its day: two days, two criticisms.
    events = cluster_events(
        [
            make_mention("m1", code="111", date="2024-11-18"),
            make_mention("m2", code="111", date="2024-11-19"),
        ]
    )
    # Same publication date: the output order is the event ids', so compare in date order.
    by_date = sorted(events, key=lambda e: str(e.event_date))
    assert [e.mention_ids for e in by_date] == [["m1"], ["m2"]]
    assert [e.event_date for e in by_date] == [dt.date(2024, 11, 18), dt.date(2024, 11, 19)]


def test_day_and_month_of_same_month_are_one_event_with_the_day(
    make_mention: MentionFactory,
) -> None:
    events = cluster_events(
        [
            make_mention("m1", date="2024-11-01", precision="month"),
            make_mention("m2", date="2024-11-18", precision="day"),
        ]
    )
    (event,) = events
    assert event.mention_ids == ["m1", "m2"]
    assert (event.event_date, event.event_date_precision) == (dt.date(2024, 11, 18), "day")
    # The event id takes the anchor (earliest published, then smallest id), not the most
    # precise mention.
    assert event.event_id == stable_id("event", "IND", None, "RUS", None, "04", "m1")


def test_unknown_date_joins_a_dated_event(make_mention: MentionFactory) -> None:
    (event,) = cluster_events([make_mention("m1"), make_mention("m2", date=None)])
    assert event.mention_ids == ["m1", "m2"]
    assert (event.event_date, event.event_date_precision) == (dt.date(2024, 11, 18), "day")


def test_only_unknown_dates_give_an_undated_event(make_mention: MentionFactory) -> None:
    (event,) = cluster_events([make_mention("m1", date=None), make_mention("m2", date=None)])
    assert (event.event_date, event.event_date_precision) == (None, "unknown")
    assert event.num_mentions == 2


def test_unknown_date_joins_only_the_first_cluster(make_mention: MentionFactory) -> None:
    # Clusters are seeded narrowest span first, then earliest, so the undated mention, as
    # near to one as to the other, joins the older cluster, the 18th.
    events = cluster_events(
        [
            make_mention("m3", code="111", date=None),
            make_mention("m2", code="111", date="2024-11-19"),
            make_mention("m1", code="111", date="2024-11-18"),
        ]
    )
    assert sorted(e.mention_ids for e in events) == [["m1", "m3"], ["m2"]]


def test_month_joins_the_compatible_day_nearest_its_middle(make_mention: MentionFactory) -> None:
    # The month is compatible with both days, which are not compatible with each other.
    events = cluster_events(
        [
            make_mention("m0", code="111", date="2024-11-01", precision="month"),
            make_mention("m2", code="111", date="2024-11-19"),
            make_mention("m1", code="111", date="2024-11-18"),
        ]
    )
    assert sorted(e.mention_ids for e in events) == [["m0", "m1"], ["m2"]]


def test_year_date_is_kept_when_nothing_is_more_precise(make_mention: MentionFactory) -> None:
    events = cluster_events(
        [
            make_mention("m1", date="2024-01-01", precision="year"),
            make_mention("m2", date=None),
        ]
    )
    (event,) = events
    assert (event.event_date, event.event_date_precision) == (dt.date(2024, 1, 1), "year")


@pytest.mark.parametrize(
    ("second", "expected_events"),
    [
        # An intent to meet (036) announces the visit (042): one act of one family.
        ({"code": "036", "modality": "planned"}, 1),
        # The visitor hosted by the host is the same visit, seen from the other side.
        ({"source": "IND", "target": "RUS"}, 1),
        # A signing (057) at the visit is another act.
        ({"code": "057"}, 2),
        # Aid (070) is another family.
        ({"code": "070"}, 2),
        # A different target.
        ({"target": "CHN"}, 2),
        # A different source.
        ({"source": "USA"}, 2),
        # A target organisation distinguishes a key too.
        ({"target": "IGO", "target_org": "UN"}, 2),
        # Same key, same day: one event even when named differently.
        ({"source_name": "Vladimir Putin"}, 1),
    ],
)
def test_key_separates_events(
    make_mention: MentionFactory, second: dict[str, str], expected_events: int
) -> None:
    events = cluster_events([make_mention("m1"), make_mention("m2", **second)])
    assert len(events) == expected_events


def test_a_directed_act_keeps_its_direction(make_mention: MentionFactory) -> None:
    # Russia criticising India is not India criticising Russia.
    events = cluster_events(
        [
            make_mention("m1", code="111"),
            make_mention("m2", code="111", source="IND", target="RUS"),
        ]
    )
    assert len(events) == 2


def test_representative_is_the_most_confident_mention(make_mention: MentionFactory) -> None:
    events = cluster_events(
        [
            make_mention("m1", confidence=0.5, source_name="Moscow", location_name=None),
            make_mention(
                "m2",
                confidence=0.9,
                source_name="Putin",
                modality="denied",
                location_name="New Delhi",
                location_country="IND",
                latitude=28.6,
                longitude=77.2,
                geonames_id=1261481,
            ),
            make_mention("m3", confidence=0.7, source_name="Russia"),
        ]
    )
    (event,) = events
    assert event.source_name == "Russia"  # the most confident of those that occurred
    assert event.modality == "occurred"
    assert event.modalities == ["denied", "occurred"]
    assert event.confidence == 0.9


def test_representative_among_none_occurred_is_the_most_confident(
    make_mention: MentionFactory,
) -> None:
    (event,) = cluster_events(
        [
            make_mention("m1", confidence=0.5, source_name="Moscow", modality="planned"),
            make_mention(
                "m2",
                confidence=0.9,
                source_name="Putin",
                modality="planned",
                location_name="New Delhi",
                location_country="IND",
                latitude=28.6,
                longitude=77.2,
                geonames_id=1261481,
            ),
        ]
    )
    assert (event.source_name, event.modality) == ("Putin", "planned")
    assert (event.location_name, event.geonames_id) == ("New Delhi", 1261481)
    assert (event.occurred_code, event.occurred_date) == (None, None)


def test_confidence_ties_go_to_the_smallest_mention_id(make_mention: MentionFactory) -> None:
    (event,) = cluster_events(
        [
            make_mention("m2", confidence=0.8, source_name="Russia"),
            make_mention("m1", confidence=0.8, source_name="Putin"),
        ]
    )
    assert event.source_name == "Putin"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # Two files in the same source folder: one source.
        (["reuters/2024/a.txt", "reuters/2024/b.txt"], 1),
        # Two folders: two sources.
        (["reuters/a.txt", "tass/a.txt"], 2),
        # Bare files are each their own source.
        (["a.txt", "b.txt", "reuters/c.txt"], 3),
    ],
)
def test_num_sources_counts_first_folders(
    make_mention: MentionFactory, files: list[str], expected: int
) -> None:
    mentions = [
        make_mention(f"m{i}", article=f"a{i}", source_file=path) for i, path in enumerate(files)
    ]
    (event,) = cluster_events(mentions)
    assert event.num_sources == expected
    assert event.num_articles == len(files)


def test_exact_duplicate_rows_count_once(make_mention: MentionFactory) -> None:
    (event,) = cluster_events([make_mention("m1"), make_mention("m1")])
    assert event.mention_ids == ["m1"]


def test_output_sorted_by_first_seen(make_mention: MentionFactory) -> None:
    events = cluster_events(
        [
            make_mention("late", date="2024-11-25", published="2024-11-26"),
            make_mention("early", date="2024-11-01", published="2024-11-02"),
        ]
    )
    assert [e.mention_ids for e in events] == [["early"], ["late"]]


def test_order_independent(make_mention: MentionFactory) -> None:
    mentions = [
        make_mention("m1", article="a1", date="2024-11-18", confidence=0.6),
        make_mention("m2", article="a2", date="2024-11-01", precision="month", confidence=0.6),
        make_mention("m3", article="a3", date=None, confidence=0.9),
        make_mention("m4", article="a3", date="2024-11-19", source_file="tass/x.txt"),
        make_mention("m5", article="a4", code="036", date="2024-11-18"),
        make_mention("m6", article="a4", target="CHN", published="2024-11-21"),
        make_mention("m7", article="a5", date="2024-01-01", precision="year"),
        make_mention("m8", article="a5", date="2023-05-05", published="2024-11-22"),
    ]
    expected = cluster_events(mentions)
    rng = random.Random(20241118)
    for _ in range(20):
        shuffled = list(mentions)
        rng.shuffle(shuffled)
        assert cluster_events(shuffled) == expected
    # Every mention lands in exactly one event.
    assert sorted(i for e in expected for i in e.mention_ids) == [f"m{i}" for i in range(1, 9)]


def test_empty_input_gives_no_events() -> None:
    assert cluster_events([]) == []


def test_events_round_trip_through_arrow(make_mention: MentionFactory) -> None:
    events = cluster_events(
        [
            make_mention("m1", source_file="reuters/a.txt"),
            make_mention("m2", date=None, target=None),
            make_mention("m3", code="190", date="2024-01-01", precision="year"),
        ]
    )
    table = to_arrow_table(events, EventRecord)
    assert table.num_rows == 3
    assert rows_from_table(table, EventRecord) == events


def test_clustering_a_table_key_by_key_gives_the_same_events(
    make_mention: MentionFactory,
) -> None:
    mentions = [
        make_mention("m1", article="a1", date="2024-11-18", confidence=0.6),
        make_mention("m2", article="a2", date="2024-11-01", precision="month"),
        make_mention("m3", article="a3", date=None, target=None),
        make_mention("m4", article="a3", date="2024-11-19", source_file="tass/x.txt"),
        make_mention("m5", article="a4", code="036", date="2024-11-18"),
        make_mention("m6", article="a4", target="CHN", published="2024-11-21"),
        make_mention("m7", article="a5", date="2024-01-01", precision="year"),
        make_mention("m8", article="a5", date="2023-05-05", published="2024-11-22"),
        make_mention("m8", article="a5", date="2023-05-05", published="2024-11-22"),  # twice
    ]
    table = to_arrow_table(mentions, EventMention)
    groups = list(mention_groups(table))
    assert sum(g.num_rows for g in groups) == len(mentions)
    assert len(groups) == len({cluster_key(m) for m in mentions})
    expected = to_arrow_table(cluster_events(mentions), EventRecord)
    assert cluster_event_table(table).equals(expected)


def test_clustering_an_empty_table_gives_an_empty_events_table() -> None:
    empty = to_arrow_table([], EventMention)
    assert cluster_event_table(empty).equals(to_arrow_table([], EventRecord))


def _many_mentions(make_mention: MentionFactory, count: int) -> list[EventMention]:
    """Mentions over many keys, days and publication dates, some repeated exactly."""
    rng = random.Random(20261206)
    targets = ["CHN", "IND", "USA", "FRA", None]
    codes = ["036", "042", "057", "190"]
    mentions = []
    for number in range(count):
        day = dt.date(2024, 11, 1) + dt.timedelta(days=rng.randrange(20))
        precision = rng.choice(["day", "day", "month", "unknown"])
        mentions.append(
            make_mention(
                f"m{number:04d}",
                article=f"a{rng.randrange(count // 3)}",
                target=rng.choice(targets),
                code=rng.choice(codes),
                date=None if precision == "unknown" else day.isoformat(),
                precision=precision,
                published=(day + dt.timedelta(days=rng.randrange(3))).isoformat(),
                confidence=rng.choice([0.5, 0.7, 0.9]),
            )
        )
    return mentions + mentions[:7]  # exact duplicates, as a row read twice would be


@pytest.mark.parametrize("rows_per_bucket", [1, 9, 60, 10_000])
def test_clustering_in_buckets_gives_the_same_table(
    make_mention: MentionFactory, rows_per_bucket: int
) -> None:
    table = to_arrow_table(_many_mentions(make_mention, 240), EventMention)
    with cluster_event_source(table, rows_per_bucket=rows_per_bucket) as spooled:
        clustered = spooled.read()
    assert clustered.num_rows > 20
    assert clustered.equals(cluster_event_table(table))


def test_clustering_in_buckets_removes_its_spool_files(
    make_mention: MentionFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    table = to_arrow_table(_many_mentions(make_mention, 100), EventMention)
    spooled = cluster_event_source(table, rows_per_bucket=10)
    assert list(tmp_path.iterdir()) == [spooled.path]
    spooled.close()
    assert list(tmp_path.iterdir()) == []


def test_clustering_an_empty_source_in_buckets_gives_an_empty_table() -> None:
    empty = to_arrow_table([], EventMention)
    with cluster_event_source(empty, rows_per_bucket=1) as spooled:
        assert spooled.read().equals(to_arrow_table([], EventRecord))


def test_a_key_that_fails_to_cluster_costs_only_its_own_mentions(
    make_mention: MentionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    visits = [make_mention("v1"), make_mention("v2")]  # one event when clustering works
    threats = [make_mention(f"t{n}", cameo_code="138", cameo_root="13") for n in (1, 2)]
    table = to_arrow_table([*visits, *threats], EventMention)
    expected_visit = cluster_events(visits)
    real = event_clusters._greedy_clusters

    def broken_for_threats(mentions: list[MentionFacts]) -> list[list[MentionFacts]]:
        if mentions[0].cameo_code == "138":
            raise RuntimeError("clustering rule broke")
        return real(mentions)

    monkeypatch.setattr(event_clusters, "_greedy_clusters", broken_for_threats)
    unclustered: list[str] = []
    events = rows_from_table(cluster_event_table(table, unclustered=unclustered), EventRecord)
    assert unclustered == ["t1", "t2"]
    assert [e for e in events if e.cameo_code == "042"] == expected_visit
    # Each mention of the failed key still has an event of its own.
    assert sorted(e.mention_ids[0] for e in events if e.cameo_code == "138") == ["t1", "t2"]


@pytest.mark.parametrize(
    ("provenance", "expected"),
    [
        # One dump, three publishers: the file says nothing, the publishers do.
        (
            [
                ("dump.jsonl:1", "Reuters", None),
                ("dump.jsonl:2", "reuters", None),  # the same publisher, other case
                ("dump.jsonl:3", "AP", None),
            ],
            2,
        ),
        # No publisher: the URL's host stands in, with or without `www.`.
        (
            [
                ("dump.jsonl:1", None, "https://www.bbc.co.uk/news/1"),
                ("dump.jsonl:2", None, "https://bbc.co.uk/news/2"),
                ("dump.jsonl:3", None, "https://apnews.com/x"),
            ],
            2,
        ),
    ],
)
def test_num_sources_counts_publishers_then_hosts(
    make_mention: MentionFactory,
    provenance: list[tuple[str, str | None, str | None]],
    expected: int,
) -> None:
    mentions = [
        make_mention(
            f"m{i}", article=f"a{i}", source_file=file, publisher=publisher, source_url=url
        )
        for i, (file, publisher, url) in enumerate(provenance)
    ]
    (event,) = cluster_events(mentions)
    assert event.num_sources == expected


def test_an_event_lists_the_urls_and_publishers_of_its_articles(
    make_mention: MentionFactory,
) -> None:
    mentions = [
        make_mention("m1", article="a1", source_url="https://b.example/2", publisher="B"),
        make_mention("m2", article="a2", source_url="https://a.example/1", publisher="A"),
        make_mention("m3", article="a2", source_url="https://a.example/1", publisher="A"),
        make_mention("m4", article="a3"),  # a .txt article: no URL, no publisher
    ]
    (event,) = cluster_events(mentions)
    assert event.source_urls == ["https://a.example/1", "https://b.example/2"]
    assert event.publishers == ["A", "B"]
    (plain,) = cluster_events([make_mention("m5")])
    assert (plain.source_urls, plain.publishers) == ([], [])
