"""Which reader an input file needs, told by its name, and how a dump record is named.

News reaches attache in several wrappers: plain `.txt` files (one article each, the layout of
`pipeline.ingest.article_parser`), saved web pages (one article each), and dumps that hold
many articles, one per JSON line, CSV row or Parquet row, as scrapers such as news-please,
trafilatura and newspaper4k write them. The extension decides; a name with none of these
extensions is not guessed at but reported (`unsupported_format`).

A record of a dump is named like a compiler names a line of a source file: `dump.jsonl:1234`,
the file's `source_file` followed by the record's line (JSON Lines, CSV: the line the record
starts on, counting from 1) or row (Parquet: counting from 1).
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum


class InputFormat(StrEnum):
    """The formats attache reads, each by its own small reader module."""

    TEXT = "txt"
    """One article per file: date line, dateline, headline, body (`article_parser`)."""
    HTML = "html"
    """One saved web page per file; the article is extracted by trafilatura (`html_pages`)."""
    JSON_LINES = "jsonl"
    """A dump: one JSON object per line, optionally gzip-compressed (`json_lines`)."""
    CSV = "csv"
    """A dump: one article per row under a header row, optionally gzip-compressed (`csv_rows`)."""
    PARQUET = "parquet"
    """A dump: an article table, one article per row (`parquet_tables`)."""


#: Formats whose files hold many articles, each read as a record of its own.
DUMP_FORMATS = frozenset({InputFormat.JSON_LINES, InputFormat.CSV, InputFormat.PARQUET})

#: Extensions by format, longest first so that `.jsonl.gz` is not taken for something `.gz`.
_EXTENSIONS: tuple[tuple[str, InputFormat], ...] = (
    (".jsonl.gz", InputFormat.JSON_LINES),
    (".ndjson.gz", InputFormat.JSON_LINES),
    (".csv.gz", InputFormat.CSV),
    (".parquet", InputFormat.PARQUET),
    (".ndjson", InputFormat.JSON_LINES),
    (".jsonl", InputFormat.JSON_LINES),
    (".html", InputFormat.HTML),
    (".htm", InputFormat.HTML),
    (".csv", InputFormat.CSV),
    (".txt", InputFormat.TEXT),
)

#: The extensions attache reads, for messages.
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(sorted(extension for extension, _ in _EXTENSIONS))


def input_format(name: str) -> InputFormat | None:
    """The format of a file, from the end of its name (case-insensitive), or None.

    Args:
        name: A file name or path.

    Returns:
        The format, or None for a name with no extension attache reads.
    """
    lowered = name.lower()
    return next((fmt for extension, fmt in _EXTENSIONS if lowered.endswith(extension)), None)


def is_gzip_name(name: str) -> bool:
    """Whether a file's name says its bytes are gzip-compressed (`.gz`)."""
    return name.lower().endswith(".gz")


def record_source_file(source_file: str, number: int) -> str:
    """The `source_file` of a dump's record: the dump's own, then `:` and the line or row."""
    return f"{source_file}:{number}"


def file_of_source(source_file: str, files: Collection[str]) -> str | None:
    """The listed file an `articles` or `article_rejects` row came from, or None.

    A row names either a listed file itself or a record of a listed dump
    (`record_source_file`); the file's own name is tried first, so a file whose name happens
    to end in `:12` is still found, and only a dump has records.

    Args:
        source_file: The row's `source_file`.
        files: The `source_file` of every file the run listed.
    """
    if source_file in files:
        return source_file
    head, separator, number = source_file.rpartition(":")
    if separator and number.isdigit() and head in files and input_format(head) in DUMP_FORMATS:
        return head
    return None
