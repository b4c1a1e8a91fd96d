"""Paragraphs of any shape into sentence pieces, each small enough to tokenize and parse.

Scraped text holds what no news sentence does: a 4 MB wire dump without a full stop, a base64
blob, a table of digits, a line of 100,000 brackets. Left to spaCy, each costs the run dearly.
Its tokenizer refuses a text over `nlp.max_length` (error E088). It is quadratic in the length
of a run without whitespace: each prefix or suffix it splits off copies the rest, so 4,000
brackets take 1.7 s and 100,000 would take twenty minutes. And the parser's time and memory
grow with the sentence. So every paragraph is cut before spaCy sees it:

- a run of more than `MAX_RUN_CHARS` non-space characters is one token, never tokenized and
  never parsed (the longest run in the shared real-news corpora is under 60 characters);
- the rest is tokenized in chunks of at most `MAX_CHUNK_CHARS`, cut at whitespace;
- a sentence of more than `MAX_SENTENCE_TOKENS` tokens is cut into pieces of that many.

A paragraph with none of these (every real news paragraph measured) is tokenized whole, as
before. Cut pieces are marked, so the coding step can count them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

#: A run of non-space characters longer than this is not a word; it is kept as one token.
MAX_RUN_CHARS = 100
#: Characters tokenized at once: far under spaCy's `nlp.max_length` (1,000,000).
MAX_CHUNK_CHARS = 100_000
#: Tokens a sentence may have before it is cut. The longest sentence in the shared real-news
#: corpora has 77; the parser's cost per sentence stays bounded at this size.
MAX_SENTENCE_TOKENS = 200

_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
_SENTENCIZER = Sentencizer()


@dataclass(frozen=True)
class SentencePiece:
    """A sentence of a paragraph, or a bounded piece of one.

    Attributes:
        span: The tokens, in a doc that holds part of the paragraph.
        doc_offset: Offset of `span.doc` in the paragraph text.
        cut: Not ended by punctuation but by a bound: the token budget, a chunk's edge, or an
            over-long run of characters.
        parsable: False for an over-long run, which is no language and must never reach the
            tokenizer again (the parser re-tokenizes what it is given).
    """

    span: Span
    doc_offset: int
    cut: bool = False
    parsable: bool = True


def sentence_pieces(nlp: Language, text: str) -> list[SentencePiece]:
    """The sentences of a paragraph by punctuation, each cut to the bounds above.

    Splitting is rule-based, on the tokenizer's output alone, so that the pre-filter can look at
    one sentence before anything is parsed; the parser never re-splits a piece.
    """
    pieces: list[SentencePiece] = []
    for offset, chunk, is_run, ends_early in _segments(text):
        if is_run:
            doc = Doc(nlp.vocab, words=[chunk], spaces=[False])
            pieces.append(SentencePiece(doc[:], offset, cut=True, parsable=False))
            continue
        sentences = [s for s in _SENTENCIZER(nlp.make_doc(chunk)).sents if s.text.strip()]
        for position, sentence in enumerate(sentences):
            at_edge = ends_early and position == len(sentences) - 1
            pieces.extend(_within_budget(sentence, offset, at_edge))
    return pieces


def _within_budget(sentence: Span, offset: int, at_edge: bool) -> Iterator[SentencePiece]:
    if len(sentence) <= MAX_SENTENCE_TOKENS:
        yield SentencePiece(sentence, offset, cut=at_edge)
        return
    doc = sentence.doc
    for start in range(sentence.start, sentence.end, MAX_SENTENCE_TOKENS):
        piece = doc[start : min(start + MAX_SENTENCE_TOKENS, sentence.end)]
        if piece.text.strip():
            yield SentencePiece(piece, offset, cut=True)


def _segments(text: str) -> Iterator[tuple[int, str, bool, bool]]:
    """(offset, text, is an over-long run, cut before its sentence ended) for each segment.

    Segments are tokenized separately; whitespace between them belongs to none.
    """
    if len(text) <= MAX_CHUNK_CHARS and _LONG_RUN.search(text) is None:
        yield 0, text, False, False  # every real paragraph: tokenized whole, as ever
        return
    position = 0
    for run in _LONG_RUN.finditer(text):
        yield from _chunks(text, position, run.start())
        yield run.start(), run.group(), True, False
        position = run.end()
    yield from _chunks(text, position, len(text))


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, str, bool, bool]]:
    """Text between over-long runs in chunks of at most `MAX_CHUNK_CHARS`, cut at whitespace.

    No run here is longer than `MAX_RUN_CHARS`, so every window of the chunk size has whitespace.
    """
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        if start == end:
            return
        limit = start + MAX_CHUNK_CHARS
        if end <= limit:
            yield start, text[start:end], False, False
            return
        cut = limit
        while cut > start and not text[cut].isspace():
            cut -= 1
        if cut == start:  # cannot happen (see the docstring); cut hard rather than loop
            cut = limit
        yield start, text[start:cut], False, True
        start = cut
