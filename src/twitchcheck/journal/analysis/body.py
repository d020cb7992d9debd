"""Strength and limb circumference over time: declines beyond measurement noise, a growing gap between the
sides, and one-sided loss of muscle bulk. Definitions in docs/journal-analysis.md."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from twitchcheck.journal.analysis._stats import LineFit, fit_line
from twitchcheck.journal.analysis._time import between
from twitchcheck.journal.events import CircumferenceEvent, History, StrengthTestEvent
from twitchcheck.physiology import Constants

_TESTS = ("grip", "calf_raises", "chair_stands")
_SIDES = ("left", "right", "both", "unspecified")


@dataclass(frozen=True, slots=True)
class Reading:
    when: datetime
    day: date
    value: float


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
        return tuple(trend for trend in self.trends if trend.declining)

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
    """Strength trends per test and side over the last `trend_window_days` as of `now`."""
    start = now - timedelta(days=constants.trend_window_days)
    readings: dict[tuple[str, str], list[Reading]] = {}
    for entry in between(history.of_type("strength_test"), start, now):
        event = entry.event
        assert isinstance(event, StrengthTestEvent)
        key = (event.test, event.side or "unspecified")
        readings.setdefault(key, []).append(Reading(entry.when, entry.day, event.value))
    min_readings = int(constants.strength_min_readings)
    trends = [
        _trend(test, side, readings[(test, side)], constants, min_readings)
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
    """Latest minus first (None with fewer than two readings)."""


@dataclass(frozen=True, slots=True)
class CircumferenceTrend:
    site: str
    left: CircumferenceSide | None
    right: CircumferenceSide | None
    loss_side: str | None
    """The side that lost the threshold or more while the other stayed within noise."""


@dataclass(frozen=True, slots=True)
class Circumference:
    as_of: datetime
    window_days: float
    loss_cm_threshold: float
    stable_cm: float
    sites: tuple[CircumferenceTrend, ...]

    @property
    def flagged(self) -> tuple[CircumferenceTrend, ...]:
        return tuple(site for site in self.sites if site.loss_side is not None)


def circumference(history: History, now: datetime, constants: Constants) -> Circumference:
    """Limb circumference per site and side over the last `trend_window_days` as of `now`."""
    start = now - timedelta(days=constants.trend_window_days)
    readings: dict[tuple[str, str], list[Reading]] = {}
    for entry in between(history.of_type("circumference"), start, now):
        event = entry.event
        assert isinstance(event, CircumferenceEvent)
        readings.setdefault((event.site, event.side), []).append(Reading(entry.when, entry.day, event.cm))
    sites = []
    for site in ("calf", "thigh", "forearm", "upper_arm"):
        sides = {
            side: CircumferenceSide(side, tuple(items), _change(items))
            for side in ("left", "right")
            if (items := readings.get((site, side)))
        }
        if not sides:
            continue
        left, right = sides.get("left"), sides.get("right")
        loss_side = None
        if left is not None and right is not None:
            for lost, other in ((left, right), (right, left)):
                if lost.change_cm is None or other.change_cm is None:
                    continue
                alone = (
                    -lost.change_cm >= constants.circumference_loss_cm
                    and abs(other.change_cm) < constants.circumference_stable_cm
                )
                # The difference between the sides moved by the threshold toward a side that lost more than
                # tape noise, whatever the other side did (it may have grown with training, or lost less).
                relative = (
                    other.change_cm - lost.change_cm >= constants.circumference_loss_cm
                    and -lost.change_cm >= constants.circumference_stable_cm
                )
                if alone or relative:
                    loss_side = lost.side
        sites.append(CircumferenceTrend(site, left, right, loss_side))
    return Circumference(
        now,
        constants.trend_window_days,
        constants.circumference_loss_cm,
        constants.circumference_stable_cm,
        tuple(sites),
    )


def _change(readings: Sequence[Reading]) -> float | None:
    if len(readings) < 2:
        return None
    return round(readings[-1].value - readings[0].value, 9)
