"""Arrow schemas from the pydantic models, validated rows to tables, tables spooled to Parquet.

A table is read through one small interface, `TableSource` (schema, row count, record
batches, one column, the whole table), whether it is an in-memory `pa.Table`, a `SpooledTable`
a step is still producing, or a file in the warehouse (`pipeline.warehouse.StoredTable`). Code
that only needs a column or a slice at a time (checks, writers, row iterators) then costs the
same memory on a partition of any size.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
import tempfile
import types
import typing
import weakref
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeAlias, TypeVar, get_args, get_origin

import pyarrow as pa
import pyarrow.parquet as pq
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


#: Compression of every Parquet file the pipeline writes, spools included.
PARQUET_COMPRESSION: Literal["zstd"] = "zstd"
#: Rows per record batch when a table is read a slice at a time and the caller does not say:
#: a few MB of articles (bodies and all), far less of any other table.
BATCH_ROWS = 1024


class TableSource(Protocol):
    """What every table offers its readers, wherever its rows are: memory, spool or warehouse.

    Readers that need a column or a batch at a time should ask for just that: a table in a
    Parquet file then decodes only what is asked for.
    """

    @property
    def schema(self) -> pa.Schema:
        """The table's Arrow schema, with its metadata."""
        ...

    @property
    def num_rows(self) -> int:
        """The number of rows."""
        ...

    def iter_batches(
        self, columns: Sequence[str] | None = None, *, batch_size: int = BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """The rows in order, as record batches of at most `batch_size` rows."""
        ...

    def column(self, name: str) -> pa.ChunkedArray[Any]:
        """One column, read on its own."""
        ...

    def read(self, columns: Sequence[str] | None = None) -> pa.Table:
        """The whole table (or some of its columns) in memory."""
        ...


#: Anything a table can be read from: a table in memory, or a `TableSource`.
TableLike: TypeAlias = "pa.Table | TableSource"


class MemoryTable:
    """A `pa.Table` behind the `TableSource` interface."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    @property
    def schema(self) -> pa.Schema:
        """The table's schema."""
        return self.table.schema

    @property
    def num_rows(self) -> int:
        """The number of rows."""
        return self.table.num_rows

    def iter_batches(
        self, columns: Sequence[str] | None = None, *, batch_size: int = BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """Zero-copy slices of the table."""
        table = self.table if columns is None else self.table.select(list(columns))
        yield from table.to_batches(max_chunksize=batch_size)

    def column(self, name: str) -> pa.ChunkedArray[Any]:
        """One column."""
        return self.table.column(name)

    def read(self, columns: Sequence[str] | None = None) -> pa.Table:
        """The table itself, or a selection of its columns."""
        return self.table if columns is None else self.table.select(list(columns))


def as_table_source(table: TableLike) -> TableSource:
    """Any table as a `TableSource` (an in-memory table is wrapped, not copied)."""
    if isinstance(table, pa.Table):
        return MemoryTable(table)
    return table


class ParquetTable(ABC):
    """A table in one Parquet file, read lazily: only the footer, columns or batches asked for.

    Subclasses say how the file is opened; nothing stays open between calls, so an object of
    this class costs a few hundred bytes however large its file.
    """

    _schema: pa.Schema | None = None
    _num_rows: int | None = None

    @abstractmethod
    def _open(self) -> contextlib.AbstractContextManager[pq.ParquetFile]:
        """The file, opened for reading until the context ends."""

    def _read_footer(self) -> None:
        with self._open() as parquet:
            self._schema = parquet.schema_arrow
            self._num_rows = parquet.metadata.num_rows

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema stored in the file's footer."""
        if self._schema is None:
            self._read_footer()
        assert self._schema is not None
        return self._schema

    @property
    def num_rows(self) -> int:
        """The number of rows, from the footer."""
        if self._num_rows is None:
            self._read_footer()
        assert self._num_rows is not None
        return self._num_rows

    def iter_batches(
        self, columns: Sequence[str] | None = None, *, batch_size: int = BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """The rows in order, decoded a batch at a time (the file stays open meanwhile)."""
        selected = None if columns is None else list(columns)
        with self._open() as parquet:
            yield from parquet.iter_batches(batch_size=batch_size, columns=selected)

    def column(self, name: str) -> pa.ChunkedArray[Any]:
        """One column, decoded on its own."""
        return self.read([name]).column(0)

    def read(self, columns: Sequence[str] | None = None) -> pa.Table:
        """The whole table, or some of its columns."""
        with self._open() as parquet:
            return parquet.read(columns=None if columns is None else list(columns))


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


def rows_from_table(table: TableLike, model: type[RecordT]) -> list[RecordT]:
    """Read an Arrow table back into validated model instances."""
    return list(iter_rows(table, model))


def iter_rows(
    table: TableLike, model: type[RecordT], *, batch_rows: int = 256
) -> Iterator[RecordT]:
    """Read a table back into validated model instances, a few hundred at a time.

    Only one slice is ever held as Python objects (and, for a table in a Parquet file, only
    one batch as Arrow), so a large partition streams.
    """
    for batch in as_table_source(table).iter_batches(batch_size=batch_rows):
        for row in batch.to_pylist():
            yield model.model_validate(row)


def count_invalid_rows(table: TableLike, model: type[Record], *, batch_rows: int = 1024) -> int:
    """Validation errors of a table's rows against their model, checked a slice at a time.

    Only one slice is ever held as Python objects, so checking a large partition costs no more
    memory than checking a small one.
    """
    adapter = TypeAdapter(list[model])  # type: ignore[valid-type]
    errors = 0
    for batch in as_table_source(table).iter_batches(batch_size=batch_rows):
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


class SpooledTable(ParquetTable):
    """A finished table in a local temporary Parquet file, which it owns.

    The file is removed by `close()`, at the end of a `with` block, when the object is garbage
    collected, or at interpreter exit, whichever comes first. Hand it to whatever writes or
    checks it (`pipeline.warehouse.write_parquet`, the asset checks) before closing it.
    """

    def __init__(self, path: Path, schema: pa.Schema, num_rows: int) -> None:
        self.path = path
        self._schema = schema
        self._num_rows = num_rows
        # A finalizer rather than __del__: it also runs at interpreter exit, and it holds only
        # the path, so it does not keep the table alive.
        self._remove = weakref.finalize(self, _unlink, path)

    @property
    def closed(self) -> bool:
        """Whether the file has been removed."""
        return not self._remove.alive

    def close(self) -> None:
        """Remove the file; reading afterwards raises `ValueError`."""
        self._remove()

    def __enter__(self) -> SpooledTable:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _open(self) -> Iterator[pq.ParquetFile]:
        if self.closed:
            raise ValueError(f"spooled table {self.path.name} is closed")
        with pq.ParquetFile(self.path) as parquet:
            yield parquet

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self._num_rows} rows"
        return f"SpooledTable({self.path.name}, {state})"


class TableSpool(Generic[RecordT]):
    """Collects validated rows into a local temporary Parquet file, a chunk at a time.

    Like `TableBuilder`, rows are validated and converted to Arrow every `chunk_rows` rows; but
    each chunk is then written out as a row group and dropped, so a step's output costs one
    chunk of memory whatever its size. `finish()` closes the file and hands it over as a
    `SpooledTable`. A spool that is never finished removes its file when closed (as a context
    manager or by `discard()`) or garbage collected.
    """

    def __init__(
        self,
        model: type[RecordT],
        *,
        chunk_rows: int = 4096,
        directory: str | Path | None = None,
    ) -> None:
        """Start an empty table of `model` rows.

        Args:
            model: The row model; the file's schema is `arrow_schema(model)`.
            chunk_rows: Rows validated, converted and written at once (one row group).
            directory: Where the temporary file goes; the system's temporary directory by
                default (never the warehouse: readers there must not see it).
        """
        self.model = model
        self.chunk_rows = chunk_rows
        self.schema = arrow_schema(model)
        self._pending_rows: list[RecordT] = []
        self._pending_tables: list[pa.Table] = []
        self._pending_table_rows = 0
        self._written_rows = 0
        fd, name = tempfile.mkstemp(
            prefix=f"attache-{model.__name__}-", suffix=".parquet", dir=directory
        )
        os.close(fd)
        self._path = Path(name)
        try:
            self._writer: pq.ParquetWriter | None = pq.ParquetWriter(
                name, self.schema, compression=PARQUET_COMPRESSION
            )
        except BaseException:
            _unlink(self._path)
            raise
        self._discard = weakref.finalize(self, _abandon, self._writer, self._path)

    @property
    def num_rows(self) -> int:
        """Rows added so far, written or pending."""
        return self._written_rows + self._pending_table_rows + len(self._pending_rows)

    def extend(self, rows: Iterable[RecordT]) -> None:
        """Add rows; each full chunk is validated, converted and written at once.

        Raises:
            pydantic.ValidationError: when a row of a full chunk does not validate (the
                chunk is then dropped).
            ValueError: once the spool is finished or discarded.
        """
        self._check_open()
        for row in rows:
            self._pending_rows.append(row)
            if self.num_rows - self._written_rows >= self.chunk_rows:
                self._flush()

    def append_table(self, table: pa.Table | pa.RecordBatch) -> None:
        """Add rows already converted to Arrow (validated elsewhere, such as in a worker).

        Small tables are gathered until a chunk is full, so many of them still make few row
        groups.

        Raises:
            ValueError: when the columns' names or types differ from the model's schema, a
                non-nullable column holds nulls, or the spool is finished or discarded.
        """
        self._check_open()
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        table = conform_table(table, self.schema)
        if table.num_rows == 0:
            return
        self._convert_pending_rows()  # keeps rows in the order they were added
        self._pending_tables.append(table)
        self._pending_table_rows += table.num_rows
        if self._pending_table_rows >= self.chunk_rows:
            self._flush()

    def finish(self) -> SpooledTable:
        """Write what is pending, close the file and hand it over; the spool is then spent."""
        self._check_open()
        self._flush()
        writer, self._writer = self._writer, None
        assert writer is not None
        try:
            writer.close()
        except BaseException:
            self._discard()
            raise
        # The file is the SpooledTable's from here on: detach this spool's clean-up.
        self._discard.detach()
        return SpooledTable(self._path, self.schema, self._written_rows)

    def discard(self) -> None:
        """Drop every row and remove the temporary file (nothing if already finished)."""
        self._writer = None
        self._pending_rows = []
        self._pending_tables = []
        self._discard()

    def __enter__(self) -> TableSpool[RecordT]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()

    def _check_open(self) -> None:
        if self._writer is None:
            raise ValueError("the spool is finished or discarded")

    def _convert_pending_rows(self) -> None:
        if self._pending_rows:
            # A chunk that fails validation is dropped with the error, not retried by every
            # later call; the caller that catches the error knows which rows it sent.
            rows, self._pending_rows = self._pending_rows, []
            converted = to_arrow_table(rows, self.model)
            self._pending_tables.append(converted)
            self._pending_table_rows += converted.num_rows

    def _flush(self) -> None:
        self._convert_pending_rows()
        if not self._pending_tables:
            return
        chunk = pa.concat_tables(self._pending_tables)
        self._pending_tables = []
        self._pending_table_rows = 0
        assert self._writer is not None
        # A chunk is far below the writer's row-group limit, so it becomes one row group.
        self._writer.write_table(chunk)
        self._written_rows += chunk.num_rows


def conform_table(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """The table with exactly `schema` (metadata and nullability included).

    Only the schema's own column names and types are accepted; values are not validated again,
    but a non-nullable column must hold no nulls (Arrow would not stop them).

    Raises:
        ValueError: when names, types or nulls do not fit.
    """
    if table.schema.equals(schema, check_metadata=True):
        return table
    if table.schema.names != schema.names or table.schema.types != schema.types:
        raise ValueError(f"table columns {table.schema} do not match the expected schema {schema}")
    for field, column in zip(schema, table.columns, strict=True):
        if not field.nullable and column.null_count:
            raise ValueError(f"column {field.name!r} is not nullable but holds nulls")
    return table.cast(schema)


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


def _abandon(writer: pq.ParquetWriter | None, path: Path) -> None:
    """Clean up after a spool that was never finished: close its writer, remove its file."""
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.close()
    _unlink(path)
