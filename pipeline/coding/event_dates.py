"""Choosing and judging the temporal expression that dates an event in its sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from spacy.tokens import Span, Token

from pipeline.coding.modality import governing_chain
from pipeline.normalize.dates import DateExpression, ResolvedDate

#: Words that make a date expression point ahead (not used for offers, dated when made).
FUTURE_DATE_WORDS = ("next", "later", "tomorrow", "soon", "upcoming", "coming", "shortly")
#: Words that make it point back (not used for plans).
PAST_WORDS = ("last", "ago", "earlier", "yesterday", "recent", "previous", "past")


def has_word(text: str, words: Iterable[str]) -> bool:
    """Whether any of the words occurs in the text as a whole word."""
    lowered = text.lower().split()
    return any(word in lowered for word in words)


def past_tense(trigger: Token) -> bool:
    """Whether the clause of the trigger is in the past ("offered in a call": the offer's)."""
    clause = next((t for t in (trigger, *trigger.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    for token in (*governing_chain(trigger), *([clause] if clause is not None else [])):
        if token.tag_ == "VBD":
            return True
        if any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in token.children):
            return True
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children):
            return True
    return False


def after_publication(resolved: ResolvedDate, publication_date: dt.date) -> bool:
    """Whether a date lies after publication at its own precision."""
    day = resolved.date
    if day is None:
        return False
    if resolved.precision == "year":
        return day.year > publication_date.year
    if resolved.precision == "month":
        return (day.year, day.month) > (publication_date.year, publication_date.month)
    return day > publication_date


def expression_tokens(sentence: Span, expression: DateExpression) -> set[int]:
    """Indices of the tokens a date expression covers."""
    span = sentence.doc.char_span(
        sentence.start_char + expression.char_start,
        sentence.start_char + expression.char_end,
        alignment_mode="expand",
    )
    return {t.i for t in span} if span is not None else set()


def closest_expression(
    trigger: Token, sentence: Span, expressions: list[DateExpression]
) -> DateExpression:
    """The expression attached to the trigger's clause, else the nearest in the sentence."""
    chain = {t.i for t in governing_chain(trigger)}
    doc = sentence.doc

    def rank(expression: DateExpression) -> tuple[int, int]:
        span = doc.char_span(
            sentence.start_char + expression.char_start,
            sentence.start_char + expression.char_end,
            alignment_mode="expand",
        )
        if span is None:
            return (2, 10**6)
        attached = any(a.i in chain for t in span for a in [t, *t.ancestors][:4])
        distance = min(abs(t.i - trigger.i) for t in span)
        return (0 if attached else 1, distance)

    return min(expressions, key=rank)


#: No event of interest predates the modern state system this coder's tables describe.
EARLIEST_EVENT_DATE = dt.date(1945, 1, 1)


def plausible_event_date(
    event_date: dt.date | None, precision: str, publication_date: dt.date, modality: str
) -> bool:
    """Whether an event date can be right: not before 1945, not after publication if it occurred.

    Dates are compared at their precision: an occurred event dated to the publication month
    or year is fine even though its stored first day may follow a mid-month publication.
    """
    if event_date is None:
        return True
    if event_date < EARLIEST_EVENT_DATE:
        return False
    if modality != "occurred":
        return True
    resolved = ResolvedDate(event_date, precision, "")  # type: ignore[arg-type]
    return not after_publication(resolved, publication_date)
