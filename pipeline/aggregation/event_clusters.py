"""Cluster event mentions into real-world events: one `events` row per act between two parties.

The rule:

1. Mentions can only belong together when they share the key (source_country, source_org,
   target_country, target_org, cameo_code). Different codes are different acts: a planned
   visit (036) and the visit (042) are two events.
2. Within a key, two mentions are the same event when their dates are compatible at the
   coarser of their two precisions: 2024-11-18 (day) and 2024-11 (month) are compatible,
   2024-11-18 and 2024-11-19 (days) are not, a year is compatible with any date in it, and a
   null date (precision unknown) is compatible with everything.
3. Clustering is greedy and deterministic: the key's mentions are sorted by precision (day,
   month, year, unknown), then date, then mention_id, and each joins the first existing cluster
   whose every member is compatible with it, else starts a new cluster.
4. An event's descriptive fields (names, sectors, CAMEO fields, Goldstein, PLOVER, modality,
   location, coder_version) come from its most confident mention (ties: smallest mention_id);
   its date is the most precise date among its mentions (ties: earliest); its confidence is the
   highest; its sources are the first folder of each source_file (else the file itself).
5. event_id is `stable_id("event", *key, first mention_id)`, and events are sorted by
   (first_seen, event_id), so the same mentions in any order give identical output.

A partition's mentions need not fit in memory: `cluster_event_source` spreads them over buckets
on local disk by a stable hash of their key (a key never spans two buckets), clusters each
bucket on its own into a sorted run, and merges the runs, so memory is bounded by the bucket
size, not by the number of mentions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import itertools
import logging
import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence

import pyarrow as pa

from pipeline.provenance import stable_id
from schemas.arrow import (
    SpooledTable,
    TableBuilder,
    TableLike,
    TableSpool,
    as_table_source,
    iter_rows,
)
from schemas.records import EventMention, EventRecord

logger = logging.getLogger(__name__)

#: Rank of each precision, most precise first: the order clusters are seeded in.
_PRECISION_RANK: dict[str, int] = {"day": 0, "month": 1, "year": 2, "unknown": 3}

ClusterKey = tuple[str | None, str | None, str | None, str | None, str]


def cluster_key(mention: EventMention) -> ClusterKey:
    """The parties and act a mention must share with others to be the same event.

    Args:
        mention: An event mention.

    Returns:
        (source_country, source_org, target_country, target_org, cameo_code).
    """
    return (
        mention.source_country,
        mention.source_org,
        mention.target_country,
        mention.target_org,
        mention.cameo_code,
    )


def dates_compatible(
    first: dt.date | None, first_precision: str, second: dt.date | None, second_precision: str
) -> bool:
    """Whether two event dates can name the same day, compared at the coarser precision.

    Args:
        first: The first date, or None when its precision is unknown.
        first_precision: day, month, year or unknown.
        second: The second date, or None when its precision is unknown.
        second_precision: day, month, year or unknown.

    Returns:
        True when the dates agree on everything the less precise of them states.
    """
    if first is None or second is None:
        # An undated mention says nothing that could contradict any date.
        return True
    coarser = max(_PRECISION_RANK[first_precision], _PRECISION_RANK[second_precision])
    if coarser >= _PRECISION_RANK["unknown"]:
        return True
    if coarser == _PRECISION_RANK["year"]:
        return first.year == second.year
    if coarser == _PRECISION_RANK["month"]:
        return (first.year, first.month) == (second.year, second.month)
    return first == second


def source_of(source_file: str) -> str:
    """The news source a raw file came from: its first folder, else the file itself.

    Args:
        source_file: Path relative to the input directory, '/'-separated.

    Returns:
        "reuters" for "reuters/2024/a.txt"; "a.txt" for "a.txt".
    """
    head, sep, _ = source_file.partition("/")
    return head if sep else source_file


def _seed_order(mention: EventMention) -> tuple[int, dt.date, str, str]:
    """Sort key that seeds clusters with the most precise, earliest mentions first."""
    # Unknown precision always has a null date; date.min only keeps the tuple comparable.
    # The JSON dump breaks ties between distinct rows sharing a mention_id, so even malformed
    # input clusters the same way whatever order it arrives in.
    return (
        _PRECISION_RANK[mention.event_date_precision],
        mention.event_date or dt.date.min,
        mention.mention_id,
        mention.model_dump_json(),
    )


def _confidence_order(mention: EventMention) -> tuple[float, str, str]:
    """Sort key that puts the most confident mention (ties: smallest mention_id) first."""
    return (-mention.confidence, mention.mention_id, mention.model_dump_json())


def _compatible(mention: EventMention, cluster: Sequence[EventMention]) -> bool:
    return all(
        dates_compatible(
            mention.event_date,
            mention.event_date_precision,
            member.event_date,
            member.event_date_precision,
        )
        for member in cluster
    )


def _greedy_clusters(mentions: Sequence[EventMention]) -> list[list[EventMention]]:
    """Split one key's mentions into clusters of pairwise date-compatible mentions."""
    clusters: list[list[EventMention]] = []
    for mention in sorted(mentions, key=_seed_order):
        for cluster in clusters:
            if _compatible(mention, cluster):
                cluster.append(mention)
                break
        else:
            clusters.append([mention])
    return clusters


def _event(key: ClusterKey, members: Sequence[EventMention]) -> EventRecord:
    """Build the events row of one cluster."""
    mention_ids = sorted(m.mention_id for m in members)
    best = min(members, key=_confidence_order)
    dated = min(members, key=_seed_order)
    publication_dates = [m.publication_date for m in members]
    return EventRecord(
        event_id=stable_id("event", *key, mention_ids[0]),
        source_name=best.source_name,
        source_country=best.source_country,
        source_org=best.source_org,
        source_sector=best.source_sector,
        target_name=best.target_name,
        target_country=best.target_country,
        target_org=best.target_org,
        target_sector=best.target_sector,
        cameo_code=best.cameo_code,
        cameo_root=best.cameo_root,
        event_label=best.event_label,
        quad_class=best.quad_class,
        goldstein=best.goldstein,
        plover_type=best.plover_type,
        plover_mode=best.plover_mode,
        modality=best.modality,
        event_date=dated.event_date,
        event_date_precision=dated.event_date_precision,
        location_name=best.location_name,
        location_country=best.location_country,
        latitude=best.latitude,
        longitude=best.longitude,
        geonames_id=best.geonames_id,
        confidence=best.confidence,
        num_mentions=len(mention_ids),
        num_articles=len({m.article_id for m in members}),
        num_sources=len({source_of(m.source_file) for m in members}),
        first_seen=min(publication_dates),
        last_seen=max(publication_dates),
        mention_ids=mention_ids,
        coder_version=best.coder_version,
    )


def cluster_events(mentions: Iterable[EventMention]) -> list[EventRecord]:
    """Cluster event mentions into one EventRecord per distinct real-world event.

    The rule is the module docstring's. Rows that are exact duplicates of each other are
    counted once, since they are the same mention read twice.

    Args:
        mentions: Event mentions, in any order.

    Returns:
        The events, sorted by (first_seen, event_id).
    """
    by_key: dict[ClusterKey, list[EventMention]] = defaultdict(list)
    # dict.fromkeys keeps one of each identical (frozen, hashable) row.
    for mention in dict.fromkeys(mentions):
        by_key[cluster_key(mention)].append(mention)
    events = [
        _event(key, cluster)
        for key, key_mentions in by_key.items()
        for cluster in _greedy_clusters(key_mentions)
    ]
    return sorted(events, key=lambda event: (event.first_seen, event.event_id))


#: Columns of the cluster key, in `cluster_key` order.
KEY_COLUMNS = ("source_country", "source_org", "target_country", "target_org", "cameo_code")
#: Columns the events table is sorted by, in order.
ORDER_COLUMNS = ("first_seen", "event_id")


def mention_groups(mentions: pa.Table) -> Iterator[pa.Table]:
    """Slices of an event_mentions table, one per cluster key (in key order)."""
    if mentions.num_rows == 0:
        return
    ordered = mentions.sort_by([(column, "ascending") for column in KEY_COLUMNS])
    keys = list(zip(*(ordered.column(c).to_pylist() for c in KEY_COLUMNS), strict=True))
    start = 0
    for end in range(1, len(keys) + 1):
        if end == len(keys) or keys[end] != keys[start]:
            yield ordered.slice(start, end - start)
            start = end


def cluster_event_table(mentions: pa.Table, *, unclustered: list[str] | None = None) -> pa.Table:
    """`cluster_events` over an Arrow table of mentions, one cluster key at a time.

    Clusters never span keys, so each key's mentions are clustered on their own and only one
    key's rows are ever Python objects: memory stays bounded by the largest key, not the
    corpus. The result is the same table `cluster_events` gives, in the same order.

    Each key is a fault boundary: if clustering its mentions raises, each of them becomes an
    event of its own (or, if even that fails, none), its mention_id is added to `unclustered`,
    and the other keys are clustered as ever.
    """
    events = TableBuilder(EventRecord)
    for group in mention_groups(mentions):
        rows = list(iter_rows(group, EventMention))
        try:
            events.extend(cluster_events(rows))
        except Exception as error:  # one key's odd rows must not cost the batch its events
            logger.warning(
                "could not cluster %d mentions (%r); each stands alone", len(rows), error
            )
            events.extend(_singleton_events(rows))
            if unclustered is not None:
                unclustered.extend(sorted(m.mention_id for m in rows))
    table = events.build()
    return table.sort_by([(column, "ascending") for column in ORDER_COLUMNS])


def _singleton_events(mentions: Sequence[EventMention]) -> Iterator[EventRecord]:
    for mention in mentions:
        try:
            yield _event(cluster_key(mention), [mention])
        except Exception as error:  # the mention stays in event_mentions, and is counted
            logger.warning("mention %s makes no event: %r", mention.mention_id, error)


#: Mentions clustered in memory at once when a table is clustered bucket by bucket: about
#: 12 MB of Arrow and, for the key being clustered, its rows as Python objects.
ROWS_PER_BUCKET = 25_000
#: Rows a bucket holds in memory before writing them out; every bucket has that many pending.
_BUCKET_CHUNK_ROWS = 1024


def cluster_event_source(
    mentions: TableLike,
    *,
    rows_per_bucket: int = ROWS_PER_BUCKET,
    unclustered: list[str] | None = None,
) -> SpooledTable:
    """`cluster_event_table` over a table of any size, in memory bounded by `rows_per_bucket`.

    The mentions are read a batch at a time and spread over `ceil(rows / rows_per_bucket)`
    buckets by a stable hash of their cluster key, each in a local spool file. Each bucket is
    clustered on its own into a run sorted by (first_seen, event_id), and the runs are merged
    a few rows of each at a time. Clusters never span keys and a key never spans buckets, so
    the result is the table `cluster_event_table` gives for the whole input, row for row.

    Mentions that could not be clustered (see `cluster_event_table`) are added to
    `unclustered`.

    Returns:
        The events in a local spooled file, which the caller closes once written.
    """
    source = as_table_source(mentions)
    buckets = max(1, math.ceil(source.num_rows / rows_per_bucket))
    if buckets == 1:
        with TableSpool(EventRecord) as spool:
            spool.append_table(cluster_event_table(source.read(), unclustered=unclustered))
            return spool.finish()
    with contextlib.ExitStack() as stack:
        bucket_spools = [
            stack.enter_context(TableSpool(EventMention, chunk_rows=_BUCKET_CHUNK_ROWS))
            for _ in range(buckets)
        ]
        for batch in source.iter_batches(batch_size=4096):
            for number, rows in _rows_by_bucket(batch, buckets).items():
                bucket_spools[number].append_table(batch.take(rows))
        runs: list[SpooledTable] = []
        for bucket_spool in bucket_spools:
            with bucket_spool.finish() as bucket, TableSpool(EventRecord) as run:
                run.append_table(cluster_event_table(bucket.read(), unclustered=unclustered))
                runs.append(stack.enter_context(run.finish()))
        with TableSpool(EventRecord) as merged:
            for chunk in _merged_runs(runs):
                merged.append_table(chunk)
            return merged.finish()


_MERGE_ROWS = 4096


def _merged_runs(runs: Sequence[SpooledTable]) -> Iterator[pa.Table]:
    """Tables sorted by `ORDER_COLUMNS` merged into one sorted stream of chunks.

    Only the sort columns are compared in Python; the rows themselves are moved as Arrow, a
    chunk at a time: each chunk takes the next rows of every run in the order the merge chose.
    """

    def keyed(number: int, run: SpooledTable) -> Iterator[tuple[object, object, int]]:
        for batch in run.iter_batches(columns=list(ORDER_COLUMNS), batch_size=_MERGE_ROWS):
            for first_seen, event_id in zip(*(c.to_pylist() for c in batch.columns), strict=True):
                yield first_seen, event_id, number

    # heapq.merge keeps runs' order on ties, as a stable sort of their concatenation would.
    order = (number for *_, number in heapq.merge(*(keyed(i, r) for i, r in enumerate(runs))))
    rows = [_RunRows(run) for run in runs]
    while chunk_order := list(itertools.islice(order, _MERGE_ROWS)):
        wanted = Counter(chunk_order)
        pieces = {number: rows[number].take(count) for number, count in wanted.items()}
        # Row positions in the concatenation of the pieces, in the order the merge chose.
        starts, offset = {}, 0
        for number in sorted(pieces):
            starts[number], offset = offset, offset + pieces[number].num_rows
        positions = []
        for number in chunk_order:
            positions.append(starts[number])
            starts[number] += 1
        joined = pa.concat_tables([pieces[number] for number in sorted(pieces)])
        yield joined.take(positions)


class _RunRows:
    """The rows of a sorted run, handed out from its start as many at a time as asked."""

    def __init__(self, run: SpooledTable) -> None:
        self._batches = run.iter_batches(batch_size=_MERGE_ROWS)
        self._buffer: pa.Table | None = None

    def take(self, count: int) -> pa.Table:
        """The next `count` rows (the run must still have them)."""
        pieces = []
        while count:
            if self._buffer is None or self._buffer.num_rows == 0:
                self._buffer = pa.Table.from_batches([next(self._batches)])
            piece = self._buffer.slice(0, count)
            self._buffer = self._buffer.slice(piece.num_rows)
            pieces.append(piece)
            count -= piece.num_rows
        return pa.concat_tables(pieces)


def _rows_by_bucket(batch: pa.RecordBatch, buckets: int) -> dict[int, list[int]]:
    """Row numbers of a batch of mentions by bucket, the bucket a stable hash of the key."""
    keys = zip(*(batch.column(c).to_pylist() for c in KEY_COLUMNS), strict=True)
    rows: dict[int, list[int]] = defaultdict(list)
    for row, key in enumerate(keys):
        # crc32 rather than hash(): str hashes change from one process to the next.
        rows[zlib.crc32(repr(key).encode()) % buckets].append(row)
    return rows
