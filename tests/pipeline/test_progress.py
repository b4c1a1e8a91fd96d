"""Progress: a line a minute off a terminal, a bar on one, nothing when off."""

from __future__ import annotations

import io

import pytest

from pipeline.progress import LogLines, format_duration, progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_log_lines_come_once_per_interval_with_rate_and_time_left() -> None:
    clock, lines = Clock(), []
    report = LogLines(1000, "coding", lines.append, interval=60, clock=clock)
    clock.now = 30
    report.advance(300)
    assert lines == []  # not a minute yet
    clock.now = 60
    report.advance(300)
    assert lines == [
        "attache: coding 600 of 1,000 articles (60%), 10.0 articles/s, about 40 s left"
    ]
    clock.now = 90
    report.advance(100)
    assert len(lines) == 1  # half a minute since the last line


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(42.4, "42 s"), (185, "3 min 05 s"), (4320, "1 h 12 min")],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_off_writes_nothing_and_auto_off_a_terminal_is_quiet_within_a_minute() -> None:
    for mode in ("off", "auto"):
        stream = io.StringIO()  # not a terminal
        with progress(50, "coding", mode, stream=stream) as report:  # type: ignore[arg-type]
            report.advance(50)
        assert stream.getvalue() == ""


def test_bar_shows_counts() -> None:
    stream = io.StringIO()
    with progress(10, "coding", "bar", stream=stream) as report:
        report.advance(4)
        report.advance(6)
    assert "10/10" in stream.getvalue()


def test_log_lines_count_the_unit_given() -> None:
    clock, lines = Clock(), []
    report = LogLines(200, "reading", lines.append, interval=60, clock=clock, unit="files")
    clock.now = 60
    report.advance(120)
    assert lines == ["attache: reading 120 of 200 files (60%), 2.0 files/s, about 40 s left"]


def test_bar_names_the_step() -> None:
    stream = io.StringIO()
    with progress(3, "reading", "bar", stream=stream, unit="files") as report:
        report.advance(3)
    assert "reading" in stream.getvalue()
    assert "3/3" in stream.getvalue()
