"""Paragraphs of any shape become sentence pieces that spaCy can tokenize and parse cheaply."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.nlp.sentence_bounds import (
    MAX_CHUNK_CHARS,
    MAX_RUN_CHARS,
    MAX_SENTENCE_TOKENS,
    SentencePiece,
    sentence_pieces,
)


def _texts_in_place(text: str, pieces: list[SentencePiece]) -> None:
    for piece in pieces:
        start = piece.doc_offset + piece.span.start_char
        assert text[start : piece.doc_offset + piece.span.end_char] == piece.span.text


def test_a_news_paragraph_is_split_by_punctuation_only(nlp: Language) -> None:
    text = "Kenya recalled its envoy on Monday. Uganda did not. Talks resume next week."
    pieces = sentence_pieces(nlp, text)
    assert [p.span.text for p in pieces] == [
        "Kenya recalled its envoy on Monday.",
        "Uganda did not.",
        "Talks resume next week.",
    ]
    assert not any(p.cut for p in pieces)
    assert all(p.parsable for p in pieces)
    assert {p.doc_offset for p in pieces} == {0}


def test_a_long_sentence_is_cut_at_the_token_budget(nlp: Language) -> None:
    text = " ".join(["envoys"] * (MAX_SENTENCE_TOKENS * 2 + 7)) + "."
    pieces = sentence_pieces(nlp, text)
    assert [len(p.span) for p in pieces] == [MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 8]
    assert all(p.cut for p in pieces)
    _texts_in_place(text, pieces)


@pytest.mark.parametrize(
    "run",
    [
        "(" * 100_000,  # quadratic for spaCy's prefix rules: minutes if tokenized
        '"' * 50_000,
        "a-" * 40_000,
        "9" * 30_000,
        "x" * (MAX_RUN_CHARS + 1),
    ],
)
def test_an_overlong_run_is_one_token_never_parsed(nlp: Language, run: str) -> None:
    text = f"Kenya hosted talks. {run} Uganda sent a delegation."
    pieces = sentence_pieces(nlp, text)
    assert [p.span.text for p in pieces] == [
        "Kenya hosted talks.",
        run,
        "Uganda sent a delegation.",
    ]
    assert [p.parsable for p in pieces] == [True, False, True]
    assert [p.cut for p in pieces] == [False, True, False]
    _texts_in_place(text, pieces)


def test_a_run_at_the_limit_is_still_tokenized(nlp: Language) -> None:
    word = "x" * MAX_RUN_CHARS
    (piece,) = sentence_pieces(nlp, f"Kenya met {word} today.")
    assert piece.parsable
    assert not piece.cut


def test_text_over_the_model_limit_is_tokenized_in_chunks(nlp: Language) -> None:
    sentence = "Officials from Kenya and Uganda met in Nairobi"
    text = " ".join([sentence] * (3 * MAX_CHUNK_CHARS // len(sentence)))
    assert len(text) > nlp.max_length // 4
    pieces = sentence_pieces(nlp, text)
    assert all(len(p.span) <= MAX_SENTENCE_TOKENS for p in pieces)
    assert len({p.doc_offset for p in pieces}) >= 3  # several chunks
    assert all(len(p.span.doc.text) <= MAX_CHUNK_CHARS for p in pieces)
    assert sum(len(p.span) for p in pieces) == len(text.split())
    _texts_in_place(text, pieces)


def test_whitespace_only_and_empty_paragraphs_give_nothing(nlp: Language) -> None:
    assert sentence_pieces(nlp, "") == []
    assert sentence_pieces(nlp, " \n\t ") == []
