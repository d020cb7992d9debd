"""Build journals in code, day by day, for tests, examples and benchmarks.

journal = JournalBuilder(date(2026, 1, 5))
journal.workout(0, regions=["calf"]).twitch(0, hour=21, regions=["calf"])
history = journal.history()
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from twitchcheck.journal.events import Event, History, parse_event


class JournalBuilder:
    """Events placed by day number (0 = `start`) and hour of day (fractions allowed), in one time zone."""

    def __init__(self, start: date, zone: tzinfo = UTC) -> None:
        self.start = start
        self.zone = zone
        self.events: list[Event] = []

    def moment(self, day: int, hour: float = 12.0) -> datetime:
        """The aware instant of `hour` on day `day`."""
        return datetime.combine(self.start + timedelta(days=day), time(), self.zone) + timedelta(hours=hour)

    def _at(self, day: int, hour: float) -> str:
        return self.moment(day, hour).isoformat(timespec="seconds")

    def add(self, kind: str, day: int, hour: float, **fields: Any) -> JournalBuilder:
        data = {"type": kind, "at": self._at(day, hour), **{k: v for k, v in fields.items() if v is not None}}
        self.events.append(parse_event(data))
        return self

    def workout(
        self,
        day: int,
        hour: float = 18.0,
        duration_min: float = 60.0,
        rpe: float | None = 6.0,
        regions: Sequence[str] | None = ("calf", "quadriceps"),
        **fields: Any,
    ) -> JournalBuilder:
        worked = list(regions) if regions is not None else None
        return self.add(
            "workout", day, hour, duration_min=duration_min, rpe=rpe, worked_regions=worked, **fields
        )

    def twitch(
        self, day: int, hour: float = 21.0, regions: Sequence[str] = ("calf",), **fields: Any
    ) -> JournalBuilder:
        return self.add("twitch", day, hour, regions=list(regions), **fields)

    def symptom(self, day: int, symptom: str, present: bool, hour: float = 9.0) -> JournalBuilder:
        return self.add("symptom", day, hour, symptom=symptom, present=present)

    def strength(
        self, day: int, test: str, value: float, side: str | None = None, hour: float = 8.0
    ) -> JournalBuilder:
        return self.add("strength_test", day, hour, test=test, value=value, side=side)

    def circumference(self, day: int, site: str, side: str, cm: float, hour: float = 8.0) -> JournalBuilder:
        return self.add("circumference", day, hour, site=site, side=side, cm=cm)

    def fluid(self, day: int, hour: float, ml: float, electrolytes: bool | None = None) -> JournalBuilder:
        return self.add("fluid", day, hour, ml=ml, electrolytes=electrolytes)

    def caffeine(self, day: int, hour: float, mg: float) -> JournalBuilder:
        return self.add("caffeine", day, hour, mg=mg)

    def body_mass(self, day: int, hour: float, kg: float) -> JournalBuilder:
        return self.add("body_mass", day, hour, kg=kg)

    def sleep(self, day: int, hours: float, hour: float = 7.0) -> JournalBuilder:
        return self.add("sleep", day, hour, hours=hours)

    def history(self) -> History:
        return History.of(self.events, self.zone)


# -- scenario journals for the strength and circumference trends (docs/journal-analysis.md) ----------------


def weekly_grip(
    values: Sequence[float],
    *,
    start: date = date(2026, 1, 5),
    side: str = "left",
    typo: tuple[int, float] | None = None,
    every_days: int = 7,
) -> JournalBuilder:
    """One grip test a week (kg), with `typo` = (week, value) replacing that week's reading."""
    journal = JournalBuilder(start)
    for week, value in enumerate(values):
        if typo is not None and typo[0] == week:
            value = typo[1]
        journal.strength(week * every_days, "grip", round(value, 1), side=side)
    return journal


def slow_grip_decline(
    weeks: int = 22,
    first_kg: float = 45.0,
    last_kg: float = 36.0,
    *,
    noise_kg: float = 1.0,
    seed: int = 1,
    typo: tuple[int, float] | None = None,
) -> JournalBuilder:
    """Grip falling by the same share every week (45 to 36 kg over 22 weeks is 1% a week), with test noise:
    at every moment the last 8 weeks look like noise; the whole record does not."""
    rng = random.Random(seed)
    ratio = (last_kg / first_kg) ** (1 / weeks)
    values = [first_kg * ratio**week + rng.gauss(0, noise_kg) for week in range(weeks + 1)]
    return weekly_grip(values, typo=typo)


def grip_plateau(
    weeks: int = 26,
    kg: float = 40.0,
    *,
    noise_kg: float = 1.5,
    seed: int = 2,
    typo: tuple[int, float] | None = None,
) -> JournalBuilder:
    """A long plateau with test noise: must stay quiet."""
    rng = random.Random(seed)
    return weekly_grip([kg + rng.gauss(0, noise_kg) for _ in range(weeks + 1)], typo=typo)


def seasonal_grip(
    weeks: int = 104,
    kg: float = 42.0,
    *,
    swing_kg: float = 1.5,
    noise_kg: float = 0.8,
    seed: int = 3,
    typo: tuple[int, float] | None = None,
) -> JournalBuilder:
    """Two years of a yearly swing (peak to trough 2 x `swing_kg`, about 7% of 42 kg) with noise: quiet."""
    rng = random.Random(seed)
    values = [
        kg + swing_kg * math.sin(2 * math.pi * week / 52) + rng.gauss(0, noise_kg) for week in range(weeks)
    ]
    return weekly_grip(values, typo=typo)


def training_cut(
    *,
    weeks: int = 26,
    cut_week: int = 10,
    trained_kg: float = 46.0,
    detrained_kg: float = 43.0,
    noise_kg: float = 0.8,
    seed: int = 4,
    typo: tuple[int, float] | None = None,
) -> JournalBuilder:
    """Four workouts a week, cut to one at `cut_week`: grip drifts down over 8 weeks to a lower plateau (46 to
    43 kg, 6.5%) and stays there. The journal shows the cut (fewer workouts logged); the fall is under the
    threshold and levels off, so it stays quiet."""
    rng = random.Random(seed)
    values = []
    for week in range(weeks + 1):
        drift = min(max(week - cut_week, 0) / 8, 1.0)
        values.append(trained_kg - (trained_kg - detrained_kg) * drift + rng.gauss(0, noise_kg))
    journal = weekly_grip(values, typo=typo)
    for week in range(weeks + 1):
        for day in (0, 2, 4, 5) if week < cut_week else (2,):
            journal.workout(week * 7 + day, regions=["forearm", "biceps"])
    return journal


def calf_circumference(
    *,
    weeks: int = 26,
    left_loss_cm: float = 2.0,
    right_loss_cm: float = 0.0,
    cm: float = 38.0,
    noise_cm: float = 0.2,
    swing_cm: float = 0.0,
    every_weeks: int = 2,
    seed: int = 5,
    typo: tuple[int, float] | None = None,
) -> JournalBuilder:
    """Both calves measured every `every_weeks` weeks; the left loses `left_loss_cm` steadily over `weeks`
    (2 cm over six months: wasting that no 8-week window shows). `swing_cm` adds a yearly swing to both sides
    and `typo` = (week, cm) replaces one left reading."""
    rng = random.Random(seed)
    journal = JournalBuilder(date(2026, 1, 5))
    for week in range(0, weeks + 1, every_weeks):
        share = week / weeks
        season = swing_cm * math.sin(2 * math.pi * week / 52)
        left = cm - left_loss_cm * share + season + rng.gauss(0, noise_cm)
        right = cm - right_loss_cm * share + season + rng.gauss(0, noise_cm)
        if typo is not None and typo[0] == week:
            left = typo[1]
        journal.circumference(week * 7, "calf", "left", round(left, 1))
        journal.circumference(week * 7, "calf", "right", round(right, 1))
    return journal
