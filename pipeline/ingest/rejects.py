"""The reject row of a raw file or dump record: one id rule and one shape for every reader."""

from __future__ import annotations

from pipeline.provenance import stable_id
from schemas.records import ArticleReject
from schemas.types import RejectReason


def reject_row(
    source_file: str,
    reason: RejectReason,
    detail: str,
    *,
    size_bytes: int | None = None,
    content_sha256: str | None = None,
) -> ArticleReject:
    """The `article_rejects` row of a file or record, its id derived from its `source_file`.

    Args:
        source_file: The file, or the dump record (`dump.jsonl:12`), that was refused.
        reason: Why, as a machine-readable code.
        detail: What exactly was wrong, for a human.
        size_bytes: Size of what was read, when it was.
        content_sha256: SHA-256 of its raw bytes, when known.
    """
    return ArticleReject(
        reject_id=stable_id(source_file),
        source_file=source_file,
        reason=reason,
        detail=detail,
        size_bytes=size_bytes,
        content_sha256=content_sha256,
    )
