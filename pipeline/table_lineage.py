"""Which run wrote each table of a batch, from what input, and whether the tables belong together.

Every Parquet file the warehouse holds records three keys in its schema (footer) metadata, next
to the column descriptions:

- `attache.run_id`: the Dagster run that wrote the file;
- `attache.input_fingerprint`: a digest of the raw input the batch was built from (see
  `ingest_fingerprint`); a table computed from another carries its upstream's fingerprint;
- `attache.upstream`: JSON, for each table this one was computed from, the run id that the
  upstream file recorded when it was read.

The six tables of a batch are written one after another, so a process killed between two
writes leaves, say, a new `actor_mentions` beside an old `event_mentions`. `find_inconsistencies`
tells from the footers alone: a table whose recorded upstream run is no longer the run in that
upstream file was built from a version of its input that has since been replaced. Re-running
only a downstream table later is fine: its upstream run ids still match.

Pure: no Dagster, no I/O beyond reading the tables it is handed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.arrow import TableLike, as_table_source

RUN_ID_KEY = "attache.run_id"
INPUT_FINGERPRINT_KEY = "attache.input_fingerprint"
UPSTREAM_KEY = "attache.upstream"
#: The lineage keys of the footer metadata; everything else there (the model's name and
#: docstring, pyarrow's own `ARROW:schema`) is left as it was.
LINEAGE_KEYS = (RUN_ID_KEY, INPUT_FINGERPRINT_KEY, UPSTREAM_KEY)
#: pyarrow stores the whole Arrow schema, metadata included, base64-encoded under this key.
ARROW_SCHEMA_KEY = "ARROW:schema"
#: Rows read at a time when the ingest tables are fingerprinted.
FINGERPRINT_BATCH_ROWS = 65_536

InconsistencyKind = Literal[
    "missing", "unrecorded", "stale_upstream", "split_write", "mixed_inputs"
]


@dataclass(frozen=True)
class TableLineage:
    """What one table's file records about the run that wrote it and what it was built from."""

    run_id: str
    input_fingerprint: str | None = None
    upstream: Mapping[str, str] = field(default_factory=dict)
    """Run id of each upstream table, as recorded in that table's file when it was read."""

    def to_metadata(self) -> dict[str, str]:
        """The footer metadata entries for this lineage (no fingerprint key when unknown)."""
        metadata = {RUN_ID_KEY: self.run_id}
        if self.input_fingerprint is not None:
            metadata[INPUT_FINGERPRINT_KEY] = self.input_fingerprint
        # Sorted keys, so the same lineage always serialises to the same bytes.
        metadata[UPSTREAM_KEY] = json.dumps(dict(self.upstream), sort_keys=True)
        return metadata

    @classmethod
    def from_metadata(
        cls, metadata: Mapping[bytes, bytes] | Mapping[str, str] | None
    ) -> TableLineage | None:
        """The lineage recorded in a file's schema metadata, or None when none was.

        Args:
            metadata: `pyarrow.Schema.metadata` (bytes keys) or a plain mapping of strings.

        Raises:
            ValueError: when `attache.upstream` is not a JSON object of strings.
        """
        entries = _as_text(metadata)
        run_id = entries.get(RUN_ID_KEY)
        if run_id is None:
            return None
        upstream = json.loads(entries.get(UPSTREAM_KEY, "{}"))
        if not isinstance(upstream, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in upstream.items()
        ):
            raise ValueError(f"{UPSTREAM_KEY} is not a JSON object of run ids: {upstream!r}")
        return cls(run_id, entries.get(INPUT_FINGERPRINT_KEY), upstream)


def _as_text(metadata: Mapping[bytes, bytes] | Mapping[str, str] | None) -> dict[str, str]:
    return {
        (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
        for k, v in (metadata or {}).items()
    }


def lineage_for_output(
    run_id: str,
    upstream: Mapping[str, TableLineage | None],
    fingerprint: str | None = None,
) -> TableLineage:
    """The lineage of a table a step writes, from the upstream tables it read.

    Args:
        run_id: The run writing the table.
        upstream: The lineage each upstream file recorded when the step read it (None for a
            file that recorded none: it is then listed with an empty run id, so the check
            still sees that the table was built from something unrecorded).
        fingerprint: The input fingerprint the step computed itself (ingest does); when
            None, the upstream tables' fingerprint is inherited.

    Returns:
        The lineage to record in the file.
    """
    if fingerprint is None:
        inherited = sorted(
            {u.input_fingerprint for u in upstream.values() if u and u.input_fingerprint}
        )
        # Inputs built from different raw inputs give a combined value, which no other table
        # of the batch carries, so the check reports the mix rather than hiding it.
        fingerprint = "+".join(inherited) if inherited else None
    runs = {name: (lineage.run_id if lineage else "") for name, lineage in upstream.items()}
    return TableLineage(run_id, fingerprint, runs)


def input_fingerprint(files: Iterable[tuple[str, int | None, str | None]]) -> str:
    """A digest of a set of input files, independent of their order.

    Args:
        files: `(source_file, size_bytes, content_sha256)` of each file; a missing size or
            digest is None.

    Returns:
        64 hex digits: SHA-256 over the sorted per-file digests.
    """
    # One 32-byte digest per file rather than the tuples themselves: a batch of 250,000 files
    # then costs some 16 MB while the digests are sorted.
    digests = sorted(
        hashlib.sha256(json.dumps(list(entry), separators=(",", ":")).encode()).digest()
        for entry in files
    )
    total = hashlib.sha256()
    for digest in digests:
        total.update(digest)
    return total.hexdigest()


def ingest_fingerprint(articles: TableLike, rejects: TableLike) -> str:
    """The fingerprint of the raw input of a batch, from the two tables ingest made of it.

    Every raw file ingest listed is one row of `articles` or of `article_rejects`, which record
    its relative name and a digest: for an article, the SHA-256 of its normalised text (what
    every later table is built from; articles record no size), for a reject its size and the
    SHA-256 of its raw bytes when they could be read. The same input gives the same
    fingerprint on every run, and anyone can recompute it from the two tables.

    Args:
        articles: The `articles` table (`source_file`, `content_sha256` are read).
        rejects: The `article_rejects` table (`source_file`, `size_bytes`, `content_sha256`).

    Returns:
        See `input_fingerprint`.
    """

    def entries() -> Iterable[tuple[str, int | None, str | None]]:
        for table in (articles, rejects):
            source = as_table_source(table)
            has_size = "size_bytes" in source.schema.names
            columns = ["source_file", "content_sha256", *(["size_bytes"] if has_size else [])]
            for batch in source.iter_batches(columns, batch_size=FINGERPRINT_BATCH_ROWS):
                for row in batch.to_pylist():
                    yield row["source_file"], row.get("size_bytes"), row["content_sha256"]

    return input_fingerprint(entries())


@dataclass(frozen=True)
class Inconsistency:
    """One reason the tables of a batch do not belong together."""

    kind: InconsistencyKind
    tables: tuple[str, ...]
    """The tables at fault (built from a replaced input, unrecorded, missing, ...)."""
    message: str
    run_ids: Mapping[str, str] = field(default_factory=dict)
    """Run ids that show it: of each table named, and of the upstream runs involved."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for check metadata."""
        return {
            "kind": self.kind,
            "tables": list(self.tables),
            "message": self.message,
            "run_ids": dict(self.run_ids),
        }


def find_inconsistencies(
    lineages: Mapping[str, TableLineage | None],
    *,
    expected: Collection[str] = (),
    written_together: Iterable[Collection[str]] = (),
) -> list[Inconsistency]:
    """Why the tables of one batch do not belong together; empty when they do.

    Args:
        lineages: The lineage of each table that has a file, by table name; None for a file
            that records none (written before lineage was recorded, or by another tool).
        expected: Tables the batch should have; one without a file is reported `missing`.
        written_together: Groups of tables one step always writes together (a multi-asset that
            cannot be subset); different run ids within a group mean the step was cut short
            between two writes (`split_write`).

    Returns:
        In order: missing tables, unrecorded ones, tables built from an upstream version that
        has since been replaced (`stale_upstream`), split writes, and tables built from
        different raw inputs (`mixed_inputs`).
    """
    found: list[Inconsistency] = []
    missing = tuple(sorted(set(expected) - set(lineages)))
    if missing:
        found.append(
            Inconsistency("missing", missing, f"no file for {', '.join(missing)} in this batch")
        )
    recorded = {name: lineage for name, lineage in lineages.items() if lineage is not None}
    unrecorded = tuple(sorted(set(lineages) - set(recorded)))
    if unrecorded:
        found.append(
            Inconsistency(
                "unrecorded",
                unrecorded,
                f"{', '.join(unrecorded)} record no run id (written before lineage was kept, "
                "or by another writer)",
            )
        )
    for name in sorted(recorded):
        lineage = recorded[name]
        for upstream, read_run in sorted(lineage.upstream.items()):
            current = recorded.get(upstream)
            if current is None or current.run_id == read_run:
                continue  # consistent, or its absence is reported above
            found.append(
                Inconsistency(
                    "stale_upstream",
                    (name,),
                    f"{name} (run {lineage.run_id}) was built from {upstream} of run "
                    f"{read_run or 'unrecorded'}, but {upstream} is now run {current.run_id}'s",
                    {
                        name: lineage.run_id,
                        f"{upstream} when read": read_run,
                        upstream: current.run_id,
                    },
                )
            )
    for group in written_together:
        runs = {name: recorded[name].run_id for name in sorted(group) if name in recorded}
        if len(set(runs.values())) > 1:
            found.append(
                Inconsistency(
                    "split_write",
                    tuple(runs),
                    f"{', '.join(runs)} are written by one step but come from different runs",
                    runs,
                )
            )
    mixed = _mixed_inputs(recorded)
    if mixed is not None:
        found.append(mixed)
    return found


def _mixed_inputs(recorded: Mapping[str, TableLineage]) -> Inconsistency | None:
    by_fingerprint: dict[str, list[str]] = {}
    for name in sorted(recorded):
        fingerprint = recorded[name].input_fingerprint
        if fingerprint is not None:
            by_fingerprint.setdefault(fingerprint, []).append(name)
    if len(by_fingerprint) < 2:
        return None
    # The tables read straight from the raw files (no upstream) say what the input is now;
    # the others are at fault when they differ. Should those disagree too, all are named.
    roots = {
        recorded[n].input_fingerprint
        for names in by_fingerprint.values()
        for n in names
        if not recorded[n].upstream
    }
    at_fault = sorted(
        name
        for fingerprint, names in by_fingerprint.items()
        for name in names
        if len(roots) != 1 or fingerprint not in roots
    )
    groups = "; ".join(
        f"{', '.join(names)} from input {fingerprint[:12]}"
        for fingerprint, names in sorted(by_fingerprint.items(), key=lambda item: item[1])
    )
    return Inconsistency(
        "mixed_inputs",
        tuple(at_fault),
        f"the tables were built from {len(by_fingerprint)} different inputs: {groups}",
        {name: recorded[name].run_id for name in at_fault},
    )


def without_run_ids(metadata: Mapping[bytes, bytes] | Mapping[str, str] | None) -> dict[str, str]:
    """Schema metadata with what differs from run to run taken out, the rest kept.

    The run id is dropped and `attache.upstream` keeps the names of the upstream tables but
    not their run ids, so two runs on the same input give equal results.
    """
    entries = _as_text(metadata)
    entries.pop(RUN_ID_KEY, None)
    entries.pop(ARROW_SCHEMA_KEY, None)  # holds the run id again, serialised; compared apart
    if UPSTREAM_KEY in entries:
        entries[UPSTREAM_KEY] = json.dumps(sorted(json.loads(entries[UPSTREAM_KEY])))
    return entries


@dataclass(frozen=True)
class RunIndependentContent:
    """Everything a Parquet file holds except the run ids in its footer.

    Two runs on the same input write files whose rows, and every byte of their data pages, are
    the same, but whose footers name different runs; compare these instead of the bytes.
    """

    data_pages: bytes
    """Every byte before the footer: the column chunks, pages and page indexes."""
    footer: Mapping[str, object]
    """The footer's structure: row groups, column chunk offsets, sizes, statistics."""
    metadata: dict[str, str]
    """The key-value metadata, through `without_run_ids`."""
    arrow_schema: bytes
    """The Arrow schema (fields, types, field metadata) with `without_run_ids` metadata."""


def run_independent_content(data: bytes) -> RunIndependentContent:
    """What a Parquet file holds apart from the run ids, for comparing two runs' files.

    Args:
        data: The whole file.
    """
    # A Parquet file ends with the footer, its length (4 bytes, little-endian) and "PAR1".
    footer_length = int.from_bytes(data[-8:-4], "little")
    parquet = pq.ParquetFile(pa.BufferReader(data))
    schema = parquet.schema_arrow
    stripped = without_run_ids(schema.metadata)
    return RunIndependentContent(
        data_pages=data[: len(data) - 8 - footer_length],
        footer=parquet.metadata.to_dict(),
        metadata=without_run_ids(parquet.metadata.metadata),
        arrow_schema=schema.with_metadata(stripped).serialize().to_pybytes(),
    )
