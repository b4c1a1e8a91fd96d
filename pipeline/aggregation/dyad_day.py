"""Daily dyad summaries of events, and the chart of them shown with the materialisation."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from pipeline.provenance import stable_id
from schemas.records import DyadDayRecord, EventRecord
from schemas.types import QuadClass

DyadDayKey = tuple[dt.date, str, str, QuadClass]

#: Colours of the two series, chosen to stay distinguishable for red-green colour blindness.
_COOPERATION_COLOUR = "#1f77b4"
_CONFLICT_COLOUR = "#d62728"

#: Resolution of the stored PNG; the image lives in Dagster metadata, so it must stay small.
_DPI = 80
_PANEL_SIZE = (3.6, 2.2)  # inches per small multiple
_MAX_COLUMNS = 3


def dyad_days(events: Iterable[EventRecord]) -> list[DyadDayRecord]:
    """Count events per day, directed state dyad and QuadClass (see `iter_dyad_days`).

    Args:
        events: Rows of the `events` table, in any order.

    Returns:
        One row per (event_date, source_country, target_country, quad_class), sorted by it.
    """
    return list(iter_dyad_days(events))


def iter_dyad_days(events: Iterable[EventRecord]) -> Iterator[DyadDayRecord]:
    """The `dyad_day` rows of some events, one at a time, sorted by their key.

    Only events dated to a day with both countries known are counted: a month- or year-dated
    event cannot be put on a day without inventing one. The events are read once and only
    running totals are kept; rows are built as they are yielded, so a caller that spools them
    never holds them all.

    Args:
        events: Rows of the `events` table, in any order.

    Yields:
        One row per (event_date, source_country, target_country, quad_class).
    """
    # Running totals, not the events themselves: memory grows with the dyad-days, not the
    # events, and the sums add up in the same order as over a list of each group's events.
    totals: dict[DyadDayKey, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for event in events:
        if (
            event.event_date_precision != "day"
            or event.event_date is None
            or event.source_country is None
            or event.target_country is None
        ):
            continue
        key = (event.event_date, event.source_country, event.target_country, event.quad_class)
        total = totals[key]
        total[0] += 1
        total[1] += event.num_mentions
        total[2] += event.goldstein
    for key in sorted(totals):
        num_events, num_mentions, goldstein_sum = totals[key]
        date, source, target, quad_class = key
        yield DyadDayRecord(
            dyad_day_id=stable_id("dyad_day", date, source, target, quad_class),
            event_date=date,
            source_country=source,
            target_country=target,
            quad_class=quad_class,
            num_events=int(num_events),
            num_mentions=int(num_mentions),
            mean_goldstein=round(goldstein_sum / num_events, 3),
        )


@dataclass
class _Dyad:
    """Totals of one unordered country pair across all its dyad_day rows."""

    name: str
    cooperation: dict[dt.date, int] = field(default_factory=lambda: defaultdict(int))
    conflict: dict[dt.date, int] = field(default_factory=lambda: defaultdict(int))
    num_events: int = 0
    num_mentions: int = 0
    goldstein_sum: float = 0.0  # event-weighted, so the mean is over events, not rows

    @property
    def num_cooperation(self) -> int:
        return sum(self.cooperation.values())

    @property
    def num_conflict(self) -> int:
        return sum(self.conflict.values())

    @property
    def mean_goldstein(self) -> float:
        return self.goldstein_sum / self.num_events


def _dyad_name(first: str, second: str) -> str:
    """Name of an unordered pair: both codes in alphabetical order."""
    low, high = sorted((first, second))
    return f"{low}–{high}"


def _top_dyads(rows: Iterable[DyadDayRecord], top: int) -> list[_Dyad]:
    """The `top` unordered pairs by number of events (ties: by name)."""
    dyads: dict[str, _Dyad] = {}
    for row in rows:
        name = _dyad_name(row.source_country, row.target_country)
        dyad = dyads.setdefault(name, _Dyad(name))
        series = dyad.cooperation if row.quad_class in (1, 2) else dyad.conflict
        series[row.event_date] += row.num_events
        dyad.num_events += row.num_events
        dyad.num_mentions += row.num_mentions
        dyad.goldstein_sum += row.mean_goldstein * row.num_events
    ranked = sorted(dyads.values(), key=lambda d: (-d.num_events, d.name))
    return ranked[:top]


def _bin_unit(span_days: int) -> str:
    """Bin the time axis by day, week or month, depending on how long it is."""
    # Daily bars over years would be too thin to see, so long spans are binned coarser.
    if span_days <= 92:
        return "day"
    if span_days <= 731:
        return "week"
    return "month"


#: Bar width in days per bin unit: a little narrower than the bin so neighbours stay apart.
_BAR_WIDTH = {"day": 0.8, "week": 6.0, "month": 25.0}


def _bin_start(day: dt.date, unit: str) -> dt.date:
    """First day of the bin a day falls in."""
    if unit == "day":
        return day
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def _binned(series: dict[dt.date, int], unit: str) -> dict[dt.date, int]:
    """Sum a day-indexed series into bins of the given unit."""
    binned: dict[dt.date, int] = defaultdict(int)
    for day, count in series.items():
        binned[_bin_start(day, unit)] += count
    return binned


def _chart_png(dyads: Sequence[_Dyad]) -> bytes:
    """Small multiples of cooperation vs conflict counts over time, one panel per dyad."""
    days = [d for dyad in dyads for d in (*dyad.cooperation, *dyad.conflict)]
    first, last = min(days), max(days)
    span_days = (last - first).days
    unit = _bin_unit(span_days)
    columns = min(_MAX_COLUMNS, len(dyads))
    lines = -(-len(dyads) // columns)
    # A Figure with an explicit Agg canvas never touches pyplot's global state, so no GUI
    # backend is ever selected and nothing leaks when the asset runs inside a long process.
    figure = Figure(
        figsize=(_PANEL_SIZE[0] * columns, _PANEL_SIZE[1] * lines + 0.4),
        dpi=_DPI,
        layout="constrained",
    )
    FigureCanvasAgg(figure)
    axes = figure.subplots(lines, columns, sharex=True, squeeze=False)
    pad = dt.timedelta(days=max(1, span_days // 40))
    for index, ax in enumerate(axes.flat):
        if index >= len(dyads):
            ax.set_visible(False)
            continue
        dyad = dyads[index]
        cooperation = _binned(dyad.cooperation, unit)
        conflict = _binned(dyad.conflict, unit)
        # Conflict is drawn downwards, so both series share one panel without hiding each other.
        ax.bar(
            list(cooperation),
            list(cooperation.values()),
            width=_BAR_WIDTH[unit],
            color=_COOPERATION_COLOUR,
        )
        ax.bar(
            list(conflict),
            [-count for count in conflict.values()],
            width=_BAR_WIDTH[unit],
            color=_CONFLICT_COLOUR,
        )
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_title(
            f"{dyad.name}: {dyad.num_cooperation} coop / {dyad.num_conflict} conflict",
            fontsize=9,
        )
        ax.set_xlim(first - pad, last + pad)
        ax.tick_params(labelsize=7)
        # Counts are whole events, and conflict's negative bars are labelled by their size.
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        ax.yaxis.set_major_formatter(lambda value, _pos: f"{abs(value):g}")
        # matplotlib's stubs leave these two constructors unannotated.
        locator = mdates.AutoDateLocator(minticks=2, maxticks=5)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(formatter)
    # Legend entries are built, not collected, so both show even when no panel has both series.
    handles = [
        Patch(color=_COOPERATION_COLOUR, label="cooperation (quad 1+2)"),
        Patch(color=_CONFLICT_COLOUR, label="conflict (quad 3+4)"),
    ]
    figure.suptitle(f"Events per {unit}: cooperation up, conflict down", fontsize=10)
    figure.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8)
    buffer = io.BytesIO()
    # No Software/date metadata: the same rows then always give the same bytes.
    figure.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()


def dyad_day_chart_markdown(rows: Iterable[DyadDayRecord], *, top: int = 6) -> str:
    """Markdown with a chart and table of the busiest dyads, for the Dagster UI.

    The chart has one small panel per unordered country pair, with cooperation (QuadClass 1
    and 2) event counts drawn upwards and conflict (3 and 4) downwards over time. The table
    lists the same pairs with their counts and event-weighted mean Goldstein.

    Args:
        rows: Rows of the `dyad_day` table, read once.
        top: How many pairs to show, the ones with the most events.

    Returns:
        Markdown with the PNG embedded as a base64 data URI, or a sentence when there is
        nothing to plot.
    """
    dyads = _top_dyads(rows, top) if top > 0 else []
    if not dyads:
        return "_No day-dated events between two countries: nothing to plot._\n"
    png = base64.b64encode(_chart_png(dyads)).decode("ascii")
    alt = f"Cooperation and conflict events over time for the top {len(dyads)} dyads"
    table = [
        "| Dyad | Events | Cooperation | Conflict | Mentions | Mean Goldstein |",
        "|---|--:|--:|--:|--:|--:|",
        *(
            f"| {d.name} | {d.num_events} | {d.num_cooperation} | {d.num_conflict} "
            f"| {d.num_mentions} | {d.mean_goldstein:+.2f} |"
            for d in dyads
        ),
    ]
    return f"![{alt}](data:image/png;base64,{png})\n\n" + "\n".join(table) + "\n"
