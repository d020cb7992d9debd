"""Charts of a journal as accessible, deterministic SVG, for the doctor's report and the web app.

Every function takes a journal `History` and a window of calendar days (`start` to `end`, both included, in
the journal's time zone) and returns a `Chart`:

    chart = twitch_days_chart(history, date(2026, 10, 1), date(2026, 11, 24))
    chart.title    # "Twitch days and workouts"
    chart.summary  # one or two plain sentences with the numbers, to show beside or instead of the picture
    chart.svg      # an <svg role="img"> element with <title> and <desc>, ready to inline in HTML

The functions:

- `twitch_days_chart(history, start, end)`: one row per region that twitched, a mark on each twitch day
  (filled: no workout explains it; open: after a workout that worked that region), a triangle on the days it
  came with painful cramps, and the workout days.
- `training_load_chart(history, start, end)`: daily session-RPE load (bars) and the rolling acute:chronic
  ratio on each day (line), with the "high" and "spike" thresholds from the knowledge base (ratio and
  thresholds only when the record is long enough for a ratio).
- `strength_chart(history, start, end)`: each test and side's readings, and the trend line the analysis
  fitted over its window (a decline the analysis confirmed is drawn in red).
- `circumference_chart(history, start, end)`: each site's left and right readings.
- `intake_chart(history, start, end)`: caffeine (mg) and fluid (ml) logged per day.
- `sleep_chart(history, start, end)`: hours of sleep logged per night, against a short night.

Every keyword-only argument is optional: `now` (the moment the analyses are made as of; by default the end
of `end`), `knowledge` (the knowledge base, for constants and region names) and `analyses` (a
`JournalAnalyses` already made as of `now`, to save recomputing it). Charts only draw: every trend, ratio and
classification comes from `twitchcheck.journal.analysis`. A window with nothing to draw gives a Chart whose
summary says so (and a small SVG saying the same), never an error.

Rendering: matplotlib's object API (`matplotlib.figure.Figure`, no pyplot), so charts can be drawn from
several threads at once (the web server). The SVG keeps text as text (`svg.fonttype: none`: small, and
searchable in a PDF), with no date in its metadata and a fixed hash salt for its ids, so the same journal
gives the same bytes (golden tests). matplotlib is imported on first use: `import twitchcheck` stays fast.
Those two SVG settings are read from matplotlib's global rcParams when a figure is saved; they are set once,
on first use, to the same values for every caller.
"""

from __future__ import annotations

import re
import statistics
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape
from io import StringIO
from typing import TYPE_CHECKING, Any

from twitchcheck.core.words import counted
from twitchcheck.journal.events import (
    CaffeineEvent,
    CircumferenceEvent,
    FluidEvent,
    History,
    SleepEvent,
    StrengthTestEvent,
    day_start,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from twitchcheck.journal.analysis import JournalAnalyses
    from twitchcheck.knowledge.loader import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: a title, the inline SVG, and a plain-text summary of what it shows."""

    id: str
    """A stable identifier (e.g. `twitch-days`), also the prefix of the ids inside the SVG."""
    title: str
    svg: str
    summary: str
    empty: bool = False
    """Nothing in the window to draw: `svg` and `summary` say so."""


WIDTH_IN = 7.0
"""Figure width in inches: the text width of an A4 page with 18 mm margins."""
_RED = "#b2182b"
_BLUE = "#2166ac"
_GREY = "#8c8c8c"
_ORANGE = "#e08214"
_PURPLE = "#542788"
_SIDE_COLOURS = {"left": _BLUE, "right": _ORANGE, "both": "#4d4d4d", "unspecified": "#4d4d4d"}
_TEST_NAMES = {
    "grip": "Grip (kg)",
    "calf_raises": "Calf raises (count)",
    "chair_stands": "Chair stands (30 s)",
}
_SITE_NAMES = {"calf": "Calf", "thigh": "Thigh", "forearm": "Forearm", "upper_arm": "Upper arm"}

_setup_lock = threading.Lock()
_set_up = False


def _matplotlib() -> None:
    """Import matplotlib with the Agg backend and the SVG settings that make output small and stable."""
    global _set_up
    with _setup_lock:
        if _set_up:
            return
        import matplotlib

        matplotlib.use("Agg", force=False)
        matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "twitchcheck"})
        _set_up = True


def _figure(height_in: float, width_in: float = WIDTH_IN) -> Figure:
    _matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in), dpi=72, layout="constrained")


def _style(axes: Axes) -> None:
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    axes.tick_params(labelsize=8)
    axes.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    axes.set_axisbelow(True)


def _x(day: date) -> float:
    """A day's place on a chart's x axis: matplotlib's date number of its start (an axis in days)."""
    from matplotlib.dates import date2num

    return float(date2num(day))  # type: ignore[no-untyped-call]  # matplotlib.dates is not annotated


_DAY_STEPS = (1, 7, 14, 28)
"""Steps that read naturally: every day, week, fortnight or four weeks from the window's first day."""
_ODD_STEPS = (2, 3, 4)
"""Used when no natural step gives between three ticks and as many as fit."""
_MONTH_STEPS = (1, 2, 3, 6, 12)


def _bars(
    axes: Axes, x: Sequence[float], heights: Sequence[float], *, color: str, label: str | None = None
) -> None:
    """Bars 0.8 days wide from 0, drawn as `axes.bar` draws them (no edge, the axis kept at 0) but as one
    path: one artist instead of one per day, so the figure lays out, and the SVG and the PDF draw, faster."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    half = 0.4
    bars = [
        Path([(at - half, 0.0), (at + half, 0.0), (at + half, height), (at - half, height), (at - half, 0.0)])
        for at, height in zip(x, heights, strict=True)
    ]
    outline = Path.make_compound_path(*bars)
    patch = PathPatch(outline, facecolor=color, edgecolor="none", linewidth=0, label=label)
    patch.sticky_edges.y.append(0.0)
    axes.add_patch(patch)
    axes.autoscale_view()


def _date_ticks(start: date, end: date, most: int) -> tuple[list[date], bool]:
    """The days to label and whether they are months: every day, week or fortnight from the window's first
    day (every few days when none of those fits), or the first of every few months over a long window,
    whichever is finest with at most `most` ticks and at least three (else the coarsest that gives three)."""
    days = (end - start).days
    long = days > 16 * 7  # months read better than four-week steps

    def every(step: int) -> tuple[list[date], bool]:
        return [start + timedelta(days=k) for k in range(0, days + 1, step)], False

    natural = [every(step) for step in (_DAY_STEPS[:-1] if long else _DAY_STEPS)]
    if long:
        firsts = [date(year, month, 1) for year in range(start.year, end.year + 1) for month in range(1, 13)]
        firsts = [first for first in firsts if start <= first <= end]
        natural += [([d for d in firsts if (d.year * 12 + d.month - 1) % k == 0], True) for k in _MONTH_STEPS]
    odd = [every(step) for step in _ODD_STEPS]
    for candidates in (natural, odd):
        fitting = [choice for choice in candidates if 3 <= len(choice[0]) <= most]
        if fitting:
            return fitting[0]
    enough = sorted((c for c in natural + odd if len(c[0]) >= 3), key=lambda choice: len(choice[0]))
    return enough[0] if enough else natural[0]


def _dates(axes: Axes, start: date, end: date, width_in: float = WIDTH_IN) -> None:
    """Days of the window on the x axis, labelled "01 Nov" (months "Nov", with the year where it turns)."""
    from matplotlib.dates import ConciseDateFormatter, DateFormatter
    from matplotlib.ticker import FixedLocator

    axes.set_xlim(_x(start) - 0.5, _x(end) + 0.5)
    most = max(3, int(width_in * 1.2))  # "01 Nov" at 8 pt takes about 0.45 in with its gap
    ticks, months = _date_ticks(start, end, most)
    locator = FixedLocator([_x(day) for day in ticks])
    axes.xaxis.set_major_locator(locator)
    if not months:
        axes.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]  # as above
    else:  # months: "Oct", "Nov", and the year on its first month; no offset (the summary has the dates)
        concise = ConciseDateFormatter(locator, show_offset=False)  # type: ignore[no-untyped-call]  # as above
        axes.xaxis.set_major_formatter(concise)


def _to_svg(figure: Figure, chart_id: str, title: str, description: str) -> str:
    buffer = StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), chart_id, title, description)


_HEAD = re.compile(r"\A.*?(<svg\b[^>]*>)", re.DOTALL)


def _accessible(svg: str, chart_id: str, title: str, description: str) -> str:
    """The bare <svg> element (no XML declaration or doctype, so it can be inlined), with role="img" and a
    <title> and <desc> it is labelled by; matplotlib's own ids prefixed so charts on one page never clash."""
    match = _HEAD.match(svg)
    if match is None:  # pragma: no cover - matplotlib always writes an <svg> element
        raise ValueError("not an SVG document")
    opening = match.group(1)
    labelled = opening[:-1] + (
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" id="{chart_id}">'
    )
    body = svg[match.end() :]
    body = re.sub(r'id="([^"]+)"', rf'id="{chart_id}-\1"', body)
    body = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", body)
    body = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{chart_id}-\1"', body)
    # A chart's metadata block only names the format (Date and Creator are left out above).
    body = re.sub(r"\s*<metadata>.*?</metadata>", "", body, count=1, flags=re.DOTALL)
    return (
        f'{labelled}\n <title id="{chart_id}-title">{escape(title)}</title>\n'
        f' <desc id="{chart_id}-desc">{escape(description)}</desc>{body}'
    ).strip() + "\n"


def _empty(chart_id: str, title: str, summary: str, width_in: float = WIDTH_IN) -> Chart:
    figure = _figure(0.6, width_in)
    figure.text(0.5, 0.5, summary, ha="center", va="center", fontsize=9, color="#555555")
    return Chart(chart_id, title, _to_svg(figure, chart_id, title, summary), summary, empty=True)


@dataclass(frozen=True, slots=True)
class _Context:
    history: History
    start: date
    end: date
    now: datetime
    knowledge: KnowledgeBase
    analyses: JournalAnalyses

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def in_window(self, day: date) -> bool:
        return self.start <= day <= self.end

    def region_label(self, region: str) -> str:
        info = self.knowledge.regions.get(region)
        return info.label if info is not None else region.replace("_", " ")


def _context(
    history: History,
    start: date,
    end: date,
    now: datetime | None,
    knowledge: KnowledgeBase | None,
    analyses: JournalAnalyses | None,
) -> _Context:
    from twitchcheck.journal.analysis import analyse
    from twitchcheck.knowledge.loader import load_knowledge

    if end < start:
        raise ValueError(f"the window ends ({end}) before it starts ({start})")
    kb = knowledge if knowledge is not None else load_knowledge()
    moment = (
        now
        if now is not None
        else day_start(end + timedelta(days=1), history.zone) - timedelta(microseconds=1)
    )
    history = history.until(moment)
    made = analyses if analyses is not None else analyse(history, moment, kb)
    return _Context(history, start, end, moment, kb, made)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _span(start: date, end: date) -> str:
    return f"{start:%d %b %Y} to {end:%d %b %Y}"


def twitch_days_chart(
    history: History,
    start: date,
    end: date,
    *,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    analyses: JournalAnalyses | None = None,
    width_in: float = WIDTH_IN,
) -> Chart:
    """Twitch days per region against workout days over the window."""
    ctx = _context(history, start, end, now, knowledge, analyses)
    chart_id, title = "twitch-days", "Twitch days and workouts"
    twitches = [twitch for twitch in ctx.analyses.twitches if ctx.in_window(twitch.day)]
    workout_days = sorted({entry.day for entry in ctx.history.of_type("workout") if ctx.in_window(entry.day)})
    if not twitches and not workout_days:
        return _empty(chart_id, title, f"No twitching or workouts logged from {_span(start, end)}.", width_in)
    regions: dict[str, tuple[set[date], set[date]]] = {}  # region -> (unexplained days, explained days)
    for twitch in twitches:
        for region in twitch.regions:
            unexplained, explained = regions.setdefault(region, (set(), set()))
            (unexplained if region in twitch.unexplained_regions else explained).add(twitch.day)
    # A day with both an explained and an unexplained twitch in one region counts as unexplained.
    for unexplained, explained in regions.values():
        explained -= unexplained
    order = sorted(regions, key=lambda region: (-len(regions[region][0] | regions[region][1]), region))
    rows = ["Workout", *(ctx.region_label(region) for region in order)]
    figure = _figure(0.78 + 0.18 * len(rows), width_in)
    axes = figure.add_subplot()

    def xs(days: Sequence[date] | set[date]) -> list[float]:
        return [_x(day) for day in sorted(days)]

    top = len(rows) - 1
    axes.scatter(xs(workout_days), [top] * len(workout_days), marker="s", s=30, color=_GREY, label="Workout")
    labelled_u = labelled_e = False
    for index, region in enumerate(order):
        y = top - 1 - index
        unexplained, explained = regions[region]
        axes.scatter(
            xs(unexplained),
            [y] * len(unexplained),
            marker="o",
            s=34,
            color=_RED,
            label="Twitch, not explained by a workout" if unexplained and not labelled_u else None,
        )
        axes.scatter(
            xs(explained),
            [y] * len(explained),
            marker="o",
            s=34,
            facecolors="none",
            edgecolors=_RED,
            linewidths=1.2,
            label="Twitch after a workout of that region" if explained and not labelled_e else None,
        )
        labelled_u = labelled_u or bool(unexplained)
        labelled_e = labelled_e or bool(explained)
    cramps = _cramp_days(ctx)
    labelled_c = False
    for index, region in enumerate(order):
        days = cramps.get(region, set())
        axes.scatter(  # a triangle just above the twitch mark
            xs(days),
            [top - 1 - index + 0.34] * len(days),
            marker="v",
            s=22,
            color=_PURPLE,
            label="Painful cramps" if days and not labelled_c else None,
        )
        labelled_c = labelled_c or bool(days)
    axes.set_yticks(range(len(rows)), list(reversed(rows)))
    axes.set_ylim(-0.7, len(rows) - 0.3)
    _style(axes)
    axes.grid(axis="x", color="#eeeeee", linewidth=0.6)
    _dates(axes, start, end, width_in)
    figure.legend(  # below the axes, in room the layout keeps for it: never over the date labels
        loc="outside lower center",
        ncol=4 if width_in >= 5 else 1,
        fontsize=7.5,
        columnspacing=1.2,
        frameon=False,
    )
    twitch_days = {twitch.day for twitch in twitches}
    unexplained_days = {twitch.day for twitch in twitches if twitch.unexplained_regions}
    summary = (
        f"From {_span(start, end)}: {len(twitch_days)} twitch days, {len(unexplained_days)} of them not "
        f"explained by a workout, and {counted(len(workout_days), 'workout day')}."
    )
    if order:
        per_region = ", ".join(
            f"{ctx.region_label(region)} {len(regions[region][0] | regions[region][1])}" for region in order
        )
        summary += f" Twitch days by region: {per_region}."
    cramp_days = sorted({day for days in cramps.values() for day in days})
    if cramp_days:
        listed = ", ".join(f"{day:%d %b}" for day in cramp_days)
        summary += f" Painful cramps on {_count(len(cramp_days), 'day')} ({listed})."
    return Chart(chart_id, title, _to_svg(figure, chart_id, title, summary), summary)


def _cramp_days(ctx: _Context) -> dict[str, set[date]]:
    """The days of the window each region's twitching came with painful cramps, as logged."""
    return ctx.history.painful_cramp_days(ctx.start, ctx.end)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def training_load_chart(
    history: History,
    start: date,
    end: date,
    *,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    analyses: JournalAnalyses | None = None,
    width_in: float = WIDTH_IN,
) -> Chart:
    """Daily session-RPE load and the rolling acute:chronic workload ratio on each day of the window."""
    from twitchcheck.journal.analysis.load import daily_loads, rolling_acwr

    ctx = _context(history, start, end, now, knowledge, analyses)
    chart_id, title = "training-load", "Training load"
    loads = daily_loads(ctx.history, ctx.now)
    days = ctx.days()
    if not any(day in loads for day in days):
        return _empty(chart_id, title, f"No workouts logged from {_span(start, end)}.", width_in)
    constants = ctx.knowledge.constants
    ratios: list[float | None] = []
    first_workout = min(loads)
    for day in days:
        if day < first_workout:  # no ratio before the first workout (the analysis needs one to start from)
            ratios.append(None)
            continue
        moment = min(
            day_start(day + timedelta(days=1), ctx.history.zone) - timedelta(microseconds=1), ctx.now
        )
        ratios.append(rolling_acwr(loads, moment.astimezone(ctx.history.zone).date(), constants))
    figure = _figure(1.45, width_in)
    axes = figure.add_subplot()
    x = [_x(day) for day in days]
    _bars(
        axes,
        x,
        [loads[day].load_au if day in loads else 0.0 for day in days],
        color="#9ecae1",
        label="Daily load (RPE x min)",
    )
    axes.set_ylabel("Load (AU)", fontsize=8)
    _style(axes)
    _dates(axes, start, end, width_in)
    handles, labels = axes.get_legend_handles_labels()
    known = [r for r in ratios if r is not None]
    if known:  # the ratio and its thresholds only where the analysis computed one
        ratio_axes = axes.twinx()
        ratio_axes.plot(
            x,
            [r if r is not None else float("nan") for r in ratios],
            color="#08306b",
            linewidth=1.4,
            label="Acute:chronic ratio (7 d / 28 d)",
        )
        ratio_axes.axhline(
            constants.acwr_high,
            color=_ORANGE,
            linewidth=0.8,
            linestyle="--",
            label=f"High ({_fmt(constants.acwr_high)})",
        )
        ratio_axes.axhline(
            constants.acwr_spike,
            color=_RED,
            linewidth=0.8,
            linestyle="--",
            label=f"Spike ({_fmt(constants.acwr_spike)})",
        )
        ratio_axes.set_ylim(0, max([constants.acwr_spike * 1.2, *known]) * 1.05)
        ratio_axes.set_ylabel("Ratio", fontsize=8)
        ratio_axes.tick_params(labelsize=8)
        ratio_axes.spines["top"].set_visible(False)
        more_handles, more_labels = ratio_axes.get_legend_handles_labels()
        handles, labels = handles + more_handles, labels + more_labels
    figure.legend(
        handles,
        labels,
        loc="outside lower center",
        ncol=4 if width_in >= 5 else 2,
        fontsize=8,
        frameon=False,
    )
    sessions = sum(loads[day].sessions for day in days if day in loads)
    total = sum(loads[day].load_au for day in days if day in loads)
    latest = next((r for r in reversed(ratios) if r is not None), None)
    summary = f"From {_span(start, end)}: {sessions} sessions, total load {total:.0f} AU."
    summary += (
        f" Acute:chronic ratio at the end: {latest:.2f}."
        if latest is not None
        else " Too short a record for an acute:chronic ratio (28 days of workouts needed)."
    )
    return Chart(chart_id, title, _to_svg(figure, chart_id, title, summary), summary)


def strength_chart(
    history: History,
    start: date,
    end: date,
    *,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    analyses: JournalAnalyses | None = None,
    width_in: float = WIDTH_IN,
) -> Chart:
    """Strength readings per test and side, with the analysis's fitted trend."""
    ctx = _context(history, start, end, now, knowledge, analyses)
    chart_id, title = "strength", "Strength tests"
    readings: dict[tuple[str, str], list[tuple[date, float]]] = {}
    for entry in ctx.history.of_type("strength_test"):
        event = entry.event
        assert isinstance(event, StrengthTestEvent)
        if ctx.in_window(entry.day):
            readings.setdefault((event.test, event.side or "unspecified"), []).append(
                (entry.day, event.value)
            )
    if not readings:
        return _empty(chart_id, title, f"No strength tests logged from {_span(start, end)}.", width_in)
    tests = [test for test in _TEST_NAMES if any(key[0] == test for key in readings)]
    figure = _figure(0.45 + 1.4 * len(tests), width_in)
    axes_list = figure.subplots(len(tests), 1, sharex=True, squeeze=False)[:, 0]
    trends = {(trend.test, trend.side): trend for trend in ctx.analyses.strength.trends}
    sentences = []
    for axes, test in zip(axes_list, tests, strict=True):
        for (name, side), points in readings.items():
            if name != test:
                continue
            colour = _SIDE_COLOURS.get(side, _GREY)
            axes.plot(
                [_x(d) for d, _ in points],
                [v for _, v in points],
                marker="o",
                markersize=4,
                linestyle="none",
                color=colour,
                label=side.capitalize(),
            )
            trend = trends.get((name, side))
            if trend is not None and trend.fit is not None and trend.readings:
                first = trend.readings[0]
                last = trend.readings[-1]
                span = (last.when - first.when).total_seconds() / 86400
                x0 = _x(first.day)
                line_colour = _RED if trend.declining else colour
                axes.plot(
                    [x0, x0 + span],
                    [trend.fit.intercept, trend.fit.intercept + trend.fit.slope_per_day * span],
                    color=line_colour,
                    linewidth=2.0 if trend.declining else 1.0,
                    linestyle="-" if trend.declining else ":",
                )
            sentences.append(_strength_sentence(test, side, points, trend))
        # At least twice the fall the analysis calls a decline (strength_decline_pct of the typical
        # reading): a change the analysis reads as noise does not fill the axis.
        typical = statistics.median(
            v for (name, _), points in readings.items() if name == test for _, v in points
        )
        low, high = axes.get_ylim()
        least = 2 * ctx.knowledge.constants.strength_decline_pct / 100 * typical
        axes.set_ylim(*_honest_span(low, high, least))
        axes.set_title(_TEST_NAMES[test], fontsize=9, loc="left")
        _style(axes)
        axes.legend(fontsize=7, frameon=False, loc="best")
    _dates(axes_list[-1], start, end, width_in)
    summary = " ".join(sentences)
    return Chart(chart_id, title, _to_svg(figure, chart_id, title, summary), summary)


def _strength_sentence(test: str, side: str, points: Sequence[tuple[date, float]], trend: Any) -> str:
    name = _TEST_NAMES[test].split(" (")[0]
    side_text = "" if side in {"unspecified", "both"} else f", {side}"
    text = f"{name}{side_text}: {len(points)} readings, {_fmt(points[0][1])} to {_fmt(points[-1][1])}"
    if trend is not None and trend.change_pct is not None and trend.enough_readings:
        text += f"; fitted change {trend.change_pct:+.1f}% over {trend.weeks:.1f} weeks"
        if trend.declining:
            text += " (a confirmed decline)"
    return text + "."


def circumference_chart(
    history: History,
    start: date,
    end: date,
    *,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    analyses: JournalAnalyses | None = None,
    width_in: float = WIDTH_IN,
) -> Chart:
    """Limb circumference per site, left and right."""
    ctx = _context(history, start, end, now, knowledge, analyses)
    chart_id, title = "circumference", "Limb circumference"
    readings: dict[tuple[str, str], list[tuple[date, float]]] = {}
    for entry in ctx.history.of_type("circumference"):
        event = entry.event
        assert isinstance(event, CircumferenceEvent)
        if ctx.in_window(entry.day):
            readings.setdefault((event.site, event.side), []).append((entry.day, event.cm))
    if not readings:
        return _empty(chart_id, title, f"No limb circumferences logged from {_span(start, end)}.", width_in)
    sites = [site for site in _SITE_NAMES if any(key[0] == site for key in readings)]
    flagged = {trend.site: trend.flagged_side for trend in ctx.analyses.circumference.sites}
    noise = ctx.knowledge.constants.circumference_stable_cm
    figure = _figure(0.4 + 1.2 * len(sites), width_in)
    axes_list = figure.subplots(len(sites), 1, sharex=True, squeeze=False)[:, 0]
    sentences = []
    for axes, site in zip(axes_list, sites, strict=True):
        values: list[float] = []
        for side, nudge in (("left", -0.15), ("right", 0.15)):
            points = readings.get((site, side))
            if not points:
                continue
            lost = flagged.get(site) == side
            colour = _RED if lost else _SIDE_COLOURS[side]
            # Each reading with the tape's noise as error bars; left and right a little apart, so that
            # equal readings do not hide each other.
            axes.errorbar(
                [_x(d) + nudge for d, _ in points],
                [v for _, v in points],
                yerr=noise,
                marker="o",
                markersize=4,
                color=colour,
                ecolor=colour,
                elinewidth=0.7,
                capsize=2,
                linewidth=1.8 if lost else 1.0,
                label=side.capitalize() + (" (loss)" if lost else ""),
            )
            values += [v for _, v in points]
            change = points[-1][1] - points[0][1]
            sentences.append(
                f"{_SITE_NAMES[site]}, {side}: {_fmt(points[0][1])} to {_fmt(points[-1][1])} cm "
                f"({change:+.1f} cm)."
            )
        axes.set_ylim(*_honest_span(min(values) - noise, max(values) + noise, _NOISE_SPANS * 2 * noise))
        axes.set_title(f"{_SITE_NAMES[site]} (cm)", fontsize=9, loc="left")
        _style(axes)
        axes.legend(fontsize=7, frameon=False, loc="best")
    _dates(axes_list[-1], start, end, width_in)
    sentences.append(ctx.knowledge.say("chart_tape_noise", noise_cm=noise))
    summary = " ".join(sentences)
    return Chart(chart_id, title, _to_svg(figure, chart_id, title, summary), summary)


_NOISE_SPANS = 3
"""A circumference axis spans at least three times the tape's noise band (6 x 0.5 cm = 3 cm): a change
within the noise then looks as small as it is, and the 1 cm one-sided loss the analysis flags still shows.
twitchcheck's choice (docs/clinical-report.md)."""


def _honest_span(low: float, high: float, least: float) -> tuple[float, float]:
    """Axis limits around `low`..`high`, with a little room, at least `least` wide, centred on the data."""
    room = (high - low) * 0.05
    low, high = low - room, high + room
    if high - low < least:
        middle = (low + high) / 2
        low, high = middle - least / 2, middle + least / 2
    return low, high


def intake_chart(
    history: History,
    start: date,
    end: date,
    *,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    analyses: JournalAnalyses | None = None,
    width_in: float = WIDTH_IN,
) -> Chart:
    """Caffeine (mg) and fluid (ml) logged per day."""
    ctx = _context(history, start, end, now, knowledge, analyses)
    chart_id, title = "intake", "Caffeine and fluids"
    caffeine = _per_day(ctx, "caffeine", lambda event: event.mg if isinstance(event, CaffeineEvent) else 0.0)
    fluid = _per_day(ctx, "fluid", lambda event: event.ml if isinstance(event, FluidEvent) else 0.0)
    if not caffeine and not fluid:
        return _empty(chart_id, title, f"No caffeine or drinks logged from {_span(start, end)}.", width_in)
    days = ctx.days()
    x = [_x(day) for day in days]
    figure = _figure(1.6, width_in)
    top, bottom = figure.subplots(2, 1, sharex=True)
    _bars(top, x, [caffeine.get(day, 0.0) for day in days], color="#8c510a")
    top.set_title("Caffeine (mg per day)", fontsize=9, loc="left")
    _bars(bottom, x, [fluid.get(day, 0.0) for day in days], color="#4393c3")
    bottom.set_title("Fluid (ml per day)", fontsize=9, loc="left")
    for axes in (top, bottom):
        _style(axes)
    _dates(bottom, start, end, width_in)
    parts = []
    if caffeine:
        parts.append(
            f"caffeine on {len(caffeine)} days, {sum(caffeine.values()) / len(caffeine):.0f} mg a day on "
            f"average (most {max(caffeine.values()):.0f} mg)"
        )
    else:
        parts.append("no caffeine logged")
    if fluid:
        parts.append(
            f"drinks on {len(fluid)} days, {sum(fluid.values()) / len(fluid):.0f} ml a day on average "
            f"(least {min(fluid.values()):.0f} ml)"
        )
    else:
        parts.append("no drinks logged")
    summary = f"From {_span(start, end)}: " + "; ".join(parts) + "."
    return Chart(chart_id, title, _to_svg(figure, chart_id, title, summary), summary)


def sleep_chart(
    history: History,
    start: date,
    end: date,
    *,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    analyses: JournalAnalyses | None = None,
    width_in: float = WIDTH_IN,
) -> Chart:
    """Hours of sleep logged per night (on the morning after), against the knowledge base's short night."""
    ctx = _context(history, start, end, now, knowledge, analyses)
    chart_id, title = "sleep", "Sleep"
    nights = _per_day(ctx, "sleep", lambda event: event.hours if isinstance(event, SleepEvent) else 0.0)
    if not nights:
        return _empty(chart_id, title, f"No sleep logged from {_span(start, end)}.", width_in)
    short = ctx.knowledge.constants.short_sleep_h
    days = sorted(nights)
    figure = _figure(1.35, width_in)
    axes = figure.add_subplot()
    _bars(axes, [_x(day) for day in days], [nights[day] for day in days], color="#9e9ac8")
    axes.axhline(
        short, color=_ORANGE, linewidth=0.8, linestyle="--", label=f"Short night (under {_fmt(short)} h)"
    )
    axes.set_ylim(0, max(10.0, max(nights.values()) + 1))
    axes.set_ylabel("Hours", fontsize=8)
    _style(axes)
    _dates(axes, start, end, width_in)
    figure.legend(loc="outside lower center", fontsize=8, frameon=False)
    hours = list(nights.values())
    summary = (
        f"From {_span(start, end)}: sleep logged for {_count(len(hours), 'night')}, "
        f"{sum(hours) / len(hours):.1f} h a night on average (shortest {min(hours):.1f} h); "
        f"{_count(sum(1 for h in hours if h < short), 'night')} shorter than {_fmt(short)} h."
    )
    return Chart(chart_id, title, _to_svg(figure, chart_id, title, summary), summary)


def _per_day(ctx: _Context, kind: Any, amount: Callable[[object], float]) -> dict[date, float]:
    totals: dict[date, float] = {}
    for entry in ctx.history.of_type(kind):
        if ctx.in_window(entry.day):
            totals[entry.day] = totals.get(entry.day, 0.0) + amount(entry.event)
    return totals


def all_charts(
    history: History,
    start: date,
    end: date,
    *,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    analyses: JournalAnalyses | None = None,
    widths: Mapping[str, float] | None = None,
) -> tuple[Chart, ...]:
    """Every chart of the window, in the order the doctor's report shows them (one analysis for all);
    `widths` gives some charts (by id) another width than `WIDTH_IN` inches."""
    ctx = _context(history, start, end, now, knowledge, analyses)
    options: dict[str, Any] = {"now": ctx.now, "knowledge": ctx.knowledge, "analyses": ctx.analyses}
    return tuple(
        make(ctx.history, start, end, width_in=(widths or {}).get(chart_id, WIDTH_IN), **options)
        for chart_id, make in CHARTS.items()
    )


CALENDAR_WEEKS = 12
"""The twitch calendar's span: twelve weeks, Monday to Sunday, ending with this week."""
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def twitch_calendar(
    history: History,
    end: date,
    *,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    analyses: JournalAnalyses | None = None,
    weeks: int = CALENDAR_WEEKS,
) -> Chart:
    """A calendar heat map of twitch days (the status page's, not the report's): one cell per day of the last
    `weeks` weeks, darker the more twitches were logged, outlined where no workout explained one. An HTML
    table, not a picture, so that a screen reader reads each day ("Tue 4 Nov: 2 twitches, calf; not
    explained by a workout") and a phone shows it crisp; `svg` holds the table."""
    from markupsafe import escape

    first = end - timedelta(days=end.weekday() + 7 * (weeks - 1))
    ctx = _context(history, first, end, now, knowledge, analyses)
    chart_id, title = "twitch-calendar", "Twitch days"
    by_day: dict[date, list[Any]] = {}
    for twitch in ctx.analyses.twitches:
        if ctx.in_window(twitch.day):
            by_day.setdefault(twitch.day, []).append(twitch)
    days = len(ctx.days())
    if not by_day:
        return _empty(chart_id, title, f"No twitching logged in the {days} days since {first:%d %b}.")
    unexplained = sorted(day for day, twitches in by_day.items() if any(not t.explained for t in twitches))
    summary = (
        f"Twitching logged on {len(by_day)} of the {days} days since {first:%d %b}"
        + (f", {_count(len(unexplained), 'day')} of them not explained by a workout" if unexplained else "")
        + ". Darker days had more twitches; outlined days had one no workout explained."
    )
    rows = []
    for weekday, name in enumerate(_WEEKDAYS):
        cells = []
        for week in range(weeks):
            day = first + timedelta(days=7 * week + weekday)
            if day > end:
                cells.append('<td class="future"></td>')
                continue
            twitches = by_day.get(day, [])
            count = len(twitches)
            shade = 0 if count == 0 else 1 if count == 1 else 2 if count <= 3 else 3
            lone = any(not twitch.explained for twitch in twitches)
            regions = dict.fromkeys(ctx.region_label(region) for t in twitches for region in t.regions)
            said = f"{day:%a} {day.day} {day:%b}: " + (
                "no twitching logged"
                if not count
                else f"{counted(count, 'twitch', 'twitches')}, {', '.join(regions)}"
                + ("; not explained by a workout" if lone else "")
            )
            classes = f"heat-{shade}" + (" unexplained" if lone else "")
            cells.append(
                f'<td class="{classes}" title="{escape(said)}"><span class="visually-hidden">{escape(said)}'
                "</span></td>"
            )
        rows.append(f'<tr><th scope="row">{name}</th>{"".join(cells)}</tr>')
    months: list[list[Any]] = []  # [month's name, weeks] runs, by the month of each week's Monday
    for week in range(weeks):
        name = f"{first + timedelta(days=7 * week):%b}"
        if months and months[-1][0] == name:
            months[-1][1] += 1
        else:
            months.append([name, 1])
    head = "".join(f'<th scope="colgroup" colspan="{span}">{name}</th>' for name, span in months)
    table = (
        f'<table class="heat-calendar" id="{chart_id}-table"><caption class="visually-hidden">'
        f"{escape(title)}: {escape(summary)}</caption><thead><tr><td></td>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return Chart(chart_id, title, table, summary)


CHARTS: Mapping[str, Callable[..., Chart]] = {
    "twitch-days": twitch_days_chart,
    "training-load": training_load_chart,
    "strength": strength_chart,
    "circumference": circumference_chart,
    "intake": intake_chart,
    "sleep": sleep_chart,
}
"""Every chart function by the id of the chart it draws, in the report's order."""


__all__: Sequence[str] = (
    "CHARTS",
    "WIDTH_IN",
    "Chart",
    "all_charts",
    "circumference_chart",
    "intake_chart",
    "sleep_chart",
    "strength_chart",
    "training_load_chart",
    "twitch_calendar",
    "twitch_days_chart",
)
