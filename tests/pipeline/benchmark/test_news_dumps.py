"""Pins the news-please records and saved pages written from `.txt` articles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pipeline.benchmark.news_dumps import (
    news_please_record,
    publisher_of,
    saved_page,
    write_news_please_dump,
)
from pipeline.ingest.corpus import read_corpus
from schemas.records import ArticleRecord

ARTICLE = (
    "date 2024-05-03 World\n"
    "Example Wire, May 2 2024\n"
    "Kenya and Uganda sign accord\n\n"
    "Kenya and Uganda signed a trade accord in Nairobi on Tuesday.\n\n"
    "Photo: Reuters\n\n"
    "The accord cuts tariffs on farm goods, the ministers said.\n"
)
URL = "https://www.example.org/kenya-uganda"


def _article(tmp_path: Path) -> ArticleRecord:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (article,) = read_corpus(tmp_path / "raw")
    assert isinstance(article, ArticleRecord)
    return article


def test_a_record_carries_what_news_please_writes(tmp_path: Path) -> None:
    record = news_please_record(_article(tmp_path), URL)
    assert record["url"] == URL
    assert record["source_domain"] == "example.org" == publisher_of(URL)
    assert record["title"] == "Kenya and Uganda sign accord"
    assert record["date_publish"] == "2024-05-02 00:00:00"  # the dateline's date
    assert record["date_download"] == "2024-05-03 00:00:00"
    # Paragraphs one per line, captions kept: the reader must classify them as the .txt's.
    assert record["maintext"] == (
        "Kenya and Uganda signed a trade accord in Nairobi on Tuesday.\n"
        "Photo: Reuters\n"
        "The accord cuts tariffs on farm goods, the ministers said."
    )


def test_the_dump_and_the_page_read_back_as_the_same_article(tmp_path: Path) -> None:
    article = _article(tmp_path)
    write_news_please_dump([news_please_record(article, URL)], tmp_path / "dump" / "d.jsonl")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(saved_page(article, URL), encoding="utf-8")
    today = dt.date(2025, 1, 1)
    (from_dump,) = read_corpus(tmp_path / "dump", today=today)
    (from_page,) = read_corpus(tmp_path / "pages", today=today)
    body = article.text[article.body_char_start :]
    for read in (from_dump, from_page):
        assert isinstance(read, ArticleRecord), read
        assert read.text[read.body_char_start :] == body
        assert (read.headline, read.publication_date) == (
            article.headline,
            article.publication_date,
        )
        assert read.source_url == URL
        assert read.num_boilerplate_paragraphs == article.num_boilerplate_paragraphs == 1
    lines = (tmp_path / "dump" / "d.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["url"] for line in lines] == [URL]
