"""Arrow schemas derived from the pydantic models, and validated conversion of rows to tables."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any, Generic, Literal, TypeVar, get_args, get_origin

import pyarrow as pa
from pydantic import BaseModel, TypeAdapter, ValidationError

from schemas.records import TABLE_MODELS, Record

RecordT = TypeVar("RecordT", bound=Record)

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    dt.date: pa.date32(),
    dt.datetime: pa.timestamp("us", tz="UTC"),
}


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip `Annotated` and `| None`; say whether None was allowed."""
    nullable = False
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            nullable = nullable or len(members) < len(get_args(annotation))
            if len(members) != 1:
                raise TypeError(f"unions of several types have no Arrow type: {annotation}")
            annotation = members[0]
        else:
            return annotation, nullable


def arrow_type(annotation: Any) -> tuple[pa.DataType, bool]:
    """Arrow type and nullability of one pydantic field annotation.

    Raises:
        TypeError: for annotations that have no column type (nested models, lists).
    """
    base, nullable = _unwrap(annotation)
    if get_origin(base) is list:
        (item,) = get_args(base)
        item_type, _ = arrow_type(item)
        return pa.list_(pa.field("item", item_type, nullable=False)), nullable
    if get_origin(base) is Literal:
        values = get_args(base)
        kinds = {type(v) for v in values}
        if kinds == {int}:
            return pa.int8(), nullable
        if kinds == {str}:
            return pa.string(), nullable
        raise TypeError(f"mixed Literal values have no Arrow type: {annotation}")
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return pa.string(), nullable
    if base in _SCALARS:
        return _SCALARS[base], nullable
    raise TypeError(f"no Arrow type for {annotation!r}")


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The Arrow schema of a model: one field per model field, in order.

    Nullability follows the annotation (`X | None`), each field's `description` goes into the
    field metadata, and the model's name and docstring into the schema metadata, so the Parquet
    files describe themselves.
    """
    fields = []
    for name, info in model.model_fields.items():
        data_type, nullable = arrow_type(info.rebuild_annotation())
        metadata = {"description": info.description} if info.description else None
        fields.append(pa.field(name, data_type, nullable=nullable, metadata=metadata))
    doc = (model.__doc__ or "").strip()
    return pa.schema(fields, metadata={"model": model.__name__, "description": doc})


#: The Arrow schema of every table, by dataset name.
TABLE_SCHEMAS: dict[str, pa.Schema] = {
    name: arrow_schema(model) for name, model in TABLE_MODELS.items()
}


def to_arrow_table(records: Iterable[Record], model: type[Record]) -> pa.Table:
    """Validate rows against their model and build an Arrow table with the derived schema.

    Rows may be model instances or plain mappings; both are validated again here, because Arrow
    does not enforce non-null columns or value ranges when a table is built.
    """
    adapter = TypeAdapter(list[model])  # type: ignore[valid-type]
    rows = [r.model_dump() if isinstance(r, BaseModel) else r for r in records]
    validated: list[Record] = adapter.validate_python(rows)
    payload = [row.model_dump(mode="python") for row in validated]
    return pa.Table.from_pylist(payload, schema=arrow_schema(model))


def rows_from_table(table: pa.Table, model: type[RecordT]) -> list[RecordT]:
    """Read an Arrow table back into validated model instances."""
    return list(iter_rows(table, model))


def iter_rows(table: pa.Table, model: type[RecordT], *, batch_rows: int = 256) -> Iterator[RecordT]:
    """Read an Arrow table back into validated model instances, a few hundred at a time.

    Only one slice is ever held as Python objects, so a large partition streams.
    """
    for batch in table.to_batches(max_chunksize=batch_rows):
        for row in batch.to_pylist():
            yield model.model_validate(row)


def count_invalid_rows(table: pa.Table, model: type[Record], *, batch_rows: int = 1024) -> int:
    """Validation errors of a table's rows against their model, checked a slice at a time.

    Only one slice is ever held as Python objects, so checking a large partition costs no more
    memory than checking a small one.
    """
    adapter = TypeAdapter(list[model])  # type: ignore[valid-type]
    errors = 0
    for batch in table.to_batches(max_chunksize=batch_rows):
        try:
            adapter.validate_python(batch.to_pylist())
        except ValidationError as error:
            errors += error.error_count()
    return errors


class TableBuilder(Generic[RecordT]):
    """Collects validated rows into an Arrow table in chunks, streaming.

    Rows are validated and converted every `chunk_rows` rows, so a run holds its output as
    compact Arrow columns rather than as millions of Python objects.
    """

    def __init__(self, model: type[RecordT], *, chunk_rows: int = 4096) -> None:
        """Start an empty table of `model` rows."""
        self.model = model
        self.chunk_rows = chunk_rows
        self._pending: list[RecordT] = []
        self._chunks: list[pa.Table] = []

    def extend(self, rows: Iterable[RecordT]) -> None:
        """Add rows; a full chunk is validated and converted at once."""
        self._pending.extend(rows)
        if len(self._pending) >= self.chunk_rows:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._chunks.append(to_arrow_table(self._pending, self.model))
            self._pending = []

    def build(self) -> pa.Table:
        """The table of every row added so far, in order."""
        self._flush()
        if not self._chunks:
            return to_arrow_table([], self.model)
        return pa.concat_tables(self._chunks)
