"""Pins the table checks: the same results whether a table is in memory, spooled or stored.

Each check reads only what it needs (a column, or a slice at a time), so it must not matter
where the rows are; the results on one table in each form are compared field by field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipeline.defs.checks import count_distinct_ids, table_check_results
from pipeline.storage import Location
from pipeline.warehouse import StoredTable, write_parquet
from schemas.arrow import TableLike, TableSpool, as_table_source, to_arrow_table
from schemas.records import ActorMention, EventMention


def _event(mention_id: str, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "mention_id": mention_id,
        "article_id": "a1",
        "source_file": "x/y.txt",
        "publication_date": dt.date(2024, 11, 19),
        "sentence_index": 0,
        "sentence_text": "Putin met Modi.",
        "char_start": 6,
        "char_end": 9,
        "trigger_text": "met",
        "source_name": "Putin",
        "source_country": "RUS",
        "source_org": None,
        "source_sector": "GOV",
        "target_name": "Modi",
        "target_country": "IND",
        "target_org": None,
        "target_sector": "GOV",
        "cameo_code": "040",
        "cameo_root": "04",
        "event_label": "Consult",
        "quad_class": 1,
        "goldstein": 1.0,
        "plover_type": "CONSULT",
        "plover_mode": None,
        "modality": "occurred",
        "event_date": dt.date(2024, 11, 19),
        "event_date_precision": "day",
        "event_date_text": None,
        "event_date_source": "publication",
        "location_name": None,
        "location_country": None,
        "latitude": None,
        "longitude": None,
        "geonames_id": None,
        "confidence": 0.8,
        "coder_version": "test",
    }
    row.update(overrides)
    return row


def _with_column(table: pa.Table, name: str, values: list[Any]) -> pa.Table:
    index = table.schema.get_field_index(name)
    field = table.schema.field(name)
    return table.set_column(index, field, pa.array(values, field.type))


def _broken_event_mentions() -> pa.Table:
    """Six mentions: one id repeated, two Goldstein weights out of range, one dated in 2030."""
    ids = ["m0", "m1", "m2", "m3", "m4", "m4"]
    rows = [_event(i) for i in ids]
    table = to_arrow_table(rows, EventMention)  # type: ignore[arg-type]
    table = _with_column(table, "goldstein", [1.0, 12.0, -3.0, -11.0, 0.0, 2.0])
    dates = [dt.date(2024, 11, 19)] * 5 + [dt.date(2030, 1, 1)]
    return _with_column(table, "event_date", dates)


def _actor_mentions(countries: list[str | None]) -> pa.Table:
    rows = [
        {
            "actor_mention_id": f"am{i}",
            "article_id": "a1",
            "sentence_index": 0,
            "char_start": i,
            "char_end": i + 1,
            "mention_text": "x",
            "actor_name": None,
            "actor_country": country,
            "actor_org": None,
            "actor_sector": None,
            "actor_role": None,
            "resolution": "country" if country else "unresolved",
        }
        for i, country in enumerate(countries)
    ]
    return to_arrow_table(rows, ActorMention)  # type: ignore[arg-type]


def _results(table_name: str, table: TableLike) -> list[tuple[Any, ...]]:
    return [
        (r.check_name, r.passed, r.severity, {k: v.value for k, v in r.metadata.items()})
        for r in table_check_results(table_name, table)
    ]


def _forms(table: pa.Table, model: type[Any], tmp_path: Path) -> Iterator[TableLike]:
    """The same rows in memory, spooled to a local file, and stored in the warehouse."""
    yield table
    spool = TableSpool(model, chunk_rows=2, directory=tmp_path)
    for start in range(0, table.num_rows, 2):
        spool.append_table(table.slice(start, 2))
    with spool.finish() as spooled:
        yield spooled
    location = Location.local(tmp_path / "warehouse" / "part-0.parquet")
    write_parquet(table, location)
    yield StoredTable(location)


def test_event_mention_checks_agree_on_every_kind_of_table(tmp_path: Path) -> None:
    table = _broken_event_mentions()
    results = [_results("event_mentions", form) for form in _forms(table, EventMention, tmp_path)]
    assert results[0] == results[1] == results[2]
    by_name = {name: (passed, metadata) for name, passed, _, metadata in results[0]}
    assert by_name["event_mentions_match_schema"] == (
        False,
        {"schema_matches": True, "invalid_rows": 2},
    )
    assert by_name["event_mention_ids_are_unique"] == (
        False,
        {"rows": 6, "distinct_ids": 5, "duplicates": 1},
    )
    assert by_name["goldstein_in_range"] == (
        False,
        {"min": -11.0, "max": 12.0, "threshold": "[-10, 10]"},
    )
    assert by_name["event_dates_are_plausible"] == (
        False,
        {"implausible": 1, "rows": 6, "threshold": 0},
    )


@pytest.mark.parametrize(
    ("countries", "passed"), [(["RUS", None, "IND"], True), ([None, None, "IND"], False)]
)
def test_actor_mention_checks_agree_on_every_kind_of_table(
    tmp_path: Path, countries: list[str | None], passed: bool
) -> None:
    table = _actor_mentions(countries)
    results = [_results("actor_mentions", form) for form in _forms(table, ActorMention, tmp_path)]
    assert results[0] == results[1] == results[2]
    resolved = next(r for r in results[0] if r[0] == "actor_mentions_mostly_resolved")
    assert resolved[1] is passed
    assert resolved[2] == dg.AssetCheckSeverity.WARN
    assert all(r[1] for r in results[0] if r[0] != "actor_mentions_mostly_resolved")


def test_checks_pass_on_empty_tables_of_every_kind(tmp_path: Path) -> None:
    table = to_arrow_table([], EventMention)
    results = [_results("event_mentions", form) for form in _forms(table, EventMention, tmp_path)]
    assert results[0] == results[1] == results[2]
    assert all(passed for _, passed, _, _ in results[0])


@pytest.mark.parametrize(
    ("ids", "distinct"),
    [
        (["0328dbbae023fa0a", "0328dbbae023fa0a", "ffffffffffffffff"], 2),  # stable_id's form
        (["0328dbbae023fa0a", "not-a-hex-id", "not-a-hex-id", "0328DBBAE023FA0A"], 3),
        (["a", None, None, "0000000000000000"], 3),  # a null counts once, like pc.unique
        ([], 0),
    ],
)
def test_distinct_ids_are_counted_like_arrow_counts_them(
    ids: list[str | None], distinct: int
) -> None:
    table = pa.table({"mention_id": pa.array(ids, type=pa.string())})
    source = as_table_source(table)
    assert count_distinct_ids(source, "mention_id") == distinct
    assert distinct == len(pc.unique(table.column("mention_id")))


def test_distinct_ids_across_many_batches_are_counted_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline.defs import checks

    monkeypatch.setattr(checks, "ID_BATCH_ROWS", 7)
    ids = [f"{n % 40:016x}" for n in range(100)] + ["odd", "odd", None] + ["0000000000000001"]
    table = pa.table({"mention_id": pa.array(ids, type=pa.string())})
    assert count_distinct_ids(as_table_source(table), "mention_id") == 42
    assert count_distinct_ids(as_table_source(table.slice(0, 1)), "mention_id") == 1
