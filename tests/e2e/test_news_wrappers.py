"""`attache run` on news as it arrives: the dev2 corpus as a news-please dump and as saved pages.

Coding must not depend on the wrapper. The 32 dev2 articles are read from their `.txt` files,
written as one news-please JSON Lines dump and as 32 saved HTML pages (with the gold file's
URLs), and each form is run through the command line: the event mentions (codes, actors,
dates, trigger and sentence text, confidence) are the same, and the F1 against the gold,
matched through `source_url` for the dump and the pages, is within 0.02 of the `.txt` run's.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from pipeline.benchmark.news_dumps import news_please_record, saved_page, write_news_please_dump
from pipeline.cli import main
from pipeline.evaluation.evaluate import evaluate
from pipeline.ingest.corpus import read_corpus
from schemas.records import ArticleRecord

#: What an event mention is, whatever file name or id its article got.
CONTENT = (
    "trigger_text",
    "sentence_text",
    "source_name",
    "source_country",
    "source_org",
    "source_sector",
    "target_name",
    "target_country",
    "target_org",
    "cameo_code",
    "modality",
    "event_date",
    "event_date_precision",
    "event_date_source",
    "location_name",
    "confidence",
)


@pytest.fixture(scope="module")
def dev2_runs(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The event_mentions of dev2 coded from .txt files, one JSON Lines dump and saved pages."""
    raw = shared_dir / "corpus" / "dev2" / "raw"
    gold = [json.loads(line) for line in (raw.parent / "gold.jsonl").open(encoding="utf-8")]
    urls = {article["file"]: article["source_url"] for article in gold}
    articles = [a for a in read_corpus(raw) if isinstance(a, ArticleRecord)]
    assert len(articles) == 32
    work = tmp_path_factory.mktemp("wrappers")
    records = (news_please_record(a, urls[a.source_file]) for a in articles)
    write_news_please_dump(records, work / "jsonl" / "dev2.jsonl")
    (work / "html").mkdir()
    for article in articles:
        page = saved_page(article, urls[article.source_file])
        (work / "html" / article.source_file.replace(".txt", ".html")).write_text(page)
    inputs = {"txt": raw, "jsonl": work / "jsonl", "html": work / "html"}
    outputs = {}
    for wrapper, folder in inputs.items():
        output = work / f"out-{wrapper}"
        code = main(["run", "--input", str(folder), "--output", str(output), "--processes", "2"])
        assert code == 0, wrapper
        outputs[wrapper] = output
    return outputs


def _mentions(output: Path, urls: dict[str, str]) -> Counter[tuple[object, ...]]:
    rows = ds.dataset(output / "event_mentions", partitioning="hive").to_table().to_pylist()
    return Counter(
        (row["source_url"] or urls[row["source_file"]], *(row[c] for c in CONTENT)) for row in rows
    )


@pytest.mark.parametrize("wrapper", ["jsonl", "html"])
def test_the_same_events_are_coded_whatever_the_wrapper(
    dev2_runs: dict[str, Path], shared_dir: Path, wrapper: str
) -> None:
    gold = shared_dir / "corpus" / "dev2" / "gold.jsonl"
    urls = {a["file"]: a["source_url"] for a in map(json.loads, gold.open(encoding="utf-8"))}
    from_txt = _mentions(dev2_runs["txt"], urls)
    assert sum(from_txt.values()) > 100
    assert _mentions(dev2_runs[wrapper], urls) == from_txt


@pytest.mark.parametrize("wrapper", ["jsonl", "html"])
def test_f1_matched_through_source_url_is_within_two_points(
    dev2_runs: dict[str, Path], shared_dir: Path, wrapper: str
) -> None:
    gold = shared_dir / "corpus" / "dev2" / "gold.jsonl"
    from_txt = evaluate(gold, dev2_runs["txt"] / "event_mentions")
    report = evaluate(gold, dev2_runs[wrapper] / "event_mentions")
    # Every prediction found its gold article by URL: none was set aside as unknown.
    assert not report.ignored_files
    assert report.f1 == pytest.approx(from_txt.f1, abs=0.02)


@pytest.mark.parametrize("wrapper", ["jsonl", "html"])
def test_source_url_and_publisher_reach_every_table(
    dev2_runs: dict[str, Path], shared_dir: Path, wrapper: str
) -> None:
    gold = shared_dir / "corpus" / "dev2" / "gold.jsonl"
    gold_urls = {a["source_url"] for a in map(json.loads, gold.open(encoding="utf-8"))}

    def table(name: str) -> list[dict[str, object]]:
        return ds.dataset(dev2_runs[wrapper] / name, partitioning="hive").to_table().to_pylist()

    articles, mentions, events = table("articles"), table("event_mentions"), table("events")
    assert {row["source_url"] for row in articles} == gold_urls
    assert all(row["publisher"] for row in articles)
    article_urls = {row["article_id"]: row["source_url"] for row in articles}
    assert all(row["source_url"] == article_urls[row["article_id"]] for row in mentions)
    by_mention = {row["mention_id"]: row["source_url"] for row in mentions}
    for event in events:
        assert event["source_urls"] == sorted({by_mention[m] for m in event["mention_ids"]})
        assert event["publishers"]
    # The .txt files give neither: the columns are there, and empty.
    txt_articles = ds.dataset(dev2_runs["txt"] / "articles", partitioning="hive").to_table()
    assert set(txt_articles.column("source_url").to_pylist()) == {None}
