"""Build journals in code, day by day, for tests, examples and benchmarks.

journal = JournalBuilder(date(2026, 1, 5))
journal.workout(0, regions=["calf"]).twitch(0, hour=21, regions=["calf"])
history = journal.history()
"""

from __future__ import annotations

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
