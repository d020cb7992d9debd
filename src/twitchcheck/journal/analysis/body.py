"""Strength and limb circumference over time: declines beyond measurement noise, over the recent window and
over the whole record (a slow fall that no 8-week window shows), a growing gap between the sides, and
one-sided loss of muscle bulk; trends that one wrong number neither hides nor invents. Definitions in
docs/journal-analysis.md."""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from twitchcheck.core.constants import Constants
from twitchcheck.journal.analysis._stats import (
    CONFIDENCE,
    LineFit,
    RobustLine,
    fit_line,
    robust_sd,
    theil_sen,
)
from twitchcheck.journal.analysis._time import between
from twitchcheck.journal.events import CircumferenceEvent, History, StrengthTestEvent, Timed

_TESTS = ("grip", "calf_raises", "chair_stands")
_SIDES = ("left", "right", "both", "unspecified")


@dataclass(frozen=True, slots=True)
class Reading:
    when: datetime
    day: date
    value: float


@dataclass(frozen=True, slots=True)
class Outlier:
    """A reading left out of the window's fit: far from the robust trend of the others (a likely slip)."""

    when: datetime
    value: float
    expected: float
    """The robust (Theil-Sen) trend's value at that moment."""
    off_pct: float
    """How far the reading is from the trend, % of the trend's value (+ above, - below)."""
    reason: str = "far_from_trend"


@dataclass(frozen=True, slots=True)
class RecordTrend:
    """The whole record of one test and side (up to `trend_record_days`): a long-baseline comparison with a
    robust trend test.

    Declining when the median of the last three readings is more than the threshold below the median of the
    first three (the baseline), and the Mann-Kendall test finds a downward trend over every reading (two-sided
    p below 0.05). Medians of three are unmoved by one wrong number in either; the test ranks the readings, so
    one wild value changes it little. The Theil-Sen line is given for the chart and the numbers."""

    readings: int
    weeks: float
    line: RobustLine
    baseline: float
    """The median of the record's first three readings."""
    change_pct: float | None
    """The median of the last three readings against the baseline, % (negative = weaker)."""
    recent_median: float
    """The median of the last three readings."""
    fitted_change_pct: float | None
    """The Theil-Sen line's change over the record, % of its first value (a straight-line summary: it reads a
    drop that levelled off as steeper than it was)."""
    declining: bool
    sessions_per_week_first: float | None = None
    """Workouts logged per week over the first 8 weeks of the record (None: no workout ever logged)."""
    sessions_per_week_recent: float | None = None
    """Workouts logged per week over the last 8 weeks."""

    @property
    def training_cut(self) -> bool:
        """The person logged less than half the training of the record's start (a deliberate cut?)."""
        first, recent = self.sessions_per_week_first, self.sessions_per_week_recent
        return first is not None and recent is not None and first >= 1 and recent < first / 2


@dataclass(frozen=True, slots=True)
class StrengthTrend:
    """One test on one side over the window: the fitted line and whether it shows a real decline."""

    test: str
    side: str
    readings: tuple[Reading, ...]
    """The readings in the window, oldest first (chart)."""
    fit: LineFit | None
    baseline: float | None
    """The fitted value at the first reading."""
    change_pct: float | None
    """Fitted change from the first to the latest reading, % of the baseline (negative = weaker)."""
    weeks: float
    enough_readings: bool
    declining: bool
    """Fell by more than the threshold and the slope's 95% interval lies below zero."""
    possible_decline: str | None = None
    """Not `declining`, but a fall to retest: `few_tests` (fewer tests than a trend needs, and the latest
    is at least twice the threshold below the first) or `step_drop` (the latest is more than the threshold and
    more than 3 standard deviations below the mean of the earlier ones)."""
    drop_pct: float | None = None
    """The fall behind `possible_decline`, % of the first reading (few tests) or of the earlier mean."""
    outliers: tuple[Outlier, ...] = ()
    """Readings of the window left out of its fit, each with the reason (`readings` still holds them)."""
    record: RecordTrend | None = None
    """The whole record's robust trend (None with fewer than `strength_min_readings` readings)."""

    @property
    def record_declining(self) -> bool:
        return self.record is not None and self.record.declining


@dataclass(frozen=True, slots=True)
class SideGap:
    """Left minus right on the days both sides were tested, and whether the gap grows beyond noise."""

    test: str
    pairs: tuple[tuple[date, float, float], ...]
    """(day of the left test, left, right), oldest first (chart): each left test with the nearest right test
    no more than `strength_pair_days` away (tests of the two sides are often done on different days)."""
    fit: LineFit | None
    gap_first: float | None
    gap_last: float | None
    growth_pct: float | None
    """Growth of the fitted gap's size, % of the mean baseline of the two sides."""
    growing: bool


@dataclass(frozen=True, slots=True)
class Strength:
    as_of: datetime
    window_days: float
    decline_pct_threshold: float
    min_readings: int
    trends: tuple[StrengthTrend, ...]
    gaps: tuple[SideGap, ...]

    @property
    def declining(self) -> tuple[StrengthTrend, ...]:
        """Trends that fell beyond noise over the window or over the whole record."""
        return tuple(trend for trend in self.trends if trend.declining or trend.record_declining)

    @property
    def possible_declines(self) -> tuple[StrengthTrend, ...]:
        return tuple(trend for trend in self.trends if trend.possible_decline is not None)

    @property
    def growing_gaps(self) -> tuple[SideGap, ...]:
        return tuple(gap for gap in self.gaps if gap.growing)

    @property
    def flagged(self) -> bool:
        return bool(self.declining or self.growing_gaps)


def strength(history: History, now: datetime, constants: Constants) -> Strength:
    """Strength trends per test and side over the last `trend_window_days` and over the whole record (up to
    `trend_record_days`) as of `now`."""
    start = now - timedelta(days=constants.trend_window_days)
    record_start = now - timedelta(days=constants.trend_record_days)
    readings: dict[tuple[str, str], list[Reading]] = {}
    record: dict[tuple[str, str], list[Reading]] = {}
    for entry in between(history.of_type("strength_test"), record_start, now):
        event = entry.event
        assert isinstance(event, StrengthTestEvent)
        key = (event.test, event.side or "unspecified")
        reading = Reading(entry.when, entry.day, event.value)
        record.setdefault(key, []).append(reading)
        if entry.when >= start:
            readings.setdefault(key, []).append(reading)
    min_readings = int(constants.strength_min_readings)
    workouts = between(history.of_type("workout"), record_start, now)
    trends = [
        _trend(
            test, side, readings[(test, side)], constants, min_readings, record[(test, side)], workouts, now
        )
        for test in _TESTS
        for side in _SIDES
        if (test, side) in readings
    ]
    gaps = [
        _gap(test, readings[(test, "left")], readings[(test, "right")], constants, min_readings)
        for test in _TESTS
        if (test, "left") in readings and (test, "right") in readings
    ]
    return Strength(
        now,
        constants.trend_window_days,
        constants.strength_decline_pct,
        min_readings,
        tuple(trends),
        tuple(gaps),
    )


def _days_since(first: datetime, when: datetime) -> float:
    return (when - first).total_seconds() / 86400


def _trend(
    test: str,
    side: str,
    window: Sequence[Reading],
    constants: Constants,
    min_readings: int,
    record_readings: Sequence[Reading],
    workouts: Sequence[Timed],
    now: datetime,
) -> StrengthTrend:
    kept, outliers = _without_outliers(window, constants.reading_outlier_pct)
    trend = _window_trend(test, side, kept, constants, min_readings)
    record = _record(record_readings, constants, min_readings, workouts, now)
    return dataclasses.replace(trend, readings=tuple(window), outliers=tuple(outliers), record=record)


_OUTLIER_SDS = 4.0
"""A reading this many robust standard deviations from the trend of the others, and `reading_outlier_pct`
away from it, is a slip rather than a bad day."""


def _without_outliers(readings: Sequence[Reading], outlier_pct: float) -> tuple[list[Reading], list[Outlier]]:
    """The readings less at most one in five that lies far from the robust trend of all of them.

    The latest reading is left out only when it is high: a low latest reading may be the start of a real
    drop, which `step_drop` asks to retest, and must never be explained away."""
    if len(readings) < 5:
        return list(readings), []
    first = readings[0].when
    xs = [_days_since(first, r.when) for r in readings]
    line = theil_sen(xs, [r.value for r in readings])
    if line is None:
        return list(readings), []
    residuals = [r.value - line.at(x) for r, x in zip(readings, xs, strict=True)]
    scale = robust_sd(residuals)
    candidates = []
    for index, (x, residual) in enumerate(zip(xs, residuals, strict=True)):
        expected = line.at(x)
        if expected <= 0 or (index == len(readings) - 1 and residual < 0):
            continue
        if abs(residual) > max(_OUTLIER_SDS * scale, outlier_pct / 100 * expected):
            candidates.append((abs(residual) / expected, index, expected))
    candidates.sort(reverse=True)
    dropped = {index: expected for _, index, expected in candidates[: len(readings) // 5]}
    outliers = [
        Outlier(r.when, r.value, round(dropped[i], 9), round((r.value - dropped[i]) / dropped[i] * 100, 9))
        for i, r in enumerate(readings)
        if i in dropped
    ]
    return [r for i, r in enumerate(readings) if i not in dropped], outliers


_RECORD_ALPHA = 1 - CONFIDENCE
_TRAINING_WEEKS = 8


def _record(
    readings: Sequence[Reading],
    constants: Constants,
    min_readings: int,
    workouts: Sequence[Timed],
    now: datetime,
) -> RecordTrend | None:
    if len(readings) < min_readings:
        return None
    first = readings[0].when
    line = theil_sen([_days_since(first, r.when) for r in readings], [r.value for r in readings])
    if line is None:
        return None
    threshold = constants.strength_decline_pct
    baseline = statistics.median(r.value for r in readings[:3])
    recent = statistics.median(r.value for r in readings[-3:])
    change_pct = fitted_pct = None
    declining = False
    if baseline > 0:
        change_pct = round((recent - baseline) / baseline * 100, 9)
        declining = -change_pct > threshold and line.kendall_s < 0 and line.p_value < _RECORD_ALPHA
    if line.fitted_first > 0:
        fitted_pct = round(line.fitted_change / line.fitted_first * 100, 9)
    first_rate = recent_rate = None
    if workouts:
        span = timedelta(weeks=_TRAINING_WEEKS)
        early = sum(1 for w in workouts if first <= w.when < first + span)
        late = sum(1 for w in workouts if now - span < w.when <= now)
        first_rate, recent_rate = early / _TRAINING_WEEKS, late / _TRAINING_WEEKS
    return RecordTrend(
        len(readings),
        _days_since(first, readings[-1].when) / 7,
        line,
        baseline,
        change_pct,
        recent,
        fitted_pct,
        declining,
        first_rate,
        recent_rate,
    )


def _window_trend(
    test: str, side: str, readings: Sequence[Reading], constants: Constants, min_readings: int
) -> StrengthTrend:
    first = readings[0].when
    fit = fit_line([_days_since(first, r.when) for r in readings], [r.value for r in readings])
    enough = len(readings) >= min_readings
    baseline = change_pct = None
    declining = False
    if fit is not None:
        baseline = fit.fitted_first
        if baseline > 0:
            change_pct = round(fit.fitted_change / baseline * 100, 9)
            declining = enough and -change_pct > constants.strength_decline_pct and fit.slope_ci_high < 0
    weeks = _days_since(first, readings[-1].when) / 7
    possible, drop_pct = (None, None) if declining else _possible_decline(readings, constants, min_readings)
    return StrengthTrend(
        test, side, tuple(readings), fit, baseline, change_pct, weeks, enough, declining, possible, drop_pct
    )


_STEP_SDS = 3.0  # a latest reading this many SDs below the earlier mean is beyond test-retest noise


def _possible_decline(
    readings: Sequence[Reading], constants: Constants, min_readings: int
) -> tuple[str | None, float | None]:
    """A large fall that the trend test cannot confirm yet: too few tests, or one sudden step down."""
    threshold = constants.strength_decline_pct
    latest = readings[-1].value
    earlier = [reading.value for reading in readings[:-1]]
    if len(earlier) >= 3:
        mean = statistics.fmean(earlier)
        spread = statistics.stdev(earlier)
        if mean > 0:
            step_pct = round((mean - latest) / mean * 100, 9)
            if step_pct > threshold and mean - latest > _STEP_SDS * spread:
                return "step_drop", step_pct
    first = readings[0].value
    if len(readings) >= 2 and len(readings) < min_readings and first > 0:
        fall_pct = round((first - latest) / first * 100, 9)
        if fall_pct >= 2 * threshold:
            return "few_tests", fall_pct
    return None, None


def _gap(
    test: str,
    left: Sequence[Reading],
    right: Sequence[Reading],
    constants: Constants,
    min_readings: int,
) -> SideGap:
    limit = timedelta(days=constants.strength_pair_days)
    by_day: dict[date, tuple[date, float, float]] = {}
    for reading in left:
        nearest = min(right, key=lambda other: abs(other.when - reading.when))
        if abs(nearest.when - reading.when) <= limit:
            by_day[reading.day] = (reading.day, reading.value, nearest.value)  # one pair per day (latest)
    pairs = tuple(by_day.values())
    if not pairs:
        return SideGap(test, pairs, None, None, None, None, False)
    first = pairs[0][0]
    fit = fit_line([float((day - first).days) for day, _, _ in pairs], [lv - rv for _, lv, rv in pairs])
    if fit is None:
        return SideGap(test, pairs, None, None, None, None, False)
    scale = (pairs[0][1] + pairs[0][2]) / 2
    growth = abs(fit.fitted_last) - abs(fit.fitted_first)
    growth_pct = round(growth / scale * 100, 9) if scale > 0 else None
    slope_beyond_noise = fit.slope_ci_high < 0 or fit.slope_ci_low > 0
    growing = (
        len(pairs) >= min_readings
        and growth_pct is not None
        and growth_pct > constants.strength_decline_pct
        and slope_beyond_noise
    )
    return SideGap(test, pairs, fit, fit.fitted_first, fit.fitted_last, growth_pct, growing)


@dataclass(frozen=True, slots=True)
class CircumferenceSide:
    side: str
    readings: tuple[Reading, ...]
    """The readings in the window, oldest first (chart)."""
    change_cm: float | None
    """The change over the window: the Theil-Sen line's fitted change, which is latest minus first for two or
    three evenly spaced readings and unmoved by one bad tape reading among more (None with fewer than two)."""
    record_change_cm: float | None = None
    """Over the whole record: the median of the last three readings minus the median of the first three
    (None with fewer than `strength_min_readings` readings)."""
    record_p: float | None = None
    """The Mann-Kendall two-sided p-value of the record's trend."""
    record_weeks: float | None = None


@dataclass(frozen=True, slots=True)
class CircumferenceTrend:
    site: str
    left: CircumferenceSide | None
    right: CircumferenceSide | None
    loss_side: str | None
    """The side that lost the threshold or more while the other stayed within noise, over the window."""
    record_loss_side: str | None = None
    """Over the whole record: the side the difference between the sides moved toward by the threshold, beyond
    chance (see `_record_side_loss`)."""

    @property
    def flagged_side(self) -> str | None:
        return self.loss_side or self.record_loss_side


@dataclass(frozen=True, slots=True)
class Circumference:
    as_of: datetime
    window_days: float
    loss_cm_threshold: float
    stable_cm: float
    sites: tuple[CircumferenceTrend, ...]

    @property
    def flagged(self) -> tuple[CircumferenceTrend, ...]:
        return tuple(site for site in self.sites if site.flagged_side is not None)


def circumference(history: History, now: datetime, constants: Constants) -> Circumference:
    """Limb circumference per site and side over the last `trend_window_days` and over the whole record (up to
    `trend_record_days`) as of `now`."""
    start = now - timedelta(days=constants.trend_window_days)
    record_start = now - timedelta(days=constants.trend_record_days)
    readings: dict[tuple[str, str], list[Reading]] = {}
    record: dict[tuple[str, str], list[Reading]] = {}
    for entry in between(history.of_type("circumference"), record_start, now):
        event = entry.event
        assert isinstance(event, CircumferenceEvent)
        reading = Reading(entry.when, entry.day, event.cm)
        record.setdefault((event.site, event.side), []).append(reading)
        if entry.when >= start:
            readings.setdefault((event.site, event.side), []).append(reading)
    min_readings = int(constants.strength_min_readings)
    kept: dict[tuple[str, str], list[Reading]] = {}
    for key, taken in record.items():  # a slip of the tape is judged against the whole record's trend
        kept[key] = _without_outliers(taken, constants.reading_outlier_pct)[0]
    sites = []
    for site in ("calf", "thigh", "forearm", "upper_arm"):
        sides = {
            side: _circumference_side(
                side,
                items,
                [r for r in kept[(site, side)] if r.when >= start],
                kept[(site, side)],
                min_readings,
            )
            for side in ("left", "right")
            if (items := readings.get((site, side)))
        }
        if not sides:
            continue
        left, right = sides.get("left"), sides.get("right")
        loss_side = record_loss_side = None
        if left is not None and right is not None:
            for lost, other in ((left, right), (right, left)):
                if _one_sided_loss(lost.change_cm, other.change_cm, constants):
                    loss_side = lost.side
            record_loss_side = _record_side_loss(
                kept[(site, "left")], kept[(site, "right")], left, right, constants
            )
        sites.append(CircumferenceTrend(site, left, right, loss_side, record_loss_side))
    return Circumference(
        now,
        constants.trend_window_days,
        constants.circumference_loss_cm,
        constants.circumference_stable_cm,
        tuple(sites),
    )


def _one_sided_loss(lost_cm: float | None, other_cm: float | None, constants: Constants) -> bool:
    """One side lost the threshold while the other held within tape noise; or the difference between the sides
    moved by the threshold toward a side that lost more than tape noise, whatever the other side did (it may
    have grown with training, or lost less)."""
    if lost_cm is None or other_cm is None:
        return False
    alone = -lost_cm >= constants.circumference_loss_cm and abs(other_cm) < constants.circumference_stable_cm
    relative = (
        other_cm - lost_cm >= constants.circumference_loss_cm
        and -lost_cm >= constants.circumference_stable_cm
    )
    return alone or relative


def _record_side_loss(
    left: Sequence[Reading],
    right: Sequence[Reading],
    left_side: CircumferenceSide,
    right_side: CircumferenceSide,
    constants: Constants,
) -> str | None:
    """The side the difference between the sides moved toward, over the whole record: left minus right on
    the days both were measured (or within `strength_pair_days`), the median of the last three differences
    against the first three moved by `circumference_loss_cm` or more, a Mann-Kendall trend in the
    differences beyond chance, and that side itself lost more than tape noise. A change both sides share (a
    season, a diet, a cut in training) cancels out in the difference."""
    if not left or not right:
        return None
    limit = timedelta(days=constants.strength_pair_days)
    pairs: dict[date, tuple[datetime, float]] = {}
    for reading in left:
        nearest = min(right, key=lambda other: abs(other.when - reading.when))
        if abs(nearest.when - reading.when) <= limit:
            pairs[reading.day] = (reading.when, reading.value - nearest.value)
    if len(pairs) < constants.strength_min_readings:
        return None
    series = list(pairs.values())
    line = theil_sen([_days_since(series[0][0], when) for when, _ in series], [d for _, d in series])
    if line is None or line.p_value >= _RECORD_ALPHA:
        return None
    moved = statistics.median(d for _, d in series[-3:]) - statistics.median(d for _, d in series[:3])
    for side, lost, sign in (("left", left_side, -1), ("right", right_side, 1)):
        toward = sign * moved >= constants.circumference_loss_cm and sign * line.kendall_s > 0
        lost_cm = lost.record_change_cm
        if toward and lost_cm is not None and -lost_cm >= constants.circumference_stable_cm:
            return side
    return None


def _circumference_side(
    side: str,
    all_window: Sequence[Reading],
    window: Sequence[Reading],
    record: Sequence[Reading],
    min_readings: int,
) -> CircumferenceSide:
    line = _robust(record) if len(record) >= min_readings else None
    long_baseline = None
    if line is not None:  # the last three readings' median against the first three's
        first = statistics.median(r.value for r in record[:3])
        long_baseline = round(statistics.median(r.value for r in record[-3:]) - first, 9)
    return CircumferenceSide(
        side,
        tuple(all_window),
        _change(window),
        long_baseline,
        line.p_value if line is not None else None,
        _days_since(record[0].when, record[-1].when) / 7 if line is not None else None,
    )


def _robust(readings: Sequence[Reading]) -> RobustLine | None:
    first = readings[0].when
    return theil_sen([_days_since(first, r.when) for r in readings], [r.value for r in readings])


def _change(readings: Sequence[Reading]) -> float | None:
    if len(readings) < 2:
        return None
    line = _robust(readings) if len(readings) >= 3 else None
    if line is None:
        return round(readings[-1].value - readings[0].value, 9)
    return round(line.fitted_change, 9)
