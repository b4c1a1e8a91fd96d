"""Pins the ingest accounting check: every listed file gives rows, as its format requires."""

from __future__ import annotations

from pipeline.ingest.accounting import RowAccounting

LISTED = ["a.txt", "page.html", "dump.jsonl", "notes.docx"]


def _count(rows: list[str]) -> RowAccounting:
    accounting = RowAccounting(LISTED)
    for row in rows:
        accounting.add(row)
    return accounting


def test_one_row_per_file_and_any_number_per_dump_is_complete() -> None:
    rows = ["a.txt", "page.html", "dump.jsonl:1", "dump.jsonl:2", "dump.jsonl:5", "notes.docx"]
    accounting = _count(rows)
    assert accounting.complete()
    assert accounting.rows_by_file["dump.jsonl"] == 3


def test_a_file_without_rows_is_missing() -> None:
    accounting = _count(["a.txt", "page.html", "notes.docx"])
    assert accounting.files_without_rows() == ["dump.jsonl"]
    assert not accounting.complete()


def test_a_txt_file_with_two_rows_is_counted_twice() -> None:
    accounting = _count(["a.txt", "a.txt", "page.html", "dump.jsonl", "notes.docx"])
    assert accounting.single_files_with_extra_rows() == ["a.txt"]
    assert not accounting.complete()


def test_a_row_of_a_file_not_listed_is_stray() -> None:
    accounting = _count([*LISTED, "elsewhere.txt", "a.txt:3"])
    assert accounting.stray_rows == 2
    assert not accounting.complete()
