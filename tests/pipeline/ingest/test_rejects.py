"""Reject rows: one id rule for files and dump records alike."""

from __future__ import annotations

from pipeline.ingest.rejects import reject_row
from pipeline.provenance import stable_id
from schemas.types import RejectReason


def test_a_record_reject_is_named_and_identified_by_its_source_file() -> None:
    row = reject_row("wire/dump.jsonl:12", RejectReason.NO_TEXT, "no text field", size_bytes=40)
    assert row.reject_id == stable_id("wire/dump.jsonl:12")
    assert row.source_file == "wire/dump.jsonl:12"
    assert row.reason == RejectReason.NO_TEXT
    assert row.size_bytes == 40
    assert row.content_sha256 is None


def test_two_records_of_one_dump_get_different_ids() -> None:
    first = reject_row("dump.jsonl:1", RejectReason.MALFORMED_RECORD, "not JSON")
    second = reject_row("dump.jsonl:2", RejectReason.MALFORMED_RECORD, "not JSON")
    assert first.reject_id != second.reject_id
