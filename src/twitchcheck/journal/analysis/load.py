"""Training load from the journal: session-RPE load per day, the acute:chronic ratio (rolling, EWMA),
weekly monotony and strain. A rough signal (caveats in docs/journal-analysis.md), never a diagnosis."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from twitchcheck.core.constants import Constants
from twitchcheck.engine import physiology as phys
from twitchcheck.journal.analysis._time import until
from twitchcheck.journal.events import History, WorkoutEvent

CHART_DAYS = 56
CHART_WEEKS = 8


@dataclass(frozen=True, slots=True)
class DayLoad:
    day: date
    load_au: float
    """Session-RPE load of the day's rated sessions (RPE x minutes)."""
    sessions: int
    unrated_sessions: int
    """Sessions logged without an RPE: left out of the load, which is then a lower bound."""


@dataclass(frozen=True, slots=True)
class WeekLoad:
    week_start: date
    load_au: float
    monotony: float | None
    """Mean daily load / its standard deviation (None when every day had the same load)."""
    strain: float | None
    """Weekly load x monotony."""


@dataclass(frozen=True, slots=True)
class TrainingLoad:
    as_of: datetime
    daily: tuple[DayLoad, ...]
    """The last 56 days, oldest first (chart)."""
    weekly: tuple[WeekLoad, ...]
    """The last 8 seven-day weeks ending today, oldest first (chart)."""
    unrated_sessions_28d: int
    acute_load_au: float
    """Mean daily load over the acute window."""
    chronic_load_au: float
    acwr_rolling: float | None
    ewma_acute_au: float
    ewma_chronic_au: float
    acwr_ewma: float | None
    monotony: float | None
    strain: float | None
    days_logged: int
    """Days from the first logged workout to today (the chronic window needs them all)."""
    enough_data: bool
    high: bool | None
    """A ratio above the 'sweet spot' (unknown without enough data)."""
    spike: bool | None
    """The rolling ratio at the spike threshold or above (unknown without enough data)."""
    spike_threshold: float

    @property
    def acwr(self) -> float | None:
        """The rolling ratio: the figure a spike is judged on and every message quotes as such."""
        return self.acwr_rolling


def daily_loads(history: History, now: datetime) -> dict[date, DayLoad]:
    """Load per calendar day of every workout logged by `now` (days without a workout are absent)."""
    totals: dict[date, tuple[float, int, int]] = {}
    for entry in until(history.of_type("workout"), now):
        workout = entry.event
        assert isinstance(workout, WorkoutEvent)
        load, sessions, unrated = totals.get(entry.day, (0.0, 0, 0))
        if workout.rpe is None:
            totals[entry.day] = (load, sessions + 1, unrated + 1)
        else:
            totals[entry.day] = (
                load + phys.session_load_au(workout.rpe, workout.duration_min),
                sessions + 1,
                unrated,
            )
    return {day: DayLoad(day, *values) for day, values in totals.items()}


def training_load(
    history: History, now: datetime, constants: Constants, loads: dict[date, DayLoad] | None = None
) -> TrainingLoad:
    """Training load as of `now`; the ratios need a full chronic window of journal since the first workout."""
    loads = daily_loads(history, now) if loads is None else loads
    today = now.astimezone(history.zone).date()
    acute_days = int(constants.acwr_acute_days)
    chronic_days = int(constants.acwr_chronic_days)
    first = min(loads, default=today)
    span = (today - first).days + 1

    def load(day: date) -> float:
        entry = loads.get(day)
        return entry.load_au if entry is not None else 0.0

    acute, chronic = _windows(loads, today, acute_days, chronic_days)
    # EWMA (Williams 2017): lambda = 2 / (N + 1). Started from the first week's mean daily load rather than
    # from zero, which would make the chronic average lag and every ratio look high for weeks.
    lambda_acute = 2 / (acute_days + 1)
    lambda_chronic = 2 / (chronic_days + 1)
    seed_days = min(acute_days, span)
    ewma_acute = ewma_chronic = sum(load(first + timedelta(days=i)) for i in range(seed_days)) / seed_days
    for offset in range(seed_days, span):
        value = load(first + timedelta(days=offset))
        ewma_acute = value * lambda_acute + (1 - lambda_acute) * ewma_acute
        ewma_chronic = value * lambda_chronic + (1 - lambda_chronic) * ewma_chronic
    enough = bool(loads) and span >= chronic_days
    acwr_rolling = _ratio(acute, chronic) if enough else None
    acwr_ewma = round(ewma_acute / ewma_chronic, 9) if enough and ewma_chronic > 0 else None
    daily = tuple(
        loads.get(day, DayLoad(day, 0.0, 0, 0))
        for day in (today - timedelta(days=CHART_DAYS - 1 - i) for i in range(CHART_DAYS))
    )
    weekly = []
    for week in range(CHART_WEEKS):
        start = today - timedelta(days=7 * (CHART_WEEKS - week) - 1)
        values = [load(start + timedelta(days=i)) for i in range(7)]
        weekly.append(_week(start, values))
    latest = weekly[-1]
    return TrainingLoad(
        as_of=now,
        daily=daily,
        weekly=tuple(weekly),
        unrated_sessions_28d=sum(
            entry.unrated_sessions for day, entry in loads.items() if (today - day).days < chronic_days
        ),
        acute_load_au=acute,
        chronic_load_au=chronic,
        acwr_rolling=acwr_rolling,
        ewma_acute_au=ewma_acute,
        ewma_chronic_au=ewma_chronic,
        acwr_ewma=acwr_ewma,
        monotony=latest.monotony,
        strain=latest.strain,
        days_logged=span if loads else 0,
        enough_data=enough,
        # Judged on the rolling ratio only: the EWMA is shown beside it, and the two can disagree.
        high=acwr_rolling > constants.acwr_high if acwr_rolling is not None else None,
        spike=acwr_rolling >= constants.acwr_spike if acwr_rolling is not None else None,
        spike_threshold=constants.acwr_spike,
    )


def rolling_acwr(loads: dict[date, DayLoad], today: date, constants: Constants) -> float | None:
    """The rolling acute:chronic ratio of the day `today` alone, from `daily_loads`: what
    `training_load(...).acwr_rolling` is as of that day, without its EWMA over the whole record (a chart
    asks for every day of its window)."""
    acute_days = int(constants.acwr_acute_days)
    chronic_days = int(constants.acwr_chronic_days)
    if not loads or (today - min(loads)).days + 1 < chronic_days:
        return None
    return _ratio(*_windows(loads, today, acute_days, chronic_days))


def _windows(
    loads: dict[date, DayLoad], today: date, acute_days: int, chronic_days: int
) -> tuple[float, float]:
    """Mean daily load over the acute and the chronic window ending on `today`."""

    def load(day: date) -> float:
        entry = loads.get(day)
        return entry.load_au if entry is not None else 0.0

    acute = sum(load(today - timedelta(days=i)) for i in range(acute_days)) / acute_days
    chronic = sum(load(today - timedelta(days=i)) for i in range(chronic_days)) / chronic_days
    return acute, chronic


def _ratio(acute: float, chronic: float) -> float | None:
    return round(acute / chronic, 9) if chronic > 0 else None


def _week(start: date, values: list[float]) -> WeekLoad:
    total = sum(values)
    spread = statistics.stdev(values)  # sample SD, as in Foster's spreadsheets
    monotony = statistics.fmean(values) / spread if spread > 0 else None
    return WeekLoad(start, total, monotony, total * monotony if monotony is not None else None)
