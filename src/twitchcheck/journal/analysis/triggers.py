"""Triggers: which logged factors go with twitch days for this person. Association in one person's journal,
not proof of cause; definitions and limits in docs/journal-analysis.md."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from twitchcheck.journal.analysis._stats import katz_ratio, newcombe_difference
from twitchcheck.journal.analysis._time import between, until
from twitchcheck.journal.analysis.intake import fluid_balance
from twitchcheck.journal.analysis.load import DayLoad, daily_loads
from twitchcheck.journal.events import History, SleepEvent
from twitchcheck.physiology import Constants

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

    @property
    def associated(self) -> bool:
        """Twitch days are more common with the factor, beyond chance at the 95% level."""
        return self.risk_difference_ci is not None and self.risk_difference_ci[0] > 0


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
    factors = tuple(_compare(name, table, min_known, min_group) for name in FACTORS)
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

    table = []
    for day in days:
        twitch_at = first_twitch.get(day)
        reference = twitch_at or datetime.combine(day, usual_time, zone)
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
    with_factor = [day.twitch for day in table if get(day) is True]
    without = [day.twitch for day in table if get(day) is False]
    n1, k1, n2, k2 = len(with_factor), sum(with_factor), len(without), sum(without)
    enough = n1 + n2 >= min_known and n1 >= min_group and n2 >= min_group
    if not enough:
        return FactorResult(name, n1 + n2, n1, k1, n2, k2, False, None, None, None, None, None, None)
    difference, low, high = newcombe_difference(k1, n1, k2, n2)
    ratio, ratio_low, ratio_high = katz_ratio(k1, n1, k2, n2)
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
    )
