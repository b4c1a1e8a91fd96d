"""Article bodies into sentences with offsets, parsed with spaCy where they may hold an event."""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Span

from pipeline.ingest.article_parser import Paragraph, body_paragraphs
from pipeline.nlp.sentence_bounds import sentence_pieces
from schemas.records import ArticleRecord

logger = logging.getLogger(__name__)

#: An agency dateline opening a first paragraph: "BEIJING, Aug. 5 (Xinhua) --", "Nairobi —".
#: Parsed as part of the sentence, it makes the city the grammatical subject.
DATELINE_PREFIX = re.compile(
    r"""^\s*
    (?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},?\s*       # place,
       (?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2},?\s*)?)?  # maybe with its country
    (?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?      # month and day
    (?:\([^()]{2,40}\)\s*){0,2}                           # (Country) (Agency)
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
    cut: bool = False
    """Ended by a bound, not by punctuation (see `pipeline.nlp.sentence_bounds`)."""

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
#: What travels through the parse stream with a sentence's text: its slot in the article, its
#: offset in the article text, its paragraph, and whether it was cut at a bound.
_SentenceContext = tuple[int, int, int, bool]


@dataclass(frozen=True)
class ParsedArticle:
    """An article's sentences as `parse_articles` yields them, or why they could not be had.

    `failure` names the error of an article whose splitting or parsing raised; its `sentences`
    are then empty, and the coder reports it rather than losing the articles beside it.
    """

    article: ArticleRecord
    sentences: list[ParsedSentence]
    failure: str | None = None


@dataclass
class _PendingArticle:
    article: ArticleRecord
    sentences: list[ParsedSentence | None]
    unparsed: int = 0
    """Sentences sent to the parser and not yet back."""
    queued: bool = False
    """Every sentence of the article has been split off and, if kept, sent to the parser."""
    failure: str | None = None


def parse_articles(
    nlp: Language,
    articles: Iterable[ArticleRecord],
    *,
    batch_size: int = 64,
    keep: SentenceFilter | None = None,
    n_process: int = 1,
    skip_article: Callable[[ArticleRecord], bool] | None = None,
) -> Iterator[ParsedArticle]:
    """Split each article body into sentences, parse those worth parsing, and yield them.

    Captions, link lines and other boilerplate paragraphs are skipped, so they can never produce
    events. Sentences for which `keep` is false, and every sentence of an article for which
    `skip_article` is true, are yielded unparsed (`parsed=False`), as are over-long runs of
    characters (see `pipeline.nlp.sentence_bounds`). The sentences of many articles go through
    one `nlp.pipe` stream, in batches and on `n_process` processes; `nlp.pipe` keeps the input
    order, so articles come back in order, each once its last sentence is parsed, and only a few
    batches of articles are ever held in memory.

    Each article is a fault boundary. One whose splitting raises comes back with a `failure`.
    When the parser itself raises, the stream is lost with every article in flight; each of
    those is parsed again on its own, so only the one that raises comes back failed, and the
    stream resumes with the articles after them.
    """
    remaining = iter(articles)
    waiting: deque[_PendingArticle] = deque()
    options = _StreamOptions(batch_size, keep, n_process, skip_article)
    while True:
        try:
            yield from _parse_stream(nlp, remaining, waiting, options)
            return
        except _InputError as failed:  # not an article's fault: the run must hear of it
            raise failed.error from None
        except Exception as error:  # the articles in flight are retried below
            in_flight = [pending.article for pending in waiting]
            waiting.clear()
            logger.warning(
                "the parse stream failed (%r); parsing its %d articles one at a time",
                error,
                len(in_flight),
            )
            for article in in_flight:
                yield _parse_alone(nlp, article, options)


class _InputError(Exception):
    """Reading the articles themselves failed (a table, a disk): no article is to blame."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class _StreamOptions:
    batch_size: int
    keep: SentenceFilter | None
    n_process: int
    skip_article: Callable[[ArticleRecord], bool] | None


def _parse_alone(nlp: Language, article: ArticleRecord, options: _StreamOptions) -> ParsedArticle:
    waiting: deque[_PendingArticle] = deque()
    alone = replace(options, n_process=1)
    try:
        results = list(_parse_stream(nlp, iter([article]), waiting, alone))
    except Exception as error:  # this article is the one that fails
        logger.warning("could not parse %s: %r", article.source_file, error)
        return ParsedArticle(article, [], failure=f"parse failed: {error!r}")
    return results[0]


def _parse_stream(
    nlp: Language,
    articles: Iterator[ArticleRecord],
    waiting: deque[_PendingArticle],
    options: _StreamOptions,
) -> Iterator[ParsedArticle]:
    """One `nlp.pipe` stream over `articles`; what it has taken and not finished is in `waiting`."""
    keep, skip_article = options.keep, options.skip_article

    def sentence_stream() -> Iterator[tuple[str, _SentenceContext]]:
        while True:
            try:
                article = next(articles)
            except StopIteration:
                return
            except Exception as error:
                raise _InputError(error) from error
            pending = _PendingArticle(article, [])
            waiting.append(pending)
            try:
                yield from _article_sentences(pending)
            except Exception as error:  # reported with the article
                logger.warning("could not split %s into sentences: %r", article.source_file, error)
                pending.failure = f"sentence splitting failed: {error!r}"
            pending.queued = True

    def _article_sentences(pending: _PendingArticle) -> Iterator[tuple[str, _SentenceContext]]:
        article = pending.article
        body = _without_datelines([p for p in body_paragraphs(article) if p.kind == "body"])
        parse_none = skip_article is not None and skip_article(article)
        for paragraph in body:
            for piece in sentence_pieces(nlp, paragraph.text):
                span, slot = piece.span, len(pending.sentences)
                doc_offset = paragraph.char_start + piece.doc_offset
                if not parse_none and piece.parsable and (keep is None or keep(span)):
                    pending.sentences.append(None)
                    pending.unparsed += 1
                    offset = doc_offset + span.start_char
                    yield span.text, (slot, offset, paragraph.index, piece.cut)
                else:
                    sentence = ParsedSentence(
                        slot, span, doc_offset, paragraph.index, parsed=False, cut=piece.cut
                    )
                    pending.sentences.append(sentence)

    def complete() -> Iterator[ParsedArticle]:
        while waiting and waiting[0].queued and waiting[0].unparsed == 0:
            done = waiting.popleft()
            if done.failure is not None:
                yield ParsedArticle(done.article, [], done.failure)
            else:
                yield ParsedArticle(done.article, [s for s in done.sentences if s is not None])

    stream = nlp.pipe(
        sentence_stream(),
        as_tuples=True,
        batch_size=options.batch_size,
        n_process=options.n_process,
    )
    for doc, (slot, offset, paragraph_index, cut) in stream:
        # Articles are queued in input order, so this doc belongs to the first one that still
        # waits for parses.
        pending = next(p for p in waiting if p.unparsed)
        pending.sentences[slot] = ParsedSentence(slot, doc[:], offset, paragraph_index, cut=cut)
        pending.unparsed -= 1
        yield from complete()
    yield from complete()


#: Sentence paragraphs a standfirst may take before the lead that carries the dateline.
STANDFIRST_PARAGRAPHS = 2


def _without_datelines(body: list[Paragraph]) -> list[Paragraph]:
    """The body with the agency dateline of its lead paragraph cut off.

    The lead is the first paragraph that is a sentence: a byline ("By Jane Roe"), an agency
    line or an editor's credit before it ends in no full stop, and the dateline follows them
    ("By Jane Roe / Associated Press / BOGOTA, Colombia (AP) — President ..."). A standfirst
    of one or two sentences may come before the lead, so the dateline is looked for in the
    first `STANDFIRST_PARAGRAPHS + 1` sentence paragraphs, and only once.
    """
    trimmed: list[Paragraph] = []
    leading = True
    sentences_seen = 0
    for paragraph in body:
        skip = dateline_prefix_length(paragraph.text) if leading else 0
        if _ends_a_sentence(paragraph.text):
            sentences_seen += 1
        leading = leading and not skip and sentences_seen <= STANDFIRST_PARAGRAPHS
        trimmed.append(
            replace(paragraph, text=paragraph.text[skip:], char_start=paragraph.char_start + skip)
            if skip
            else paragraph
        )
    return trimmed


def _ends_a_sentence(text: str) -> bool:
    return text.rstrip().rstrip("\"'”’)").endswith((".", "!", "?"))
