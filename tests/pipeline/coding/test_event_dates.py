"""Judging date expressions: direction words, dates after publication at their precision."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.coding.event_dates import FUTURE_DATE_WORDS, PAST_WORDS, after_publication, has_word
from pipeline.normalize.dates import ResolvedDate

PUBLISHED = dt.date(2024, 11, 20)


@pytest.mark.parametrize(
    ("resolved", "after"),
    [
        (ResolvedDate(dt.date(2024, 11, 21), "day", "tomorrow"), True),  # the next day
        (ResolvedDate(dt.date(2024, 11, 20), "day", "today"), False),  # the same day is not after
        (ResolvedDate(dt.date(2024, 11, 1), "month", "later this month"), False),  # same month
        (ResolvedDate(dt.date(2024, 12, 1), "month", "next month"), True),
        (ResolvedDate(dt.date(2024, 1, 1), "year", "this year"), False),  # Jan 1 stands for 2024
        (ResolvedDate(dt.date(2025, 1, 1), "year", "next year"), True),
        (ResolvedDate(None, "unknown", ""), False),  # no date, nothing to compare
    ],
)
def test_after_publication_at_its_precision(resolved: ResolvedDate, after: bool) -> None:
    assert after_publication(resolved, PUBLISHED) is after


@pytest.mark.parametrize(
    ("text", "future", "past"),
    [
        ("next week", True, False),
        ("later this month", True, False),
        ("last Monday", False, True),
        ("two days ago", False, True),
        ("on Thursday", False, False),
        ("nextdoor", False, False),  # whole words only
    ],
)
def test_direction_words(text: str, future: bool, past: bool) -> None:
    assert has_word(text, FUTURE_DATE_WORDS) is future
    assert has_word(text, PAST_WORDS) is past
