"""Pins how one dump record becomes an article laid out like a `.txt` one, or a reject."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pipeline.ingest.news_fields import FieldMapping
from pipeline.ingest.news_records import (
    MAX_RECORD_BYTES,
    DumpRecord,
    dump_record_article,
)
from pipeline.provenance import sha256_hex, stable_id
from schemas.records import ArticleRecord, ArticleReject

TODAY = dt.date(2025, 1, 1)
BODY = [
    "Kenya and Uganda signed a trade accord in Nairobi on Tuesday.",
    "The accord cuts tariffs on farm goods, the ministers said.",
]
RECORD: dict[str, object] = {
    "url": "https://www.example.org/kenya-uganda",
    "title": "Kenya and Uganda sign accord",
    "date_publish": "2024-05-02 10:00:00",
    "date_download": "2024-05-03 01:00:00",
    "maintext": "\n".join(BODY),
    "source_domain": "example.org",
}


def _read(record: dict[str, object], name: str = "dump.jsonl:7") -> ArticleRecord | ArticleReject:
    line = json.dumps(record).encode()
    return dump_record_article(DumpRecord(name, line), FieldMapping(), today=TODAY)


def _article(result: ArticleRecord | ArticleReject) -> ArticleRecord:
    assert isinstance(result, ArticleRecord), result
    return result


def _reject(result: ArticleRecord | ArticleReject) -> ArticleReject:
    assert isinstance(result, ArticleReject), result
    return result


def test_a_news_please_record_is_laid_out_as_a_txt_article() -> None:
    article = _article(_read(RECORD))
    headline = "Kenya and Uganda sign accord"
    # Headline, blank line, then one paragraph per maintext line, blank-line separated.
    assert article.text == f"{headline}\n\n{BODY[0]}\n\n{BODY[1]}\n"
    assert article.text[article.body_char_start :].startswith(BODY[0])
    assert (article.headline, article.num_paragraphs) == (headline, 2)
    assert article.source_file == "dump.jsonl:7"
    assert article.source_url == "https://www.example.org/kenya-uganda"
    assert article.publisher == "example.org"
    assert article.publication_date == dt.date(2024, 5, 2)
    assert article.publication_date_source == "record"
    assert article.crawl_date == dt.date(2024, 5, 3)
    assert article.article_id == stable_id("dump.jsonl:7", sha256_hex(article.text))


def test_blank_lines_in_the_text_keep_their_meaning() -> None:
    # A text already split by blank lines keeps its paragraphs; a line break inside one is
    # the paragraph's own.
    text = "Kenya and Uganda signed an accord\non Tuesday.\n\nThe ministers met in Nairobi."
    article = _article(_read(RECORD | {"maintext": text}))
    assert article.num_paragraphs == 2
    assert article.text.endswith(f"{text}\n")


def test_html_inside_the_text_is_stripped_to_paragraphs() -> None:
    markup = "".join(f"<p>{p}</p>" for p in BODY) + "<script>ads()</script>"
    article = _article(_read(RECORD | {"maintext": markup, "title": "<b>Accord</b> signed"}))
    assert article.text == f"Accord signed\n\n{BODY[0]}\n\n{BODY[1]}\n"


def test_a_record_without_a_title_is_an_article_without_a_headline() -> None:
    article = _article(_read({k: v for k, v in RECORD.items() if k != "title"}))
    assert article.headline is None
    assert article.body_char_start == 0
    assert article.text == f"{BODY[0]}\n\n{BODY[1]}\n"


def test_a_bad_download_date_leaves_the_crawl_date_empty() -> None:
    article = _article(_read(RECORD | {"date_download": "whenever"}))
    assert article.crawl_date is None


@pytest.mark.parametrize(
    ("record", "reason", "detail"),
    [
        # No text field at all, and one that holds only markup.
        ({"title": "T", "date": "2024-05-02"}, "no_text", "none of the fields maintext"),
        (RECORD | {"maintext": "<p> </p><br/>"}, "no_text", "'maintext' field holds no words"),
        # Only a caption: no body paragraph is left for events.
        (RECORD | {"maintext": "Photo: Reuters"}, "empty_body", "no body paragraph"),
        ({k: v for k, v in RECORD.items() if k != "date_publish"}, "no_date", "date_publish"),
        (RECORD | {"date_publish": "soon"}, "invalid_date", "is not a date"),
        (RECORD | {"date_publish": "1900-01-01"}, "invalid_date", "before 1945-01-01"),
        (RECORD | {"date_publish": "2031-01-01"}, "future_date", "in the future"),
        (
            RECORD
            | {
                "maintext": "Le Kenya et l'Ouganda ont signé mardi à Nairobi un accord "
                "commercial qui réduit les droits de douane sur les produits agricoles."
            },
            "unsupported_language",
            "French",
        ),
    ],
)
def test_reject_reasons(record: dict[str, object], reason: str, detail: str) -> None:
    rejected = _reject(_read(record))
    assert (rejected.source_file, rejected.reason) == ("dump.jsonl:7", reason)
    assert detail in rejected.detail


@pytest.mark.parametrize(
    ("line", "reason", "detail"),
    [
        (b'{"maintext": "unterminated', "malformed_record", "not valid JSON"),
        (b"[1, 2, 3]", "malformed_record", "must be an object, not an array"),
        (b'"just a string"', "malformed_record", "not a string"),
        (b'{"maintext": "caf\xe9"}', "undecodable", "not UTF-8"),
        # A JSON escape of a lone surrogate: valid JSON, but no text Arrow can store.
        (b'{"maintext": "a \\ud800 b", "date": "2024-01-01"}', "undecodable", "surrogate"),
    ],
)
def test_lines_that_are_no_record(line: bytes, reason: str, detail: str) -> None:
    rejected = _reject(dump_record_article(DumpRecord("d.jsonl:3", line), FieldMapping()))
    assert (rejected.reason, rejected.size_bytes) == (reason, len(line))
    assert rejected.content_sha256 == sha256_hex(line)
    assert detail in rejected.detail


def test_a_row_over_the_size_limit_is_too_large() -> None:
    row = {"maintext": "x" * (MAX_RECORD_BYTES + 1), "date": "2024-05-02"}
    rejected = _reject(dump_record_article(DumpRecord("news.csv:2", row), FieldMapping()))
    assert rejected.reason == "too_large"
    assert rejected.size_bytes is not None
    assert rejected.size_bytes > MAX_RECORD_BYTES


def test_a_row_of_a_table_reads_like_a_json_record() -> None:
    row = dict(RECORD)
    from_row = _article(
        dump_record_article(DumpRecord("dump.jsonl:7", row), FieldMapping(), today=TODAY)
    )
    assert from_row == _article(_read(RECORD))
