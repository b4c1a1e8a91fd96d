"""Checking that ingest accounted for every raw file it listed, and for nothing else.

A `.txt` file or saved page must give exactly one row (an article or a reject); a dump at least
one (a row per record, or one reject naming the file when it holds none or cannot be opened);
and every row must name a listed file, itself or one of its records (`dump.jsonl:12`). Counts
are kept per file, not per row, so a dump of millions of records costs no more to check than
a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from pipeline.ingest.input_formats import DUMP_FORMATS, file_of_source, input_format


class RowAccounting:
    """The rows of `articles` and `article_rejects` counted against the files listed."""

    def __init__(self, listed: Collection[str]) -> None:
        """Start with no rows.

        Args:
            listed: The `source_file` of every file the run listed.
        """
        self.listed = frozenset(listed)
        self.rows_by_file: Counter[str] = Counter()
        self.stray_rows = 0
        """Rows that name no listed file (never expected: a reader's bug)."""

    def add(self, source_file: str) -> None:
        """Count one row by its `source_file`."""
        owner = file_of_source(source_file, self.listed)
        if owner is None:
            self.stray_rows += 1
        else:
            self.rows_by_file[owner] += 1

    def files_without_rows(self) -> list[str]:
        """Listed files no row came from, sorted."""
        return sorted(name for name in self.listed if not self.rows_by_file[name])

    def single_files_with_extra_rows(self) -> list[str]:
        """Files of one article each (not dumps) that gave more than one row, sorted."""
        return sorted(
            name
            for name, rows in self.rows_by_file.items()
            if rows > 1 and input_format(name) not in DUMP_FORMATS
        )

    def complete(self) -> bool:
        """Whether every file is accounted for as its format requires, and nothing else is."""
        return (
            not self.stray_rows
            and not self.files_without_rows()
            and not self.single_files_with_extra_rows()
        )
