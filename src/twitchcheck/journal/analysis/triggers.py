"""Triggers: which logged factors go with twitch days for this person. Association in one person's journal,
not proof of cause; definitions and limits in docs/journal-analysis.md."""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from twitchcheck.core.constants import Constants
from twitchcheck.journal.analysis._stats import (
    CONFIDENCE,
    holm,
    katz_ratio,
    lag1_autocorrelation,
    newcombe_difference,
    two_proportion_p,
)
from twitchcheck.journal.analysis._time import between, until
from twitchcheck.journal.analysis.intake import fluid_balance
from twitchcheck.journal.analysis.load import DayLoad, daily_loads
from twitchcheck.journal.events import History, SleepEvent

FACTORS = ("caffeine", "short_sleep", "high_load", "fluid_deficit")


@dataclass(frozen=True, slots=True)
class TriggerDay:
    """One day with anything logged: did it twitch, and was each factor present (None: unknown)."""

    day: date
    twitch: bool
    caffeine: bool | None
    short_sleep: bool | None
    high_load: bool | None
    fluid_deficit: bool | None
    comparable: bool = True
    """Compared at all: a twitch day, or a day without one on which something was logged within
    `trigger_habit_window_h` of the usual twitch time (logged by the same habit)."""


@dataclass(frozen=True, slots=True)
class FactorResult:
    """Twitch-day rate with and without one factor, compared with 95% intervals."""

    factor: str
    known_days: int
    days_with: int
    twitch_days_with: int
    days_without: int
    twitch_days_without: int
    enough_data: bool
    rate_with: float | None
    rate_without: float | None
    risk_difference: float | None
    risk_difference_ci: tuple[float, float] | None
    """Newcombe's hybrid score interval."""
    risk_ratio: float | None
    risk_ratio_ci: tuple[float, float] | None
    """Katz log interval (0.5 added to every cell when one is zero)."""
    p_value: float | None = None
    """Two-sided p-value of the difference, on the effective counts."""
    p_adjusted: float | None = None
    """`p_value` after Holm's correction over every factor with enough data."""
    effective_days: float | None = None
    """Known days divided by `dependence_factor`."""
    dependence_factor: float | None = None
    """How much days in a row being alike inflates the variance: (1 + r) / (1 - r), r the product of the
    lag-1 autocorrelations of the factor and of twitching (never below 1). The counts behind the intervals
    and the p-value are divided by it."""
    days_left_out: int = 0
    """Days without a twitch, with the factor known, left out as not logged by the same habit."""

    @property
    def associated(self) -> bool:
        """Twitch days are more common with the factor, beyond chance at the 95% level after Holm's correction
        and with the interval (widened for days in a row) above zero."""
        return (
            self.risk_difference_ci is not None
            and self.risk_difference_ci[0] > 0
            and self.p_adjusted is not None
            and self.p_adjusted < 1 - CONFIDENCE
        )


@dataclass(frozen=True, slots=True)
class Triggers:
    as_of: datetime
    days_observed: int
    twitch_days: int
    min_known_days: int
    min_group_days: int
    factors: tuple[FactorResult, ...]
    table: tuple[TriggerDay, ...]


def triggers(history: History, now: datetime, constants: Constants) -> Triggers:
    """The per-day table and the comparison for every factor, as of `now`."""
    table = trigger_days(history, now, constants)
    min_known = int(constants.trigger_min_known_days)
    min_group = int(constants.trigger_min_group_days)
    compared = [_compare(name, table, min_known, min_group) for name in FACTORS]
    tested = [index for index, factor in enumerate(compared) if factor.p_value is not None]
    adjusted = holm([compared[index].p_value or 1.0 for index in tested])
    for index, p_adjusted in zip(tested, adjusted, strict=True):
        compared[index] = dataclasses.replace(compared[index], p_adjusted=p_adjusted)
    factors = tuple(compared)
    return Triggers(
        now, len(table), sum(1 for day in table if day.twitch), min_known, min_group, factors, tuple(table)
    )


def trigger_days(history: History, now: datetime, constants: Constants) -> list[TriggerDay]:
    """Every day up to `now` with a check-in: an event logged other than a twitch or a symptom.

    A day counts whether or not it had a twitch, so the twitch itself must not be what puts a day in the
    table: with every twitch day in and only the twitch-free days on which something else happened to be
    logged, the "without" groups were filled with twitch days and the rates were biased.
    """
    zone = history.zone
    entries = until(history.entries, now)
    days = sorted({entry.day for entry in entries if entry.event.type not in _OUTCOMES})
    if not days:
        return []
    first_twitch: dict[date, datetime] = {}
    for entry in until(history.of_type("twitch"), now):
        first_twitch.setdefault(entry.day, entry.when)
    # A day without a twitch is judged at the person's usual twitch time (the median of the logged ones).
    minutes = [
        when.astimezone(zone).hour * 60 + when.astimezone(zone).minute for when in first_twitch.values()
    ]
    # With no twitch logged there is nothing to compare; the evening is as good a time as any.
    usual = int(statistics.median(minutes)) if minutes else 21 * 60
    usual_time = time(usual // 60, usual % 60)

    caffeine_logs = until(history.of_type("caffeine"), now)
    caffeine_window = timedelta(hours=constants.caffeine_trigger_window_h)
    sleep: dict[date, float] = {}
    for entry in until(history.of_type("sleep"), now):
        assert isinstance(entry.event, SleepEvent)
        sleep[entry.day] = entry.event.hours  # logged on the morning after: the night before that day
    loads = daily_loads(history, now)
    two_day = _two_day_loads(loads, days)
    rated = sorted(value for value in two_day.values() if value is not None and value > 0)
    top_tertile = rated[(2 * len(rated)) // 3] if len(rated) >= 3 else None
    # "High" must stand out: above the middle as well, or with every session alike (ties at the tertile)
    # every day would count as high and none as not.
    middle = rated[len(rated) // 2] if rated else 0.0
    deficits = {day.day: day.deficit for day in fluid_balance(history, now, constants).days}

    habit = timedelta(hours=constants.trigger_habit_window_h)
    check_ins: dict[date, list[datetime]] = {}
    for entry in entries:
        if entry.event.type not in _OUTCOMES:
            check_ins.setdefault(entry.day, []).append(entry.when)
    table = []
    for day in days:
        twitch_at = first_twitch.get(day)
        reference = twitch_at or datetime.combine(day, usual_time, zone)
        comparable = twitch_at is not None or any(abs(when - reference) <= habit for when in check_ins[day])
        caffeine: bool | None = None
        if caffeine_logs and caffeine_logs[0].when <= reference:
            caffeine = bool(between(caffeine_logs, reference - caffeine_window, reference))
        hours = sleep.get(day)
        load = two_day.get(day)
        table.append(
            TriggerDay(
                day=day,
                twitch=twitch_at is not None,
                caffeine=caffeine,
                short_sleep=None if hours is None else hours < constants.short_sleep_h,
                high_load=None
                if load is None or top_tertile is None
                else load >= top_tertile and load > middle,
                fluid_deficit=deficits.get(day),
                comparable=comparable,
            )
        )
    return table


_OUTCOMES = frozenset({"twitch", "symptom"})


def _two_day_loads(loads: Mapping[date, DayLoad], days: list[date]) -> dict[date, float | None]:
    """Load of the day and the day before (the post-workout window), None when a session was unrated."""
    result: dict[date, float | None] = {}
    for day in days:
        total = 0.0
        unknown = False
        for offset in (0, 1):
            entry = loads.get(day - timedelta(days=offset))
            if entry is not None:
                total += entry.load_au
                unknown = unknown or entry.unrated_sessions > 0
        result[day] = None if unknown else total
    return result


_GETTERS: Mapping[str, Callable[[TriggerDay], bool | None]] = {
    "caffeine": lambda day: day.caffeine,
    "short_sleep": lambda day: day.short_sleep,
    "high_load": lambda day: day.high_load,
    "fluid_deficit": lambda day: day.fluid_deficit,
}


def _compare(name: str, table: list[TriggerDay], min_known: int, min_group: int) -> FactorResult:
    get = _GETTERS[name]
    rows = [day for day in table if day.comparable and get(day) is not None]
    left_out = sum(1 for day in table if not day.comparable and get(day) is not None)
    with_factor = [day.twitch for day in rows if get(day) is True]
    without = [day.twitch for day in rows if get(day) is False]
    n1, k1, n2, k2 = len(with_factor), sum(with_factor), len(without), sum(without)
    enough = n1 + n2 >= min_known and n1 >= min_group and n2 >= min_group
    if not enough:
        return FactorResult(
            name, n1 + n2, n1, k1, n2, k2, False, None, None, None, None, None, None, days_left_out=left_out
        )
    factor = _dependence(rows, get)
    e1, f1, e2, f2 = k1 / factor, n1 / factor, k2 / factor, n2 / factor
    difference, low, high = newcombe_difference(e1, f1, e2, f2)
    ratio, ratio_low, ratio_high = katz_ratio(e1, f1, e2, f2)
    return FactorResult(
        name,
        n1 + n2,
        n1,
        k1,
        n2,
        k2,
        True,
        k1 / n1,
        k2 / n2,
        difference,
        (low, high),
        ratio,
        (ratio_low, ratio_high),
        p_value=two_proportion_p(e1, f1, e2, f2),
        effective_days=(n1 + n2) / factor,
        dependence_factor=factor,
        days_left_out=left_out,
    )


_MAX_DEPENDENCE = 0.9
"""The largest product of autocorrelations used (a factor of 19): beyond it one journal says too little."""


def _dependence(rows: list[TriggerDay], get: Callable[[TriggerDay], bool | None]) -> float:
    """The variance inflation from days in a row being alike: (1 + r) / (1 - r), r = the product of the
    lag-1 autocorrelations of the factor and of twitching over consecutive calendar days (Bartlett's
    approximation for two AR(1) series), never below 1."""
    by_day = {day.day: day for day in rows}
    pairs = [
        (day, by_day[day.day + timedelta(days=1)]) for day in rows if day.day + timedelta(days=1) in by_day
    ]
    exposure = [float(bool(get(day))) for day in rows]
    outcome = [float(day.twitch) for day in rows]
    r_exposure = lag1_autocorrelation(
        [(float(bool(get(a))), float(bool(get(b)))) for a, b in pairs], exposure
    )
    r_outcome = lag1_autocorrelation([(float(a.twitch), float(b.twitch)) for a, b in pairs], outcome)
    product = min(max(r_exposure * r_outcome, 0.0), _MAX_DEPENDENCE)
    return (1 + product) / (1 - product)
