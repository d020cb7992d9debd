"""What went in: caffeine still on board now, and fluid against sweat on workout days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from twitchcheck.core.constants import Constants
from twitchcheck.engine import physiology as phys
from twitchcheck.journal.analysis._time import between, until
from twitchcheck.journal.events import BodyMassEvent, CaffeineEvent, FluidEvent, History, WorkoutEvent

_HALF_LIVES_KEPT = 20  # doses older than 20 half-lives add less than a millionth of their size


@dataclass(frozen=True, slots=True)
class CaffeineNow:
    as_of: datetime
    on_board_mg: float
    """Every dose decayed by the half-life to `as_of`, summed."""
    last_24h_mg: float
    doses_24h: int
    hours_since_last: float | None
    half_life_h: float
    ever_logged: bool


def caffeine_now(history: History, now: datetime, constants: Constants) -> CaffeineNow:
    """Caffeine on board at `now`: first-order elimination with the knowledge base's half-life."""
    half_life = constants.caffeine_half_life_h
    doses = until(history.of_type("caffeine"), now)
    on_board = 0.0
    for entry in between(doses, now - timedelta(hours=half_life * _HALF_LIVES_KEPT), now):
        event = entry.event
        assert isinstance(event, CaffeineEvent)
        on_board += phys.caffeine_remaining_mg(event.mg, (now - entry.when).total_seconds() / 3600, half_life)
    day = between(doses, now - timedelta(hours=24), now)
    last_24h = 0.0
    for entry in day:
        assert isinstance(entry.event, CaffeineEvent)
        last_24h += entry.event.mg
    hours_since = (now - doses[-1].when).total_seconds() / 3600 if doses else None
    return CaffeineNow(now, on_board, last_24h, len(day), hours_since, half_life, bool(doses))


@dataclass(frozen=True, slots=True)
class WorkoutDayFluid:
    """Fluid against sweat on one workout day."""

    day: date
    workout_hours: float
    fluid_ml: float | None
    """Every drink logged that day (None when none was)."""
    body_mass_before_kg: float | None
    body_mass_after_kg: float | None
    body_mass_loss_pct: float | None
    sweat_loss_l: float
    sweat_measured: bool
    """From weighing before and after; otherwise duration x a typical sweat rate."""
    fluid_replaced_pct: float | None
    deficit: bool | None
    """Weighed: lost the concern threshold or more of body mass. Not weighed: drank less than the estimated
    sweat loss that day. None when nothing to judge by."""


@dataclass(frozen=True, slots=True)
class FluidBalance:
    as_of: datetime
    days: tuple[WorkoutDayFluid, ...]
    """Workout days, oldest first."""


def fluid_balance(
    history: History, now: datetime, constants: Constants, since: date | None = None
) -> FluidBalance:
    """Fluid balance on each workout day up to `now` (from `since`, by default all)."""
    by_day: dict[date, list[tuple[datetime, WorkoutEvent]]] = {}
    for entry in until(history.of_type("workout"), now):
        assert isinstance(entry.event, WorkoutEvent)
        if since is None or entry.day >= since:
            by_day.setdefault(entry.day, []).append((entry.when, entry.event))
    fluids = until(history.of_type("fluid"), now)
    masses = until(history.of_type("body_mass"), now)
    weigh = timedelta(hours=constants.weighing_window_h)
    days = []
    for day, sessions in by_day.items():
        start = sessions[0][0]
        end = max(when + timedelta(minutes=workout.duration_min) for when, workout in sessions)
        hours = sum(workout.duration_min for _, workout in sessions) / 60
        day_start = datetime.combine(day, datetime.min.time(), history.zone)
        drinks = between(fluids, day_start, min(day_start + timedelta(days=1), now))
        fluid_ml = sum(entry.event.ml for entry in drinks if isinstance(entry.event, FluidEvent)) or None
        before = between(masses, start - weigh, start)
        after = between(masses, end, end + weigh)
        before_kg = _kg(before[-1].event) if before else None
        after_kg = _kg(after[0].event) if after else None
        loss_pct: float | None = None
        if before_kg is not None and after_kg is not None:
            drunk = sum(
                entry.event.ml
                for entry in between(fluids, before[-1].when, after[0].when)
                if isinstance(entry.event, FluidEvent)
            )
            sweat = max(phys.sweat_loss_l(before_kg, after_kg, drunk / 1000), 0.0)
            loss_pct = round(phys.body_mass_loss_pct(before_kg, after_kg), 9)
            measured = True
            deficit: bool | None = loss_pct >= constants.body_mass_loss_concern_pct
        else:
            sweat = phys.estimated_sweat_loss_l(hours, constants.sweat_rate_l_per_h)
            measured = False
            deficit = None if fluid_ml is None else fluid_ml / 1000 < sweat
        replaced = fluid_ml / 1000 / sweat * 100 if fluid_ml is not None and sweat > 0 else None
        days.append(
            WorkoutDayFluid(
                day, hours, fluid_ml, before_kg, after_kg, loss_pct, sweat, measured, replaced, deficit
            )
        )
    return FluidBalance(now, tuple(days))


def _kg(event: object) -> float:
    assert isinstance(event, BodyMassEvent)
    return event.kg
