"""The code location loads, and every asset describes itself the way the UI needs."""

from __future__ import annotations

import ast
from pathlib import Path

import dagster as dg

from pipeline.definitions import defs
from schemas.arrow import TABLE_SCHEMAS

REPO_ROOT = Path(__file__).resolve().parents[3]
TABLES = {"articles", "article_rejects", "actor_mentions", "event_mentions", "events", "dyad_day"}


def test_every_table_is_an_asset_with_description_group_kinds_and_columns() -> None:
    definitions = defs()
    specs = {spec.key.path[-1]: spec for a in definitions.assets for spec in a.specs}  # type: ignore[union-attr]
    assert set(specs) == TABLES
    for name, spec in specs.items():
        assert spec.description, name
        assert spec.group_name in {"ingest", "events", "analysis"}, name
        assert "parquet" in (spec.kinds or set()), name
        schema = spec.metadata["dagster/column_schema"]
        assert [c.name for c in schema.columns] == TABLE_SCHEMAS[name].names


def test_each_table_has_blocking_schema_and_uniqueness_checks() -> None:
    definitions = defs()
    # Checks defined on their own and checks an asset reports inline (check_specs=...).
    owners = [*(definitions.asset_checks or []), *definitions.assets]  # type: ignore[misc]
    checks = {
        (spec.key.asset_key.path[-1], spec.key.name): spec.blocking
        for owner in owners
        for spec in owner.check_specs
    }
    for table in TABLES:
        names = {name for (asset, name) in checks if asset == table}
        assert f"{table}_match_schema" in names
        assert any(name.endswith("_ids_are_unique") for name in names)
    blocking = {name for (_, name), is_blocking in checks.items() if is_blocking}
    assert {f"{t}_match_schema" for t in TABLES} <= blocking
    assert "every_raw_file_accounted_for" in blocking


def test_dagster_is_imported_only_by_the_wiring() -> None:
    offenders = []
    for path in [*(REPO_ROOT / "pipeline").rglob("*.py"), *(REPO_ROOT / "schemas").rglob("*.py")]:
        relative = path.relative_to(REPO_ROOT).as_posix()
        if relative.startswith("pipeline/defs/") or relative == "pipeline/definitions.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "dagster" or n.startswith("dagster.") for n in names):
                offenders.append(relative)
    assert offenders == []


def test_definitions_object_is_valid() -> None:
    definitions = defs()
    assert isinstance(definitions, dg.Definitions)
    definitions.resolve_all_job_defs()
