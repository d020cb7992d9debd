"""Helpers for tests, for twitchcheck's own suite and for code built on it: report builders, samples, and an
in-memory journal that the services take like the stored one (`MemoryJournal`)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from typing import Any

from twitchcheck.journal.events import Event, History, parse_event
from twitchcheck.services.watch import Alert, NewAlert, StoredStatus

LEG_DAY: Mapping[str, Any] = {
    "schema": "twitchcheck/report/1",  # a version-1 report: read unchanged by version 2
    "person": {"age": 29, "sex": "female"},
    "twitch": {"regions": ["calf", "quadriceps"], "side": "both", "started": "after_workout",
               "duration_days": 0.1, "frequency": "frequent", "painful_cramps": False},
    "workout": {"hours_ago": 1.5, "worked_regions": ["calf", "quadriceps", "hamstring", "glute"],
                "duration_min": 80, "rpe": 8, "kind": "strength", "hot_environment": False,
                "unaccustomed": False},
    "hydration": {"fluid_ml": 400, "body_mass_before_kg": 61.0, "body_mass_after_kg": 60.2, "urine_color": 4,
                  "electrolytes_replaced": False, "heavy_sweating": True},
    "stimulants": {"caffeine_mg": 250, "hours_since_last_caffeine": 3, "pre_workout_supplement": True},
    "symptoms": {"weakness": "tiredness", "muscle_wasting": False, "difficulty_swallowing": False,
                 "slurred_speech": False, "trouble_breathing": False},
    "context": {"sleep_hours": 6.5, "consecutive_training_days": 3},
}  # fmt: skip
"""The contract's example report: leg day, calves and quads twitching an hour and a half later."""

EMERGENCY_FINDINGS: Mapping[str, Any] = {
    "trouble_breathing": True,
    "sudden_face_or_limb_weakness": True,
    "chest_pain": True,
    "dark_urine": True,
    "difficulty_swallowing": True,
    "slurred_speech": True,
    "confusion": True,
    # Version 2 of the report contract.
    "fainted_or_collapsed": True,
    "sudden_severe_headache": True,
    "tense_painful_limb": True,
}
"""Symptoms any one of which makes an emergency, whatever else is reported (see docs/triage-policy.md); the
bulbar two (swallowing, slurred speech) with twitching of up to 14 days (after longer twitching they are
urgent: `BULBAR_FINDINGS`)."""

BULBAR_FINDINGS: Mapping[str, Any] = {"difficulty_swallowing": True, "slurred_speech": True}
"""Emergency findings with twitching of up to 14 days, urgent after longer twitching (triage policy)."""


def leg_day(**sections: Mapping[str, Any]) -> dict[str, Any]:
    """The leg-day report with some sections' fields replaced: `leg_day(symptoms={"chest_pain": True})`."""
    return with_fields(LEG_DAY, **sections)


def minimal(
    regions: list[str] | None = None, duration_days: float = 0.2, **sections: Mapping[str, Any]
) -> dict[str, Any]:
    """A report with only the required fields, plus any sections given."""
    report: dict[str, Any] = {"twitch": {"regions": regions or ["calf"], "duration_days": duration_days}}
    return with_fields(report, **sections)


def with_fields(report: Mapping[str, Any], **sections: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of `report` with each section's fields updated (a value of None removes the field)."""
    result = copy.deepcopy(dict(report))
    for section, fields in sections.items():
        part = dict(result.get(section) or {})
        for name, value in fields.items():
            if value is None:
                part.pop(name, None)
            else:
                part[name] = value
        result[section] = part
    return result


@dataclass(frozen=True, slots=True)
class Added:
    """What `MemoryJournal.add` did (the storage adapter's `ImportResult`, in short)."""

    read: int
    added: int
    already_there: int
    seqs: tuple[int, ...]


@dataclass
class MemoryJournal:
    """A journal in memory, shaped as the services take one (`services.ports.WatchedJournal`): for tests of
    code that logs, checks or reads status without a database. Events are kept as given (none deduplicated);
    its stored status and alerts are kept like the database's."""

    zone: tzinfo = UTC
    location: str = "memory"
    events: list[Event] = field(default_factory=list)
    changes: int = 0
    """The journal's revision: raised by `add` (and by a test that changes `events` itself)."""
    status: StoredStatus | None = None
    outbox: list[Alert] = field(default_factory=list)

    @classmethod
    def of(cls, events: Iterable[Mapping[str, Any] | Event], zone: tzinfo = UTC) -> MemoryJournal:
        """A journal holding `events` (contract JSON objects or event models)."""
        return cls(zone, events=[parse_event(event) for event in events])

    def history(self, until: datetime | None = None) -> History:
        history = History.of(self.events, self.zone)
        return history.until(until) if until is not None else history

    def add(
        self,
        events: Sequence[Event],
        *,
        kind: str = "log",
        summary: str = "",
        labels: Sequence[str] | None = None,
        confirmed: bool = False,
    ) -> Added:
        del kind, summary, labels, confirmed
        first = len(self.events) + 1
        self.events.extend(events)
        self.changes += 1 if events else 0
        return Added(len(events), len(events), 0, tuple(range(first, first + len(events))))

    def revision(self) -> int:
        return self.changes

    def stored_status(self) -> StoredStatus | None:
        return self.status

    def save_status(
        self,
        status: StoredStatus,
        decide: Callable[[StoredStatus | None, StoredStatus], NewAlert | None],
        now: datetime,
    ) -> bool:
        if status.revision != self.changes:
            return False
        previous, self.status = self.status, status
        alert = decide(previous, status)
        if alert is not None:
            number = len(self.outbox) + 1
            self.outbox.append(
                Alert(
                    alert.level, alert.previous_level, alert.red_flags, alert.warnings, number, "memory", now
                )
            )
        return True

    def alerts(self, *, unseen: bool = False, limit: int = 50) -> list[Alert]:
        return [alert for alert in self.outbox if not unseen or alert.seen_at is None][-limit:]

    def mark_alerts_seen(self, ids: Sequence[int], now: datetime) -> int:
        marked = 0
        for index, alert in enumerate(self.outbox):
            if alert.id in ids and alert.seen_at is None:
                self.outbox[index] = replace(alert, seen_at=now)
                marked += 1
        return marked
