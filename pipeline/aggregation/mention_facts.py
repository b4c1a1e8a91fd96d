"""The few fields of an event mention that clustering reads, kept light for keys of many rows.

Clustering (`pipeline.aggregation.event_clusters`) holds one cluster key's mentions in memory
at once, and a key can have thousands of them: a sentence that many articles repeat. As
EventMention objects they cost about 3 KB each, mostly text no rule reads; as `MentionFacts`
a tenth of that. The fields an event takes from its chosen mention (names, CAMEO fields,
location, ...) are read back from that mention's full row, which each fact can fetch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urlsplit

import pyarrow as pa

from pipeline.aggregation.event_identity import IdentityKey, mention_identity_key
from schemas.arrow import iter_rows
from schemas.records import EventMention


def source_of(source_file: str) -> str:
    """The news source a raw file came from: its first folder, else the file itself.

    Args:
        source_file: Path relative to the input directory, '/'-separated.

    Returns:
        "reuters" for "reuters/2024/a.txt"; "a.txt" for "a.txt".
    """
    head, sep, _ = source_file.partition("/")
    return head if sep else source_file


def mention_source(mention: EventMention) -> str:
    """The news source of a mention: its publisher, else its URL's host, else `source_of`.

    A dump gives the publisher or at least the URL of each record, and all of them sit in one
    file, so the file name says nothing there; `.txt` corpora give neither, and their folders
    stand for the source as before. Names are compared without case, and hosts without a
    leading `www.`, so "Reuters" and "reuters", "www.bbc.co.uk" and "bbc.co.uk" are one source.
    """
    if mention.publisher and mention.publisher.strip():
        return mention.publisher.strip().casefold()
    if mention.source_url:
        try:
            host = urlsplit(mention.source_url.strip()).hostname
        except ValueError:  # a malformed URL ("http://[::1") names no host
            host = None
        if host:
            return host.removeprefix("www.")
    return source_of(mention.source_file)


class MentionFacts(NamedTuple):
    """What clustering and an event's dates and counts read of one mention."""

    mention_id: str
    article_id: str
    publication_date: dt.date
    cameo_code: str
    modality: str
    event_date: dt.date | None
    event_date_precision: str
    event_date_source: str
    confidence: float
    source_url: str | None
    publisher: str | None
    #: `mention_source` of the mention.
    news_source: str
    #: The parties and act family (`event_identity.mention_identity_key`).
    key: IdentityKey
    #: The mention's position in the input it was read from.
    row: int
    #: The full row at each position of that input.
    rows: Callable[[int], EventMention]

    def mention(self) -> EventMention:
        """The full row this mention was read from."""
        return self.rows(self.row)


class FactReader:
    """Makes the MentionFacts of rows, sharing one object among the rows that repeat a value.

    Each row read from Arrow has its own copy of every string and date; codes, modalities,
    dates, articles and keys repeat across a key's mentions, so one copy of each is kept.
    """

    def __init__(self, rows: Callable[[int], EventMention]) -> None:
        """Read rows of an input whose full row at each position `rows` gives."""
        self._rows = rows
        self._strings: dict[str, str] = {}
        self._dates: dict[dt.date, dt.date] = {}
        self._keys: dict[IdentityKey, IdentityKey] = {}

    def facts(self, mention: EventMention, row: int) -> MentionFacts:
        """The facts of the mention at position `row` of the input."""
        strings, dates = self._strings, self._dates
        key = mention_identity_key(mention)
        news_source = mention_source(mention)
        event_date = mention.event_date
        return MentionFacts(
            mention_id=mention.mention_id,
            article_id=strings.setdefault(mention.article_id, mention.article_id),
            publication_date=dates.setdefault(mention.publication_date, mention.publication_date),
            cameo_code=strings.setdefault(mention.cameo_code, mention.cameo_code),
            modality=strings.setdefault(mention.modality, mention.modality),
            event_date=None if event_date is None else dates.setdefault(event_date, event_date),
            event_date_precision=strings.setdefault(
                mention.event_date_precision, mention.event_date_precision
            ),
            event_date_source=strings.setdefault(
                mention.event_date_source, mention.event_date_source
            ),
            confidence=mention.confidence,
            source_url=self._shared(mention.source_url),
            publisher=self._shared(mention.publisher),
            news_source=strings.setdefault(news_source, news_source),
            key=self._keys.setdefault(key, key),
            row=row,
            rows=self._rows,
        )

    def _shared(self, value: str | None) -> str | None:
        return None if value is None else self._strings.setdefault(value, value)


class DistinctRows:
    """Tells the rows that repeat an earlier row exactly, as `dict.fromkeys` would, by hash.

    Only the first row of each hash is remembered, as its facts; a row whose hash is known is
    compared in full with the rows read back, so a hash collision never merges distinct rows.
    """

    def __init__(self) -> None:
        """Start with no row seen."""
        self._first: dict[int, MentionFacts] = {}
        self._more: dict[int, list[MentionFacts]] = {}

    def is_new(self, mention: EventMention, facts: MentionFacts) -> bool:
        """Whether no earlier row equals this one (it is then remembered)."""
        digest = hash(mention)
        first = self._first.get(digest)
        if first is None:
            self._first[digest] = facts
            return True
        earlier = [first, *self._more.get(digest, [])]
        if any(other.mention() == mention for other in earlier):
            return False
        self._more.setdefault(digest, []).append(facts)
        return True


#: Rows of a key's table up to which its validated rows are kept whole (about 3.3 KB each).
KEPT_ROWS = 1000


def table_facts(
    mentions: pa.Table,
) -> tuple[list[MentionFacts], dict[IdentityKey, list[MentionFacts]]]:
    """The facts of every row of a table of mentions, and of its distinct rows by key.

    Every row is validated as an EventMention (an invalid row fails the table, as it would
    read as rows), but only its facts are kept; a full row is read again when it is needed.

    Returns:
        The facts of every row, in table order; and those of the first of each set of exactly
        equal rows, by key, in table order.
    """
    names, columns = mentions.column_names, mentions.columns
    # A small table's validated rows are kept, so an event's full row costs nothing more; a
    # large one's are read again when needed, which keeps memory bounded by the facts.
    kept: list[EventMention] | None = [] if mentions.num_rows <= KEPT_ROWS else None

    def full_row(row: int) -> EventMention:
        if kept is not None:
            return kept[row]
        # Cell by cell: converting a one-row slice costs four times as much, once per event.
        cells = zip(names, columns, strict=True)
        return EventMention.model_validate({name: column[row].as_py() for name, column in cells})

    reader, distinct = FactReader(full_row), DistinctRows()
    rows: list[MentionFacts] = []
    by_key: dict[IdentityKey, list[MentionFacts]] = defaultdict(list)
    for row, mention in enumerate(iter_rows(mentions, EventMention)):
        if kept is not None:
            kept.append(mention)
        facts = reader.facts(mention, row)
        rows.append(facts)
        if distinct.is_new(mention, facts):
            by_key[facts.key].append(facts)
    return rows, by_key
