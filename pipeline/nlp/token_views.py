"""A doc's `Token` objects and its spans' texts, made once per doc instead of at every look.

spaCy makes a new `Token` object whenever a token is reached (`for token in span`, `doc[i]`)
and joins the tokens' texts anew at every `span.text`. The coding rules look at each sentence
a score of times (the filter, the triggers, the dating, the confidence features, the rows), so
those objects were about a tenth of coding. These functions keep them in the doc's
`user_data`, under keys no spaCy extension uses, for as long as the doc lives.

A `Token` is a view of its doc: a kept one reads the same annotations as a fresh one, set
before or after it was made. Nothing here may be used across a retokenisation, which attache
never does after parsing.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

#: `user_data` key of the doc's list of tokens; spaCy's own keys start with "._.".
_TOKENS_KEY = "attache.tokens"
#: First item of the `user_data` keys of span texts: (this, start, end).
_TEXT_KEY = "attache.text"


def doc_tokens(doc: Doc) -> list[Token]:
    """Every token of `doc`, the same `Token` objects at each call."""
    tokens: list[Token] | None = doc.user_data.get(_TOKENS_KEY)
    if tokens is None or len(tokens) != len(doc):
        tokens = list(doc)
        doc.user_data[_TOKENS_KEY] = tokens
    return tokens


def span_tokens(span: Span) -> list[Token]:
    """The tokens of `span`, as `list(span)` gives them, without making new objects."""
    tokens = doc_tokens(span.doc)
    if span.start == 0 and span.end == len(tokens):
        return tokens
    return tokens[span.start : span.end]


def span_text(span: Span) -> str:
    """`span.text`, joined once per span of a doc."""
    # spaCy itself keys user_data by tuples (its extensions' values); its stubs say str.
    data: dict[Any, Any] = span.doc.user_data
    key = (_TEXT_KEY, span.start, span.end)
    text: str | None = data.get(key)
    if text is None:
        text = span.text
        data[key] = text
    return text
