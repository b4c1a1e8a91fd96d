"""Pins corpus reading: one result per raw file, duplicates named, crashes turned into rejects."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.ingest import corpus
from pipeline.ingest.article_parser import parse_article
from pipeline.ingest.corpus import read_corpus, read_stored_corpus
from pipeline.ingest.news_fields import FieldMapping
from pipeline.ingest.raw_files import MAX_FILE_BYTES, DecodedText, list_raw_files
from pipeline.provenance import stable_id
from pipeline.storage import Location
from schemas.records import ArticleRecord, ArticleReject

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "raw"
ARTICLE = "date 2024-05-01\nNorway pledges aid\n\nNorway pledged new aid on Thursday.\n"


def _outcome(result: ArticleRecord | ArticleReject) -> str:
    return "article" if isinstance(result, ArticleRecord) else str(result.reason)


def test_fixture_corpus_outcomes() -> None:
    outcomes = {r.source_file: _outcome(r) for r in read_corpus(FIXTURES)}
    assert outcomes == {
        "caption-only.txt": "empty_body",  # captions are no body
        "captions-and-links.txt": "article",
        "empty.txt": "empty_file",
        "impossible-date.txt": "invalid_date_line",  # 2024-02-30
        "no-dateline.txt": "article",
        "wire/agency-lead-no-dateline.txt": "article",
    }


def test_one_result_per_file_in_sorted_order() -> None:
    sources = [r.source_file for r in read_corpus(FIXTURES)]
    assert sources == sorted(sources)
    assert len(sources) == 6


@pytest.mark.parametrize(
    ("second", "encoded"),
    [
        # A byte-identical copy in a later folder.
        ("z/copy.txt", ARTICLE.encode("utf-8")),
        # The same text saved as UTF-16: the normalised text is what counts.
        ("z/copy.txt", codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le")),
    ],
)
def test_duplicates_name_the_first_file(tmp_path: Path, second: str, encoded: bytes) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / second).parent.mkdir(parents=True)
    (tmp_path / second).write_bytes(encoded)
    first, duplicate = read_corpus(tmp_path)
    assert isinstance(first, ArticleRecord)
    assert isinstance(duplicate, ArticleReject)
    assert duplicate.reason == "duplicate"
    assert duplicate.detail == "same text as a.txt"
    assert duplicate.reject_id == stable_id(second)
    assert duplicate.size_bytes == len(encoded)


LONG_BODY = (
    "Norway pledged new reconstruction aid to Ukraine on Thursday, its prime minister told "
    "reporters in Oslo after a cabinet meeting. The package covers repairs to power stations "
    "and water works damaged over the winter, and will be paid out through the World Bank.\n\n"
    "Officials in Kyiv welcomed the pledge and said the first transfers could reach the "
    "regional utilities before the end of the summer, when the repair season begins."
)


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        # A one-line body is too short to call near: only exact copies are duplicates.
        ("Norway pledged new aid on Thursday.", "article"),
        # The same story re-crawled a day later is the same report: one article is kept.
        (LONG_BODY, "near_duplicate"),
    ],
)
def test_same_body_with_another_crawl_date(tmp_path: Path, body: str, outcome: str) -> None:
    first = f"date 2024-05-01\nNorway pledges aid\n\n{body}\n"
    (tmp_path / "a.txt").write_text(first, encoding="utf-8")
    (tmp_path / "b.txt").write_text(first.replace("2024-05-01", "2024-05-02"), encoding="utf-8")
    assert [_outcome(r) for r in read_corpus(tmp_path)] == ["article", outcome]


def test_unexpected_error_becomes_an_internal_error_reject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Norway", "Sweden"), encoding="utf-8")
    real_parse = parse_article

    def parse_or_fail(decoded: DecodedText, **options: Any) -> ArticleRecord | ArticleReject:
        if decoded.source_file == "a.txt":
            raise RuntimeError("parser bug on line 3")
        return real_parse(decoded, **options)

    monkeypatch.setattr(corpus, "parse_article", parse_or_fail)
    with caplog.at_level(logging.ERROR, logger="pipeline.ingest.corpus"):
        failed, parsed = read_corpus(tmp_path)
    assert isinstance(failed, ArticleReject)
    assert failed.reason == "internal_error"
    assert failed.detail == "unexpected RuntimeError while reading or parsing: parser bug on line 3"
    # The run goes on with the next file, and the traceback is logged, not swallowed.
    assert isinstance(parsed, ArticleRecord)
    assert "a.txt" in caplog.text
    assert "RuntimeError" in caplog.text


def test_dev_corpus_reads_without_rejects(shared_dir: Path) -> None:
    results = list(read_corpus(shared_dir / "corpus" / "dev" / "raw"))
    assert len(results) == 13
    assert all(isinstance(r, ArticleRecord) for r in results)


HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile"


def test_a_corpus_in_s3_reads_exactly_as_on_disk(
    s3_server: Any, s3_bucket: str, tmp_path: Path
) -> None:
    # The committed hostile files (encodings, binary, empty, duplicates, languages, HTML)
    # plus one too large for the limit: same records, same rejects, same details.
    (tmp_path / "big").mkdir()
    (tmp_path / "big" / "dump.txt").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    s3_server.upload(HOSTILE, s3_bucket, "landing")
    s3_server.upload(tmp_path / "big", s3_bucket, "landing/big")
    local = tmp_path / "local"
    shutil.copytree(HOSTILE, local)
    shutil.copytree(tmp_path / "big", local / "big")
    root = Location.parse(f"s3://{s3_bucket}/landing")
    today = dt.date(2025, 1, 1)

    from_s3 = list(read_stored_corpus(root, list_raw_files(root), today=today))
    from_disk = list(read_corpus(local, today=today))

    assert from_s3 == from_disk
    assert {r.source_file: _outcome(r) for r in from_s3}["big/dump.txt"] == "too_large"
    assert len(from_s3) == len(list(local.rglob("*.txt")))


def test_an_object_deleted_after_the_listing_is_an_unreadable_reject(
    s3_server: Any, s3_bucket: str
) -> None:
    s3_server.client().put_object(Bucket=s3_bucket, Key="in/gone.txt", Body=ARTICLE.encode())
    root = Location.parse(f"s3://{s3_bucket}/in")
    files = list_raw_files(root)
    s3_server.client().delete_object(Bucket=s3_bucket, Key="in/gone.txt")
    (result,) = read_stored_corpus(root, files)
    assert isinstance(result, ArticleReject)
    assert (result.source_file, result.reason) == ("gone.txt", "unreadable")
    assert "No such file or directory" in result.detail


def test_reading_on_two_processes_gives_the_same_results(
    make_hostile_corpus: Any, tmp_path: Path
) -> None:
    # Duplicates and near-duplicates are decided in file order, whichever process read them.
    hostile = make_hostile_corpus(tmp_path / "hostile")
    today = dt.date(2026, 1, 1)
    one = list(read_corpus(hostile, today=today))
    two = list(read_corpus(hostile, today=today, processes=2))
    assert [r.source_file for r in two] == [r.source_file for r in one]
    assert two == one
    assert {_outcome(r) for r in one} >= {"article", "duplicate", "near_duplicate"}


def test_an_error_in_duplicate_screening_costs_only_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Norway", "Sweden"), encoding="utf-8")
    (tmp_path / "c.txt").write_text(ARTICLE, encoding="utf-8")  # a copy of a.txt
    real_screen = corpus._deduplicate

    def screen_or_fail(article: ArticleRecord, *rest: Any) -> ArticleRecord | ArticleReject:
        if article.source_file == "b.txt":
            raise MemoryError("index full")
        return real_screen(article, *rest)

    monkeypatch.setattr(corpus, "_deduplicate", screen_or_fail)
    first, second, third = read_corpus(tmp_path)
    assert isinstance(first, ArticleRecord)
    assert isinstance(second, ArticleReject)
    assert second.reason == "internal_error"
    assert second.detail == "unexpected MemoryError while screening for duplicates: index full"
    assert isinstance(third, ArticleReject)
    assert third.reason == "duplicate"  # screening went on with the files after it


# --- Dumps, saved pages and files of other formats ---------------------------------------

NEWS_RECORD = {
    "url": "https://example.org/norway-aid",
    "title": "Norway pledges aid",
    "date_publish": "2024-05-01 08:00:00",
    "maintext": "Norway pledged new aid to Sudan on Thursday.",
    "source_domain": "example.org",
}


def _mixed_corpus(root: Path) -> Path:
    import json

    (root / "wire").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    talks = NEWS_RECORD | {"maintext": "Chile and Peru held talks in Lima on Friday."}
    lines = [
        json.dumps(talks),
        "{not json",
        json.dumps(talks | {"url": "https://example.org/copy"}),  # the same article again
    ]
    (root / "wire" / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not read")
    return root


def test_every_file_and_record_of_a_mixed_corpus_is_accounted_for(tmp_path: Path) -> None:
    results = list(read_corpus(_mixed_corpus(tmp_path), today=dt.date(2025, 1, 1)))
    outcomes = {r.source_file: _outcome(r) for r in results}
    assert outcomes == {
        "a.txt": "article",
        "notes.docx": "unsupported_format",
        "wire/dump.jsonl:1": "article",
        "wire/dump.jsonl:2": "malformed_record",
        "wire/dump.jsonl:3": "duplicate",
    }
    copy = next(r for r in results if r.source_file == "wire/dump.jsonl:3")
    assert isinstance(copy, ArticleReject)
    assert copy.detail == "same text as wire/dump.jsonl:1"
    unsupported = next(r for r in results if r.source_file == "notes.docx")
    assert isinstance(unsupported, ArticleReject)
    assert "'.docx' files are not read" in unsupported.detail
    assert ".jsonl" in unsupported.detail


def test_a_mixed_corpus_reads_the_same_on_two_processes(tmp_path: Path) -> None:
    corpus_dir = _mixed_corpus(tmp_path)
    today = dt.date(2025, 1, 1)
    assert list(read_corpus(corpus_dir, today=today, processes=2)) == list(
        read_corpus(corpus_dir, today=today)
    )


def test_the_field_mapping_reaches_the_records(tmp_path: Path) -> None:
    import json

    record = {"body_text": "Chile and Peru held talks in Lima.", "published_at": "2024-05-01"}
    (tmp_path / "d.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    mapping = FieldMapping.with_overrides({"text": "body_text", "date": "published_at"})
    (default,) = read_corpus(tmp_path)
    (mapped,) = read_corpus(tmp_path, fields=mapping)
    assert (default.source_file, _outcome(default)) == ("d.jsonl:1", "no_text")
    assert isinstance(mapped, ArticleRecord)
    assert mapped.publication_date == dt.date(2024, 5, 1)


def test_a_crash_inside_a_dump_costs_the_rest_of_that_dump_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")

    def broken_reader(*args: Any) -> Any:
        raise RuntimeError("reader bug")
        yield  # a generator, as the real reader

    monkeypatch.setattr(corpus, "read_dump_file", broken_reader)
    crashed, article = read_corpus(tmp_path)
    assert (crashed.source_file, _outcome(crashed)) == ("a.jsonl", "internal_error")
    assert "reader bug" in crashed.detail
    assert isinstance(article, ArticleRecord)


def test_dumps_and_pages_in_s3_read_exactly_as_on_disk(
    s3_server: Any, s3_bucket: str, tmp_path: Path
) -> None:
    import gzip
    import json

    local = _mixed_corpus(tmp_path / "local")
    lines = [json.dumps(NEWS_RECORD | {"url": f"https://e.org/{n}"}) for n in range(3)]
    # A gzip cut in its middle: the records before the cut, then a `truncated` reject.
    whole = gzip.compress(("\n".join(lines * 400) + "\n").encode())
    (local / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (local / "page.html").write_text(
        "<html><head><title>Talks</title></head><body><article><h1>Talks</h1>"
        "<p>Chile and Peru held talks in Lima on Friday, the ministries said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    s3_server.upload(local, s3_bucket, "landing")
    root = Location.parse(f"s3://{s3_bucket}/landing")
    today = dt.date(2025, 1, 1)
    from_s3 = list(read_stored_corpus(root, list_raw_files(root), today=today))
    from_disk = list(read_corpus(local, today=today))
    assert from_s3 == from_disk
    outcomes = [_outcome(r) for r in from_s3 if r.source_file.startswith("cut.jsonl.gz")]
    assert outcomes[0] == "article"
    assert outcomes[-1] == "truncated"
