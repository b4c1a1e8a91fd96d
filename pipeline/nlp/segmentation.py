"""Article bodies into sentences with offsets, parsed with spaCy where they may hold an event."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.pipeline import Sentencizer
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
    """A sentence of an article body and where it sits in the article text.

    `parsed` is False for a sentence the pre-filter let through unparsed: its span then has
    tokens and nothing else (no tags, dependencies or entities), which is all actor look-up
    needs to carry the article's discourse across it.
    """

    index: int
    span: Span
    char_offset: int
    """Offset of `span.doc` in the article text: token.idx + this = article offset."""
    paragraph_index: int
    parsed: bool = True

    @property
    def char_start(self) -> int:
        """Start of the sentence in the article text."""
        return self.char_offset + self.span.start_char

    @property
    def char_end(self) -> int:
        """End of the sentence in the article text."""
        return self.char_offset + self.span.end_char


#: Decides, from tokens alone, whether a sentence is worth parsing.
SentenceFilter = Callable[[Span], bool]


@dataclass
class _PendingArticle:
    article: ArticleRecord
    sentences: list[ParsedSentence | None]
    unparsed: int = 0
    """Sentences sent to the parser and not yet back."""
    queued: bool = False
    """Every sentence of the article has been split off and, if kept, sent to the parser."""


def split_sentences(nlp: Language, paragraph: Paragraph) -> list[Span]:
    """Sentences of a paragraph by punctuation, on the tokenizer's output alone.

    A rule-based split is what lets the pre-filter look at one sentence before anything is
    parsed; the parser never re-splits it, so sentence numbers do not depend on what was parsed.
    """
    return [s for s in _SENTENCIZER(nlp.make_doc(paragraph.text)).sents if s.text.strip()]


_SENTENCIZER = Sentencizer()


def parse_articles(
    nlp: Language,
    articles: Iterable[ArticleRecord],
    *,
    batch_size: int = 64,
    keep: SentenceFilter | None = None,
    n_process: int = 1,
    skip_article: Callable[[ArticleRecord], bool] | None = None,
) -> Iterator[tuple[ArticleRecord, list[ParsedSentence]]]:
    """Split each article body into sentences, parse those worth parsing, and yield them.

    Captions, link lines and other boilerplate paragraphs are skipped, so they can never produce
    events. Sentences for which `keep` is false, and every sentence of an article for which
    `skip_article` is true, are yielded unparsed (`parsed=False`). The
    sentences of many articles go through one `nlp.pipe` stream, in batches and on `n_process`
    processes; `nlp.pipe` keeps the input order, so articles come back in order, each once its
    last sentence is parsed, and only a few batches of articles are ever held in memory.
    """
    waiting: deque[_PendingArticle] = deque()

    def sentence_stream() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for article in articles:
            pending = _PendingArticle(article, [])
            waiting.append(pending)
            body = [_without_dateline(p) for p in body_paragraphs(article) if p.kind == "body"]
            parse_none = skip_article is not None and skip_article(article)
            for paragraph in body:
                for span in split_sentences(nlp, paragraph):
                    slot = len(pending.sentences)
                    if not parse_none and (keep is None or keep(span)):
                        pending.sentences.append(None)
                        pending.unparsed += 1
                        offset = paragraph.char_start + span.start_char
                        yield span.text, (slot, offset, paragraph.index)
                    else:
                        sentence = ParsedSentence(
                            slot, span, paragraph.char_start, paragraph.index, parsed=False
                        )
                        pending.sentences.append(sentence)
            pending.queued = True

    def complete() -> Iterator[tuple[ArticleRecord, list[ParsedSentence]]]:
        while waiting and waiting[0].queued and waiting[0].unparsed == 0:
            done = waiting.popleft()
            yield done.article, [s for s in done.sentences if s is not None]

    stream = nlp.pipe(sentence_stream(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, (slot, offset, paragraph_index) in stream:
        # Articles are queued in input order, so this doc belongs to the first one that still
        # waits for parses.
        pending = next(p for p in waiting if p.unparsed)
        pending.sentences[slot] = ParsedSentence(slot, doc[:], offset, paragraph_index)
        pending.unparsed -= 1
        yield from complete()
    yield from complete()


def _without_dateline(paragraph: Paragraph) -> Paragraph:
    skip = dateline_prefix_length(paragraph.text) if paragraph.index == 0 else 0
    if not skip:
        return paragraph
    return replace(paragraph, text=paragraph.text[skip:], char_start=paragraph.char_start + skip)
