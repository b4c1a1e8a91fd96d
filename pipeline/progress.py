"""Progress of a long step: a bar on a terminal, a log line a minute elsewhere, or nothing.

`attache run` on twenty thousand articles reads files and codes for minutes. On a terminal the
user sees a rich progress bar with the files read or articles coded, the rate and the time left
for each step; when output
goes to a file or a CI log (no terminal) a bar would only fill it with control characters, so
one plain line a minute says the same. Tests and library callers get nothing unless they ask.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal, Protocol, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

#: `auto`: a bar on a terminal, else log lines; `off`: nothing (the default for library use).
ProgressMode = Literal["off", "auto", "bar", "log"]
PROGRESS_MODES: tuple[ProgressMode, ...] = ("off", "auto", "bar", "log")

#: Seconds between two log lines when not on a terminal.
LOG_INTERVAL_SECONDS = 60.0


class ProgressReport(Protocol):
    """Told how many more items are done."""

    def advance(self, done: int) -> None:
        """Count `done` more items as finished."""


class _Silent:
    def advance(self, done: int) -> None:
        pass


class LogLines:
    """One line every `interval` seconds: done, total, rate and time left.

    Args:
        total: Items in the whole run.
        label: The step, e.g. "coding".
        write: Where a line goes (a stream's write, a logger's info).
        interval: Seconds between lines.
        clock: Monotonic time source (injectable for tests).
    """

    def __init__(
        self,
        total: int,
        label: str,
        write: Callable[[str], object],
        *,
        interval: float = LOG_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        unit: str = "articles",
    ) -> None:
        self._total = total
        self._label = label
        self._unit = unit
        self._write = write
        self._interval = interval
        self._clock = clock
        self._started = clock()
        self._last = self._started
        self.done = 0

    def advance(self, done: int) -> None:
        """Count items; write a line if `interval` has passed since the last one."""
        self.done += done
        now = self._clock()
        if now - self._last >= self._interval:
            self._last = now
            self._write(self.line(now - self._started))

    def line(self, elapsed: float) -> str:
        """The progress line after `elapsed` seconds."""
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self._total - self.done) / rate if rate > 0 else None
        share = f" ({self.done / self._total:.0%})" if self._total else ""
        eta = f", about {format_duration(left)} left" if left is not None else ""
        return (
            f"attache: {self._label} {self.done:,} of {self._total:,} {self._unit}{share}, "
            f"{rate:.1f} {self._unit}/s{eta}"
        )


def format_duration(seconds: float) -> str:
    """`42 s`, `3 min 05 s`, `1 h 12 min`."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


@contextmanager
def progress(
    total: int,
    label: str,
    mode: ProgressMode,
    *,
    stream: TextIO | None = None,
    unit: str = "articles",
) -> Iterator[ProgressReport]:
    """Report the progress of `total` items as `mode` says, on `stream` (stderr).

    Args:
        total: Items in the run: articles to code, files to read.
        label: The step, shown before the counts.
        mode: `auto` picks a bar when `stream` is a terminal and log lines otherwise.
        stream: Where to write; standard error unless given.
        unit: What is counted, in the plural ("articles", "files").

    Yields:
        Something to `advance` as items finish.
    """
    out = sys.stderr if stream is None else stream
    if mode == "auto":
        mode = "bar" if out.isatty() else "log"
    if mode == "off" or total == 0:
        yield _Silent()
    elif mode == "log":
        yield LogLines(total, label, lambda text: print(text, file=out, flush=True), unit=unit)
    else:
        with _bar(out) as bar:
            task = bar.add_task(label, total=total, rate="")
            yield _BarReport(bar, task, unit)


def _bar(stream: TextIO) -> Progress:
    return Progress(
        TextColumn("attache: {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=False,
    )


class _BarReport:
    def __init__(self, bar: Progress, task: TaskID, unit: str) -> None:
        self._bar = bar
        self._task = task
        self._unit = unit

    def advance(self, done: int) -> None:
        self._bar.advance(self._task, done)
        speed = self._bar.tasks[0].speed
        rate = f"{speed:.1f} {self._unit}/s" if speed else ""
        self._bar.update(self._task, rate=rate)
