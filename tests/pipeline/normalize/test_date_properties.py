"""The date normaliser over generated text: never an exception, always a date or unknown.

Expressions are located exactly, and every resolution is a date at its precision or, even at
the ends of the calendar, explicitly unknown.
"""

from __future__ import annotations

import datetime as dt

import dateparser
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import dates
from pipeline.normalize.dates import (
    find_date_expressions,
    is_calendar_date,
    resolve_date_expression,
)

EXAMPLES = 150

# Words and numbers dates are made of, so generated text often looks like a date (or almost).
FRAGMENTS = [
    "on", "since", "last", "next", "this", "coming", "in", "by", "until", "from", "to", "ago",
    "Monday", "Sunday's", "January", "Feb.", "Sept", "Dec", "May", "March", "weekend", "week",
    "month", "year", "yesterday", "today", "tomorrow", "later this month", "earlier this year",
    "0", "1", "12", "29", "30", "31", "32", "99", "1945", "2024", "2091", "9999", "10000",
    "2024-02-30", "2024-13-01", "15-04-2020", "05/10/23", "31/02/2024", "-", "/", ".", ",",
    "'", "–", "  ",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
    st.text(max_size=80),
)
publication_dates = st.one_of(
    st.dates(dt.date(1945, 1, 1), dt.date(2100, 12, 31)),
    # The edges of the calendar: arithmetic from them must not escape into an exception.
    st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 1, 31), dt.date(9999, 12, 1)]),
)
directions = st.sampled_from(["past", "future", "nearest"])


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=texts)
def test_expressions_are_found_exactly_and_without_overlap(text: str) -> None:
    expressions = find_date_expressions(text)
    previous_end = 0
    for expression in expressions:
        assert text[expression.char_start : expression.char_end] == expression.text
        assert previous_end <= expression.char_start < expression.char_end
        previous_end = expression.char_end


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(text=texts, published=publication_dates, direction=directions)
def test_every_expression_resolves_to_a_date_at_its_precision_or_unknown(
    text: str, published: dt.date, direction: str
) -> None:
    candidates = [e.text for e in find_date_expressions(text)] + [text]
    for expression in candidates:
        is_calendar_date(expression)
        resolved = resolve_date_expression(expression, published, direction=direction)  # type: ignore[arg-type]
        assert resolved.text == expression
        assert (resolved.date is None) == (resolved.precision == "unknown")
        if resolved.precision == "month":
            assert resolved.date is not None
            assert resolved.date.day == 1
        if resolved.precision == "year":
            assert resolved.date is not None
            assert (resolved.date.month, resolved.date.day) == (1, 1)


def _every_pattern(text: str) -> list[tuple[str, int, int]]:
    """The finder without its shortcuts: every pattern over the whole text, longest first."""
    spans = [
        match.span()
        for pattern in (*dates._FINDER_PATTERNS, dates._relative_finder())
        for match in pattern.finditer(text)
    ]
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end in chosen):
            chosen.append((start, end))
    return [(text[start:end], start, end) for start, end in sorted(chosen)]


_DATE_WORDS = [
    "on",
    "Monday",
    "last",
    "week",
    "ago",
    "3",
    "days",
    "in",
    "June",
    "2024",
    "12",
    "May",
    "may",
    "the",
    "weekend",
    "earlier",
    "this",
    "month",
    "Sept.",
    "5",
    "-",
    "2023-04-01",
    "12/05/2024",
    "since",
    "next",
    "year",
    "yesterday",
    "coming",
    "recently",
    "talks",
    ",",
]


@given(st.lists(st.sampled_from(_DATE_WORDS), max_size=25).map(" ".join))
def test_the_finders_shortcuts_change_nothing(text: str) -> None:
    found = [(e.text, e.char_start, e.char_end) for e in dates.find_date_expressions(text)]
    assert found == _every_pattern(text)


# Month spellings the patterns accept, with and without the abbreviation's full stop.
_MONTH_SPELLINGS = sorted(
    {
        *(m.capitalize() for m in dates.MONTH_WORDS),
        *(f"{m.capitalize()}." for m in dates.MONTH_WORDS - set(dates._MONTHS)),
    }
)
printed_dates = st.builds(
    lambda month, day, suffix, year, form: form.format(m=month, d=f"{day}{suffix}", y=year),
    st.sampled_from(_MONTH_SPELLINGS),
    st.integers(1, 31),
    st.sampled_from(["", "st", "nd", "rd", "th"]),
    st.integers(1800, 2199),
    st.sampled_from(
        ["{m} {d}, {y}", "{m} {d} {y}", "{d} {m} {y}", "the {d} of {m}, {y}",
         "Friday, {m} {d}, {y}", "{m} {d}-28, {y}", "{m} {y}", "{m}, {y}", "{m} of {y}"]
    ),
)  # fmt: skip


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(printed=printed_dates)
def test_a_date_that_prints_its_year_resolves_as_dateparser_reads_it(printed: str) -> None:
    # The resolver reads the day, month and year off the finder's groups; dateparser, which it
    # used to call, is the reference: the same day (or month), or no date where it finds none.
    has_day = any(ch.isdigit() for ch in printed.rsplit(" ", 1)[0])
    reference = dateparser.parse(
        printed.replace("-28", "").removeprefix("Friday, "),
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"] if has_day else ["month", "year"],
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    resolved = resolve_date_expression(printed, dt.date(2024, 11, 20))
    if reference is None:
        assert resolved.date is None
    else:
        assert (resolved.date, resolved.precision) == (
            reference.date() if has_day else reference.date().replace(day=1),
            "day" if has_day else "month",
        )
