"""Pins `mention_facts`: a table clustered through MentionFacts gives the pydantic path's events."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import pyarrow as pa
import pydantic
import pytest

from pipeline.aggregation import mention_facts
from pipeline.aggregation.event_clusters import cluster_event_table, cluster_events, cluster_key
from pipeline.aggregation.mention_facts import (
    DistinctRows,
    FactReader,
    MentionFacts,
    source_of,
    table_facts,
)
from schemas.arrow import to_arrow_table
from schemas.records import EventMention, EventRecord

MentionFactory = Callable[..., EventMention]


@pytest.mark.parametrize(
    ("source_file", "expected"),
    [
        # A file in folders: the first folder is the source.
        ("reuters/2024/a.txt", "reuters"),
        # One folder deep.
        ("tass/b.txt", "tass"),
        # A bare file is its own source.
        ("a.txt", "a.txt"),
    ],
)
def test_source_of(source_file: str, expected: str) -> None:
    assert source_of(source_file) == expected


def _awkward_mentions(make_mention: MentionFactory) -> list[EventMention]:
    """One visit reported every way the rules tell apart, and a few other keys."""
    return [
        # Two distinct rows sharing a mention_id and a confidence: only the JSON dump tells
        # them apart ("Putin visited." sorts before "Vladimir Putin visited.").
        make_mention("m1", source_name="Vladimir Putin"),
        make_mention("m1", source_name="Putin"),
        # An exact duplicate, counted once.
        make_mention("m2", article="a2", published="2024-11-19", publisher="TASS"),
        make_mention("m2", article="a2", published="2024-11-19", publisher="TASS"),
        # Equal confidence, smaller mention_id wins; other publishers and hosts.
        make_mention(
            "m0", confidence=0.9, source_url="https://www.bbc.co.uk/1", location_name="Delhi"
        ),
        make_mention("m9", confidence=0.9, source_url="https://bbc.co.uk/2", publisher="BBC"),
        # Null dates, and every modality and date source.
        make_mention("m3", date=None, modality="planned"),
        make_mention("m4", code="036", modality="intent", event_date_source="context"),
        make_mention("m5", date=None, modality="denied", confidence=0.95),
        make_mention("m6", modality="hypothetical", event_date_source="publication"),
        make_mention("m7", date="2024-11-01", precision="month", published="2024-11-25"),
        make_mention("m8", date="2024-01-01", precision="year", confidence=0.3),
        # A second visit ten days later, one report dated only by its publication.
        make_mention("v1", date="2024-11-28", published="2024-11-29"),
        make_mention(
            "v2", date="2024-11-29", event_date_source="publication", published="2024-11-29"
        ),
        make_mention(
            "v3", code="036", date="2024-11-27", modality="planned", published="2024-11-21"
        ),
        # The same visit reported from the other side, and other keys.
        make_mention("h1", code="043", source="IND", target="RUS", source_name="Modi"),
        make_mention("t1", code="111", target=None, date=None, source_file="tass/x.txt"),
        make_mention("t2", code="111", target=None, date=None, source_file="tass/y.txt"),
        make_mention("s1", code="190", source=None, source_org="NATO", date="2024-11-05"),
        make_mention("s1", code="190", source=None, source_org="NATO", date="2024-11-30"),
    ]


def _table(mentions: Sequence[EventMention]) -> pa.Table:
    return to_arrow_table(list(mentions), EventMention)


def test_a_table_gives_the_events_of_its_rows_as_pydantic_objects_in_any_order(
    make_mention: MentionFactory,
) -> None:
    mentions = _awkward_mentions(make_mention)
    expected = to_arrow_table(cluster_events(mentions), EventRecord)
    assert expected.num_rows >= 5
    rng = random.Random(19)
    for _ in range(12):
        shuffled = list(mentions)
        rng.shuffle(shuffled)
        assert to_arrow_table(cluster_events(shuffled), EventRecord).equals(expected)
        assert cluster_event_table(_table(shuffled)).equals(expected)


@pytest.mark.parametrize("kept_rows", [0, 1000])
def test_a_large_keys_rows_read_back_cell_by_cell_give_the_same_events(
    make_mention: MentionFactory, monkeypatch: pytest.MonkeyPatch, kept_rows: int
) -> None:
    # A key's validated rows are kept whole up to KEPT_ROWS; beyond it each full row an event
    # needs is read again from Arrow. Both ways give the same events.
    mentions = _awkward_mentions(make_mention)
    expected = to_arrow_table(cluster_events(mentions), EventRecord)
    monkeypatch.setattr(mention_facts, "KEPT_ROWS", kept_rows)
    assert cluster_event_table(_table(mentions)).equals(expected)
    assert cluster_event_table(_table(mentions[::-1])).equals(expected)


def test_ties_on_confidence_and_mention_id_are_broken_by_the_full_row(
    make_mention: MentionFactory,
) -> None:
    mentions = [
        make_mention("m1", source_name="Vladimir Putin"),
        make_mention("m1", source_name="Putin"),
    ]
    for ordered in (mentions, mentions[::-1]):
        (event,) = cluster_events(ordered)
        assert (event.source_name, event.mention_ids) == ("Putin", ["m1", "m1"])
        (row,) = cluster_event_table(_table(ordered)).to_pylist()
        assert row["source_name"] == "Putin"


def test_the_most_confident_occurred_mention_describes_the_event(
    make_mention: MentionFactory,
) -> None:
    mentions = [
        make_mention("m2", confidence=0.9, source_name="Modi", location_name="Delhi"),
        make_mention("m1", confidence=0.9, source_name="Putin", location_name="Moscow"),
        make_mention("m0", confidence=0.99, modality="planned", source_name="Lavrov"),
    ]
    (row,) = cluster_event_table(_table(mentions)).to_pylist()
    assert (row["source_name"], row["location_name"]) == ("Putin", "Moscow")
    assert row["modalities"] == ["occurred", "planned"]
    assert row["confidence"] == 0.99


def test_a_filter_sees_the_same_clusters_either_way(make_mention: MentionFactory) -> None:
    mentions = _awkward_mentions(make_mention)
    seen: dict[str, list[list[str]]] = {"objects": [], "table": []}

    def keep_into(name: str) -> Callable[[Sequence[MentionFacts]], bool]:
        def keep(cluster: Sequence[MentionFacts]) -> bool:
            assert all(isinstance(m, MentionFacts) for m in cluster)
            seen[name].append([m.mention_id for m in cluster])
            return "m2" not in seen[name][-1]

        return keep

    from_objects = cluster_events(mentions, keep=keep_into("objects"))
    from_table = cluster_event_table(_table(mentions), keep=keep_into("table"))
    # Keys come in another order (a table's are sorted), each key's clusters in the same one.
    assert sorted(seen["objects"]) == sorted(seen["table"])
    assert len(from_objects) == len(seen["objects"]) - 1
    assert from_table.equals(to_arrow_table(from_objects, EventRecord))


def test_facts_share_repeated_values_and_read_their_row_back(
    make_mention: MentionFactory,
) -> None:
    first = make_mention("m1", article="a1", publisher="TASS", sentence_text="Long text.")
    second = make_mention("m2", article="a1", publisher="TASS")
    # Values equal but not the same objects, as rows read from Arrow are.
    copies = [EventMention.model_validate(m.model_dump()) for m in (first, second)]
    reader = FactReader(copies.__getitem__)
    one, two = (reader.facts(mention, row) for row, mention in enumerate(copies))
    assert one.article_id is two.article_id
    assert one.publisher is two.publisher
    assert one.publication_date is two.publication_date
    assert one.key is two.key
    assert one.news_source == "tass"
    assert one.mention() == first
    assert "Long text." not in repr(one[:-1])


def test_table_facts_keep_every_row_and_group_the_distinct_ones(
    make_mention: MentionFactory,
) -> None:
    mentions = _awkward_mentions(make_mention)
    rows, by_key = table_facts(_table(mentions))
    assert [m.mention_id for m in rows] == [m.mention_id for m in mentions]
    distinct = list(dict.fromkeys(mentions))
    assert sum(len(facts) for facts in by_key.values()) == len(distinct)
    by_key_expected = [m for key in by_key for m in distinct if cluster_key(m) == key]
    assert [f.mention() for facts in by_key.values() for f in facts] == by_key_expected


class _Colliding(EventMention):
    """A mention whose hash collides with every other's."""

    def __hash__(self) -> int:
        return 1


def test_distinct_rows_never_merge_rows_whose_hashes_collide(
    make_mention: MentionFactory,
) -> None:
    values = [make_mention(f"m{n % 3}").model_dump() for n in range(5)]  # m0 m1 m2 m0 m1
    rows = [_Colliding.model_validate(value) for value in values]
    reader, distinct = FactReader(rows.__getitem__), DistinctRows()
    new = [distinct.is_new(row, reader.facts(row, number)) for number, row in enumerate(rows)]
    assert new == [True, True, True, False, False]


def test_an_invalid_row_fails_the_table_as_before(make_mention: MentionFactory) -> None:
    table = _table([make_mention("m1"), make_mention("m2")])
    broken = table.set_column(
        table.schema.get_field_index("char_end"),
        "char_end",
        pa.array([7, -1], table.schema.field("char_end").type),
    )
    with pytest.raises(pydantic.ValidationError):
        cluster_event_table(broken)


def test_no_mentions_no_facts() -> None:
    rows, by_key = table_facts(_table([]))
    assert (rows, dict(by_key)) == ([], {})
