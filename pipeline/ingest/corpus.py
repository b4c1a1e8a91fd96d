"""Reading a whole corpus (a directory or an S3 prefix) into articles and rejects, one per file."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pipeline.ingest import near_duplicates
from pipeline.ingest.article_parser import news_text, parse_article
from pipeline.ingest.file_names import relative_source_name
from pipeline.ingest.near_duplicates import NearDuplicateIndex, Signature, minhash_signature
from pipeline.ingest.raw_files import (
    DecodedText,
    discover_raw_files,
    read_raw_file,
    read_raw_object,
    source_file_name,
)
from pipeline.process_pool import map_in_order
from pipeline.provenance import stable_id
from pipeline.storage import Location
from schemas.records import ArticleRecord, ArticleReject
from schemas.types import RejectReason

_log = logging.getLogger(__name__)
FileT = TypeVar("FileT", Path, Location)


def read_corpus(
    input_dir: Path,
    *,
    within: Path | None = None,
    files: Sequence[Path] | None = None,
    today: dt.date | None = None,
    processes: int = 1,
) -> Iterator[ArticleRecord | ArticleReject]:
    """Discover, read and parse every raw file below a directory.

    Each file yields exactly one result, in `discover_raw_files` order: nothing is dropped.
    Files are listed once, before the first is read, so a file that vanishes afterwards is
    still accounted for (as an `unreadable` reject). An article whose normalised text equals
    that of an earlier kept article is rejected as `duplicate`; one whose news text shares at
    least `near_duplicates.THRESHOLD` of its word 5-grams with an earlier kept article (a
    syndicated copy, a re-crawl under another date) as `near_duplicate`; both name the kept
    article, which is the first in path order. A file on which reading, parsing or duplicate
    screening raises unexpectedly becomes an `internal_error` reject naming the stage and the
    exception, and is logged with its traceback, so one odd file cannot stop a corpus run.

    Args:
        input_dir: The corpus directory; `source_file` paths are relative to it.
        within: Read only the files below this folder of `input_dir` (one ingest batch).
        files: The files to read, as listed by `discover_raw_files`; by default everything
            below `within` or `input_dir`. Callers that count the files themselves pass the
            list they counted, so a file created or deleted meanwhile cannot skew the count.
        today: The date crawl dates may not lie beyond (see `parse_article`); the machine's
            date by default, read once so a run across midnight judges every file alike.
        processes: Processes that read and parse files; the results are the same for any.

    Yields:
        An `ArticleRecord` or an `ArticleReject` per file.

    Raises:
        NotADirectoryError: If `input_dir` is not a directory.
    """
    paths = list(files) if files is not None else discover_raw_files(within or input_dir)
    yield from _read_each(
        paths,
        # Looked up at call time, so tests can stand in for the reader.
        read=lambda path: read_raw_file(input_dir, path),
        name=lambda path: relative_source_name(path, input_dir),
        today=today,
        processes=processes,
    )


def read_stored_corpus(
    root: Location,
    files: Sequence[Location],
    *,
    today: dt.date | None = None,
    processes: int = 1,
) -> Iterator[ArticleRecord | ArticleReject]:
    """`read_corpus` over files listed by `list_raw_files`: on the local disk or in S3.

    A local landing directory goes through `read_corpus` itself, so local results do not
    depend on this function; objects in S3 are read by `read_raw_object` and judged by the
    same parser, duplicate rules and crash handling.

    Args:
        root: The landing location; `source_file` paths are relative to it.
        files: The files to read, as listed by `list_raw_files`.
        today: As for `read_corpus`.
        processes: As for `read_corpus`.

    Yields:
        An `ArticleRecord` or an `ArticleReject` per file, in the order of `files`.
    """
    if not root.is_s3:
        local = [file.local_path for file in files]
        yield from read_corpus(root.local_path, files=local, today=today, processes=processes)
        return
    yield from _read_each(
        list(files),
        read=lambda file: read_raw_object(root, file),
        name=lambda file: source_file_name(root, file),
        today=today,
        processes=processes,
    )


def _read_each(
    files: Sequence[FileT],
    *,
    read: Callable[[FileT], DecodedText | ArticleReject],
    name: Callable[[FileT], str],
    today: dt.date | None,
    processes: int = 1,
) -> Iterator[ArticleRecord | ArticleReject]:
    """Read, parse and deduplicate each file, one result per file (see `read_corpus`).

    Reading and parsing, the costly part, runs on `processes` processes a few files at a
    time; deduplication needs every earlier kept article, so it runs here, in file order.
    """
    reader = _FileReader(read, name, today or dt.date.today())
    kept_texts: dict[str, str] = {}
    kept_shingles = NearDuplicateIndex()
    # In one process a file is read only when its turn comes, so nothing is read ahead.
    size = FILES_PER_TASK if processes > 1 else 1
    chunks = (list(files[i : i + size]) for i in range(0, len(files), size))
    read_chunks = map_in_order(
        _read_chunk,
        chunks,
        processes=processes,
        on_lost=reader.lost,
        initializer=_start_reader,
        initargs=(reader,),
    )
    for chunk in read_chunks:
        for parsed in chunk:
            result = parsed.result
            if isinstance(result, ArticleRecord) and parsed.decoded is not None:
                try:
                    result = _deduplicate(
                        result, parsed.decoded, parsed.signature, kept_texts, kept_shingles
                    )
                except Exception as exc:  # one odd file must not end the run; it is reported
                    _log.exception(
                        "unexpected error screening %s for duplicates", result.source_file
                    )
                    result = _crash_reject(result.source_file, exc, "screening for duplicates")
            yield result


#: Raw files read and parsed per task of a reading process.
FILES_PER_TASK = 16


@dataclass(frozen=True)
class _ParsedFile:
    result: ArticleRecord | ArticleReject
    decoded: DecodedText | None = None
    signature: Signature | None = None


@dataclass(frozen=True)
class _FileReader(Generic[FileT]):
    read: Callable[[FileT], DecodedText | ArticleReject]
    name: Callable[[FileT], str]
    today: dt.date

    def parse(self, path: FileT) -> _ParsedFile:
        try:
            decoded = self.read(path)
            if isinstance(decoded, ArticleReject):
                return _ParsedFile(decoded)
            article = parse_article(decoded, today=self.today)
            if isinstance(article, ArticleReject):
                return _ParsedFile(article)
            return _ParsedFile(article, decoded, minhash_signature(news_text(article)))
        except Exception as exc:  # one bad file must not end the run; it is reported
            _log.exception("unexpected error on raw file %s", self.name(path))
            return _ParsedFile(_crash_reject(self.name(path), exc, "reading or parsing"))

    def lost(self, chunk: list[FileT], error: BaseException) -> list[_ParsedFile]:
        return [
            _ParsedFile(_crash_reject(self.name(path), error, "reading (the process died)"))
            for path in chunk
        ]


_reader: dict[str, _FileReader[Any]] = {}


def _start_reader(reader: _FileReader[Any]) -> None:
    # Forked workers inherit the reader (its callables need not be picklable).
    _reader["current"] = reader


def _read_chunk(chunk: list[Any]) -> list[_ParsedFile]:
    reader = _reader["current"]
    return [reader.parse(path) for path in chunk]


def _deduplicate(
    article: ArticleRecord,
    decoded: DecodedText,
    signature: Signature | None,
    kept_texts: dict[str, str],
    kept_shingles: NearDuplicateIndex,
) -> ArticleRecord | ArticleReject:
    """The article itself if it is new, else a reject naming the kept article it repeats.

    Only kept articles are remembered, so a duplicate always names an article, never another
    duplicate.
    """
    reject = decoded.reject
    first = kept_texts.get(article.content_sha256)
    if first is not None:
        return reject(RejectReason.DUPLICATE, f"same text as {first}")
    if signature is not None:
        near = kept_shingles.find(signature)
        if near is not None:
            return reject(
                RejectReason.NEAR_DUPLICATE,
                f"near-duplicate of {near.key}: about {near.similarity:.0%} of their word "
                f"5-grams are shared (threshold {near_duplicates.THRESHOLD:.0%})",
            )
        kept_shingles.add(article.source_file, signature)
    kept_texts[article.content_sha256] = article.source_file
    return article


def _crash_reject(source_file: str, exc: BaseException, stage: str) -> ArticleReject:
    return ArticleReject(
        reject_id=stable_id(source_file),
        source_file=source_file,
        reason=RejectReason.INTERNAL_ERROR,
        detail=f"unexpected {type(exc).__name__} while {stage}: {exc}",
        size_bytes=None,
        content_sha256=None,
    )
