"""Parsing article bodies with spaCy, paragraph by paragraph, into sentences with offsets."""

from __future__ import annotations

import re
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
    """Parse the body paragraphs of each article and yield its sentences in order.

    Captions, link lines and other boilerplate paragraphs are not parsed, so they can never
    produce events. Paragraphs go through `nlp.pipe` in batches across articles.
    """
    pending: dict[str, tuple[ArticleRecord, int]] = {}
    order: list[str] = []
    sentences: dict[str, list[ParsedSentence]] = {}

    def paragraph_stream() -> Iterator[tuple[str, tuple[str, Paragraph]]]:
        for article in articles:
            paragraphs = [p for p in body_paragraphs(article) if p.kind == "body"]
            pending[article.article_id] = (article, len(paragraphs))
            order.append(article.article_id)
            sentences[article.article_id] = []
            for paragraph in paragraphs:
                skip = dateline_prefix_length(paragraph.text) if paragraph.index == 0 else 0
                parsed = replace(
                    paragraph, text=paragraph.text[skip:], char_start=paragraph.char_start + skip
                )
                yield parsed.text, (article.article_id, parsed)

    done: set[str] = set()
    seen_paragraphs: dict[str, int] = {}

    def flush() -> Iterator[tuple[ArticleRecord, list[ParsedSentence]]]:
        # Articles complete in input order; yield each as soon as all its paragraphs are parsed.
        while order and order[0] in done:
            article_id = order.pop(0)
            article, _ = pending.pop(article_id)
            yield article, sentences.pop(article_id)

    for doc, (article_id, paragraph) in nlp.pipe(
        paragraph_stream(), as_tuples=True, batch_size=batch_size
    ):
        bucket = sentences[article_id]
        for span in doc.sents:
            if not span.text.strip():
                continue
            bucket.append(
                ParsedSentence(
                    index=len(bucket),
                    span=span,
                    char_offset=paragraph.char_start,
                    paragraph_index=paragraph.index,
                )
            )
        seen_paragraphs[article_id] = seen_paragraphs.get(article_id, 0) + 1
        for pending_id, (_, expected) in pending.items():
            if seen_paragraphs.get(pending_id, 0) >= expected:
                done.add(pending_id)
        yield from flush()
    # Articles without body paragraphs never pass through nlp.pipe.
    done.update(pending)
    yield from flush()
