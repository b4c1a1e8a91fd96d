"""Pins how temporal expressions are found in news text and resolved against publication dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.normalize import dates
from pipeline.normalize.dates import (
    DateExpression,
    find_date_expressions,
    is_calendar_date,
    resolve_date_expression,
)
from pipeline.reference.errors import ReferenceDataError

D = dt.date

RESOLUTIONS = [
    # The examples.
    pytest.param("next year", D(2024, 11, 20), "nearest", D(2025, 1, 1), "year", id="next-year"),
    # "on Thursday" in a Friday paper, looking back: the day before.
    pytest.param("on Thursday", D(2022, 3, 18), "past", D(2022, 3, 17), "day", id="thu-from-fri"),
    pytest.param(
        "in February 2022", D(2024, 11, 20), "nearest", D(2022, 2, 1), "month", id="feb22"
    ),
    # Wednesday paper, Tuesday event.
    pytest.param("on Tuesday", D(2020, 4, 15), "past", D(2020, 4, 14), "day", id="tue-from-wed"),
    # "since" forces the past whatever the caller asks.
    pytest.param("since Saturday", D(2022, 7, 13), "nearest", D(2022, 7, 9), "day", id="since-sat"),
    pytest.param(
        "later this month", D(2023, 5, 10), "future", D(2023, 5, 1), "month", id="later-m"
    ),
    pytest.param("in June", D(2023, 5, 10), "future", D(2023, 6, 1), "month", id="june-future"),
    # Weekdays.
    # The publication weekday itself counts: news "on Thursday" in a Thursday paper is that day.
    pytest.param("on Thursday", D(2024, 11, 21), "past", D(2024, 11, 21), "day", id="same-day"),
    # Planned events look forward.
    pytest.param("on Thursday", D(2022, 3, 18), "future", D(2022, 3, 24), "day", id="thu-future"),
    # Without a direction the nearer side wins: Thursday is one day back from Friday.
    pytest.param("Thursday", D(2022, 3, 18), "nearest", D(2022, 3, 17), "day", id="thu-nearest"),
    # ... and Saturday one day ahead of Friday.
    pytest.param("Saturday", D(2022, 3, 18), "nearest", D(2022, 3, 19), "day", id="sat-nearest"),
    # "last Monday" in a Monday paper is a week back, never the day itself.
    pytest.param("last Monday", D(2024, 11, 18), "nearest", D(2024, 11, 11), "day", id="last-mon"),
    # "last" overrides a caller's future direction.
    pytest.param("last Monday", D(2024, 11, 20), "future", D(2024, 11, 18), "day", id="last-wins"),
    # "next Tuesday" in a Tuesday paper is a week ahead.
    pytest.param("next Tuesday", D(2024, 11, 19), "nearest", D(2024, 11, 26), "day", id="next-tue"),
    # Possessive weekday as in "on Saturday's summit".
    pytest.param("on Saturday's", D(2022, 7, 13), "past", D(2022, 7, 9), "day", id="possessive"),
    # Curly apostrophe, as news sites print it.
    pytest.param("Saturday’s", D(2022, 7, 13), "past", D(2022, 7, 9), "day", id="curly-possessive"),
    # A time of day does not change the day.
    pytest.param("Thursday night", D(2022, 3, 18), "past", D(2022, 3, 17), "day", id="thu-night"),
    # Case-insensitive: a lower-cased pipeline still resolves.
    pytest.param("ON THURSDAY", D(2022, 3, 18), "past", D(2022, 3, 17), "day", id="upper-case"),
    # Relative phrases of the lexicon.
    pytest.param("today", D(2019, 4, 5), "nearest", D(2019, 4, 5), "day", id="today"),
    pytest.param("tonight", D(2019, 4, 5), "future", D(2019, 4, 5), "day", id="tonight"),
    pytest.param("yesterday", D(2024, 3, 1), "nearest", D(2024, 2, 29), "day", id="yesterday-leap"),
    pytest.param("tomorrow", D(2023, 12, 31), "nearest", D(2024, 1, 1), "day", id="tomorrow-ny"),
    # No week precision exists: the month of the week is the honest grain.
    pytest.param("this week", D(2024, 11, 20), "nearest", D(2024, 11, 1), "month", id="this-week"),
    # A week back from December 3rd is in November.
    pytest.param("last week", D(2024, 12, 3), "nearest", D(2024, 11, 1), "month", id="last-week"),
    pytest.param("next week", D(2024, 11, 28), "nearest", D(2024, 12, 1), "month", id="next-week"),
    pytest.param(
        "earlier this week", D(2024, 11, 20), "past", D(2024, 11, 1), "month", id="e-week"
    ),
    pytest.param("this month", D(2023, 5, 10), "nearest", D(2023, 5, 1), "month", id="this-month"),
    pytest.param(
        "earlier this month", D(2023, 5, 10), "past", D(2023, 5, 1), "month", id="e-month"
    ),
    pytest.param("last month", D(2024, 1, 15), "nearest", D(2023, 12, 1), "month", id="last-month"),
    pytest.param("next month", D(2024, 12, 15), "nearest", D(2025, 1, 1), "month", id="next-month"),
    pytest.param("soon", D(2024, 11, 20), "future", D(2024, 11, 1), "month", id="soon"),
    pytest.param("shortly", D(2024, 11, 20), "future", D(2024, 11, 1), "month", id="shortly"),
    # Gold convention: an unstated "earlier" gives the publication month.
    pytest.param("earlier", D(2019, 2, 23), "past", D(2019, 2, 1), "month", id="earlier"),
    pytest.param(
        "in the coming days", D(2024, 6, 7), "future", D(2024, 6, 1), "month", id="coming"
    ),
    pytest.param("this year", D(2024, 11, 20), "nearest", D(2024, 1, 1), "year", id="this-year"),
    pytest.param("earlier this year", D(2024, 11, 20), "past", D(2024, 1, 1), "year", id="e-year"),
    pytest.param("last year", D(2024, 1, 3), "nearest", D(2023, 1, 1), "year", id="last-year"),
    # Gold convention: "recent" and "recently" give the publication year.
    pytest.param("recent", D(2024, 11, 20), "past", D(2024, 1, 1), "year", id="recent"),
    pytest.param("recently", D(2024, 11, 20), "past", D(2024, 1, 1), "year", id="recently"),
    pytest.param("in recent weeks", D(2022, 11, 14), "past", D(2022, 1, 1), "year", id="r-weeks"),
    # A weekend is dated by its Saturday; on Monday the weekend just past.
    pytest.param("over the weekend", D(2024, 11, 18), "nearest", D(2024, 11, 16), "day", id="wkd"),
    # On Sunday "over the weekend" is this weekend, the day before.
    pytest.param("over the weekend", D(2024, 11, 17), "past", D(2024, 11, 16), "day", id="wkd-sun"),
    pytest.param("next weekend", D(2024, 11, 20), "nearest", D(2024, 11, 23), "day", id="wkd-next"),
    # "N units ago": days keep the day, weeks only the month, years the year.
    pytest.param("two days ago", D(2024, 11, 20), "past", D(2024, 11, 18), "day", id="2d-ago"),
    pytest.param("3 weeks ago", D(2024, 11, 20), "past", D(2024, 10, 1), "month", id="3w-ago"),
    pytest.param("a year ago", D(2024, 11, 20), "past", D(2023, 1, 1), "year", id="1y-ago"),
    # Months without a year.
    # Looking back from May, the last June was the year before.
    pytest.param("in June", D(2023, 5, 10), "past", D(2022, 6, 1), "month", id="june-past"),
    # Nearest: June 2023 is one month away, June 2022 eleven.
    pytest.param("in June", D(2023, 5, 10), "nearest", D(2023, 6, 1), "month", id="june-nearest"),
    # Six months either side: the tie goes to the past.
    pytest.param("in May", D(2024, 11, 20), "nearest", D(2024, 5, 1), "month", id="may-tie"),
    # The publication month itself counts for an unmarked month.
    pytest.param("in May", D(2023, 5, 10), "past", D(2023, 5, 1), "month", id="same-month"),
    pytest.param("since March", D(2023, 5, 10), "future", D(2023, 3, 1), "month", id="since-mar"),
    # "last June" in a June paper is a year back.
    pytest.param("last June", D(2023, 6, 15), "nearest", D(2022, 6, 1), "month", id="last-june"),
    pytest.param("mid-June", D(2023, 5, 10), "future", D(2023, 6, 1), "month", id="mid-june"),
    # Day and month without a year: the year that fits the direction.
    pytest.param("July 12", D(2022, 7, 13), "past", D(2022, 7, 12), "day", id="jul12-past"),
    pytest.param("July 12", D(2022, 7, 13), "future", D(2023, 7, 12), "day", id="jul12-future"),
    # The dateline rule: "Dec 31" crawled January 2nd is the day before yesterday.
    pytest.param("Dec 31", D(2024, 1, 2), "nearest", D(2023, 12, 31), "day", id="dec31"),
    pytest.param("Jan 2", D(2023, 12, 30), "nearest", D(2024, 1, 2), "day", id="jan2"),
    # Abbreviation with a full stop, and the publication day itself in the past direction.
    pytest.param("Aug. 5", D(2021, 8, 5), "past", D(2021, 8, 5), "day", id="aug5"),
    pytest.param("12 July", D(2022, 7, 13), "past", D(2022, 7, 12), "day", id="dmy-no-year"),
    pytest.param("on March 3", D(2023, 3, 10), "past", D(2023, 3, 3), "day", id="on-march-3"),
    pytest.param("the 5th of May", D(2023, 5, 10), "past", D(2023, 5, 5), "day", id="ordinal"),
    # A printed weekday picks the year: July 12 was a Thursday in 2018, not in 2019.
    pytest.param("Thursday, July 12", D(2019, 1, 10), "nearest", D(2018, 7, 12), "day", id="wd-yr"),
    # February 29th exists only in 2024 among the candidate years.
    pytest.param("February 29", D(2023, 6, 1), "nearest", D(2024, 2, 29), "day", id="feb29"),
    # Ranges keep their start.
    pytest.param("from June 21 to 24", D(2023, 6, 10), "future", D(2023, 6, 21), "day", id="range"),
    pytest.param(
        "June 21-24, 2023", D(2023, 6, 10), "future", D(2023, 6, 21), "day", id="range-yr"
    ),
    pytest.param("between 2019 and 2021", D(2024, 1, 1), "past", D(2019, 1, 1), "year", id="yrs"),
    # Absolute dates ignore the direction.
    pytest.param("in 2019", D(2024, 11, 20), "future", D(2019, 1, 1), "year", id="in-2019"),
    pytest.param("since 2015", D(2024, 11, 20), "past", D(2015, 1, 1), "year", id="since-2015"),
    pytest.param("the end of 2023", D(2024, 11, 20), "past", D(2023, 1, 1), "year", id="end-2023"),
    pytest.param("June 2023", D(2024, 11, 20), "nearest", D(2023, 6, 1), "month", id="june-2023"),
    pytest.param("Feb. 2022", D(2024, 11, 20), "nearest", D(2022, 2, 1), "month", id="feb-2022"),
    pytest.param("November 20, 2024", D(2024, 11, 19), "past", D(2024, 11, 20), "day", id="mdy"),
    pytest.param(
        "Wednesday, November 20, 2024", D(2024, 11, 19), "past", D(2024, 11, 20), "day", id="wmdy"
    ),
    pytest.param("Sept. 5th, 2021", D(2024, 1, 1), "past", D(2021, 9, 5), "day", id="sept-ord"),
    pytest.param("2024-11-20", D(2024, 1, 1), "past", D(2024, 11, 20), "day", id="iso"),
    # Numeric dates: the day/month order nearest the publication date wins.
    pytest.param("05/10/23", D(2023, 5, 10), "nearest", D(2023, 5, 10), "day", id="num-mdy"),
    pytest.param("05/10/23", D(2023, 10, 4), "nearest", D(2023, 10, 5), "day", id="num-dmy"),
    # Only one order is a date when the first number exceeds 12.
    pytest.param("15-04-2020", D(2020, 4, 15), "nearest", D(2020, 4, 15), "day", id="num-15"),
    # Dotted dates are European, day first.
    pytest.param("05.10.2023", D(2023, 5, 10), "nearest", D(2023, 10, 5), "day", id="num-dots"),
    # Unresolvable.
    pytest.param("February 30", D(2024, 1, 1), "nearest", None, "unknown", id="feb30"),
    pytest.param("2024-02-30", D(2024, 1, 1), "nearest", None, "unknown", id="iso-invalid"),
    pytest.param("the day after the vote", D(2024, 1, 1), "past", None, "unknown", id="prose"),
    pytest.param("", D(2024, 1, 1), "past", None, "unknown", id="empty"),
]


@pytest.mark.parametrize(
    ("expression", "published", "direction", "expected_date", "expected_precision"), RESOLUTIONS
)
def test_resolve_date_expression(
    expression: str,
    published: dt.date,
    direction: dates.Direction,
    expected_date: dt.date | None,
    expected_precision: str,
) -> None:
    resolved = resolve_date_expression(expression, published, direction=direction)
    assert (resolved.date, resolved.precision) == (expected_date, expected_precision)
    assert resolved.text == expression


def test_default_direction_is_nearest() -> None:
    # Sunday is closer ahead (2 days) than back (5 days) from a Friday.
    resolved = resolve_date_expression("Sunday", D(2022, 3, 18))
    assert resolved.date == D(2022, 3, 20)


FINDINGS = [
    # Weekday with preposition, a relative phrase, a month with year.
    pytest.param(
        "On Thursday, the minister said talks would resume later this month and end in June 2023.",
        ["On Thursday", "later this month", "in June 2023"],
        id="mixed",
    ),
    # Agency dateline opening a paragraph: the date is found, the agency is not.
    pytest.param(
        "HANOI, Aug. 5 (Xinhua) -- Vietnam on Thursday protested to Manila.",
        ["Aug. 5", "on Thursday"],
        id="agency-lead",
    ),
    # Possessive weekday and "since" + weekday.
    pytest.param(
        "Delegates arrived for Saturday's summit and have met daily since Saturday.",
        ["Saturday's", "since Saturday"],
        id="possessive-since",
    ),
    # A range is one expression; a bare year needs a preposition.
    pytest.param(
        "The games run from June 21 to 24, as agreed in 2019 by 2,000 delegates.",
        ["from June 21 to 24", "in 2019"],
        id="range-year",
    ),
    # Day-month order, ISO and numeric dates.
    pytest.param(
        "Signed on 12 July 2023 (2023-07-12), ratified 15-04-2024.",
        ["on 12 July 2023", "2023-07-12", "15-04-2024"],
        id="absolute-forms",
    ),
    # "last"/"next" with weekdays and periods; "earlier this year" beats "earlier".
    pytest.param(
        "Last Monday he said next Tuesday; earlier this year, last month, next year.",
        ["Last Monday", "next Tuesday", "earlier this year", "last month", "next year"],
        id="last-next",
    ),
    # Lexicon phrases in any case.
    pytest.param(
        "Putin will visit India soon; the dates will be shared shortly. He RECENTLY met Modi.",
        ["soon", "shortly", "RECENTLY"],
        id="soon-shortly",
    ),
    pytest.param(
        "Fighting resumed over the weekend, two days ago, and again today.",
        ["over the weekend", "two days ago", "today"],
        id="weekend-ago",
    ),
    # Lower-case "may" and "march" are verbs; "May" without a day or preposition is a name.
    pytest.param(
        "Troops may march at 10:30, Theresa May said, in a 3-2 vote.",
        [],
        id="not-dates",
    ),
    # A day glued to a byline still starts a date (scraped datelines do this).
    pytest.param("Jane Roe14 November 2022", ["14 November 2022"], id="glued-byline"),
    # "12:47" is a time, not the 12th.
    pytest.param("18 Mar 2022 12:35 PM", ["18 Mar 2022"], id="time-not-day"),
    pytest.param(
        "Wednesday, November 20, 2024", ["Wednesday, November 20, 2024"], id="weekday-date"
    ),
]


@pytest.mark.parametrize(("text", "expected"), FINDINGS)
def test_find_date_expressions(text: str, expected: list[str]) -> None:
    found = find_date_expressions(text)
    assert [e.text for e in found] == expected
    for expression in found:
        assert text[expression.char_start : expression.char_end] == expression.text


def test_find_date_expressions_offsets() -> None:
    text = "The June 22 visit was announced on Wednesday."
    assert find_date_expressions(text) == [
        DateExpression("June 22", 4, 11),
        DateExpression("on Wednesday", 32, 44),
    ]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Nov. 20, 2024", True),  # month, day, year
        ("20 November", True),  # day and month: a year can come from context
        ("2024-11-20", True),  # ISO
        ("on 15-04-2020", True),  # numeric, behind a preposition
        ("on Friday", False),  # a weekday needs a reference date
        ("yesterday", False),  # relative
        ("June 2023", False),  # a month is not a day
        ("in 2019", False),  # nor is a year
    ],
)
def test_is_calendar_date(expression: str, expected: bool) -> None:
    assert is_calendar_date(expression) is expected


@pytest.fixture
def lexicon_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the lexicon loader at a temporary directory, with fresh caches on both sides."""
    monkeypatch.setattr(dates, "reference_dir", lambda: tmp_path)
    _clear_caches()
    yield tmp_path
    _clear_caches()


def _clear_caches() -> None:
    dates._relative_lexicon.cache_clear()
    dates._relative_finder.cache_clear()
    dates._relative_cues.cache_clear()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("yesterday,fortnight,-1,day,x", "unit 'fortnight'"),  # unit outside the grammar
        ("yesterday,day,-1,week,x", "precision 'week'"),  # no week precision exists
        ("yesterday,day,minus one,day,x", "offset 'minus one'"),  # offsets are integers
        ("today,day,0,day,x", "'today' is repeated"),  # the first row already has it
    ],
)
def test_relative_lexicon_errors_name_the_row(lexicon_dir: Path, row: str, message: str) -> None:
    (lexicon_dir / dates.RELATIVE_LEXICON_FILE).write_text(
        f"# comment\nphrase,unit,offset,precision,comment\ntoday,day,0,day,ok\n{row}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError, match=message) as raised:
        resolve_date_expression("today", D(2024, 1, 1))
    assert raised.value.line == 4


def test_relative_lexicon_is_data(lexicon_dir: Path) -> None:
    # An analyst's new phrase is found and resolved without code changes.
    (lexicon_dir / dates.RELATIVE_LEXICON_FILE).write_text(
        "phrase,unit,offset,precision,comment\nthe day before yesterday,day,-2,day,new\n",
        encoding="utf-8",
    )
    text = "They met the day before yesterday."
    assert [e.text for e in find_date_expressions(text)] == ["the day before yesterday"]
    assert resolve_date_expression("the day before yesterday", D(2024, 1, 3)).date == D(2024, 1, 1)
