"""Cluster event mentions into real-world events: one `events` row per act, however reported.

The rule:

1. Mentions can only belong together when they share the identity key of
   `pipeline.aggregation.event_identity`: the parties (as an unordered pair for joint acts such
   as meetings, visits and signings) and the act family (036 with 040-046, 057 with 06x, ...).
2. Each mention stands for a span of days (`mention_span`): the day, month or year its text
   states, the week before its story time or publication day when it was only reported, the
   days after an announced one. Mentions are one event only when all their spans share a day.
3. Clustering is greedy and deterministic: a key's mentions are taken narrowest span first
   (then earliest, then mention_id), and each joins the compatible cluster whose shared days
   lie nearest the day it most likely means (ties: the larger cluster, then the older),
   else starts a new one. The input's order never matters.
4. An event's descriptive fields (names, parties, CAMEO fields, Goldstein, PLOVER, modality,
   location, coder_version) come from its most confident mention among those that report the
   act as done (ties: smallest mention_id), else among all; its date is the best-dated
   mention's (a date of the sentence's own text before a story-time or publication one, then
   the more precise, then one that occurred); `occurred_code` and `occurred_date` say what
   happened when a mention reports it done, `announcement_date` when it was first announced,
   and `modalities` every modality seen.
5. event_id is `stable_id("event", *key, anchor mention_id)`, the anchor being the earliest
   published mention (ties: smallest mention_id); events are sorted by (first_seen, event_id).

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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from pipeline.aggregation.event_identity import (
    DaySpan,
    IdentityKey,
    identity_key,
    mention_identity_key,
    mention_span,
    reference_day,
)
from pipeline.aggregation.mention_facts import FactReader, MentionFacts, table_facts
from pipeline.provenance import stable_id
from schemas.arrow import (
    SpooledTable,
    TableBuilder,
    TableLike,
    TableSpool,
    as_table_source,
)
from schemas.records import EventMention, EventRecord

logger = logging.getLogger(__name__)

#: Rank of each precision, most precise first.
_PRECISION_RANK: dict[str, int] = {"day": 0, "month": 1, "year": 2, "unknown": 3}
#: Rank of each date source, the sentence's own text first.
_SOURCE_RANK: dict[str, int] = {"text": 0, "context": 1, "publication": 2}

ClusterKey = IdentityKey
#: Whether a cluster becomes a row here (a batch writes the events it owns: `event_window`).
ClusterFilter = Callable[[Sequence[MentionFacts]], bool]


def cluster_key(mention: EventMention) -> ClusterKey:
    """The parties and act family a mention must share with others to be the same event."""
    return mention_identity_key(mention)


def anchor_order(mention: MentionFacts | EventMention) -> tuple[dt.date, str]:
    """The order that makes a cluster's first mention its anchor: earliest published, then id."""
    return (mention.publication_date, mention.mention_id)


def _date_order(mention: MentionFacts) -> tuple[int, int, bool, dt.date, str]:
    """Sort key that puts the best-dated mention first (see the module docstring, rule 4)."""
    # Unknown precision always has a null date; date.min only keeps the tuple comparable.
    return (
        _SOURCE_RANK[mention.event_date_source],
        _PRECISION_RANK[mention.event_date_precision],
        mention.modality != "occurred",
        mention.event_date or dt.date.min,
        mention.mention_id,
    )


def _confidence_order(mention: MentionFacts) -> tuple[float, str]:
    """Sort key that puts the most confident mention (ties: smallest mention_id) first."""
    return (-mention.confidence, mention.mention_id)


def _most_confident(mentions: Sequence[MentionFacts]) -> MentionFacts:
    """The first mention by `_confidence_order`, then by its row's JSON dump.

    Only distinct rows sharing a mention_id can tie on the order, so the dump, which costs a
    full row, is made only for them; on a full tie the earliest in `mentions` wins, as `min`.
    """
    first = min(mentions, key=_confidence_order)
    tied = [m for m in mentions if _confidence_order(m) == _confidence_order(first)]
    if len(tied) == 1:
        return first
    return min(tied, key=lambda m: m.mention().model_dump_json())


@dataclass
class _Cluster:
    """Mentions taken to be one event so far, and the days all their spans share."""

    span: DaySpan
    members: list[MentionFacts] = field(default_factory=list)


def _greedy_clusters(mentions: Sequence[MentionFacts]) -> list[list[MentionFacts]]:
    """Split one key's mentions into clusters whose members' day spans all share a day."""
    spans = [mention_span(m) for m in mentions]
    ids = [m.mention_id for m in mentions]
    # The JSON dump breaks ties between distinct rows sharing a mention_id, so even malformed
    # input clusters the same way whatever order it arrives in; only those rows ever reach it.
    repeated = {mention_id for mention_id, count in Counter(ids).items() if count > 1}
    tie_break = [
        m.mention().model_dump_json() if m.mention_id in repeated else "" for m in mentions
    ]
    order = sorted(
        range(len(mentions)),
        key=lambda i: (spans[i].width, spans[i].start, ids[i], tie_break[i]),
    )
    clusters: list[_Cluster] = []
    for i in order:
        mention, span = mentions[i], spans[i]
        day = reference_day(mention, span)
        best: tuple[float, int, int] | None = None
        for number, cluster in enumerate(clusters):
            if cluster.span.overlaps(span):
                rank = (cluster.span.distance_to(day), -len(cluster.members), number)
                best = rank if best is None or rank < best else best
        if best is None:
            clusters.append(_Cluster(span, [mention]))
            continue
        chosen = clusters[best[2]]
        chosen.span = chosen.span.intersection(span)
        chosen.members.append(mention)
    return [cluster.members for cluster in clusters]


def _event(key: ClusterKey, members: Sequence[MentionFacts]) -> EventRecord:
    """Build the events row of one cluster."""
    mention_ids = sorted(m.mention_id for m in members)
    occurred = [m for m in members if m.modality == "occurred"]
    best = _most_confident(occurred or members)
    dated = min(members, key=_date_order)
    occurred_code = occurred_date = None
    occurred_precision = "unknown"
    if occurred:
        happened = min(occurred, key=_date_order)
        # A report that only says the act was done takes the date the texts state for it.
        if happened.event_date_source != "text" and dated.event_date_source == "text":
            happened = dated
        occurred_code = best.cameo_code
        occurred_date, occurred_precision = happened.event_date, happened.event_date_precision
    announced = [m.publication_date for m in members if m.modality in ("planned", "intent")]
    publication_dates = [m.publication_date for m in members]
    anchor = min(members, key=anchor_order)
    described = best.mention()  # the descriptive fields are only in the full row
    (first_country, first_org), (second_country, second_org), family = key
    return EventRecord(
        event_id=stable_id(
            "event", first_country, first_org, second_country, second_org, family, anchor.mention_id
        ),
        source_name=described.source_name,
        source_country=described.source_country,
        source_org=described.source_org,
        source_sector=described.source_sector,
        target_name=described.target_name,
        target_country=described.target_country,
        target_org=described.target_org,
        target_sector=described.target_sector,
        cameo_code=described.cameo_code,
        cameo_root=described.cameo_root,
        event_label=described.event_label,
        quad_class=described.quad_class,
        goldstein=described.goldstein,
        plover_type=described.plover_type,
        plover_mode=described.plover_mode,
        modality=described.modality,
        modalities=sorted({m.modality for m in members}),
        event_date=dated.event_date,
        event_date_precision=dated.event_date_precision,
        occurred_code=occurred_code,
        occurred_date=occurred_date,
        occurred_date_precision=occurred_precision,
        announcement_date=min(announced) if announced else None,
        location_name=described.location_name,
        location_country=described.location_country,
        latitude=described.latitude,
        longitude=described.longitude,
        geonames_id=described.geonames_id,
        confidence=max(m.confidence for m in members),
        num_mentions=len(mention_ids),
        num_articles=len({m.article_id for m in members}),
        num_sources=len({m.news_source for m in members}),
        first_seen=min(publication_dates),
        last_seen=max(publication_dates),
        mention_ids=mention_ids,
        source_urls=sorted({m.source_url for m in members if m.source_url}),
        publishers=sorted({m.publisher for m in members if m.publisher}),
        coder_version=described.coder_version,
    )


def cluster_events(
    mentions: Iterable[EventMention], *, keep: ClusterFilter | None = None
) -> list[EventRecord]:
    """Cluster event mentions into one EventRecord per distinct real-world event.

    The rule is the module docstring's. Rows that are exact duplicates of each other are
    counted once, since they are the same mention read twice.

    Args:
        mentions: Event mentions, in any order.
        keep: When given, only the clusters it accepts become rows (a batch writes the events
            it owns; see `pipeline.aggregation.event_window`).

    Returns:
        The events, sorted by (first_seen, event_id).
    """
    # dict.fromkeys keeps one of each identical (frozen, hashable) row.
    distinct = list(dict.fromkeys(mentions))
    reader = FactReader(distinct.__getitem__)
    by_key: dict[ClusterKey, list[MentionFacts]] = defaultdict(list)
    for row, mention in enumerate(distinct):
        facts = reader.facts(mention, row)
        by_key[facts.key].append(facts)
    return _clustered(by_key, keep)


def _clustered(
    by_key: Mapping[ClusterKey, Sequence[MentionFacts]], keep: ClusterFilter | None
) -> list[EventRecord]:
    """The events of distinct mentions grouped by key, sorted by (first_seen, event_id)."""
    events = [
        _event(key, cluster)
        for key, key_mentions in by_key.items()
        for cluster in _greedy_clusters(key_mentions)
        if keep is None or keep(cluster)
    ]
    return sorted(events, key=lambda event: (event.first_seen, event.event_id))


#: Columns the cluster key is computed from, in `identity_key` argument order.
KEY_COLUMNS = ("source_country", "source_org", "target_country", "target_org", "cameo_code")
#: Columns the events table is sorted by, in order.
ORDER_COLUMNS = ("first_seen", "event_id")


def _row_keys(table: pa.Table | pa.RecordBatch) -> list[ClusterKey]:
    """The cluster key of every row of a table of mentions, one object per distinct key."""
    columns = (table.column(c).to_pylist() for c in KEY_COLUMNS)
    keys = (identity_key(*values) for values in zip(*columns, strict=True))
    # Rows share few keys: one key object each, rather than three tuples and their strings per
    # row, held while the table's keys are clustered one by one.
    distinct: dict[ClusterKey, ClusterKey] = {}
    return [distinct.setdefault(key, key) for key in keys]


def _sortable(key: ClusterKey) -> tuple[tuple[bool, str], ...]:
    """A total order on keys, nulls first."""
    (first_country, first_org), (second_country, second_org), family = key
    values = (first_country, first_org, second_country, second_org, family)
    return tuple((value is not None, value or "") for value in values)


def mention_groups(mentions: pa.Table) -> Iterator[pa.Table]:
    """Slices of an event_mentions table, one per cluster key (in key order)."""
    if mentions.num_rows == 0:
        return
    ordered, bounds = _sorted_by_key(mentions)
    for start, end in itertools.pairwise(bounds):
        yield ordered.slice(start, end - start)


def _sorted_by_key(mentions: pa.Table) -> tuple[pa.Table, list[int]]:
    """The rows sorted by cluster key (then position), and where each key's rows start and end.

    The per-row keys are dropped on return, before any key is clustered.
    """
    keys = _row_keys(mentions)
    order = sorted(range(len(keys)), key=lambda row: (_sortable(keys[row]), row))
    # One take, then zero-copy slices: a take per key would copy the table once per key.
    ordered = mentions.take(order)
    starts = (n for n in range(1, len(order)) if keys[order[n]] != keys[order[n - 1]])
    return ordered, [0, *starts, len(order)]


def cluster_event_table(
    mentions: pa.Table,
    *,
    unclustered: list[str] | None = None,
    keep: ClusterFilter | None = None,
) -> pa.Table:
    """`cluster_events` over an Arrow table of mentions, one cluster key at a time.

    Clusters never span keys, so each key's mentions are clustered on their own and only one
    key's rows are ever Python objects, and those only as `MentionFacts`: memory stays bounded
    by the largest key, not the corpus. The result is the same table `cluster_events` gives,
    in the same order.

    Each key is a fault boundary: if clustering its mentions raises, each of them becomes an
    event of its own (or, if even that fails, none), its mention_id is added to `unclustered`,
    and the other keys are clustered as ever.
    """
    events = TableBuilder(EventRecord)
    for group in mention_groups(mentions):
        rows, by_key = table_facts(group)
        try:
            events.extend(_clustered(by_key, keep))
        except Exception as error:  # one key's odd rows must not cost the batch its events
            logger.warning(
                "could not cluster %d mentions (%r); each stands alone", len(rows), error
            )
            events.extend(_singleton_events([m for m in rows if keep is None or keep([m])]))
            if unclustered is not None:
                unclustered.extend(sorted(m.mention_id for m in rows))
    table = events.build()
    return table.sort_by([(column, "ascending") for column in ORDER_COLUMNS])


def _singleton_events(mentions: Sequence[MentionFacts]) -> Iterator[EventRecord]:
    for mention in mentions:
        try:
            yield _event(mention.key, [mention])
        except Exception as error:  # the mention stays in event_mentions, and is counted
            logger.warning("mention %s makes no event: %r", mention.mention_id, error)


#: Mentions clustered in memory at once when a table is clustered bucket by bucket: about
#: 12 MB of Arrow and, for the key being clustered, the `MentionFacts` of its rows.
ROWS_PER_BUCKET = 25_000
#: Rows a bucket holds in memory before writing them out; every bucket has that many pending.
_BUCKET_CHUNK_ROWS = 1024


def cluster_event_source(
    mentions: TableLike,
    *,
    rows_per_bucket: int = ROWS_PER_BUCKET,
    unclustered: list[str] | None = None,
    keep: ClusterFilter | None = None,
) -> SpooledTable:
    """`cluster_event_table` over a table of any size, in memory bounded by `rows_per_bucket`.

    The mentions are read a batch at a time and spread over `ceil(rows / rows_per_bucket)`
    buckets by a stable hash of their cluster key, each in a local spool file. Each bucket is
    clustered on its own into a run sorted by (first_seen, event_id), and the runs are merged
    a few rows of each at a time. Clusters never span keys and a key never spans buckets, so
    the result is the table `cluster_event_table` gives for the whole input, row for row.

    Mentions that could not be clustered (see `cluster_event_table`) are added to
    `unclustered`; `keep` chooses the clusters that become rows (see `cluster_events`).

    Returns:
        The events in a local spooled file, which the caller closes once written.
    """
    source = as_table_source(mentions)
    buckets = max(1, math.ceil(source.num_rows / rows_per_bucket))
    if buckets == 1:
        with TableSpool(EventRecord) as spool:
            spool.append_table(
                cluster_event_table(source.read(), unclustered=unclustered, keep=keep)
            )
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
                run.append_table(
                    cluster_event_table(bucket.read(), unclustered=unclustered, keep=keep)
                )
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
    rows: dict[int, list[int]] = defaultdict(list)
    for row, key in enumerate(_row_keys(batch)):
        # crc32 rather than hash(): str hashes change from one process to the next.
        rows[zlib.crc32(repr(key).encode()) % buckets].append(row)
    return rows
