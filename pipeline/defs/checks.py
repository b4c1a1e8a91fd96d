"""Asset checks, reported inline by the asset that writes each table (one partition at a time).

Each table gets blocking checks that it matches its schema and that its ids are unique; some
get more. Checks are emitted by the asset itself (`check_specs=` plus yielded results) rather
than defined apart, because a separate check on a partitioned asset would load every
partition of it, not the one just written.

A check reads only what it needs from the table, which may be in memory, spooled to a local
file or stored in the warehouse (any `schemas.arrow.TableLike`): the schema check validates a
slice at a time, the id check reads the id column alone, and so on. Checking a large partition
then costs about as much memory as checking a small one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import dagster as dg
import numpy as np
import pyarrow.compute as pc

from pipeline.coding.event_dates import plausible_event_date
from schemas.arrow import TABLE_SCHEMAS, TableLike, TableSource, as_table_source, count_invalid_rows
from schemas.records import TABLE_MODELS

#: The key column of each table.
TABLE_IDS = {
    "articles": "article_id",
    "article_rejects": "reject_id",
    "actor_mentions": "actor_mention_id",
    "event_mentions": "mention_id",
    "events": "event_id",
    "dyad_day": "dyad_day_id",
}
RESOLVED_SHARE_THRESHOLD = 0.5

#: Rows per slice when a check turns rows into Python objects.
CHECK_BATCH_ROWS = 4096
#: Ids read per slice by the uniqueness check.
ID_BATCH_ROWS = 65_536
#: The ids `pipeline.provenance.stable_id` makes: 64 bits in hex.
_HEX_ID = re.compile(r"[0-9a-f]{16}")

CheckFunction = Callable[[TableSource], dg.AssetCheckResult]


def _matches_schema(table_name: str) -> CheckFunction:
    def check(table: TableSource) -> dg.AssetCheckResult:
        same_schema = table.schema.equals(TABLE_SCHEMAS[table_name], check_metadata=False)
        errors = count_invalid_rows(table, TABLE_MODELS[table_name])
        return dg.AssetCheckResult(
            passed=same_schema and errors == 0,
            metadata={"schema_matches": same_schema, "invalid_rows": errors},
        )

    return check


def _ids_unique(table_name: str) -> CheckFunction:
    id_column = TABLE_IDS[table_name]

    def check(table: TableSource) -> dg.AssetCheckResult:
        total = table.num_rows
        distinct = count_distinct_ids(table, id_column) if total else 0
        return dg.AssetCheckResult(
            passed=distinct == total,
            metadata={"rows": total, "distinct_ids": distinct, "duplicates": total - distinct},
        )

    return check


def count_distinct_ids(table: TableSource, column: str) -> int:
    """Distinct values of an id column, read a batch at a time.

    Ids made by `stable_id` are 16 hex digits and are held as 8-byte integers in one array,
    sorted in place and counted by their changes: about 9 bytes an id at the peak, where the
    strings, a hash table of them or `np.unique`'s copies would cost several times that and
    grow the process by tens of megabytes on a large partition. Other values are kept as they
    are.
    """
    numbers = np.empty(table.num_rows, dtype=np.uint64)
    filled = 0
    others: set[str | None] = set()
    for batch in table.iter_batches([column], batch_size=ID_BATCH_ROWS):
        packed: list[int] = []
        for value in batch.column(0).to_pylist():
            if isinstance(value, str) and _HEX_ID.fullmatch(value):
                packed.append(int(value, 16))
            else:
                others.add(value)
        numbers[filled : filled + len(packed)] = packed
        filled += len(packed)
    ids = numbers[:filled]
    ids.sort()
    distinct = int(np.count_nonzero(ids[1:] != ids[:-1])) + 1 if filled else 0
    return distinct + len(others)


def _goldstein_in_range(table: TableSource) -> dg.AssetCheckResult:
    goldstein = table.column("goldstein") if table.num_rows else None
    low = pc.min(goldstein).as_py() if goldstein is not None else None
    high = pc.max(goldstein).as_py() if goldstein is not None else None
    ok = low is None or (low >= -10 and high is not None and high <= 10)
    return dg.AssetCheckResult(
        passed=bool(ok), metadata={"min": low, "max": high, "threshold": "[-10, 10]"}
    )


def _event_dates_plausible(table: TableSource) -> dg.AssetCheckResult:
    columns = ["event_date", "event_date_precision", "publication_date", "modality"]
    # Slice by slice: a large partition is never turned into Python rows all at once.
    implausible = sum(
        1
        for batch in table.iter_batches(columns, batch_size=CHECK_BATCH_ROWS)
        for row in batch.to_pylist()
        if not plausible_event_date(
            row["event_date"], row["event_date_precision"], row["publication_date"], row["modality"]
        )
    )
    return dg.AssetCheckResult(
        passed=implausible == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"implausible": implausible, "rows": table.num_rows, "threshold": 0},
    )


def _mostly_resolved(table: TableSource) -> dg.AssetCheckResult:
    total = table.num_rows
    resolved = total - table.column("actor_country").null_count if total else 0
    share = resolved / total if total else 1.0
    return dg.AssetCheckResult(
        passed=share >= RESOLVED_SHARE_THRESHOLD,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "resolved_share": round(share, 4),
            "threshold": RESOLVED_SHARE_THRESHOLD,
            "rows": total,
        },
    )


def _checks(table_name: str) -> list[tuple[dg.AssetCheckSpec, CheckFunction]]:
    """Every check of one table: its spec (name, blocking, description) and its function."""
    id_column = TABLE_IDS[table_name]
    checks = [
        (
            dg.AssetCheckSpec(
                f"{table_name}_match_schema",
                asset=table_name,
                blocking=True,
                description=f"Every `{table_name}` row validates against its pydantic model "
                "and the Parquet schema equals the one derived from it.",
            ),
            _matches_schema(table_name),
        ),
        (
            dg.AssetCheckSpec(
                f"{table_name.removesuffix('s')}_ids_are_unique",
                asset=table_name,
                blocking=True,
                description=f"`{id_column}` identifies each `{table_name}` row.",
            ),
            _ids_unique(table_name),
        ),
    ]
    if table_name == "event_mentions":
        checks += [
            (
                dg.AssetCheckSpec(
                    "goldstein_in_range",
                    asset=table_name,
                    blocking=True,
                    description="Goldstein weights lie in [-10, 10].",
                ),
                _goldstein_in_range,
            ),
            (
                dg.AssetCheckSpec(
                    "event_dates_are_plausible",
                    asset=table_name,
                    description="Events that occurred are dated no later than publication "
                    "(at their precision) and none before 1945.",
                ),
                _event_dates_plausible,
            ),
        ]
    if table_name == "actor_mentions":
        checks.append(
            (
                dg.AssetCheckSpec(
                    "actor_mentions_mostly_resolved",
                    asset=table_name,
                    description=f"At least {RESOLVED_SHARE_THRESHOLD:.0%} of actor mentions "
                    "resolve to a state or IGO.",
                ),
                _mostly_resolved,
            )
        )
    return checks


def table_check_specs(*table_names: str) -> list[dg.AssetCheckSpec]:
    """The check specs an asset writing these tables declares."""
    return [spec for name in table_names for spec, _ in _checks(name)]


def table_check_results(table_name: str, table: TableLike) -> Iterator[dg.AssetCheckResult]:
    """Run every check of a table on what the asset writes (in memory, spooled or stored)."""
    source = as_table_source(table)
    for spec, check in _checks(table_name):
        result = check(source)
        yield dg.AssetCheckResult(
            check_name=spec.name,
            asset_key=table_name,
            passed=result.passed,
            severity=result.severity,
            metadata=result.metadata,
        )
