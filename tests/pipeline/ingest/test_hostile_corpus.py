"""Pins what `read_corpus` makes of hostile input: every file one article or one specific reject.

The corpus is `tests/fixtures/hostile/` plus what `make_hostile_corpus` generates (a
50 MiB file, a 10,000-sentence article, symbolic links, a named pipe, a file that vanishes
mid-run); `HOSTILE_OUTCOMES` in `tests/conftest.py` lists the expected outcome of each.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.ingest.corpus import read_corpus
from schemas.records import ArticleRecord, ArticleReject

VANISHING = "generated/vanishing.txt"
# Categories of the characters that must not survive normalisation: format (zero-width, bidi)
# and control characters other than the newline.
INVISIBLE = {"Cf", "Cc"}


def _read_with_a_file_vanishing(corpus: Path) -> dict[str, ArticleRecord | ArticleReject]:
    results = {}
    for result in read_corpus(corpus):
        results[result.source_file] = result
        # The corpus was listed before the first file was read: deleting a file now is a
        # file vanishing mid-run.
        (corpus / VANISHING).unlink(missing_ok=True)
    return results


@pytest.fixture(scope="module")
def hostile_results(
    make_hostile_corpus: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, ArticleRecord | ArticleReject]:
    corpus = make_hostile_corpus(tmp_path_factory.mktemp("hostile"))
    return _read_with_a_file_vanishing(corpus)


def _outcome(result: ArticleRecord | ArticleReject) -> str:
    return "article" if isinstance(result, ArticleRecord) else str(result.reason)


def test_every_hostile_file_is_an_article_or_a_specific_reject(
    hostile_results: dict[str, ArticleRecord | ArticleReject], hostile_outcomes: dict[str, str]
) -> None:
    outcomes = {source: _outcome(result) for source, result in hostile_results.items()}
    assert outcomes == hostile_outcomes
    for result in hostile_results.values():
        if isinstance(result, ArticleReject):
            assert result.detail  # a human-readable why, beside the machine-readable reason


def _article(results: dict[str, ArticleRecord | ArticleReject], name: str) -> ArticleRecord:
    result = results[name]
    assert isinstance(result, ArticleRecord), result
    return result


def _reject(results: dict[str, ArticleRecord | ArticleReject], name: str) -> ArticleReject:
    result = results[name]
    assert isinstance(result, ArticleReject), result
    return result


@pytest.mark.parametrize(
    ("name", "encoding", "phrase"),
    [
        # Curly quotes, em dash and euro sign survive the cp1252 decoding.
        ("cp1252.txt", "cp1252", "“The ice does not stop at the border,” Chile’s"),
        # Accented names decode; the stray C1 byte is dropped, not kept as a control character.
        ("latin-1.txt", "latin-1", "customs inspections, according to"),
        ("latin-1.txt", "latin-1", "José Ibáñez"),
        ("utf-16-bom.txt", "utf-16-le", "Vietnam and the Philippines held talks"),
        # "CÃ´te dâ€™Ivoire" is repaired to what the site meant.
        ("mojibake.txt", "utf-8", "Côte d’Ivoire and Ghana signed"),
        # Zero-width spaces and joiners, soft hyphens, bidi marks, embeddings and isolates and
        # a stray byte-order mark are gone, and the words they split are whole again.
        ("invisible-controls.txt", "utf-8", "Kenya and Ethiopia agreed on Monday"),
        ("invisible-controls.txt", "utf-8", "the Nairobi to Addis Ababa power line"),
        ("invisible-controls.txt", "utf-8", "Talks will continue in Mombasa next month, they"),
    ],
)
def test_encodings_and_invisible_characters_are_repaired(
    hostile_results: dict[str, ArticleRecord | ArticleReject], name: str, encoding: str, phrase: str
) -> None:
    article = _article(hostile_results, name)
    assert article.encoding == encoding
    assert phrase in article.text
    assert not [c for c in article.text if c != "\n" and unicodedata.category(c) in INVISIBLE]


def test_duplicates_name_the_article_that_was_kept(
    hostile_results: dict[str, ArticleRecord | ArticleReject],
) -> None:
    kept = "duplicates/site-a/lake-ferry.txt"
    exact = _reject(hostile_results, "duplicates/site-b/lake-ferry.txt")
    near = _reject(hostile_results, "duplicates/site-c/lake-ferry-syndicated.txt")
    link = _reject(hostile_results, "generated/link-inside.txt")
    assert exact.detail == f"same text as {kept}"
    assert re.fullmatch(
        rf"near-duplicate of {kept}: about \d+% of their word 5-grams are shared "
        r"\(threshold 80%\)",
        near.detail,
    )
    # A symlink inside the corpus is followed, and so is read as a second copy of its target.
    assert link.detail == "same text as cp1252.txt"


def test_large_and_long_inputs(hostile_results: dict[str, ArticleRecord | ArticleReject]) -> None:
    huge = _reject(hostile_results, "generated/huge-50mb.txt")
    assert huge.size_bytes is not None
    assert huge.size_bytes >= 50 * 1024 * 1024
    assert huge.content_sha256 is None  # rejected from its size, never read
    ledger = _article(hostile_results, "generated/ledger-10000-sentences.txt")
    assert ledger.text[ledger.body_char_start :].count(".") == 10_000
    assert ledger.num_paragraphs == 1_000


@pytest.mark.parametrize(
    ("name", "detail"),
    [
        ("generated/named-pipe.txt", "not a regular file but a named pipe"),
        ("generated/vanishing.txt", "No such file or directory"),
        ("generated/link-outside.txt", "outside the input directory; not followed"),
        ("generated/link-outside-dir", "outside the input directory; not followed"),
        ("future-date.txt", "crawl date 2091-01-01 is in the future"),
        ("impossible-date.txt", "2024-02-30 is not a calendar date"),
        ("saved-page.txt", "web page's source"),
        ("other-language-fr.txt", "the body reads as French (fr, probability 1.00)"),
        ("other-language-ru.txt", "the body reads as Russian (ru, probability 1.00)"),
    ],
)
def test_reject_details_say_what_was_wrong(
    hostile_results: dict[str, ArticleRecord | ArticleReject], name: str, detail: str
) -> None:
    assert detail in _reject(hostile_results, name).detail


def test_a_crawl_date_after_tomorrow_is_in_the_future(tmp_path: Path) -> None:
    # One day of slack for a crawler in a time zone ahead of the machine's.
    today = dt.date(2025, 3, 14)
    for name, crawl_date in [("a.txt", "2025-03-15"), ("b.txt", "2025-03-16")]:
        (tmp_path / name).write_text(
            f"date {crawl_date}\nTalks in Accra\n\nGhana and Togo held talks in Accra.\n"
        )
    outcomes = [_outcome(result) for result in read_corpus(tmp_path, today=today)]
    assert outcomes == ["article", "future_date"]
