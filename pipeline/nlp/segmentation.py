"""Parsing article bodies with spaCy, paragraph by paragraph, into sentences with offsets."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Span

from pipeline.ingest.article_parser import Paragraph, body_paragraphs
from schemas.records import ArticleRecord

#: An agency dateline opening a first paragraph: "BEIJING, Aug. 5 (Xinhua) --", "Nairobi —".
#: Parsed as part of the sentence, it makes the city the grammatical subject.
DATELINE_PREFIX = re.compile(
    r"""^\s*
    (?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},?\s*)?     # place, maybe with its country
    (?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?      # month and day
    (?:\([^()]{2,40}\)\s*)?                               # (Agency)
    (?:--?|—|–)\s+                                          # the dash that ends a dateline
    """,
    re.VERBOSE,
)


def dateline_prefix_length(paragraph: str) -> int:
    """Characters of an agency dateline at the start of a paragraph, or 0."""
    match = DATELINE_PREFIX.match(paragraph)
    if match is None or len(match.group(0)) > 60:
        return 0
    return match.end()


@dataclass(frozen=True)
class ParsedSentence:
    """A parsed sentence of an article body and where it sits in the article text."""

    index: int
    span: Span
    char_offset: int
    """Offset of the sentence's paragraph in the article text: token.idx + this = article offset."""
    paragraph_index: int

    @property
    def char_start(self) -> int:
        """Start of the sentence in the article text."""
        return self.char_offset + self.span.start_char

    @property
    def char_end(self) -> int:
        """End of the sentence in the article text."""
        return self.char_offset + self.span.end_char


def parse_articles(
    nlp: Language, articles: Iterable[ArticleRecord], *, batch_size: int = 64
) -> Iterator[tuple[ArticleRecord, list[ParsedSentence]]]:
    """Parse the body paragraphs of each article and yield its sentences, articles in order.

    Captions, link lines and other boilerplate paragraphs are not parsed, so they can never
    produce events. Paragraphs of many articles go through one `nlp.pipe` stream in batches;
    `nlp.pipe` keeps the input order, so an article is complete once its last paragraph is back.
    """
    waiting: deque[tuple[ArticleRecord, int]] = deque()

    def paragraph_stream() -> Iterator[tuple[str, Paragraph]]:
        for article in articles:
            paragraphs = [
                _without_dateline(p) for p in body_paragraphs(article) if p.kind == "body"
            ]
            waiting.append((article, len(paragraphs)))
            for paragraph in paragraphs:
                yield paragraph.text, paragraph

    sentences: list[ParsedSentence] = []
    parsed_paragraphs = 0
    for doc, paragraph in nlp.pipe(paragraph_stream(), as_tuples=True, batch_size=batch_size):
        # Articles without body paragraphs, ahead of this one, are complete (and empty).
        while waiting[0][1] == 0:
            yield waiting.popleft()[0], []
        for span in doc.sents:
            if span.text.strip():
                sentences.append(
                    ParsedSentence(len(sentences), span, paragraph.char_start, paragraph.index)
                )
        parsed_paragraphs += 1
        if parsed_paragraphs == waiting[0][1]:
            yield waiting.popleft()[0], sentences
            sentences, parsed_paragraphs = [], 0
    while waiting:
        yield waiting.popleft()[0], []


def _without_dateline(paragraph: Paragraph) -> Paragraph:
    skip = dateline_prefix_length(paragraph.text) if paragraph.index == 0 else 0
    if not skip:
        return paragraph
    return replace(paragraph, text=paragraph.text[skip:], char_start=paragraph.char_start + skip)
