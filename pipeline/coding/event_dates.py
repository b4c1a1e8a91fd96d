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


def expression_span(sentence: Span, expression: DateExpression) -> Span | None:
    """The tokens of a date expression, or None when they cannot be aligned."""
    span = sentence.doc.char_span(
        sentence.start_char + expression.char_start,
        sentence.start_char + expression.char_end,
        alignment_mode="expand",
    )
    return span if span is not None and len(span) else None


#: Subordinators that set their clause's time apart from the main clause's ("recalled its
#: envoy after the veto last week": the veto, not the recall, was last week).
OTHER_TIME_MARKERS = frozenset({"after", "before", "since", "following", "until", "prior"})


def _clause_head(token: Token) -> Token:
    """The verb that heads the clause of a token (the token itself for a verb)."""
    return next(
        (t for t in (token, *token.ancestors) if t.pos_ in ("VERB", "AUX")), token.sent.root
    )


#: Words of a time of day: "until 4 pm" bounds the act within its day, not another time.
CLOCK_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "o'clock", "noon", "midnight", "gmt", "utc"})


def _clock_time(token: Token) -> bool:
    """Whether a phrase names a time of day ("4:08 pm", "noon", "16:30")."""
    return token.lower_ in CLOCK_WORDS or (token.like_num and ":" in token.text)


def _sets_other_time(clause: Token) -> bool:
    """Whether a clause or phrase is introduced by "after", "before", "since" and the like."""
    if clause.dep_ in ("pcomp", "pobj") and clause.head.lower_ in OTHER_TIME_MARKERS:
        return not _clock_time(clause)
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in OTHER_TIME_MARKERS for c in clause.children
    )


def in_other_time(trigger: Token, span: Span) -> bool:
    """Whether an expression dates a clause the text sets before or after the trigger's.

    The expression sits under a clause or phrase introduced by "after", "before", "since",
    "following", "until" or "prior" that does not contain the trigger.
    """
    for token in (span.root, *span.root.ancestors):
        if token.i == trigger.i or trigger in token.subtree:
            return False
        if _sets_other_time(token):
            return True
    return False


def _path_length(a: Token, b: Token) -> int:
    """Dependency edges between two tokens of one sentence."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    depth_b = {t.i: n for n, t in enumerate(up_b)}
    for n, token in enumerate(up_a):
        if token.i in depth_b:
            return n + depth_b[token.i]
    return len(up_a) + len(up_b)


def modifies_trigger(trigger: Token, span: Span) -> bool:
    """Whether an expression modifies the trigger's clause, or the trigger's clause it.

    Either the expression hangs from the trigger or a word governing it in its clause ("met
    on Monday", "talks on Monday", "said on Monday it would meet"), or the trigger's clause
    is a relative clause of the expression ("wait for Tuesday, when the two will meet").
    """
    chain = {t.i for t in governing_chain(trigger)} | {_clause_head(trigger).i}
    for token in span:
        for ancestor in [token, *token.ancestors][:4]:
            if ancestor.i in chain:
                return True
            if ancestor.pos_ in ("VERB", "AUX") and ancestor.i not in chain:
                break
    root = span.root
    relative = next((t for t in (trigger, *trigger.ancestors) if t.dep_ == "relcl"), None)
    return relative is not None and relative.head.i == root.i


def closest_expression(
    trigger: Token, sentence: Span, expressions: list[DateExpression]
) -> DateExpression:
    """The expression that modifies the trigger's clause, else the closest by the parse.

    Ties go to the shorter dependency path, then to the fewer tokens between: with two dates
    in a sentence ("will meet on May 3, and on May 4 will host the summit"), each act takes
    the one its own clause holds, not the one nearer in the text.
    """

    def rank(expression: DateExpression) -> tuple[int, int, int]:
        span = expression_span(sentence, expression)
        if span is None:
            return (2, 10**6, 10**6)
        distance = min(abs(t.i - trigger.i) for t in span)
        attached = modifies_trigger(trigger, span)
        return (0 if attached else 1, _path_length(span.root, trigger), distance)

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
