"""Pins `dyad_days` counts and means, and what the dyad_day chart markdown contains."""

from __future__ import annotations

import base64
import datetime as dt
import re
import warnings
from collections.abc import Callable

import pytest

from pipeline.aggregation.dyad_day import dyad_day_chart_markdown, dyad_days, iter_dyad_days
from pipeline.aggregation.event_clusters import cluster_events
from pipeline.provenance import stable_id
from schemas.arrow import rows_from_table, to_arrow_table
from schemas.records import DyadDayRecord, EventMention, EventRecord

EventFactory = Callable[..., EventRecord]

_DATA_URI = re.compile(r"!\[[^\]]+\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)")


def test_counts_mentions_and_mean_goldstein(make_event: EventFactory) -> None:
    events = [
        # Two verbal-cooperation events on the same day and dyad: 042 (1.9) and 057 (8.0).
        make_event("e1", code="042", num_mentions=3),
        make_event("e2", code="057", num_mentions=2),
        # Verbal conflict that day is another QuadClass, so another row.
        make_event("e3", code="111"),
    ]
    rows = dyad_days(events)
    assert [(r.quad_class, r.num_events, r.num_mentions, r.mean_goldstein) for r in rows] == [
        (1, 2, 5, 4.95),
        (3, 1, 1, -2.0),
    ]
    first = rows[0]
    assert (first.event_date, first.source_country, first.target_country) == (
        dt.date(2024, 11, 18),
        "RUS",
        "IND",
    )
    assert first.dyad_day_id == stable_id("dyad_day", dt.date(2024, 11, 18), "RUS", "IND", 1)


def test_mean_goldstein_rounds_to_three_decimals(make_event: EventFactory) -> None:
    # (1.9 + 1.9 + 4.0) / 3 = 2.6; (1.9 + 4.0 + 8.0) / 3 = 4.6333...
    rows = dyad_days(
        [
            make_event("e1", code="042"),
            make_event("e2", code="036"),
            make_event("e3", code="057"),
        ]
    )
    assert [r.mean_goldstein for r in rows] == [4.633]


@pytest.mark.parametrize(
    ("event", "counted"),
    [
        # A day-dated event between two countries is counted.
        ({}, True),
        # Month precision cannot be put on a day.
        ({"date": "2024-11-01", "precision": "month"}, False),
        # Year precision neither.
        ({"date": "2024-01-01", "precision": "year"}, False),
        # Nor an undated event.
        ({"date": None}, False),
        # An event without a target country is not a dyad.
        ({"target": None}, False),
        # Nor one without a source country.
        ({"source": None, "source_org": "NATO"}, False),
    ],
)
def test_only_day_dated_dyads_are_counted(
    make_event: EventFactory, event: dict[str, str | None], counted: bool
) -> None:
    assert len(dyad_days([make_event("e1", **event)])) == int(counted)


def test_direction_and_days_separate_rows_and_sort_by_key(make_event: EventFactory) -> None:
    rows = dyad_days(
        [
            make_event("e1", date="2024-11-19"),
            make_event("e2", source="IND", target="RUS"),
            make_event("e3"),
        ]
    )
    assert [(r.event_date.day, r.source_country, r.target_country) for r in rows] == [
        (18, "IND", "RUS"),
        (18, "RUS", "IND"),
        (19, "RUS", "IND"),
    ]


def test_order_independent(make_event: EventFactory) -> None:
    events = [
        make_event("e1"),
        make_event("e2", code="111", date="2024-11-19"),
        make_event("e3", target="CHN"),
    ]
    assert dyad_days(events) == dyad_days(list(reversed(events)))


def test_rows_round_trip_through_arrow(make_event: EventFactory) -> None:
    rows = dyad_days([make_event("e1"), make_event("e2", code="190", target="UKR")])
    table = to_arrow_table(rows, DyadDayRecord)
    assert rows_from_table(table, DyadDayRecord) == rows


def _busy_events(make_event: EventFactory) -> list[EventRecord]:
    """RUS–UKR has the most events, then RUS–IND (both directions), then USA–CHN."""
    events = []
    for day in range(1, 11):
        date = f"2024-11-{day:02d}"
        events.append(make_event(f"ru{day}", source="RUS", target="UKR", code="190", date=date))
        events.append(make_event(f"ur{day}", source="UKR", target="RUS", code="111", date=date))
    for day in range(1, 6):
        date = f"2024-11-{day:02d}"
        events.append(make_event(f"ri{day}", date=date))
        events.append(make_event(f"ir{day}", source="IND", target="RUS", code="070", date=date))
    events.append(make_event("uc", source="USA", target="CHN", code="057"))
    return events


def test_chart_embeds_png_and_tables_the_top_dyads(make_event: EventFactory) -> None:
    markdown = dyad_day_chart_markdown(dyad_days(_busy_events(make_event)), top=2)
    match = _DATA_URI.search(markdown)
    assert match is not None
    png = base64.b64decode(match.group(1))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    # Small enough to live in Dagster metadata.
    assert len(png) < 150_000
    table = markdown[match.end() :]
    # Unordered pairs, by number of events: RUS–UKR (20) then IND–RUS (10); USA–CHN is cut.
    assert "| RUS–UKR | 20 | 0 | 20 | 20 | -6.00 |" in table
    assert "| IND–RUS | 10 | 10 | 0 | 10 | +4.45 |" in table
    assert table.index("RUS–UKR") < table.index("IND–RUS")
    assert "CHN" not in table


def test_rows_stream_and_the_chart_reads_them_once(make_event: EventFactory) -> None:
    events = _busy_events(make_event)
    streamed = iter_dyad_days(iter(events))
    first = next(streamed)
    assert [first, *streamed] == dyad_days(events)
    # The asset charts rows read back from its spool file: a one-pass iterator.
    assert dyad_day_chart_markdown(iter(dyad_days(events))) == dyad_day_chart_markdown(
        dyad_days(events)
    )


def test_chart_with_default_top_shows_every_dyad_here(make_event: EventFactory) -> None:
    markdown = dyad_day_chart_markdown(dyad_days(_busy_events(make_event)))
    assert _DATA_URI.search(markdown) is not None
    assert "| CHN–USA | 1 | 1 | 0 | 1 | +8.00 |" in markdown


@pytest.mark.parametrize(
    ("first", "last"),
    [
        # A single day.
        ("2024-11-18", "2024-11-18"),
        # A month: daily bins.
        ("2024-11-01", "2024-11-30"),
        # Most of a year: weekly bins.
        ("2024-01-05", "2024-09-30"),
        # Three years: monthly bins rather than invisible daily bars.
        ("2022-01-05", "2024-12-30"),
        # A decade.
        ("2014-06-01", "2024-12-30"),
    ],
)
def test_chart_renders_any_span_without_warnings(
    make_event: EventFactory, first: str, last: str
) -> None:
    events = [make_event("a", date=first), make_event("b", code="111", date=last)]
    with warnings.catch_warnings():
        # matplotlib warns (rather than fails) when it cannot place date ticks.
        warnings.simplefilter("error")
        markdown = dyad_day_chart_markdown(dyad_days(events))
    assert _DATA_URI.search(markdown) is not None
    assert "| IND–RUS | 2 | 1 | 1 | 2 | -0.05 |" in markdown


@pytest.mark.parametrize(
    ("rows_from", "top"),
    [
        # No rows at all.
        ("none", 6),
        # Rows, but nothing asked for.
        ("some", 0),
    ],
)
def test_chart_with_nothing_to_plot(make_event: EventFactory, rows_from: str, top: int) -> None:
    rows = [] if rows_from == "none" else dyad_days([make_event("e1")])
    markdown = dyad_day_chart_markdown(rows, top=top)
    assert "nothing to plot" in markdown
    assert "data:image" not in markdown


def test_chart_ranks_dyads_by_events_not_mentions(
    make_mention: Callable[..., EventMention],
) -> None:
    # One meeting between Norway and Chile, reported by nine articles in both directions...
    meeting = [
        make_mention(
            f"m{n}",
            code="040",
            date="2031-03-06",
            source="NOR" if n % 2 else "CHL",
            target="CHL" if n % 2 else "NOR",
        )
        for n in range(9)
    ]
    # ...against two criticisms between Peru and Bolivia, one report each.
    criticisms = [
        make_mention("p1", code="111", date="2031-03-06", source="PER", target="BOL"),
        make_mention("p2", code="111", date="2031-03-07", source="PER", target="BOL"),
    ]
    events = cluster_events([*meeting, *criticisms])
    assert len(events) == 3
    table = dyad_day_chart_markdown(dyad_days(events), top=2).split(")\n\n", 1)[1]
    assert "| BOL–PER | 2 | 0 | 2 | 2 |" in table
    assert "| CHL–NOR | 1 | 1 | 0 | 9 |" in table
    assert table.index("BOL–PER") < table.index("CHL–NOR")
