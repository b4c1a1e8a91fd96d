"""Pins clustering across ingest batches: the window of days, who owns a row, late reports."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa

from pipeline.aggregation.event_window import (
    WINDOW_DAYS,
    BatchEvents,
    cluster_batch_events,
    listed_mentions,
    stale_batches,
    window_mentions,
)
from schemas.arrow import rows_from_table, to_arrow_table
from schemas.records import EventMention, EventRecord

MentionFactory = Callable[..., EventMention]
PARTIES = {"source": "NOR", "target": "CHL"}


def _table(mentions: list[EventMention]) -> pa.Table:
    return to_arrow_table(mentions, EventMention)


def _monday(make: MentionFactory) -> EventMention:
    # Monday's batch: "The ministers met in Oslo on Monday."
    return make(
        "mon", article="a1", published="2031-03-03", code="040", date="2031-03-03", **PARTIES
    )


def _wednesday(make: MentionFactory) -> EventMention:
    # Wednesday's batch: "Monday's talks in Oslo ended without an accord." (no date of its own)
    return make(
        "wed",
        article="a2",
        published="2031-03-05",
        code="043",
        date="2031-03-05",
        event_date_source="publication",
        source="CHL",
        target="NOR",
    )


def _events(batch: BatchEvents) -> list[EventRecord]:
    with batch.events as table:
        return rows_from_table(table.read(), EventRecord)


def test_the_window_reads_only_mentions_published_near_the_batch(
    make_mention: MentionFactory,
) -> None:
    own = _table([_monday(make_mention)])
    near = _table([_wednesday(make_mention)])
    far = _table([make_mention("far", published="2031-06-01", date="2031-06-01")])
    mentions, batch_of = window_mentions(own, {"wed": near, "june": far})
    assert mentions.column("mention_id").to_pylist() == ["wed"]
    assert batch_of == {"wed": "wed"}
    assert WINDOW_DAYS >= 7


def test_a_late_report_in_a_later_batch_joins_the_earlier_batchs_row(
    make_mention: MentionFactory,
) -> None:
    monday, wednesday = _table([_monday(make_mention)]), _table([_wednesday(make_mention)])
    # Monday is clustered first, alone: its row has its own mention.
    first = cluster_batch_events(monday, {})
    (row,) = _events(first)
    assert row.mention_ids == ["mon"]
    # Wednesday's report is of Monday's meeting, which Monday's batch owns: Wednesday writes
    # no row for it, and names Monday's batch as stale, since its row lacks the report.
    later = cluster_batch_events(wednesday, {"mon": monday})
    assert _events(later) == []
    assert later.late_reports == {"mon": ["wed"]}
    stored = {"mon": to_arrow_table([row], EventRecord)}
    assert stale_batches(later.late_reports, set(), stored) == ["mon"]
    # Re-clustered with its window, Monday's row gains the report...
    again = cluster_batch_events(monday, {"wed": wednesday})
    (updated,) = _events(again)
    assert updated.mention_ids == ["mon", "wed"]
    assert (updated.num_articles, updated.event_id) == (2, row.event_id)
    assert again.late_reports == {}
    # ...and Wednesday's batch, clustered again, finds its owner up to date.
    stored = {"mon": to_arrow_table([updated], EventRecord)}
    final = cluster_batch_events(wednesday, {"mon": monday})
    assert stale_batches(final.late_reports, listed_mentions(final.events), stored) == []


def test_an_earlier_report_coded_later_takes_the_event_over(
    make_mention: MentionFactory,
) -> None:
    # The anchor is the earliest published mention, wherever it was ingested: Wednesday's
    # batch is coded first and writes the event; then Monday's batch arrives and takes it over.
    monday, wednesday = _table([_monday(make_mention)]), _table([_wednesday(make_mention)])
    (first,) = _events(cluster_batch_events(wednesday, {}))
    assert first.mention_ids == ["wed"]
    takeover = cluster_batch_events(monday, {"wed": wednesday})
    written = listed_mentions(takeover.events)
    (row,) = _events(takeover)
    assert row.mention_ids == ["mon", "wed"]
    # Wednesday's stored row lists a mention Monday's row now lists: it must give it up.
    stored = {"wed": to_arrow_table([first], EventRecord)}
    assert stale_batches(takeover.late_reports, written, stored) == ["wed"]
    again = cluster_batch_events(wednesday, {"mon": monday})
    assert _events(again) == []
    assert again.late_reports == {"mon": ["wed"]}
    stored = {"mon": to_arrow_table([row], EventRecord)}
    assert stale_batches(again.late_reports, set(), stored) == []


def test_other_batches_events_are_not_written(make_mention: MentionFactory) -> None:
    own = _table([_monday(make_mention)])
    # A neighbour's event that none of this batch's mentions report is none of its business.
    other = _table([make_mention("other", code="111", published="2031-03-04", date="2031-03-04")])
    (row,) = _events(cluster_batch_events(own, {"other": other}))
    assert row.mention_ids == ["mon"]


def test_a_batch_owning_no_stored_events_yet_is_stale(make_mention: MentionFactory) -> None:
    assert stale_batches({"mon": ["wed"]}, set(), {}) == ["mon"]
