"""Blocking asset checks: every table matches its schema and has unique ids."""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ValidationError

from pipeline.coding.event_dates import plausible_event_date
from schemas.arrow import TABLE_SCHEMAS, rows_from_table
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


def _schema_check(table_name: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table_name,
        name=f"{table_name}_match_schema",
        blocking=True,
        description=f"Every `{table_name}` row validates against its pydantic model and the "
        "Parquet schema equals the one derived from it.",
    )
    def check(table: pa.Table) -> dg.AssetCheckResult:
        expected = TABLE_SCHEMAS[table_name]
        same_schema = table.schema.equals(expected, check_metadata=False)
        errors = 0
        try:
            rows_from_table(table, TABLE_MODELS[table_name])
        except ValidationError as error:
            errors = error.error_count()
        return dg.AssetCheckResult(
            passed=same_schema and errors == 0,
            metadata={"schema_matches": same_schema, "invalid_rows": errors},
        )

    return check


def _unique_check(table_name: str) -> dg.AssetChecksDefinition:
    id_column = TABLE_IDS[table_name]

    @dg.asset_check(
        asset=table_name,
        name=f"{table_name.removesuffix('s')}_ids_are_unique",
        blocking=True,
        description=f"`{id_column}` identifies each `{table_name}` row.",
    )
    def check(table: pa.Table) -> dg.AssetCheckResult:
        total = table.num_rows
        distinct = len(pc.unique(table[id_column])) if total else 0
        return dg.AssetCheckResult(
            passed=distinct == total,
            metadata={"rows": total, "distinct_ids": distinct, "duplicates": total - distinct},
        )

    return check


def _goldstein_check() -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset="event_mentions",
        name="goldstein_in_range",
        blocking=True,
        description="Goldstein weights lie in [-10, 10].",
    )
    def check(event_mentions: pa.Table) -> dg.AssetCheckResult:
        values = event_mentions["goldstein"]
        low = pc.min(values).as_py() if event_mentions.num_rows else None
        high = pc.max(values).as_py() if event_mentions.num_rows else None
        ok = low is None or (low >= -10 and high is not None and high <= 10)
        return dg.AssetCheckResult(
            passed=bool(ok), metadata={"min": low, "max": high, "threshold": "[-10, 10]"}
        )

    return check


def _event_dates_check() -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset="event_mentions",
        name="event_dates_are_plausible",
        description="Events that occurred are dated no later than publication (at their "
        "precision) and none before 1945.",
    )
    def check(event_mentions: pa.Table) -> dg.AssetCheckResult:
        implausible = sum(
            1
            for row in event_mentions.select(
                ["event_date", "event_date_precision", "publication_date", "modality"]
            ).to_pylist()
            if not plausible_event_date(
                row["event_date"],
                row["event_date_precision"],
                row["publication_date"],
                row["modality"],
            )
        )
        return dg.AssetCheckResult(
            passed=implausible == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"implausible": implausible, "rows": event_mentions.num_rows, "threshold": 0},
        )

    return check


def _resolution_check(threshold: float = 0.5) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset="actor_mentions",
        name="actor_mentions_mostly_resolved",
        description=f"At least {threshold:.0%} of actor mentions resolve to a state or IGO.",
    )
    def check(actor_mentions: pa.Table) -> dg.AssetCheckResult:
        total = actor_mentions.num_rows
        resolved = total - actor_mentions["actor_country"].null_count if total else 0
        share = resolved / total if total else 1.0
        return dg.AssetCheckResult(
            passed=share >= threshold,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"resolved_share": round(share, 4), "threshold": threshold, "rows": total},
        )

    return check


CHECKS: Sequence[dg.AssetChecksDefinition] = [
    *(_schema_check(name) for name in TABLE_IDS),
    *(_unique_check(name) for name in TABLE_IDS),
    _goldstein_check(),
    _event_dates_check(),
    _resolution_check(),
]


@dg.definitions
def checks() -> dg.Definitions:
    """The table checks."""
    return dg.Definitions(asset_checks=CHECKS)
