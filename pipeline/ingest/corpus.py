"""Reading a whole corpus directory into articles and rejects, one result per raw file."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from pipeline.ingest.article_parser import parse_article
from pipeline.ingest.raw_files import DecodedText, discover_raw_files, read_raw_file
from pipeline.provenance import stable_id
from schemas.records import ArticleRecord, ArticleReject
from schemas.types import RejectReason

_log = logging.getLogger(__name__)


def read_corpus(
    input_dir: Path, *, within: Path | None = None
) -> Iterator[ArticleRecord | ArticleReject]:
    """Discover, read and parse every raw file below a directory.

    Each file yields exactly one result, in `discover_raw_files` order: nothing is dropped.
    A file whose normalised text equals that of an earlier file is rejected as `duplicate`,
    naming the first. A file on which parsing raises unexpectedly becomes an `unreadable`
    reject carrying the exception, and is logged with its traceback, so one odd file cannot
    stop a corpus run.

    Args:
        input_dir: The corpus directory; `source_file` paths are relative to it.
        within: Read only the files below this folder of `input_dir` (one ingest batch).

    Yields:
        An `ArticleRecord` or an `ArticleReject` per file.

    Raises:
        NotADirectoryError: If `input_dir` is not a directory.
    """
    first_with_text: dict[str, str] = {}
    for path in discover_raw_files(within or input_dir):
        try:
            decoded = read_raw_file(input_dir, path)
            result = decoded if isinstance(decoded, ArticleReject) else parse_article(decoded)
        except Exception as exc:  # one bad file must not end the run; it is reported below
            _log.exception("unexpected error on raw file %s", path)
            yield _crash_reject(input_dir, path, exc)
            continue
        if isinstance(result, ArticleRecord) and isinstance(decoded, DecodedText):
            first = first_with_text.setdefault(result.content_sha256, result.source_file)
            if first != result.source_file:
                yield ArticleReject(
                    reject_id=stable_id(result.source_file),
                    source_file=result.source_file,
                    reason=RejectReason.DUPLICATE,
                    detail=f"same text as {first}",
                    size_bytes=decoded.size_bytes,
                    content_sha256=decoded.raw_sha256,
                )
                continue
        yield result


def _crash_reject(input_dir: Path, path: Path, exc: Exception) -> ArticleReject:
    source_file = path.relative_to(input_dir).as_posix()
    return ArticleReject(
        reject_id=stable_id(source_file),
        source_file=source_file,
        reason=RejectReason.UNREADABLE,
        detail=f"unexpected {type(exc).__name__} while reading or parsing: {exc}",
        size_bytes=None,
        content_sha256=None,
    )
