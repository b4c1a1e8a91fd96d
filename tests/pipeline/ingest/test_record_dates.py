"""Pins the date formats scrapers write and the day each stands for."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.ingest.record_dates import parse_record_date

DAY = dt.date(2019, 9, 24)


@pytest.mark.parametrize(
    "value",
    [
        "2019-09-24 12:00:00",  # news-please
        "2019-09-24",  # trafilatura, htmldate
        "2019-09-24T12:00:00Z",  # ISO 8601, UTC
        # The record's own zone decides the day: 23:30 in New York is still the 24th there.
        "2019-09-24T23:30:00-04:00",
        "Tue, 24 Sep 2019 12:00:00 GMT",  # RFC 2822: RSS feeds
        "24 September 2019",  # free text, left to dateparser
        "September 24, 2019",
        1569326400,  # a Unix time in seconds
        1569326400000,  # ... and in milliseconds
        "1569326400",  # ... also as a string
        dt.datetime(2019, 9, 24, 12, 0),  # Parquet timestamps
        DAY,  # Parquet dates
    ],
)
def test_formats_in_use(value: object) -> None:
    assert parse_record_date(value) == DAY


@pytest.mark.parametrize(
    "value",
    [
        "",  # blank
        "yesterday",  # relative: no day, month and year of its own
        "September 2019",  # no day
        "not a date",
        True,  # a flag is no time
        ["2019-09-24"],  # a list is not a date
    ],
)
def test_values_that_name_no_day_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"date|empty"):
        parse_record_date(value)
