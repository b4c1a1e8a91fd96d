"""Dagster table metadata (`dagster/column_schema`) derived from the Arrow schemas in `schemas/`."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from schemas.arrow import TABLE_SCHEMAS


def column_schema(schema: pa.Schema) -> dg.TableSchema:
    """The UI's column schema for an Arrow schema: names, types, descriptions, nullability."""
    columns = []
    for field in schema:
        description = (field.metadata or {}).get(b"description", b"").decode() or None
        columns.append(
            dg.TableColumn(
                name=field.name,
                type=str(field.type),
                description=description,
                constraints=dg.TableColumnConstraints(nullable=field.nullable),
            )
        )
    return dg.TableSchema(columns=columns)


def table_definition_metadata(table_name: str) -> dict[str, object]:
    """Definition-time metadata of the asset that holds `table_name`."""
    return {"dagster/column_schema": column_schema(TABLE_SCHEMAS[table_name])}
