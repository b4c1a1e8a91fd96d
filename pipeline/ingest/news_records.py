"""Turning one dump record or extracted web page into an article, or a reject with its reason.

Whatever the wrapper, an article ends up as the `.txt` reader makes it, so that coding cannot
tell them apart: the headline, a blank line, then the body's paragraphs separated by blank
lines, normalised like a decoded file (`raw_files.normalise_text`) and classified by the same
boilerplate patterns. Scrapers separate paragraphs with one newline (news-please's
`maintext`), so a text without blank lines has one paragraph per line. A text that holds page
markup is stripped to its text first (`html_text`).

The checks are those of the `.txt` parser where they apply (an empty body, a date in the
future or before 1945, another language) and those a record needs of its own: a text and a
date must be there, and a JSON line must be an object.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.ingest.article_parser import (
    CRAWL_DATE_CLOCK_SKEW_DAYS,
    MIN_CRAWL_DATE,
    news_paragraphs_text,
    split_paragraphs,
)
from pipeline.ingest.html_text import has_html, html_to_text
from pipeline.ingest.language import unsupported_language
from pipeline.ingest.news_fields import FieldMapping, NewsFields, pick_fields
from pipeline.ingest.raw_files import MAX_FILE_BYTES, normalise_text
from pipeline.ingest.record_dates import parse_record_date
from pipeline.ingest.rejects import reject_row
from pipeline.provenance import sha256_hex, stable_id
from schemas.records import ArticleRecord, ArticleReject
from schemas.types import PublicationDateSource, RejectReason

#: A record over this size is rejected unread, like a `.txt` file over it: no news article
#: comes near it.
MAX_RECORD_BYTES = MAX_FILE_BYTES

_LETTER = re.compile(r"[^\W\d_]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class DumpRecord:
    """One record of a dump as its reader found it, before anything is checked.

    Attributes:
        source_file: `dump.jsonl:12` (see `input_formats.record_source_file`).
        content: The JSON line's bytes (decoded and parsed by `dump_record_article`, on a
            reading process), or the fields of a CSV or Parquet row.
        encoding: The encoding the dump's text is read in.
    """

    source_file: str
    content: bytes | Mapping[str, object]
    encoding: str = "utf-8"


@dataclass(frozen=True)
class NewsRecord:
    """One article's fields with where they came from, ready to be checked.

    Attributes:
        source_file: The file, or the dump record (`dump.jsonl:12`).
        fields: The values found for each role.
        encoding: The encoding the text was read in.
        size_bytes: Size of the raw record or page.
        raw_sha256: SHA-256 of the raw record or page, when known.
        date_source: `record` for a dump's date field, `page` for a web page's own date.
        looked_for: For messages: the field names a missing text or date was looked for in.
    """

    source_file: str
    fields: NewsFields
    encoding: str
    size_bytes: int | None
    raw_sha256: str | None
    date_source: PublicationDateSource
    looked_for: FieldMapping | None = None

    def reject(self, reason: RejectReason, detail: str) -> ArticleReject:
        """The reject row of this record."""
        return reject_row(
            self.source_file,
            reason,
            detail,
            size_bytes=self.size_bytes,
            content_sha256=self.raw_sha256,
        )


def dump_record_article(
    record: DumpRecord, mapping: FieldMapping, *, today: dt.date | None = None
) -> ArticleRecord | ArticleReject:
    """Read one dump record's fields and check them into an article (`parse_news_record`).

    Args:
        record: A record as a dump reader yielded it.
        mapping: Which fields hold the text, title, date, URL and publisher.
        today: As for `parse_news_record`.

    Returns:
        The article, or a reject: `undecodable` (a JSON line that is not UTF-8),
        `malformed_record` (not JSON, or not a JSON object), `too_large`, or any reject of
        `parse_news_record`.
    """
    fields: Mapping[str, object]
    if isinstance(record.content, bytes):
        raw = record.content
        size, digest = len(raw), sha256_hex(raw)

        def reject(reason: RejectReason, detail: str) -> ArticleReject:
            return reject_row(
                record.source_file, reason, detail, size_bytes=size, content_sha256=digest
            )

        if size > MAX_RECORD_BYTES:
            return reject(
                RejectReason.TOO_LARGE,
                f"{size} bytes is over the {MAX_RECORD_BYTES}-byte limit for an article",
            )
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return reject(RejectReason.UNDECODABLE, f"the line is not UTF-8: {error}")
        try:
            parsed = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            return reject(RejectReason.MALFORMED_RECORD, f"the line is not valid JSON: {error}")
        if not isinstance(parsed, dict):
            return reject(
                RejectReason.MALFORMED_RECORD,
                f"a JSON Lines record must be an object, not {_json_kind(parsed)}",
            )
        fields = parsed
    else:
        fields = record.content
        # The row as JSON stands for its raw bytes; surrogates (bytes a CSV's encoding could
        # not decode) are kept, to be rejected below, rather than failing the digest.
        dumped = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
        raw = dumped.encode("utf-8", "surrogatepass")
        size, digest = len(raw), sha256_hex(raw)
    news = NewsRecord(
        source_file=record.source_file,
        fields=pick_fields(fields, mapping),
        encoding=record.encoding,
        size_bytes=size,
        raw_sha256=digest,
        date_source="record",
        looked_for=mapping,
    )
    if size > MAX_RECORD_BYTES:
        return news.reject(
            RejectReason.TOO_LARGE,
            f"{size} bytes is over the {MAX_RECORD_BYTES}-byte limit for an article",
        )
    return parse_news_record(news, today=today)


def parse_news_record(
    record: NewsRecord, *, today: dt.date | None = None
) -> ArticleRecord | ArticleReject:
    """Check a record's fields and lay them out as an article.

    Args:
        record: The fields and their provenance.
        today: The machine's date (the default): a publication date more than
            `CRAWL_DATE_CLOCK_SKEW_DAYS` after it cannot be true.

    Returns:
        The article, whose text is the headline, a blank line and the body; or a reject:
        `no_text`, `empty_body` (only captions, links or bylines), `no_date`, `invalid_date`,
        `future_date` or `unsupported_language`.
    """
    fields = record.fields
    if fields.text is None:
        return record.reject(RejectReason.NO_TEXT, _missing("text", record))
    if not all(map(_is_unicode, (fields.text, fields.title, fields.url, fields.publisher))):
        return record.reject(
            RejectReason.UNDECODABLE,
            f"the text, title, URL or publisher holds bytes that are not {record.encoding} (or "
            "lone surrogate escapes)",
        )
    body = _body_text(fields.text)
    if not _LETTER.search(body):
        where = f"the {fields.text_field!r} field" if fields.text_field else "the text"
        return record.reject(
            RejectReason.NO_TEXT, f"{where} holds no words once markup and blanks are removed"
        )
    headline = _one_line(fields.title)
    text = f"{headline}\n\n{body}\n" if headline else f"{body}\n"
    body_char_start = len(headline) + 2 if headline else 0
    paragraphs = split_paragraphs(text, body_char_start)
    news = news_paragraphs_text(paragraphs)
    if not _LETTER.search(news):
        boilerplate = sum(1 for p in paragraphs if p.kind != "body")
        return record.reject(
            RejectReason.EMPTY_BODY,
            f"no body paragraph with words ({len(paragraphs)} paragraphs, {boilerplate} of "
            "them captions, links, bylines or boilerplate)",
        )

    if fields.date is None:
        return record.reject(RejectReason.NO_DATE, _missing("date", record))
    try:
        published = parse_record_date(fields.date)
    except ValueError as error:
        return record.reject(RejectReason.INVALID_DATE, f"the date {error}")
    if published < MIN_CRAWL_DATE:
        return record.reject(
            RejectReason.INVALID_DATE,
            f"{published.isoformat()} is before {MIN_CRAWL_DATE.isoformat()}: not a plausible "
            "publication date",
        )
    latest = (today or dt.date.today()) + dt.timedelta(days=CRAWL_DATE_CLOCK_SKEW_DAYS)
    if published > latest:
        # As for crawl dates: the machine's date stays out of the detail, so reruns on one
        # day write identical bytes.
        return record.reject(
            RejectReason.FUTURE_DATE,
            f"publication date {published.isoformat()} is in the future",
        )

    foreign = unsupported_language(news)
    if foreign is not None:
        return record.reject(
            RejectReason.UNSUPPORTED_LANGUAGE,
            f"the body reads as {foreign.language_name} ({foreign.language}, probability "
            f"{foreign.probability:.2f}); the coder reads English only",
        )

    content_sha256 = sha256_hex(text)
    return ArticleRecord(
        article_id=stable_id(record.source_file, content_sha256),
        source_file=record.source_file,
        source_url=_one_line(fields.url) or None,
        publisher=_one_line(fields.publisher) or None,
        content_sha256=content_sha256,
        encoding=record.encoding,
        crawl_date=_crawl_date(fields.crawl_date, latest),
        crawl_section=None,
        dateline=None,
        publication_date=published,
        publication_date_source=record.date_source,
        headline=headline or None,
        text=text,
        body_char_start=body_char_start,
        num_paragraphs=len(paragraphs),
        num_boilerplate_paragraphs=sum(1 for p in paragraphs if p.kind != "body"),
        num_words=len(text[body_char_start:].split()),
    )


def _body_text(raw: str) -> str:
    """The body laid out as the `.txt` reader expects: paragraphs split by blank lines."""
    text = html_to_text(raw) if has_html(raw) else raw
    text = normalise_text(text).strip()
    if _BLANK_LINE.search(text):
        return text
    # One newline between paragraphs, as news-please and trafilatura write them.
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def _is_unicode(value: str | None) -> bool:
    try:
        (value or "").encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _one_line(value: str | None) -> str:
    if value is None:
        return ""
    if has_html(value):
        value = html_to_text(value)
    return " ".join(normalise_text(value).split())


def _crawl_date(value: object, latest: dt.date) -> dt.date | None:
    # The download date is a side fact: one that is missing or wrong leaves it empty, and the
    # article (whose publication date was checked) stands.
    if value is None:
        return None
    try:
        day = parse_record_date(value)
    except ValueError:
        return None
    return day if MIN_CRAWL_DATE <= day <= latest else None


def _missing(role: str, record: NewsRecord) -> str:
    if record.date_source == "page":
        where = "the page's metadata, URL and text" if role == "date" else "the page"
        return f"no {role}: {where} give none"
    mapping = record.looked_for or FieldMapping()
    names = mapping.names["text" if role == "text" else "date"]
    return f"no {role}: none of the fields {', '.join(names)} has a value"


def _json_kind(value: object) -> str:
    kinds = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), "a number")
