"""Fixtures for coder tests: the shipped reference data and a one-call coder for a body."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.coding.event_coder import CodingReference, code_articles
from schemas.records import ArticleRecord, EventMention

CodeBody = Callable[[str], list[EventMention]]


@pytest.fixture(scope="session")
def reference() -> CodingReference:
    return CodingReference.default()


@pytest.fixture(scope="session")
def code_body(
    nlp: Language, reference: CodingReference, make_article: Callable[..., ArticleRecord]
) -> CodeBody:
    """Code an invented article body published on Wednesday 2024-11-20."""

    def code(body: str) -> list[EventMention]:
        return code_articles(nlp, [make_article(body)], reference).event_mentions

    return code
