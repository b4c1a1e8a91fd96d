"""Reading a whole corpus (a directory or an S3 prefix) into articles and rejects.

One result per `.txt` file or saved page, one per record of a dump (JSON Lines, CSV, Parquet),
and one per file of a format attache does not read: nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Generic, TypeVar

from pipeline.ingest import near_duplicates
from pipeline.ingest.article_parser import news_text, parse_article
from pipeline.ingest.dumps import read_dump_file, read_dump_object
from pipeline.ingest.file_names import relative_source_name
from pipeline.ingest.html_pages import parse_html_page
from pipeline.ingest.input_formats import (
    DUMP_FORMATS,
    SUPPORTED_EXTENSIONS,
    InputFormat,
    input_format,
)
from pipeline.ingest.near_duplicates import NearDuplicateIndex, Signature, minhash_signature
from pipeline.ingest.news_fields import FieldMapping
from pipeline.ingest.news_records import DumpRecord, dump_record_article
from pipeline.ingest.raw_files import (
    DecodedText,
    discover_raw_files,
    open_raw_file,
    read_raw_file,
    read_raw_object,
    source_file_name,
)
from pipeline.ingest.rejects import reject_row
from pipeline.process_pool import map_in_order
from pipeline.provenance import sha256_hex
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
    fields: FieldMapping | None = None,
) -> Iterator[ArticleRecord | ArticleReject]:
    """Discover, read and parse every raw file below a directory.

    Each `.txt` file and saved page yields exactly one result, each dump one per record (and
    one for a break in it: `dumps.read_dump`), each file of another format one
    `unsupported_format` reject; all in `discover_raw_files` order, a dump's records in their
    own: nothing is dropped. Files are listed once, before the first is read, so a file that
    vanishes afterwards is still accounted for (as an `unreadable` reject). An article whose
    normalised text equals that of an earlier kept article is rejected as `duplicate`; one
    whose news text shares at least `near_duplicates.THRESHOLD` of its word 5-grams with an
    earlier kept article (a syndicated copy, a re-crawl under another date) as
    `near_duplicate`; both name the kept article, which is the first in input order. A file
    or record on which reading, parsing or duplicate screening raises unexpectedly becomes an
    `internal_error` reject naming the stage and the exception, and is logged with its
    traceback, so one odd file cannot stop a corpus run.

    Args:
        input_dir: The corpus directory; `source_file` paths are relative to it.
        within: Read only the files below this folder of `input_dir` (one ingest batch).
        files: The files to read, as listed by `discover_raw_files`; by default everything
            below `within` or `input_dir`. Callers that count the files themselves pass the
            list they counted, so a file created or deleted meanwhile cannot skew the count.
        today: The date crawl and publication dates may not lie beyond (see
            `parse_article`); the machine's date by default, read once so a run across
            midnight judges every file alike.
        processes: Processes that read and parse files; the results are the same for any.
        fields: Which fields of a dump record hold the text, title, date, URL and publisher;
            the common names (`news_fields.DEFAULT_FIELD_NAMES`) by default.

    Yields:
        An `ArticleRecord` or an `ArticleReject` per file or dump record.

    Raises:
        NotADirectoryError: If `input_dir` is not a directory.
    """
    paths = list(files) if files is not None else discover_raw_files(within or input_dir)
    mapping = fields or FieldMapping()
    yield from _read_each(
        paths,
        # Looked up at call time, so tests can stand in for the reader.
        read=lambda path: read_raw_file(input_dir, path),
        name=lambda path: relative_source_name(path, input_dir),
        open_dump=lambda path, dump_format: read_dump_file(input_dir, path, dump_format, mapping),
        not_read=lambda path: _local_not_read(input_dir, path),
        today=today,
        processes=processes,
        fields=mapping,
    )


def read_stored_corpus(
    root: Location,
    files: Sequence[Location],
    *,
    today: dt.date | None = None,
    processes: int = 1,
    fields: FieldMapping | None = None,
) -> Iterator[ArticleRecord | ArticleReject]:
    """`read_corpus` over files listed by `list_raw_files`: on the local disk or in S3.

    A local landing directory goes through `read_corpus` itself, so local results do not
    depend on this function; objects in S3 are read by `read_raw_object` (dumps streamed by
    `read_dump_object`) and judged by the same parsers, duplicate rules and crash handling.

    Args:
        root: The landing location; `source_file` paths are relative to it.
        files: The files to read, as listed by `list_raw_files`.
        today: As for `read_corpus`.
        processes: As for `read_corpus`.
        fields: As for `read_corpus`.

    Yields:
        An `ArticleRecord` or an `ArticleReject` per file or dump record, in the order of
        `files`.
    """
    if not root.is_s3:
        local = [file.local_path for file in files]
        yield from read_corpus(
            root.local_path, files=local, today=today, processes=processes, fields=fields
        )
        return
    mapping = fields or FieldMapping()
    yield from _read_each(
        list(files),
        read=lambda file: read_raw_object(root, file),
        name=lambda file: source_file_name(root, file),
        open_dump=lambda file, dump_format: read_dump_object(root, file, dump_format, mapping),
        not_read=lambda file: unsupported_format(source_file_name(root, file)),
        today=today,
        processes=processes,
        fields=mapping,
    )


def _local_not_read(input_dir: Path, path: Path) -> ArticleReject:
    """The reject of a listed local file of no format attache reads.

    A link out of the input directory, a directory that could not be listed or a special file
    is reported for what it is, as for a `.txt` file; only a readable file is reported for
    its format.
    """
    opened = open_raw_file(input_dir, path)
    if isinstance(opened, ArticleReject):
        return opened
    opened.close()
    return unsupported_format(relative_source_name(path, input_dir))


def _read_each(
    files: Sequence[FileT],
    *,
    read: Callable[[FileT], DecodedText | ArticleReject],
    name: Callable[[FileT], str],
    open_dump: Callable[[FileT, InputFormat], Iterator[DumpRecord | ArticleReject]],
    not_read: Callable[[FileT], ArticleReject],
    today: dt.date | None,
    processes: int = 1,
    fields: FieldMapping | None = None,
) -> Iterator[ArticleRecord | ArticleReject]:
    """Read, parse and deduplicate each file and dump record, one result each (`read_corpus`).

    Dumps are streamed here, a record at a time; reading and parsing, the costly part, runs on
    `processes` processes a few files or records at a time; deduplication needs every earlier
    kept article, so it runs here, in input order.
    """
    reader = _FileReader(read, name, today or dt.date.today(), fields or FieldMapping())
    kept_texts: dict[str, str] = {}
    kept_shingles = NearDuplicateIndex()
    tasks = _tasks(files, name=name, open_dump=open_dump, not_read=not_read)
    # In one process a file is read only when its turn comes, so nothing is read ahead.
    size = FILES_PER_TASK if processes > 1 else 1
    chunks = iter(lambda: list(itertools.islice(tasks, size)), [])
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
            if isinstance(result, ArticleRecord):
                try:
                    result = _deduplicate(
                        result, parsed.provenance, parsed.signature, kept_texts, kept_shingles
                    )
                except Exception as exc:  # one odd file must not end the run; it is reported
                    _log.exception(
                        "unexpected error screening %s for duplicates", result.source_file
                    )
                    result = _crash_reject(result.source_file, exc, "screening for duplicates")
            yield result


#: Raw files (or dump records) read and parsed per task of a reading process.
FILES_PER_TASK = 16


@dataclass(frozen=True)
class _FileTask(Generic[FileT]):
    """A `.txt` file or saved page, read and parsed on a reading process."""

    file: FileT
    file_format: InputFormat


_Task = _FileTask[Any] | DumpRecord | ArticleReject


def _tasks(
    files: Sequence[FileT],
    *,
    name: Callable[[FileT], str],
    open_dump: Callable[[FileT, InputFormat], Iterator[DumpRecord | ArticleReject]],
    not_read: Callable[[FileT], ArticleReject],
) -> Iterator[_Task]:
    """What there is to read, in input order: files, the records of each dump, and rejects."""
    for file in files:
        file_format = input_format(name(file))
        if file_format is None:
            yield not_read(file)
        elif file_format in DUMP_FORMATS:
            yield from _dump_tasks(file, file_format, name=name, open_dump=open_dump)
        else:
            yield _FileTask(file, file_format)


def _dump_tasks(
    file: FileT,
    file_format: InputFormat,
    *,
    name: Callable[[FileT], str],
    open_dump: Callable[[FileT, InputFormat], Iterator[DumpRecord | ArticleReject]],
) -> Iterator[DumpRecord | ArticleReject]:
    last = None
    try:
        for item in open_dump(file, file_format):
            last = item.source_file
            yield item
    except Exception as exc:  # one odd dump must not end the run; it is reported
        _log.exception("unexpected error reading the dump %s", name(file))
        after = f" after {last}" if last else ""
        yield _crash_reject(name(file), exc, f"reading the dump{after}")


def unsupported_format(source_file: str) -> ArticleReject:
    """The reject of a file whose format attache does not read, named by its extension."""
    suffix = PurePosixPath(source_file).suffix
    kind = f"'{suffix}' files" if suffix else "files without an extension"
    detail = f"{kind} are not read; attache reads {', '.join(SUPPORTED_EXTENSIONS)}"
    return reject_row(source_file, RejectReason.UNSUPPORTED_FORMAT, detail)


@dataclass(frozen=True)
class _Provenance:
    """What a duplicate's reject reports of the raw input it was read from."""

    size_bytes: int | None = None
    raw_sha256: str | None = None


@dataclass(frozen=True)
class _ParsedFile:
    result: ArticleRecord | ArticleReject
    provenance: _Provenance = _Provenance()
    signature: Signature | None = None


@dataclass(frozen=True)
class _FileReader(Generic[FileT]):
    read: Callable[[FileT], DecodedText | ArticleReject]
    name: Callable[[FileT], str]
    today: dt.date
    fields: FieldMapping

    def parse(self, task: _Task) -> _ParsedFile:
        if isinstance(task, ArticleReject):
            return _ParsedFile(task)
        try:
            if isinstance(task, DumpRecord):
                article = dump_record_article(task, self.fields, today=self.today)
                provenance = _Provenance()
                if isinstance(article, ArticleRecord):
                    provenance = _record_provenance(task)
            else:
                decoded = self.read(task.file)
                if isinstance(decoded, ArticleReject):
                    return _ParsedFile(decoded)
                if task.file_format is InputFormat.HTML:
                    article = parse_html_page(decoded, today=self.today)
                else:
                    article = parse_article(decoded, today=self.today)
                provenance = _Provenance(decoded.size_bytes, decoded.raw_sha256)
            if isinstance(article, ArticleReject):
                return _ParsedFile(article)
            return _ParsedFile(article, provenance, minhash_signature(news_text(article)))
        except Exception as exc:  # one bad file must not end the run; it is reported
            source = self.source_of(task)
            _log.exception("unexpected error on raw file %s", source)
            return _ParsedFile(_crash_reject(source, exc, "reading or parsing"))

    def source_of(self, task: _Task) -> str:
        if isinstance(task, _FileTask):
            return self.name(task.file)
        return task.source_file

    def lost(self, chunk: list[_Task], error: BaseException) -> list[_ParsedFile]:
        return [
            _ParsedFile(
                task
                if isinstance(task, ArticleReject)
                else _crash_reject(self.source_of(task), error, "reading (the process died)")
            )
            for task in chunk
        ]


def _record_provenance(record: DumpRecord) -> _Provenance:
    # Hashed again only for the (rare) duplicate's reject, which reports the raw record.
    if isinstance(record.content, bytes):
        return _Provenance(len(record.content), sha256_hex(record.content))
    return _Provenance()


_reader: dict[str, _FileReader[Any]] = {}


def _start_reader(reader: _FileReader[Any]) -> None:
    # Forked workers inherit the reader (its callables need not be picklable).
    _reader["current"] = reader


def _read_chunk(chunk: list[_Task]) -> list[_ParsedFile]:
    reader = _reader["current"]
    return [reader.parse(task) for task in chunk]


def _deduplicate(
    article: ArticleRecord,
    provenance: _Provenance,
    signature: Signature | None,
    kept_texts: dict[str, str],
    kept_shingles: NearDuplicateIndex,
) -> ArticleRecord | ArticleReject:
    """The article itself if it is new, else a reject naming the kept article it repeats.

    Only kept articles are remembered, so a duplicate always names an article, never another
    duplicate.
    """

    def reject(reason: RejectReason, detail: str) -> ArticleReject:
        return reject_row(
            article.source_file,
            reason,
            detail,
            size_bytes=provenance.size_bytes,
            content_sha256=provenance.raw_sha256,
        )

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
    detail = f"unexpected {type(exc).__name__} while {stage}: {exc}"
    return reject_row(source_file, RejectReason.INTERNAL_ERROR, detail)
