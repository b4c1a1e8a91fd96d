"""Shared fixtures: the shared corpus beside the checkout and the trained spaCy pipeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.provenance import sha256_hex, stable_id
from schemas.records import ArticleRecord

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SEED_ARTICLE = SHARED / "corpus" / "dev" / "raw" / "seed_putin_india.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared`, which CI places beside the checkout; tests needing it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default trained pipeline, loaded once for the whole session."""
    from pipeline.nlp.model import load_nlp

    return load_nlp()


ArticleFactory = Callable[..., ArticleRecord]


@pytest.fixture(scope="session")
def make_article() -> ArticleFactory:
    """Build an `ArticleRecord` around an invented body, as the parser would have."""

    def build(
        body: str, *, published: dt.date = dt.date(2024, 11, 20), name: str = "test.txt"
    ) -> ArticleRecord:
        head = f"date {published.isoformat()}\nInvented headline\n\n"
        text = head + body + "\n"
        return ArticleRecord(
            article_id=stable_id(name, text),
            source_file=name,
            content_sha256=sha256_hex(text),
            encoding="utf-8",
            crawl_date=published,
            crawl_section=None,
            dateline=None,
            publication_date=published,
            publication_date_source="crawl_date",
            headline="Invented headline",
            text=text,
            body_char_start=len(head),
            num_paragraphs=body.count("\n\n") + 1,
            num_boilerplate_paragraphs=0,
            num_words=len(body.split()),
        )

    return build
