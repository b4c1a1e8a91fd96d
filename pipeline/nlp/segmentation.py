"""Parsing article bodies with spaCy, paragraph by paragraph, into sentences with offsets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span

from pipeline.ingest.article_parser import Paragraph, body_paragraphs
from schemas.records import ArticleRecord


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
                yield paragraph.text, (article.article_id, paragraph)

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
