"""Events across ingest batches: a batch is clustered with the mentions of its window of days.

An event is often announced in one batch, reported in the next and recalled in a third. Each
batch's `events` are therefore clustered from its own mentions together with the mentions of
the other batches published within `WINDOW_DAYS` of its own (the *window*), and each cluster
is written by exactly one batch, its *owner*: the batch of its anchor, the earliest published
mention (ties: the smallest mention_id; `event_clusters.anchor_order`).

- A cluster anchored in this batch is written here, with every mention it has, this batch's
  and its neighbours'.
- A cluster with none of this batch's mentions is none of its business.
- A cluster of this batch's mentions anchored in another batch is a *late report* of an event
  that batch owns: it is not written here. When the owner's stored row does not list those
  mentions yet (the owner was clustered before this batch arrived), the owner is *stale*, and
  re-clustering it (its window now holds this batch) adds them to its row.
- Conversely, a batch holding an earlier report than the one that wrote the event takes the
  event over, and the batch that wrote it is stale: its row must give the mentions up.

The Dagster sensor `late_reports` re-clusters the stale batches (`stale_batches`).

When every batch has been clustered after its window's batches were coded, every mention is in
exactly one row. Only the window's rows are read from other batches, so a batch costs its own
size plus its window's, however many batches the warehouse holds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.aggregation.event_clusters import (
    ROWS_PER_BUCKET,
    anchor_order,
    cluster_event_source,
)
from pipeline.aggregation.event_identity import AHEAD_DAYS
from pipeline.aggregation.mention_facts import MentionFacts
from schemas.arrow import (
    BATCH_ROWS,
    TABLE_SCHEMAS,
    SpooledTable,
    TableLike,
    TableSource,
    as_table_source,
    conform_table,
)

#: Days of publication either side of a batch's own within which other batches' mentions can
#: report the same event: the longest an announcement runs ahead of its act.
WINDOW_DAYS = AHEAD_DAYS

_MENTIONS_SCHEMA = TABLE_SCHEMAS["event_mentions"]


def publication_range(table: TableLike) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest publication dates of a table of mentions; None when empty."""
    source = as_table_source(table)
    if source.num_rows == 0:
        return None
    dates = source.column("publication_date")
    earliest, latest = pc.min(dates).as_py(), pc.max(dates).as_py()
    if not isinstance(earliest, dt.date) or not isinstance(latest, dt.date):
        return None
    return earliest, latest


def window_mentions(
    own: TableLike, others: Mapping[str, TableLike], *, days: int = WINDOW_DAYS
) -> tuple[pa.Table, dict[str, str]]:
    """The other batches' mentions published within `days` of this batch's publication dates.

    Args:
        own: This batch's mentions.
        others: Every other batch's mentions, by batch.
        days: The window's reach on each side.

    Returns:
        The window's mentions, and the batch of each of them by mention_id.
    """
    bounds = publication_range(own)
    pieces: list[pa.Table] = []
    batch_of: dict[str, str] = {}
    if bounds is None:
        return _MENTIONS_SCHEMA.empty_table(), batch_of
    start, end = bounds[0] - dt.timedelta(days=days), bounds[1] + dt.timedelta(days=days)
    for batch in sorted(others):
        other = as_table_source(others[batch])
        other_bounds = publication_range(other)
        if other_bounds is None or other_bounds[1] < start or other_bounds[0] > end:
            continue  # nothing of this batch is in the window: its rows are never decoded
        for rows in other.iter_batches(batch_size=4 * BATCH_ROWS):
            dates = rows.column("publication_date")
            inside = pc.and_(
                pc.greater_equal(dates, pa.scalar(start, pa.date32())),
                pc.less_equal(dates, pa.scalar(end, pa.date32())),
            )
            kept = pa.Table.from_batches([rows]).filter(inside)
            if kept.num_rows:
                pieces.append(conform_table(kept, _MENTIONS_SCHEMA))
                ids = kept.column("mention_id").to_pylist()
                batch_of.update((str(mention_id), batch) for mention_id in ids)
    if not pieces:
        return _MENTIONS_SCHEMA.empty_table(), batch_of
    return pa.concat_tables(pieces), batch_of


@dataclass
class Ownership:
    """Which clusters a batch writes, and the late reports it finds (see the module docstring).

    Called on each cluster: True when the batch owns it.
    """

    neighbours: Mapping[str, str]
    """The batch of every window mention that is not this batch's, by mention_id."""
    late_reports: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """This batch's mention_ids in events owned by another batch, by that batch."""

    def __call__(self, cluster: Sequence[MentionFacts]) -> bool:
        """Whether this batch writes the cluster's row."""
        own = [m.mention_id for m in cluster if m.mention_id not in self.neighbours]
        if not own:
            return False
        owner = self.neighbours.get(min(cluster, key=anchor_order).mention_id)
        if owner is None:
            return True
        self.late_reports[owner].extend(own)
        return False


def stale_batches(
    late_reports: Mapping[str, Sequence[str]],
    written: AbstractSet[str],
    stored_events: Mapping[str, TableLike],
) -> list[str]:
    """The other batches whose stored `events` no longer fit what this batch just wrote.

    A batch is stale when its rows lack the late reports of events it owns (it was clustered
    before this batch arrived), or when its rows list a mention this batch's rows now list
    (it wrote the event before this batch, holding an earlier report, took it over). Clustered
    again, with this batch in its window, it fits.

    Args:
        late_reports: This batch's mention_ids in other batches' events, by owning batch.
        written: Every mention_id this batch's rows list.
        stored_events: The stored `events` of the batches of the window and of the owners (a
            batch with none yet is stale as soon as it owns a late report).

    Returns:
        The batches to re-cluster, sorted.
    """
    stale = []
    for batch in sorted(set(late_reports) | set(stored_events)):
        table = stored_events.get(batch)
        if table is None:
            stale.append(batch)
            continue
        listed = listed_mentions(table)
        if not set(late_reports.get(batch, ())) <= listed or not listed.isdisjoint(written):
            stale.append(batch)
    return stale


def listed_mentions(events: TableLike) -> set[str]:
    """Every mention_id the rows of an `events` table list."""
    listed: set[str] = set()
    for rows in as_table_source(events).iter_batches(["mention_ids"], batch_size=4 * BATCH_ROWS):
        listed.update(str(mention_id) for mention_id in pc.list_flatten(rows.column(0)).to_pylist())
    return listed


class _Concatenated:
    """Two tables of one schema behind the `TableSource` interface, one after the other."""

    def __init__(self, first: TableSource, second: pa.Table) -> None:
        self._first, self._second = first, second

    @property
    def schema(self) -> pa.Schema:
        """The first table's schema."""
        return self._first.schema

    @property
    def num_rows(self) -> int:
        """Rows of both tables."""
        return self._first.num_rows + self._second.num_rows

    def iter_batches(
        self, columns: Sequence[str] | None = None, *, batch_size: int = BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """The first table's batches, then the second's."""
        yield from self._first.iter_batches(columns, batch_size=batch_size)
        second = self._second if columns is None else self._second.select(list(columns))
        yield from second.to_batches(max_chunksize=batch_size)

    def column(self, name: str) -> pa.ChunkedArray[Any]:
        """One column of both tables."""
        return self.read([name]).column(0)

    def read(self, columns: Sequence[str] | None = None) -> pa.Table:
        """Both tables, or some of their columns, in memory."""
        if columns is None:
            first = conform_table(self._first.read(), _MENTIONS_SCHEMA)
            return pa.concat_tables([first, conform_table(self._second, _MENTIONS_SCHEMA)])
        selected = list(columns)
        first = self._first.read(selected)
        return pa.concat_tables([first, self._second.select(selected).cast(first.schema)])


@dataclass(frozen=True)
class BatchEvents:
    """What clustering one batch in its window gives."""

    events: SpooledTable
    """The events the batch owns, in a local spooled file the caller closes."""
    window_mentions: int
    """Mentions of other batches read for the window."""
    late_reports: Mapping[str, list[str]]
    """This batch's mention_ids in events other batches own, by owning batch."""
    window_batches: tuple[str, ...]
    """The other batches with mentions in the window, sorted."""


def cluster_batch_events(
    own: TableLike,
    others: Mapping[str, TableLike],
    *,
    rows_per_bucket: int = ROWS_PER_BUCKET,
    unclustered: list[str] | None = None,
) -> BatchEvents:
    """The `events` one batch writes: its clusters with the window, those it owns.

    Args:
        own: This batch's mentions.
        others: The other batches' mentions, by batch (only the window's rows are read).
        rows_per_bucket: As `cluster_event_source`.
        unclustered: As `cluster_event_source`.
    """
    neighbours, batch_of = window_mentions(own, others)
    ownership = Ownership(batch_of)
    source = as_table_source(own)
    mentions: TableLike = _Concatenated(source, neighbours) if neighbours.num_rows else source
    events = cluster_event_source(
        mentions, rows_per_bucket=rows_per_bucket, unclustered=unclustered, keep=ownership
    )
    return BatchEvents(
        events=events,
        window_mentions=neighbours.num_rows,
        late_reports={batch: sorted(set(ids)) for batch, ids in ownership.late_reports.items()},
        window_batches=tuple(sorted(set(batch_of.values()))),
    )
