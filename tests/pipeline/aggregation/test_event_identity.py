"""Pins the parts of the event identity rule: act families, the dyad of joint acts, day spans."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from pipeline.aggregation.event_identity import (
    AHEAD_DAYS,
    ANNOUNCED_FAMILY,
    RECENT_DAYS,
    SLIP_DAYS,
    VISIT_DAYS,
    DaySpan,
    act_family,
    date_span,
    identity_key,
)

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("code", "family"),
    [
        # The consultations: meet, visit, host, talks, and the intent to meet that announces them.
        ("040", "04"),
        ("042", "04"),
        ("043", "04"),
        ("046", "04"),
        ("036", "04"),
        # An intent to mediate announces a mediation.
        ("039", "04"),
        # A signing seals cooperation: 057 joins 06, with the intents to cooperate (031x).
        ("057", "06"),
        ("061", "06"),
        ("0312", "06"),
        # Other 05 acts (praise, support) keep their root: praise is not a signing.
        ("051", "05"),
        # An aid pledge (033) announces aid (07).
        ("0331", "07"),
        # An intent to yield announces yielding.
        ("0354", "08"),
        # A generic intent to cooperate announces no one family.
        ("030", "03"),
        # Everything else: the root.
        ("111", "11"),
        ("190", "19"),
    ],
)
def test_act_family(code: str, family: str) -> None:
    assert act_family(code) == family


def test_announcing_intents_agree_with_the_coders_intent_table() -> None:
    # Every act the coder turns into an announcing intent belongs to the family it announces.
    with (REPO_ROOT / "data" / "reference" / "intent_codes.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            intent = row["intent_code"]
            if any(intent.startswith(prefix) for prefix in ANNOUNCED_FAMILY):
                assert act_family(intent) == act_family(row["code"]), row


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        # A meeting reported from either side is one act.
        (("USA", None, "CHN", None, "040"), ("CHN", None, "USA", None, "040"), True),
        # The visitor's visit (042) is the host's hosting (043).
        (("USA", None, "CHN", None, "042"), ("CHN", None, "USA", None, "043"), True),
        # A signing in either direction.
        (("GUY", None, "VEN", None, "057"), ("VEN", None, "GUY", None, "057"), True),
        # An accusation keeps its direction.
        (("USA", None, "CHN", None, "112"), ("CHN", None, "USA", None, "112"), False),
        # An organisation is a party of its own.
        (("IGO", "UN", "SDN", None, "040"), ("IGO", "AU", "SDN", None, "040"), False),
        # A meeting with no target named is not a meeting with one.
        (("USA", None, None, None, "040"), ("USA", None, "CHN", None, "040"), False),
    ],
)
def test_identity_key(
    first: tuple[str | None, str | None, str | None, str | None, str],
    second: tuple[str | None, str | None, str | None, str | None, str],
    same: bool,
) -> None:
    assert (identity_key(*first) == identity_key(*second)) is same


def _o(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


@pytest.mark.parametrize(
    ("date", "precision", "source", "modality", "code", "expected"),
    [
        # A criticism on a stated day is that day.
        ("2031-05-14", "day", "text", "occurred", "111", ("2031-05-14", "2031-05-14")),
        # A stated month is the whole month, a year the whole year.
        ("2031-02-01", "month", "text", "occurred", "111", ("2031-02-01", "2031-02-28")),
        ("2031-01-01", "year", "text", "occurred", "111", ("2031-01-01", "2031-12-31")),
        # A meeting on a stated day spans the days either side (visits run over days).
        ("2031-05-14", "day", "text", "occurred", "040", ("2031-05-13", "2031-05-15")),
        # An announced signing on a day may slip to the following days.
        ("2031-05-14", "day", "text", "planned", "057", ("2031-05-14", "2031-05-16")),
        # A visit done, dated only by publication: the week up to that day.
        ("2031-05-14", "day", "publication", "occurred", "042", ("2031-05-07", "2031-05-14")),
        # ... or by the story's time: the same.
        ("2031-05-14", "day", "context", "occurred", "111", ("2031-05-07", "2031-05-14")),
        # A visit announced with no date of its own: the month ahead.
        ("2031-05-14", "day", "publication", "planned", "036", ("2031-05-14", "2031-06-14")),
    ],
)
def test_date_span(  # noqa: PLR0917 (one argument per column of the table above)
    date: str, precision: str, source: str, modality: str, code: str, expected: tuple[str, str]
) -> None:
    span = date_span(dt.date.fromisoformat(date), precision, source, modality, code)
    assert span == DaySpan(_o(expected[0]), _o(expected[1]))


def test_an_undated_mention_stands_for_any_day() -> None:
    span = date_span(None, "unknown", "publication", "occurred", "040")
    assert span.overlaps(DaySpan(_o("1950-01-01"), _o("1950-01-01")))
    assert span.overlaps(DaySpan(_o("2090-01-01"), _o("2090-01-01")))


def test_constants_are_what_the_readme_says() -> None:
    assert (RECENT_DAYS, AHEAD_DAYS, SLIP_DAYS, VISIT_DAYS) == (7, 31, 2, 1)
