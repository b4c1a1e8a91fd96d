"""Reading the date a dump record or web page gives, in whatever form the scraper wrote it.

news-please writes `2019-09-24 12:00:00`; feeds and APIs ISO 8601 with a zone
(`2019-09-24T12:00:00Z`) or RFC 2822 (`Tue, 24 Sep 2019 12:00:00 GMT`); some dumps a Unix time
in seconds or milliseconds, and Parquet its own date and timestamp types. Anything else that
names a day, month and year in English ("24 September 2019") is left to dateparser.

The date is the day the record gives, in the record's own zone: a story published at 23:30 in
New York on 24 September was published on the 24th there, whatever the hour in UTC.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re

import dateparser

# Unix times below this many are seconds, above it milliseconds: 10^11 seconds is the year
# 5138, 10^11 milliseconds March 1973, so a news record's time is never ambiguous.
_MILLISECONDS_FROM = 10**11
_DIGITS = re.compile(r"[+-]?\d{9,14}(?:\.\d+)?")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def parse_record_date(value: object) -> dt.date:
    """The calendar day a record's date field gives.

    Args:
        value: A string, a Unix time (int or float), a `datetime.date` or `datetime.datetime`.

    Returns:
        The day, in the zone the value is written in.

    Raises:
        ValueError: When the value names no calendar day (the message says what was found).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):  # a bool is an int to Python, never a time to a scraper
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, int | float):
        return _from_unix_time(float(value))
    if not isinstance(value, str):
        raise ValueError(f"{type(value).__name__} value {value!r} is not a date")
    text = " ".join(value.split())
    if not text:
        raise ValueError("the date is empty")
    if _DIGITS.fullmatch(text):
        return _from_unix_time(float(text))
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    parsed = _parse_free_text(text)
    if parsed is None:
        raise ValueError(f"{text[:80]!r} is not a date with a day, month and year")
    return parsed


def _from_unix_time(seconds: float) -> dt.date:
    if abs(seconds) >= _MILLISECONDS_FROM:
        seconds /= 1000
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError) as error:
        raise ValueError(f"{seconds!r} is not a Unix time: {error}") from error


@functools.lru_cache(maxsize=4096)
def _parse_free_text(text: str) -> dt.date | None:
    # Records of one dump print their dates alike, so the (slow) parse is cached. Relative
    # expressions ("yesterday") would be read against the machine's clock: only absolute
    # dates, which print their year, are taken.
    if not _YEAR.search(text):
        return None
    parsed = dateparser.parse(
        text[:100],
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PARSERS": ["custom-formats", "absolute-time"],
        },
    )
    return parsed.date() if parsed is not None else None
